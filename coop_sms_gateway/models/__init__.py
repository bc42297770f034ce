from . import res_company, res_config_settings, sms_sms, sms_tracker
