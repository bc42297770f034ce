# intercoop_offer after coop_partner_agreement: its SQL view reads the agreement's new columns
from . import (
    account_move,
    coop_intercoop_lookup,
    coop_partner_agreement,
    coop_partner_transaction,
    intercoop_offer,
    pos_order,
    pos_session,
    res_partner,
)
