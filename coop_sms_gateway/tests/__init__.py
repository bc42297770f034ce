from . import test_mailing_sms_test, test_sms_delivery, test_sms_gateway, test_sms_ru_callback
