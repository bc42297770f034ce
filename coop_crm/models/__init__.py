from . import coop_rfm_history, res_company, res_config_settings, res_partner
