from odoo.tests import HttpCase, tagged

from .common import CoopMailingCase


@tagged("post_install", "-at_install")
class TestMailingUnsubscribe(CoopMailingCase):
    """An unsubscribe, by whatever route Odoo takes, withdraws the advertising consent with a new
    entry (channel Mailing); re-subscribing gives none."""

    def setUp(self):
        super().setUp()
        self.public = self.env.ref("base.public_user")

    def _marketing(self, person):
        return self.env["coop.consent"].search(
            [("partner_id", "=", person.id), ("kind", "=", "marketing")], order="date, id"
        )

    def _assert_withdrawn(self, person, before):
        after = self._marketing(person)
        self.assertEqual(after[: len(before)], before)
        self.assertTrue(all(before.mapped("given")), "the old entries are unchanged")
        new = after - before
        self.assertEqual(len(new), 1)
        self.assertFalse(new.given)
        self.assertEqual(new.channel, "mailing")
        self.assertEqual(new.company_id, person.company_id)
        person.invalidate_recordset(["coop_consent_marketing"])
        self.assertFalse(person.coop_consent_marketing)

    def test_email_unsubscribe_withdraws_consent(self):
        before = self._marketing(self.anna)
        # what /mailing/<id>/confirm_unsubscribe and the one-click unsubscribe call
        self.env["mail.blacklist"].with_user(self.public).sudo()._add("Anna@Example.com")
        self._assert_withdrawn(self.anna, before)
        self.assertFalse(self.mailing()._get_recipients().count(self.anna.id))
        # re-subscribing (the page's button) gives no consent
        self.env["mail.blacklist"].with_user(self.public).sudo()._remove("anna@example.com")
        self.anna.invalidate_recordset(["coop_consent_marketing"])
        self.assertFalse(self.anna.coop_consent_marketing)
        self.assertEqual(len(self._marketing(self.anna)), len(before) + 1)

    def test_sms_opt_out_withdraws_consent(self):
        before = self._marketing(self.anna)
        # what /sms/<mailing>/unsubscribe/<code> calls when the mailing has no list
        self.env["phone.blacklist"].with_user(self.public).sudo().add(self.anna.phone_sanitized)
        self._assert_withdrawn(self.anna, before)

    def test_a_blacklist_entry_made_in_the_menu_withdraws_consent(self):
        """The Blacklist menu's form (``create``) and unarchiving an entry, as a manager who
        may: one withdrawal each, as the unsubscribe routes give."""
        before = self._marketing(self.anna)
        Blacklist = self.as_user(self.manager, "mail.blacklist")
        entry = Blacklist.create({"email": "anna@example.com"})
        self._assert_withdrawn(self.anna, before)
        # given again at the desk, then the archived entry made active again
        entry.sudo().action_archive()  # taken off the stop list by the person (superuser)
        self.anna._coop_record_consents({"marketing": True}, "desk")
        before = self._marketing(self.anna)
        entry.action_unarchive()
        self.assert_one_more_withdrawal(before)
        self.anna._coop_record_consents({"marketing": True}, "desk")
        before = self._marketing(self.anna)
        self.env["phone.blacklist"].create({"number": self.anna.phone_sanitized})  # an admin
        self.assert_one_more_withdrawal(before)

    def assert_one_more_withdrawal(self, before):
        new = self._marketing(self.anna) - before
        self.assertEqual((len(new), new.given, new.channel), (1, False, "mailing"))

    def test_list_opt_out_withdraws_consent(self):
        mlist = self.as_user(self.officer, "mailing.list").create(
            {
                "name": "Новости",
                "contact_ids": [(0, 0, {"name": "Анна", "email": "anna@example.com"})],
            }
        )
        self.env.invalidate_all()  # the route reads the subscriptions afresh
        before = self._marketing(self.anna)
        mlist.sudo()._update_subscription_from_email("anna@example.com", opt_out=True)
        self._assert_withdrawn(self.anna, before)

    def test_unsubscribe_without_consent_records_nothing(self):
        for person in self.boris | self.vera:
            before = self._marketing(person)
            self.env["mail.blacklist"].with_user(self.public).sudo()._add(person.email)
            self.assertEqual(self._marketing(person), before, person.name)

    def test_other_people_keep_their_consent(self):
        self.env["mail.blacklist"].with_user(self.public).sudo()._add("anna@example.com")
        self.gleb.invalidate_recordset(["coop_consent_marketing"])
        self.assertTrue(self.gleb.coop_consent_marketing)
        self.assertEqual(set(self.mailing()._get_recipients()), {self.gleb.id})


@tagged("post_install", "-at_install")
class TestUnsubscribeRoute(CoopMailingCase, HttpCase):
    """The one-click unsubscribe of the e-mail (RFC 8058), as the mail client posts it."""

    def test_one_click_unsubscribe_withdraws_consent(self):
        mailing = self.mailing()
        mailing.action_send_mail()
        self.assertIn(self.anna, self.traced(mailing))
        before = self.env["coop.consent"].search(
            [("partner_id", "=", self.anna.id), ("kind", "=", "marketing")]
        )
        token = mailing._generate_mailing_recipient_token(self.anna.id, self.anna.email)
        response = self.url_open(
            f"/mailing/{mailing.id}/unsubscribe_oneclick",
            data={"document_id": self.anna.id, "email": self.anna.email, "hash_token": token},
        )
        self.assertEqual(response.status_code, 200)
        new = (
            self.env["coop.consent"].search(
                [("partner_id", "=", self.anna.id), ("kind", "=", "marketing")]
            )
            - before
        )
        self.assertEqual(len(new), 1)
        self.assertEqual((new.given, new.channel), (False, "mailing"))
        self.assertFalse(mailing.copy()._get_recipients().count(self.anna.id))
