from unittest.mock import patch

from odoo.tests import tagged

from odoo.addons.sms.tools.sms_api import SmsApi

from .common import KEY, SmsRuCase
from .fake_gateway import refuse_numbers


@tagged("post_install", "-at_install")
class TestMailingSmsTestButton(SmsRuCase):
    """The Test button of an SMS mailing, pressed by a marketing user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.marketer = cls._coop_sms_user(
            "coop_sms_marketer", groups="base.group_user,mass_mailing.group_mass_mailing_user"
        )
        cls.mailing = cls.env["mailing.mailing"].create(
            {
                "subject": "Скидка",
                "mailing_type": "sms",
                "body_plaintext": "Скидка 5% до воскресенья",
                "mailing_model_id": cls.env["ir.model"]._get_id("res.partner"),
            }
        )

    def _press_test(self, numbers, mailing=None, company=None):
        wizard = (
            self.env["mailing.sms.test"]
            .with_user(self.marketer)
            .with_company(company or self.company)
            .create({"mailing_id": (mailing or self.mailing).id, "numbers": numbers})
        )
        with patch.object(SmsApi, "_send_sms_batch", side_effect=AssertionError("IAP")) as iap:
            wizard.action_send_sms()
        return iap

    def test_the_test_sms_goes_through_the_gateway(self):
        iap = self._press_test("+7 916 123-45-31\n+7 916 123-45-32\nnot a number")

        iap.assert_not_called()
        [form] = [r["form"] for r in self.gateway.requests]
        self.assertEqual(set(form["to"].split(",")), {"79161234531", "79161234532"})
        self.assertEqual((form["msg"], form["api_id"]), ("Скидка 5% до воскресенья", KEY))
        log = self.mailing.message_ids[0].body
        self.assertIn("Test SMS sent through SMS.ru to +79161234531", log)
        self.assertIn("not correctly encoded: not a number", log)
        trackers = self.env["sms.tracker"].search(
            [("coop_smsru_id", "in", list(self.gateway.sent_ids().values()))]
        )
        self.assertEqual(len(trackers), 2, "the test SMS's delivery is followed too")

    def test_a_refused_number_is_said_on_the_mailing(self):
        self.gateway.reset(refuse_numbers({"79161234533": 202}))
        self._press_test("+7 916 123-45-33")

        log = self.mailing.message_ids[0].body
        self.assertIn("could not be sent to +79161234533: Wrong Number Format", log)

    def test_a_company_without_the_gateway_keeps_odoo_s_iap(self):
        other = self.env["res.company"].create({"name": "ПО «Без шлюза»"})
        self.marketer.company_ids |= other
        values = {"coop_company_id": other.id} if "coop_company_id" in self.mailing._fields else {}
        mailing = self.mailing.copy(values)
        with self.assertRaisesRegex(AssertionError, "IAP"):
            self._press_test("+7 916 123-45-34", mailing, company=other)
        self.assertFalse(self.gateway.requests)
