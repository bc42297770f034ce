from . import (
    coop_cashback_move,
    coop_consent,
    coop_partner_agreement,
    res_partner,
    res_partner_join,
)
