from . import coop_cashback_adjust_wizard, pos_make_payment
