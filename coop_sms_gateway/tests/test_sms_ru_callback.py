from odoo.tests import HttpCase, new_test_user, tagged

from .common import SmsRuReportCase, digits

N1, N2 = "+79161234521", "+79161234522"


def report(sms_id, code):
    return f"sms_status\n{sms_id}\n{code}\n1764547200"


@tagged("post_install", "-at_install")
class TestSmsRuCallback(SmsRuReportCase, HttpCase):
    """SMS.ru posts delivery reports to the URL the settings show: as the public, unauthenticated
    request it is, with the company's secret token in the URL."""

    writer_login = "coop_sms_callback_writer"
    anna_number, oleg_number = N1, N2

    def setUp(self):
        super().setUp()
        self.to_anna = self.anna.with_user(self.user)._message_sms("Анна, ваша карта готова")
        self.to_oleg = self.oleg.with_user(self.user)._message_sms("Олег, ваша карта готова")
        sent = self.gateway.sent_ids()
        self.anna_id, self.oleg_id = sent[digits(N1)], sent[digits(N2)]
        self.url = self.company._coop_sms_callback_url()
        self.env.flush_all()

    def _post(self, url, **data):
        response = self.url_open(url, data=data)
        self.env.invalidate_all()
        return response

    def _status(self, message):
        return message.sudo().notification_ids.notification_status

    def test_the_settings_show_the_url_with_a_secret_token(self):
        base_url = self.company.get_base_url()
        self.assertTrue(self.url.startswith(f"{base_url}/coop_sms_gateway/smsru/"), self.url)
        token = self.company.sudo().coop_sms_callback_token
        self.assertGreaterEqual(len(token), 24)
        other = self.env["res.company"].create(
            {"name": "ПО «Соседи»", "coop_sms_provider": "smsru"}
        )
        # a token however the provider is chosen (created, or written outside the settings)
        self.assertNotEqual(other.sudo().coop_sms_callback_token or token, token)
        third = self.env["res.company"].create({"name": "ПО «Третье»"})
        self.assertFalse(third.sudo().coop_sms_callback_token)
        third.coop_sms_provider = "smsru"
        self.assertGreaterEqual(len(third.sudo().coop_sms_callback_token or ""), 24)
        admin = new_test_user(
            self.env, login="coop_sms_cb_admin", groups="base.group_user,base.group_system"
        )
        settings = self.env["res.config.settings"].with_user(admin).create({})
        self.assertEqual(settings.coop_sms_callback_url, self.url)

    def test_delivered_and_not_delivered_reports(self):
        response = self._post(
            self.url,
            **{
                "data[0]": report(self.anna_id, 103),
                "data[1]": report(self.oleg_id, 150),
                "data[2]": report("999999-1", 103),  # not ours: ignored
            },
        )

        self.assertEqual((response.status_code, response.text), (200, "100"))
        self.assertEqual(self._status(self.to_anna), "sent")
        failed = self.to_oleg.sudo().notification_ids
        self.assertEqual(
            (failed.notification_status, failed.failure_type), ("bounce", "sms_invalid_destination")
        )

    def test_a_report_cannot_move_a_status_back(self):
        self._post(self.url, **{"data[0]": report(self.anna_id, 103)})
        response = self._post(
            self.url, **{"data[0]": report(self.anna_id, 108), "data[1]": "rm -rf\n\n"}
        )

        self.assertEqual(response.text, "100")
        self.assertEqual(self._status(self.to_anna), "sent")
        tracker = self.env["sms.tracker"].search([("coop_smsru_id", "=", self.anna_id)])
        self.assertEqual(tracker.coop_smsru_status, 103)

    def test_a_wrong_token_changes_nothing(self):
        wrong = self.url[:-4] + "AAAA"
        other = self.env["res.company"].create(
            {"name": "ПО «Соседи»", "coop_sms_provider": "smsru"}
        )
        other._coop_sms_ensure_callback_token()
        for url in (wrong, self.url.rsplit("/", 1)[0] + "/x"):
            response = self._post(url, **{"data[0]": report(self.anna_id, 104)})
            self.assertEqual(response.status_code, 404, url)
        # another cooperative's URL: accepted, but only its own SMS may change
        response = self._post(
            other._coop_sms_callback_url(), **{"data[0]": report(self.anna_id, 104)}
        )
        self.assertEqual(response.text, "100")
        self.assertEqual(self._status(self.to_anna), "pending")
        get = self.url_open(self.url)
        self.assertEqual(get.status_code, 405)
