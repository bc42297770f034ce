from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import CoopMailingCase


@tagged("post_install", "-at_install")
class TestMailingAccess(CoopMailingCase):
    """A cooperative's staff see and edit their own mailing lists and contacts only; nobody of
    the staff deletes an unsubscribe (blacklist entry) or what was sent to whom (trace)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mlist = (
            cls.env["mailing.list"]
            .with_user(cls.officer)
            .with_company(cls.company)
            .create(
                {
                    "name": "Новости",
                    "contact_ids": [(0, 0, {"name": "Анна", "email": "anna@example.com"})],
                }
            )
        )
        cls.contact = cls.mlist.contact_ids

    def test_an_officer_sees_their_cooperatives_lists_only(self):
        self.assertEqual(self.mlist.company_id, self.company)
        self.assertEqual(self.as_user(self.officer, "mailing.list").search([]), self.mlist)
        self.assertEqual(self.as_user(self.officer, "mailing.contact").search([]), self.contact)
        for model, record in (("mailing.list", self.mlist), ("mailing.contact", self.contact)):
            other = self.as_user(self.officer2, model)
            with self.subTest(model=model):
                self.assertFalse(other.search([("id", "=", record.id)]))
                with self.assertRaises(AccessError):
                    other.browse(record.id).read(["name"])
                with self.assertRaises(AccessError):
                    other.browse(record.id).write({"name": "Чужое"})
        other_subscriptions = self.as_user(self.officer2, "mailing.subscription")
        self.assertFalse(other_subscriptions.search([("list_id", "=", self.mlist.id)]))

    def test_the_staff_add_unsubscribes_but_do_not_delete_them(self):
        mailing = self.mailing()
        mailing.action_send_mail()
        trace = self.env["mailing.trace"].search([("mass_mailing_id", "=", mailing.id)], limit=1)
        self.assertTrue(trace)
        entry = self.as_user(self.officer, "mail.blacklist").create({"email": "x@example.com"})
        number = self.env["phone.blacklist"].create({"number": "+79101000099"})
        for user in (self.officer, self.manager):
            for record in (trace, entry, number):
                with self.subTest(user=user.login, model=record._name):
                    with self.assertRaises(AccessError):
                        record.with_user(user).unlink()
        self.assertTrue(trace.exists() and entry.exists() and number.exists())
        # an administrator still may
        admin = new_test_user(
            self.env,
            "coop_t_admin",
            groups="base.group_system,mass_mailing.group_mass_mailing_user",
        )
        admin.company_ids = [(4, self.company.id)]
        trace.with_user(admin).with_company(self.company).unlink()
        entry.with_user(admin).unlink()
        self.assertFalse(trace.exists() or entry.exists())
