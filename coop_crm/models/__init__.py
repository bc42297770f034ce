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
