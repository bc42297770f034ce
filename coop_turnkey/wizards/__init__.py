from . import coop_turnkey_wizard
