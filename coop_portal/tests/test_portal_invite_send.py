from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import MockEmail

from .common import CoopPortalCase


@tagged("post_install", "-at_install")
class TestPortalInviteSend(CoopPortalCase, MockEmail):
    """An officer invites people of their cooperative by e-mail; the link sets a password."""

    def _person(self, phone, name, email=False):
        person, _user = self._coop_portal_person(phone, name)
        person.sudo().user_ids.unlink()
        person.sudo().email = email
        return person

    def test_an_officer_invites_by_email_and_the_link_sets_a_password(self):
        gala = self._person("+7 900 100-00-31", "Галина Серова", "gala@example.com")
        # a landline: no e-mail and no mobile phone to send an SMS to (test_portal_invite_sms)
        dima = self._person("+7 4932 12-34-32", "Дмитрий Серов")
        people = (gala | dima | self.anna).with_user(self.officer)
        no_channel = "no e-mail and no valid mobile phone"
        self.assertEqual(
            people._coop_invite_counts(people),
            {"by_email": 1, "by_sms": 0, "not_invited": {no_channel: 1, "already has a login": 1}},
        )
        with self.mock_mail_gateway():
            result = people.action_coop_invite_portal()
        self.assertEqual(result["by_email"], 1)
        user = gala.sudo().user_ids
        self.assertEqual(user.login, "gala@example.com")
        self.assertTrue(user.share)
        self.assertFalse(dima.sudo().user_ids)
        sent_to = [address for mail in self._mails for address in mail["email_to"]]
        self.assertEqual(len(sent_to), 1, sent_to)
        self.assertIn("gala@example.com", sent_to[0])
        url = gala.sudo()._get_signup_url_for_action()[gala.id]
        self.assertIn("/web/signup", url)
        self.env.flush_all()
        response = self.url_open(url.replace(gala.get_base_url(), ""))
        self.assertEqual(response.status_code, 200)
        self.assertIn('name="password"', response.text)
        self.assertIn("gala@example.com", response.text)

    def test_the_form_button_says_what_was_done(self):
        dima = self._person("+7 4932 12-34-35", "Дмитрий")
        action = dima.with_user(self.officer).action_coop_invite_portal_notify()
        self.assertEqual(
            action["params"]["message"],
            "Invited by e-mail: 0, by SMS: 0. Not invited: no e-mail and no valid mobile phone: 1.",
        )
        self.assertFalse(dima.sudo().user_ids)

    def test_someone_else_s_cooperative_is_refused(self):
        other = self._coop_company("ПО «Другое»")
        cashier = self._coop_user("coop_t_cashier_o", "coop_membership.group_cashier", other)
        stranger, _user = self._coop_portal_person("+7 900 100-00-33", "Ольга", other, cashier)
        stranger.sudo().user_ids.unlink()
        stranger.sudo().email = "olga@example.com"
        with self.assertRaises(AccessError):
            stranger.with_user(self.officer).action_coop_invite_portal()
        self.assertFalse(stranger.sudo().user_ids)

    def test_a_cashier_cannot_invite(self):
        gala = self._person("+7 900 100-00-34", "Галина", "gala2@example.com")
        with self.assertRaises(AccessError):
            gala.with_user(self.cashier).action_coop_invite_portal()
        self.assertFalse(gala.sudo().user_ids)

    def test_one_failure_in_a_batch_undoes_that_person_only(self):
        gala = self._person("+7 900 100-00-36", "Галина", "gala2@example.com")
        taken = self._person("+7 900 100-00-37", "Занятый", self.boris_user.login)
        self.boris_user.partner_id.email = "boris.taken@example.com"
        self.boris_user.login = "boris.taken@example.com"
        taken.sudo().email = "boris.taken@example.com"
        nina = self._person("+7 900 100-00-38", "Нина", "nina@example.com")
        stranger = self.env["res.partner"].create(
            {"name": "Не пайщик", "email": "x@example.com", "company_id": self.company.id}
        )
        people = (gala | taken | nina | stranger).with_user(self.officer)
        with self.mock_mail_gateway():
            result = people.action_coop_invite_portal()
        self.assertEqual(result["by_email"], 2)
        self.assertEqual(result["not_invited"]["not a registered person"], 1)
        failed = [reason for reason in result["not_invited"] if "could not be invited" in reason]
        self.assertEqual(len(failed), 1, result)
        self.assertTrue(gala.sudo().user_ids)
        self.assertTrue(nina.sudo().user_ids)
        self.assertFalse(taken.sudo().user_ids)
        self.assertFalse(stranger.sudo().user_ids)
        sent_to = {address for mail in self._mails for address in mail["email_to"]}
        self.assertEqual(len(sent_to), 2, sent_to)
