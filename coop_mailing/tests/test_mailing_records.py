from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import CoopMailingCase


@tagged("post_install", "-at_install")
class TestMailingRecords(CoopMailingCase):
    """What a mailing did stays on record: the staff (the officer, an Email Marketing user)
    delete a draft, not a sent mailing with its traces; the system administrator still may."""

    def test_the_staff_delete_drafts_not_sent_mailings(self):
        draft = self.mailing()
        draft.unlink()
        self.assertFalse(draft.exists())
        sent = self.mailing()
        sent.action_send_mail()
        traces = self.env["mailing.trace"].search([("mass_mailing_id", "=", sent.id)])
        self.assertIn(self.anna, self.traced(sent))
        for user in (self.officer, self.manager):
            with self.subTest(user=user.login):
                with self.assertRaisesRegex(UserError, "Скидки недели.*already sent.*Archive"):
                    sent.with_user(user).unlink()
        self.assertTrue(sent.exists() and traces.exists())
        sent.with_user(self.officer).action_archive()
        self.assertFalse(sent.active)
        admin = new_test_user(
            self.env,
            "coop_t_admin",
            groups="base.group_system,mass_mailing.group_mass_mailing_user",
        )
        admin.company_ids = [(4, self.company.id)]
        sent.with_user(admin).with_company(self.company).unlink()
        self.assertFalse(sent.exists() or traces.exists())

    def test_the_staff_add_to_the_stop_lists_but_do_not_take_anyone_off(self):
        Emails = self.as_user(self.officer, "mail.blacklist")
        entry = Emails.create({"email": "anna@example.com"})
        self.assertFalse(self.anna.coop_consent_marketing, "the stop list withdraws the consent")
        for vals in ({"active": False}, {"email": "other@example.com"}):
            with self.subTest(vals=vals), self.assertRaisesRegex(AccessError, "stays on the stop"):
                entry.write(vals)
        with self.assertRaisesRegex(AccessError, "stays on the stop list"):
            Emails._remove("anna@example.com")  # Odoo's "unblacklist" wizard
        # phone entries: Odoo gives the staff no access at all; an administrator adds one
        number = self.env["phone.blacklist"].create({"number": "+79101000001"})
        for vals in ({"active": False}, {"number": "+79101000099"}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                number.with_user(self.officer).write(vals)
        self.assertTrue(entry.active and number.active)
        # adding again what is there is still adding
        Emails._add("anna@example.com")
        # the person themself, on the unsubscribe page (as superuser), takes it off
        Emails.sudo()._remove("anna@example.com", message="re-subscribed")
        self.env["phone.blacklist"].sudo()._remove(["+79101000001"])
        self.assertFalse(entry.active or number.active)
        # and a system administrator may
        groups = "base.group_system,mass_mailing.group_mass_mailing_user"
        admin = new_test_user(self.env, "coop_t_admin_bl", groups=groups)
        admin.company_ids = [(4, self.company.id)]
        entry.with_user(admin).with_company(self.company).action_unarchive()
        entry.with_user(admin).with_company(self.company).action_archive()
        self.assertFalse(entry.active)
