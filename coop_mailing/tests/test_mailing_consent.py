from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CoopMailingCase


@tagged("post_install", "-at_install")
class TestMailingConsent(CoopMailingCase):
    """Whatever the filter, a mailing reaches only the people of its cooperative with a current
    consent to advertising messages (and for SMS a valid mobile)."""

    def test_email_recipients_are_the_consenting_whatever_the_domain(self):
        everyone = (self.anna | self.boris | self.vera | self.gleb | self.dasha).ids
        for domain in ("[]", f"[('id', 'in', {everyone})]", "[('is_company', '=', False)]"):
            mailing = self.mailing(domain)
            recipients = set(mailing._get_recipients())
            self.assertEqual(recipients, {self.anna.id, self.gleb.id}, domain)
            self.assertEqual(mailing.coop_recipient_count, 2, domain)
            self.assertEqual(mailing.total, 2, domain)

    def test_domain_naming_a_person_without_consent(self):
        for person in self.boris | self.vera:
            mailing = self.mailing(f"[('id', '=', {person.id})]")
            self.assertFalse(mailing._get_recipients(), person.name)
            self.assertEqual(mailing.coop_recipient_count, 0)

    def test_default_filter_shows_the_consenting(self):
        mailing = self.mailing()
        mailing.mailing_domain = repr(mailing._get_default_mailing_domain())
        self.assertIn("coop_consent_marketing", mailing.mailing_domain)
        found = self.as_user(self.officer, "res.partner").search(mailing._parse_mailing_domain())
        self.assertIn(self.anna, found)
        self.assertNotIn(self.boris, found)
        self.assertNotIn(self.vera, found)

    def test_consent_search_on_people(self):
        Partner = self.as_user(self.officer, "res.partner")
        people = self.anna | self.boris | self.vera | self.gleb
        given = Partner.search([("id", "in", people.ids), ("coop_consent_marketing", "=", True)])
        self.assertEqual(given, self.anna | self.gleb)
        not_given = Partner.search(
            [("id", "in", people.ids), ("coop_consent_marketing", "!=", True)]
        )
        self.assertEqual(not_given, self.boris | self.vera)
        for person in people:
            self.assertEqual(person.coop_consent_marketing, person in given, person.name)

    def test_send_mail_only_to_the_consenting(self):
        mailing = self.mailing(f"[('id', 'in', {(self.anna | self.boris | self.vera).ids})]")
        mailing.action_send_mail()
        self.assertEqual(self.traced(mailing), self.anna)

    def test_send_to_given_ids_skips_those_without_consent(self):
        mailing = self.mailing()
        mailing.action_send_mail(res_ids=(self.boris | self.vera | self.dasha).ids)
        self.assertFalse(self.traced(mailing))
        mailing.action_send_mail(res_ids=(self.anna | self.boris).ids)
        self.assertEqual(self.traced(mailing), self.anna)

    def test_composer_mailing_on_selected_people(self):
        # *Send email* on selected contacts, as a mailing (the composer's mailing name)
        people = self.anna | self.boris | self.vera
        composer = (
            self.as_user(self.officer, "mail.compose.message")
            .with_context(default_model="res.partner", default_res_ids=people.ids)
            .create(
                {
                    "composition_mode": "mass_mail",
                    "subject": "Скидки недели",
                    "body": "<p>Скидки недели</p>",
                    "mass_mailing_name": "Скидки недели",
                }
            )
        )
        composer._action_send_mail()
        traces = self.env["mailing.trace"].search(
            [("mass_mailing_id", "=", composer.mass_mailing_id.id)]
        )
        self.assertEqual(len(traces), 3)
        sent = traces.filtered(lambda t: t.trace_status != "cancel")
        self.assertEqual(sent.mapped("res_id"), self.anna.ids)
        cancelled = self.env["mail.mail"].search(
            [("mailing_id", "=", composer.mass_mailing_id.id), ("state", "=", "cancel")]
        )
        self.assertEqual(set(cancelled.mapped("res_id")), {self.boris.id, self.vera.id})

    def test_sms_needs_consent_and_a_mobile(self):
        everyone = (self.anna | self.boris | self.vera | self.gleb | self.dasha).ids
        mailing = self.mailing(f"[('id', 'in', {everyone})]", mailing_type="sms")
        self.assertEqual(mailing.coop_recipient_count, 1)
        self.assertEqual(mailing._get_recipients(), self.anna.ids)
        mailing.action_send_mail()
        sms = self.env["sms.sms"].search([("mailing_id", "=", mailing.id)])
        self.assertEqual(sms.partner_id, self.anna)
        self.assertEqual(sms.number, self.anna.phone_sanitized)
        self.assertEqual(self.traced(mailing), self.anna)

    def test_sms_to_given_ids_skips_those_without_consent(self):
        """``action_send_sms(res_ids=...)`` is public: the ids are filtered as the mail's."""
        mailing = self.mailing(mailing_type="sms")
        mailing.action_send_sms(res_ids=(self.boris | self.vera).ids)
        self.assertFalse(self.env["sms.sms"].search([("mailing_id", "=", mailing.id)]))
        mailing.action_send_sms(res_ids=(self.anna | self.boris).ids)
        sms = self.env["sms.sms"].search([("mailing_id", "=", mailing.id)])
        self.assertEqual(sms.partner_id, self.anna)

    def test_another_cooperatives_officer_reads_none_of_its_traces(self):
        mailing = self.mailing(f"[('id', 'in', {self.anna.ids})]")
        mailing.action_send_mail()
        traces = self.env["mailing.trace"].search([("mass_mailing_id", "=", mailing.id)])
        self.assertTrue(traces)
        Trace = self.as_user(self.officer2, "mailing.trace")
        self.assertFalse(Trace.search([("id", "in", traces.ids)]))
        self.assertEqual(self.as_user(self.officer, "mailing.trace").search_count(
            [("id", "in", traces.ids)]), len(traces))  # fmt: skip

    def test_mailing_list_reaches_only_consenting_people(self):
        MailingList = self.as_user(self.officer, "mailing.list")
        contacts = [
            (0, 0, {"name": name, "email": email})
            for name, email in [
                ("Анна", "anna@example.com"),
                ("Борис", "boris@example.com"),
                ("Дарья", "dasha@example.com"),
                ("Незнакомец", "stranger@example.com"),
            ]
        ]
        mlist = MailingList.create({"name": "Новости", "contact_ids": contacts})
        mailing = self.mailing(
            mailing_model_id=self.env.ref("mass_mailing.model_mailing_list").id,
            contact_list_ids=[(6, 0, mlist.ids)],
        )
        self.assertEqual(mailing.mailing_model_real, "mailing.contact")
        self.assertEqual(mailing.coop_recipient_count, 1)
        mailing.action_send_mail()
        self.assertEqual(self.traced(mailing).mapped("email"), ["anna@example.com"])

    def test_consent_withdrawn_after_scheduling(self):
        mailing = self.mailing()
        mailing.action_put_in_queue()
        self.assertEqual(mailing.coop_recipient_count, 2)
        self.anna.with_user(self.officer).action_coop_withdraw_consent("marketing")
        # the queue's scheduled job runs as the superuser, in no cooperative's context
        self.env["mailing.mailing"]._process_mass_mailing_queue()
        self.assertEqual(self.traced(mailing), self.gleb)

    def test_other_cooperative_people_are_not_recipients(self):
        mailing = self.mailing(f"[('id', 'in', {(self.anna | self.dasha).ids})]")
        self.assertEqual(mailing.coop_company_id, self.company)
        mailing.action_put_in_queue()
        self.env["mailing.mailing"]._process_mass_mailing_queue()
        self.assertEqual(self.traced(mailing), self.anna)
        theirs = self.mailing(f"[('id', 'in', {(self.anna | self.dasha).ids})]", user=self.officer2)
        self.assertEqual(theirs.coop_company_id, self.company2)
        self.assertEqual(theirs.sudo()._get_recipients(), self.dasha.ids)
        with self.assertRaises(AccessError):
            self.as_user(self.officer, "mailing.mailing").browse(theirs.id).read(["subject"])

    def test_cashier_has_no_mailings(self):
        with self.assertRaises(AccessError):
            self.as_user(self.cashier, "mailing.mailing").search([])
        with self.assertRaises(AccessError):
            self.mailing(user=self.cashier)
        menus = [self.env.ref(f"coop_mailing.coop_mailing_menu{x}") for x in ("", "_mail", "_sms")]
        for user, visible in ((self.cashier, False), (self.officer, True), (self.manager, True)):
            shown = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
            for menu in menus:
                self.assertEqual(menu.id in shown, visible, f"{user.login}: {menu.name}")
