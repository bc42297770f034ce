from . import (
    account_chart_template,
    coop_consent,
    coop_contribution,
    coop_demo,
    coop_fee_version,
    coop_member_register,
    coop_membership_application,
    coop_state_event,
    res_company,
    res_config_settings,
    res_partner,
    res_partner_personal_data,
)
