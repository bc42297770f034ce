from datetime import date

from odoo import fields
from odoo.tests import tagged

from .common import CoopPortalCase


@tagged("post_install", "-at_install")
class TestPortalTourFee(CoopPortalCase):
    """In a phone-sized browser: a shopper whose cashback covers the entry fee pays it from
    the page with an explicit yes (tour coop_portal_fee); paid once, in the books."""

    browser_size = "390x844"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vera, cls.vera_user = cls._coop_portal_person("+7 900 100-00-03", "Вера Орлова")
        # 100.00 more than the fee in force: the tour reads what is left after paying
        cls.fee = cls.env["coop.fee.version"]._coop_amount(
            "entry_fee", fields.Date.context_today(cls.vera), cls.company
        )
        cls._coop_cashback(cls.vera, [(cls.fee + 100.0, date(2026, 1, 12))])

    def fee_records(self):
        domain = [("partner_id", "=", self.vera.id), ("kind", "=", "entry_fee")]
        return (
            self.env["coop.contribution"].search(domain),
            self.env["coop.cashback.move"].search(domain),
        )

    def test_shopper_pays_the_fee_from_cashback_on_a_phone(self):
        self.assertTrue(self.fee, "no entry fee in force for the test's company")
        self.start_tour("/my", "coop_portal_fee", login=self.vera_user.login)
        self.vera.invalidate_recordset()
        self.assertEqual(self.vera.coop_state, "applicant")
        contribution, ledger = self.fee_records()
        self.assertEqual(len(contribution), 1)
        self.assertEqual((contribution.state, contribution.amount), ("paid", self.fee))
        self.assertEqual(len(ledger), 1)
        self.assertEqual((ledger.amount, ledger.channel), (-self.fee, "portal"))
        self.assertEqual(ledger.user_id, self.vera_user)
        self.assertEqual(ledger.account_move_id, contribution.move_id)
        self.assert_fee_in_the_books(contribution.move_id)
        self.assert_offered_no_more()
        self.assert_books_hold()

    def assert_fee_in_the_books(self, move):
        """The fee's entry: the fee account credited with the person, the cashback liability
        debited with the person; and the person's balances on both accounts."""
        liability = self.company.coop_cashback_liability_account_id
        fee_account = self.company.coop_entry_fee_account_id
        self.assertEqual(move.state, "posted")
        lines = move.line_ids
        self.assertCountEqual(
            [(line.account_id, line.partner_id, line.debit, line.credit) for line in lines],
            [(liability, self.vera, self.fee, 0.0), (fee_account, self.vera, 0.0, self.fee)],
        )
        self.assertAlmostEqual(-self.balance(fee_account, self.vera), self.fee)
        self.assertAlmostEqual(self.cashback_owed(self.vera), 100.0)

    def assert_offered_no_more(self):
        """After the tour: the page offers the fee no more, and a second yes pays nothing."""
        self.login(self.vera_user)
        self.assertFalse(self.page("/my/coop").xpath("//*[@id='coop_step_entry_fee_action']"))
        doc = self.page("/my/coop/entry-fee")
        self.assertIn("already paid", self.text(doc, "coop_fee_unavailable"))
        self.assertFalse(doc.xpath("//form[@id='coop_fee_form']"))
        data = {"csrf_token": self.csrf(self.page("/my/coop")), "confirm": "yes"}
        response = self.url_open("/my/coop/entry-fee", data=data, allow_redirects=False)
        self.assertEqual(response.status_code, 303, response.text[:500])
        contribution, ledger = self.fee_records()
        self.assertEqual((len(contribution), len(ledger)), (1, 1))
        self.assertAlmostEqual(self.cashback_owed(self.vera), 100.0)
