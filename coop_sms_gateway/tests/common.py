from odoo.tests import TransactionCase, new_test_user

from .fake_gateway import FakeSmsRu

KEY = "C0FFEE00-SECRET-KEY-0000-000000000042"
# an internal user who may write an SMS on a contact (editing contacts: "Contact Creation")
SMS_WRITER_GROUPS = "base.group_user,base.group_partner_manager"


def digits(number):
    """A number as SMS.ru writes it (no leading +)."""
    return number.lstrip("+")


class SmsRuCase(TransactionCase):
    """A company sending through a fake SMS.ru on 127.0.0.1 (no network); the fake forgets what
    it was sent and told to answer before each test.

    An HTTP test class inherits this one before HttpCase (``class T(SmsRuCase, HttpCase)``), so
    that HttpCase is set up before the gateway, as it would be without this class."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gateway = FakeSmsRu().start()
        cls.addClassCleanup(cls.gateway.stop)
        cls.company = cls.env.company
        cls.company.write(cls._coop_sms_settings())

    @classmethod
    def _coop_sms_settings(cls):
        """The company's SMS settings: SMS.ru at the fake's URL; a class adds its own (a sender)."""
        return {
            "coop_sms_provider": "smsru",
            "coop_sms_gateway_url": cls.gateway.url,
            "coop_sms_gateway_key": KEY,
        }

    @classmethod
    def _coop_sms_user(cls, login, groups=SMS_WRITER_GROUPS):
        """A user of the company (an SMS writer unless other groups are named)."""
        return new_test_user(cls.env, login=login, groups=groups, company_id=cls.company.id)

    def setUp(self):
        super().setUp()
        self.gateway.reset()


class SmsRuReportCase(SmsRuCase):
    """SmsRuCase with what delivery reports are about: the company's callback token, Анна and
    Олег (mobiles ``anna_number`` and ``oleg_number``) and ``user``, who writes SMS to them
    (login ``writer_login``); each test class names its own."""

    writer_login = None
    anna_number = oleg_number = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company._coop_sms_ensure_callback_token()
        cls.user = cls._coop_sms_user(cls.writer_login)
        cls.anna = cls.env["res.partner"].create({"name": "Анна", "mobile": cls.anna_number})
        cls.oleg = cls.env["res.partner"].create({"name": "Олег", "mobile": cls.oleg_number})
