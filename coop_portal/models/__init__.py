from . import coop_cashback_move, coop_consent, res_partner
