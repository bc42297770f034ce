from urllib.parse import quote

from odoo.tests import HttpCase, tagged

from .common import CoopMailingCase


@tagged("post_install", "-at_install")
class TestUnsubscribeCooperative(CoopMailingCase, HttpCase):
    """An unsubscribe from a mailing withdraws the advertising consent of the people of the
    mailing's cooperative it reached, not of another cooperative's person with the same address
    or number, nor of one of its own it did not reach (Odoo's blacklist stays global)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dasha.write({"email": "anna@example.com"})  # another cooperative's, same address
        # the same cooperative's, same address, not in the mailing below
        cls.alla = cls._person("+7 910 100-00-09", "Алла Мирова", "anna@example.com", True)

    def consenting(self, people):
        people.invalidate_recordset(["coop_consent_marketing"])
        return people.filtered("coop_consent_marketing")

    def test_one_click_unsubscribe_withdraws_only_whom_the_mailing_reached(self):
        mailing = self.mailing(f"[('id', '=', {self.anna.id})]")
        mailing.action_send_mail()
        self.assertEqual(self.traced(mailing), self.anna)
        token = mailing._generate_mailing_recipient_token(self.anna.id, self.anna.email)
        response = self.url_open(
            f"/mailing/{mailing.id}/unsubscribe_oneclick",
            data={"document_id": self.anna.id, "email": self.anna.email, "hash_token": token},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            self.consenting(self.anna | self.alla | self.dasha), self.alla | self.dasha
        )
        # Odoo's blacklist is global: the address receives no e-mail of any mailing
        self.assertTrue(self.env["mail.blacklist"].search([("email", "=", "anna@example.com")]))

    def test_sms_unsubscribe_withdraws_only_whom_the_mailing_reached(self):
        self.dasha.write({"phone": self.anna.phone})
        mailing = self.mailing(f"[('id', '=', {self.anna.id})]", mailing_type="sms")
        mailing.action_send_sms()
        trace = self.env["mailing.trace"].search([("mass_mailing_id", "=", mailing.id)])
        self.assertEqual(len(trace), 1)
        response = self.url_open(
            f"/sms/{mailing.id}/unsubscribe/{trace.sms_code}?sms_number={quote(trace.sms_number)}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.consenting(self.anna | self.dasha), self.dasha)

    def test_leaving_a_list_withdraws_in_the_lists_cooperative_only(self):
        mlist = self.as_user(self.officer, "mailing.list").create(
            {
                "name": "Новости",
                "contact_ids": [(0, 0, {"name": "Анна", "email": "anna@example.com"})],
            }
        )
        self.assertEqual(mlist.company_id, self.company)
        self.env.invalidate_all()
        mlist.sudo()._update_subscription_from_email("anna@example.com", opt_out=True)
        self.assertEqual(self.consenting(self.anna | self.alla | self.dasha), self.dasha)
