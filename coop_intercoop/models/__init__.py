from . import (
    account_move,
    coop_partner_agreement,
    coop_partner_transaction,
    pos_order,
    pos_session,
    res_partner,
)
