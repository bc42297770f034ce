from unittest.mock import patch

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from odoo.addons.coop_sms_gateway.tools.smsru_api import SmsRuApi

from .common import KEY, SmsRuCase, digits
from .fake_gateway import hang, http_error, refuse_numbers, refuse_request

N1, N2, N3, N4 = "+79161234501", "+79161234502", "+79161234503", "+79161234504"
API_LOG = "odoo.addons.coop_sms_gateway.tools.smsru_api"


@tagged("post_install", "-at_install")
class TestSmsGateway(SmsRuCase):
    """sms.sms sent as the SMS queue's scheduled action does (superuser), and SMS written by an
    internal user on a contact, through a fake SMS.ru on 127.0.0.1."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = cls._coop_sms_user("coop_sms_writer")
        cls.partner = cls.env["res.partner"].create(
            {"name": "Анна Смирнова", "mobile": N1, "company_id": cls.company.id}
        )

    @classmethod
    def _coop_sms_settings(cls):
        return {**super()._coop_sms_settings(), "coop_sms_gateway_sender": "Coop"}

    def _sms(self, numbers, body="Скидка 5% до воскресенья"):
        return self.env["sms.sms"].create([{"number": n, "body": body} for n in numbers])

    def _states(self, sms):
        return {s.number: (s.state, s.failure_type) for s in sms}

    def test_batch_sent_one_request_per_text(self):
        promo, other = self._sms([N1, N2]), self._sms([N3], body="Ваш кешбэк: 120 ₽")
        (promo | other).send(unlink_sent=False)

        self.assertEqual(len(self.gateway.requests), 2)
        forms = {r["form"]["msg"]: r["form"] for r in self.gateway.requests}
        self.assertEqual(
            set(forms["Скидка 5% до воскресенья"]["to"].split(",")), {"79161234501", "79161234502"}
        )
        self.assertEqual(forms["Ваш кешбэк: 120 ₽"]["to"], "79161234503")
        for form in forms.values():
            self.assertEqual(form["api_id"], KEY)
            self.assertEqual(form["json"], "1")
            self.assertEqual(form["from"], "Coop")
            self.assertNotIn("test", form)
        self.assertEqual(self.gateway.requests[0]["path"], "/sms/send")
        self.assertEqual(set(self._states(promo | other).values()), {("pending", False)})

    def test_one_wrong_number_in_batch(self):
        self.gateway.reset(refuse_numbers({digits(N2): 202, digits(N4): 209}))
        sms = self._sms([N1, N2, N3, N4])
        sms.send(unlink_sent=False)

        self.assertEqual(len(self.gateway.requests), 1)
        self.assertEqual(
            self._states(sms),
            {
                N1: ("pending", False),
                N2: ("error", "sms_number_format"),
                N3: ("pending", False),
                N4: ("error", "unknown"),  # stop list: the provider's "not allowed"
            },
        )

    def test_no_money_on_the_account(self):
        self.gateway.reset(refuse_request(201))
        sms = self._sms([N1, N2])
        sms.send()

        self.assertEqual(set(self._states(sms).values()), {("error", "sms_credit")})
        self.assertFalse(any(sms.mapped("to_delete")), "failed SMS are kept to be resent")

    def test_server_error_kept_and_resent(self):
        self.gateway.reset(http_error(500))
        sms = self._sms([N1, N2])
        with self.assertLogs(API_LOG, "WARNING") as logs:
            sms.send()

        self.assertEqual(set(self._states(sms).values()), {("error", "sms_server")})
        self.assertFalse(any(sms.mapped("to_delete")))
        self.assertNotIn(KEY, "\n".join(logs.output))

        self.gateway.reset()
        sms.resend_failed()
        self.assertEqual(len(self.gateway.requests), 1)
        self.assertEqual(set(self._states(sms).values()), {("pending", False)})

    def test_timeout_is_a_server_error(self):
        self.gateway.reset(hang)
        sms = self._sms([N1])
        # Odoo's test harness raises any timeout under 10 s to 10 s: this test waits 10 s.
        with patch.object(SmsRuApi, "TIMEOUT", 1), self.assertLogs(API_LOG, "WARNING") as logs:
            sms.send()

        self.assertEqual(self._states(sms), {N1: ("error", "sms_server")})
        self.assertFalse(sms.to_delete)
        self.assertIn("Timeout", "\n".join(logs.output))
        self.assertNotIn(KEY, "\n".join(logs.output))

    def test_batches_of_one_hundred_numbers(self):
        numbers = [f"+7916{n:07d}" for n in range(150)]
        sms = self._sms(numbers)
        sms.send(unlink_sent=False)

        sizes = sorted(len(r["form"]["to"].split(",")) for r in self.gateway.requests)
        self.assertEqual(sizes, [50, 100])
        self.assertEqual(set(self._states(sms).values()), {("pending", False)})

    def test_test_mode_and_no_sender(self):
        self.company.write({"coop_sms_gateway_test": True, "coop_sms_gateway_sender": False})
        self._sms([N1]).send()

        form = self.gateway.requests[0]["form"]
        self.assertEqual(form["test"], "1")
        self.assertNotIn("from", form)

    def test_missing_key_sends_nothing(self):
        self.company.coop_sms_gateway_key = False
        sms = self._sms([N1])
        with self.assertLogs(API_LOG, "WARNING"):
            sms.send()

        self.assertFalse(self.gateway.requests)
        self.assertEqual(self._states(sms), {N1: ("error", "sms_acc")})

    def test_company_without_gateway_goes_through_iap(self):
        other = self.env["res.company"].create({"name": "ПО «Без шлюза»"})
        self.assertEqual(other.coop_sms_provider, "iap")
        customer = self.env["res.partner"].create(
            {"name": "Пётр", "mobile": N2, "company_id": self.company.id}
        )
        ours = self.env["sms.sms"].create({"number": N2, "body": "x", "partner_id": customer.id})
        theirs = self.env["sms.sms"].with_company(other).create({"number": N3, "body": "y"})

        split = list((ours | theirs).with_company(other)._coop_split_by_api())

        by_api = {type(api).__name__: sms for api, sms in split}
        self.assertEqual(by_api, {"SmsRuApi": ours, "NoneType": theirs})
        self.assertFalse(self.gateway.requests)

    def test_key_is_for_system_administrators_only(self):
        with self.assertRaises(AccessError):
            self.company.with_user(self.user).read(["coop_sms_gateway_key"])
        self.assertEqual(self.company.with_user(self.user).coop_sms_provider, "smsru")

    def test_chatter_sms_by_a_user(self):
        partner = self.partner.with_user(self.user)
        message = partner._message_sms("Анна, ваша карта готова")

        self.assertEqual(len(self.gateway.requests), 1)
        form = self.gateway.requests[0]["form"]
        self.assertEqual((form["to"], form["msg"]), (digits(N1), "Анна, ваша карта готова"))
        notification = message.sudo().notification_ids
        self.assertEqual(notification.notification_type, "sms")
        self.assertEqual(notification.notification_status, "pending")

    def test_send_sms_button_by_a_user(self):
        composer = Form(
            self.env["sms.composer"]
            .with_user(self.user)
            .with_context(active_model="res.partner", active_id=self.partner.id)
        )
        composer.body = "Анна, заказ собран"
        composer.save().action_send_sms()

        form = self.gateway.requests[-1]["form"]
        self.assertEqual((form["to"], form["msg"]), (digits(N1), "Анна, заказ собран"))
        message = self.partner.message_ids[0]
        self.assertEqual(message.sudo().notification_ids.notification_status, "pending")

    def test_chatter_sms_wrong_number_shows_on_the_message(self):
        self.gateway.reset(refuse_numbers({digits(N1): 202}))
        message = self.partner.with_user(self.user)._message_sms("Анна, ваша карта готова")

        notification = message.sudo().notification_ids
        self.assertEqual(notification.notification_status, "exception")
        self.assertEqual(notification.failure_type, "sms_number_format")

    def test_sms_composer_mass_queue_then_scheduled_action(self):
        template = self.env["sms.template"].create(
            {
                "name": "Приглашение",
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "body": "{{ object.name }}, ждём вас в магазине",
            }
        )
        second = self.env["res.partner"].create({"name": "Олег", "mobile": N3})
        composer = (
            self.env["sms.composer"]
            .with_user(self.user)
            .with_context(active_model="res.partner", active_ids=(self.partner | second).ids)
            .create({"composition_mode": "mass", "template_id": template.id})
        )
        composer.action_send_sms()
        self.assertFalse(self.gateway.requests, "mass SMS wait in the queue")

        self.env["sms.sms"]._process_queue()

        sent = {r["form"]["to"]: r["form"]["msg"] for r in self.gateway.requests}
        self.assertEqual(
            sent,
            {
                digits(N1): "Анна Смирнова, ждём вас в магазине",
                digits(N3): "Олег, ждём вас в магазине",
            },
        )


@tagged("post_install", "-at_install")
class TestSmsGatewaySettings(TransactionCase):
    def test_administrator_sets_the_gateway_in_settings(self):
        admin = new_test_user(
            self.env, login="coop_sms_admin", groups="base.group_user,base.group_system"
        )
        settings = Form(self.env["res.config.settings"].with_user(admin))
        settings.coop_sms_provider = "smsru"
        settings.coop_sms_gateway_key = KEY
        settings.coop_sms_gateway_sender = "CoopShop"
        settings.save().execute()

        company = admin.company_id
        self.assertEqual(company.coop_sms_provider, "smsru")
        self.assertEqual(company.coop_sms_gateway_url, "https://sms.ru/sms/send")
        self.assertEqual(company.sudo().coop_sms_gateway_key, KEY)
        self.assertEqual(type(company._coop_sms_api()), SmsRuApi)

    def test_gateway_url_must_be_a_web_address(self):
        with self.assertRaisesRegex(ValidationError, "must start with https://"):
            self.env.company.coop_sms_gateway_url = "sms.ru/sms/send"

    def test_the_key_goes_over_https_to_an_address_only_administrators_set(self):
        """The key travels with every SMS: plain http only to this machine (the tests' fake
        gateway), and whoever may not read the key may not read or redirect the address."""
        with self.assertRaisesRegex(ValidationError, "must start with https://"):
            self.env.company.coop_sms_gateway_url = "http://sms.example.com/sms/send"
        manager = new_test_user(
            self.env, login="coop_sms_erp", groups="base.group_user,base.group_erp_manager"
        )
        company = self.env.company.with_user(manager)
        with self.assertRaises(AccessError):
            company.read(["coop_sms_gateway_url"])
        with self.assertRaises(AccessError):
            company.write({"coop_sms_gateway_url": "https://evil.example.com/"})
