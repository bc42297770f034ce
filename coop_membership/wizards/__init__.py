from . import coop_consent_wizard, coop_exit_wizard
