from . import (
    coop_cashback_check,
    coop_cashback_move,
    coop_cashback_rule,
    coop_contribution,
    coop_membership_application,
    pos_order,
    pos_payment_method,
    pos_session,
    res_company,
    res_config_settings,
    res_partner,
    res_partner_entry_fee,
)
