from . import coop_cashback_adjust_wizard
