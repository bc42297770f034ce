import re

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import MockEmail
from odoo.addons.sms.tests.common import MockSMS

from .common import CoopPortalCase

PASSWORD = "invite-by-SMS-Pw-9"
URL = re.compile(r"https?://\S+")


@tagged("post_install", "-at_install")
class TestPortalInviteSms(CoopPortalCase, MockSMS, MockEmail):
    """A person registered by phone only is invited by SMS: their login is their phone, the
    SMS (in their language) gives the cooperative's name and the signup link; people with an
    e-mail get the e-mail; the people list invites many at once."""

    def _person(self, phone, name, email=False):
        person, _user = self._coop_portal_person(phone, name)
        person.sudo().user_ids.unlink()
        person.sudo().email = email
        return person

    def _invite(self, people, user=None):
        with self.mock_mail_gateway(), self.mockSMSGateway():
            return people.with_user(user or self.officer).action_coop_invite_portal()

    def _link(self, body):
        urls = URL.findall(body)
        self.assertEqual(len(urls), 1, body)
        return urls[0]

    def test_the_sms_link_sets_a_password_and_the_phone_logs_in(self):
        dima = self._person("+7 900 100-00-41", "Дмитрий Серов")
        result = self._invite(dima)
        self.assertEqual(result, {"by_email": 0, "by_sms": 1, "not_invited": {}})
        user = dima.sudo().user_ids
        self.assertEqual(user.login, "+79001000041")
        self.assertTrue(user.share)
        self.assertEqual(user.company_id, self.company)
        self.assertEqual([sms["number"] for sms in self._sms], ["+79001000041"])
        body = self._sms[0]["body"]
        self.assertTrue(body.startswith(f"{self.company.name}: "), body)
        url = self._link(body)
        base_url = self.env["ir.config_parameter"].sudo().get_param("web.base.url")
        self.assertTrue(url.startswith(f"{base_url}/web/signup?"), url)
        self.env.flush_all()
        form = self.page(url.replace(base_url, ""))
        self.assertEqual(form.xpath("//input[@name='login']/@value"), ["+79001000041"])
        fields = {i.get("name"): i.get("value") for i in form.xpath("//form//input[@name]")}
        fields.update(password=PASSWORD, confirm_password=PASSWORD)
        response = self.url_open("/web/signup", data=fields)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith("/my/coop"), response.url)
        self.url_open("/web/session/logout")
        session = self.authenticate("8 (900) 100-00-41", PASSWORD)
        self.assertEqual(session.uid, user.id)
        self.page("/my/coop")  # 200, not the login page

    def test_the_sms_is_in_the_person_s_language(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        dima = self._person("+7 900 100-00-42", "Дмитрий")
        dima.sudo().lang = "ru_RU"
        self.officer.lang = "en_US"
        self._invite(dima)
        body = self._sms[0]["body"]
        self.assertIn("ваш личный кабинет", body)
        self.assertNotIn("personal page", body)

    def test_a_person_without_a_valid_mobile_gets_no_sms(self):
        landline = self._person("+7 4932 12-34-56", "Лена Городская")
        result = self._invite(landline)
        self.assertEqual(
            result,
            {"by_email": 0, "by_sms": 0, "not_invited": {"no e-mail and no valid mobile phone": 1}},
        )
        self.assertFalse(landline.sudo().user_ids)
        self.assertFalse(self._sms)
        self.assertFalse(self.env["sms.sms"].sudo().search([("partner_id", "=", landline.id)]))

    def test_a_person_with_a_login_is_not_invited_again(self):
        dima = self._person("+7 900 100-00-43", "Дмитрий")
        self._invite(dima)
        result = self._invite(dima | self.anna)
        self.assertEqual(
            result, {"by_email": 0, "by_sms": 0, "not_invited": {"already has a login": 2}}
        )
        self.assertFalse(self._sms)
        self.assertEqual(len(dima.sudo().user_ids), 1)

    def test_someone_else_s_cooperative_is_refused(self):
        other = self._coop_company("ПО «Другое»")
        cashier = self._coop_user("coop_t_cashier_o", "coop_membership.group_cashier", other)
        stranger, _user = self._coop_portal_person("+7 900 100-00-44", "Ольга", other, cashier)
        stranger.sudo().user_ids.unlink()
        dima = self._person("+7 900 100-00-45", "Дмитрий")
        with self.assertRaises(AccessError):
            self._invite(dima | stranger)
        self.assertFalse(stranger.sudo().user_ids)
        self.assertFalse(dima.sudo().user_ids)
        self.assertFalse(self._sms)

    def test_the_people_list_invites_a_segment_and_says_how(self):
        gala = self._person("+7 900 100-00-46", "Галина", "gala.sms@example.com")
        dima = self._person("+7 900 100-00-47", "Дмитрий")
        lena = self._person("+7 4932 12-34-57", "Лена")
        people = self.anna | gala | dima | lena
        action = self.env.ref("coop_portal.res_partner_action_coop_invite_portal")
        context = {"active_model": "res.partner", "active_ids": people.ids}
        with self.mock_mail_gateway(), self.mockSMSGateway():
            result = action.with_user(self.officer).with_context(**context).run()
        self.assertEqual(
            result["params"]["message"],
            "Invited by e-mail: 1, by SMS: 1. Not invited: already has a login: 1; "
            "no e-mail and no valid mobile phone: 1.",
        )
        self.assertEqual(gala.sudo().user_ids.login, "gala.sms@example.com")
        self.assertEqual(dima.sudo().user_ids.login, "+79001000047")
        self.assertFalse(lena.sudo().user_ids)
        self.assertEqual([sms["number"] for sms in self._sms], ["+79001000047"])
        sent_to = [address for mail in self._mails for address in mail["email_to"]]
        self.assertEqual(len(sent_to), 1, sent_to)
        self.assertIn("gala.sms@example.com", sent_to[0])

    def test_the_people_list_action_is_for_officers_only(self):
        dima = self._person("+7 900 100-00-48", "Дмитрий")
        action = self.env.ref("coop_portal.res_partner_action_coop_invite_portal")
        context = {"active_model": "res.partner", "active_ids": dima.ids}
        with self.assertRaises(AccessError), self.mockSMSGateway():
            action.with_user(self.cashier).with_context(**context).run()
        self.assertFalse(dima.sudo().user_ids)
        self.assertFalse(self._sms)

    def test_a_number_on_the_sms_stop_list_gets_no_sms(self):
        """A person who asked for no SMS (their mobile on Odoo's phone blacklist) gets no
        invitation SMS and no login; the officer sees them counted "on the SMS stop list". A
        number taken off the list (inactive) is invited again; an e-mail still goes."""
        dima = self._person("+7 900 100-00-49", "Дмитрий")
        olga = self._person("+7 900 100-00-50", "Ольга")
        gala = self._person("+7 900 100-00-51", "Галина", "gala.stop@example.com")
        blacklist = self.env["phone.blacklist"]
        blacklist._add(["+79001000049", "+79001000051"])
        blacklist._add(["+79001000050"])._remove(["+79001000050"])  # taken off: inactive

        result = self._invite(dima | olga | gala)

        self.assertEqual(
            result, {"by_email": 1, "by_sms": 1, "not_invited": {"on the SMS stop list": 1}}
        )
        self.assertEqual([sms["number"] for sms in self._sms], ["+79001000050"])
        self.assertFalse(dima.sudo().user_ids)
        self.assertFalse(self.env["sms.sms"].sudo().search([("partner_id", "=", dima.id)]))
        self.assertEqual(gala.sudo().user_ids.login, "gala.stop@example.com")
        counts = self.env["res.partner"].with_user(self.officer)._coop_invite_counts(dima)
        self.assertEqual(
            counts, {"by_email": 0, "by_sms": 0, "not_invited": {"on the SMS stop list": 1}}
        )
