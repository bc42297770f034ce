from . import (
    coop_cashback_check,
    coop_cashback_move,
    coop_partner_agreement,
    coop_partner_import,
    coop_partner_import_line,
    coop_partner_rejection,
    coop_partner_transaction,
    res_company,
    res_partner,
)
