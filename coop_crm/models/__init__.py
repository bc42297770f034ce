from . import (
    coop_contribution,
    coop_person_event,
    coop_rfm_history,
    res_company,
    res_company_reminders,
    res_config_settings,
    res_partner,
    res_partner_birthday,
    res_partner_figures,
    res_partner_notes,
)

# isort: split
# after res_company: coop_product_class_company extends its _coop_compute_classes
from . import (
    coop_activity_report,
    coop_cashback_channel_report,
    coop_cashback_liability_report,
    coop_class_report,
    coop_cohort_report,
    coop_contribution_report,
    coop_funnel_report,
    coop_product_class,
    coop_product_class_company,
    coop_state_report,
    pos_order_birthday,
    res_company_birthday,
)
