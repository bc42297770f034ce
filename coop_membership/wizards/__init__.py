from . import coop_exit_wizard
