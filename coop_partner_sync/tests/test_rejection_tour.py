from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import PartnerSyncCase


@tagged("post_install", "-at_install")
class TestRejectionTour(PartnerSyncCase, HttpCase):
    """The officer who reviews rejected partner rows, in Chromium (tour
    ``coop_rejection_process_again``): a row corrected and processed again once is done,
    without an error, and its purchase earns the person cashback in the books."""

    def test_officer_fixes_a_rejected_row_with_one_click(self):
        person, _r = self.register("+7 900 111-22-44")
        today = fields.Date.to_string(fields.Date.context_today(self.agreement))
        [answer] = self.send([self.sale("T-TOUR-1", "89001112244", "1000,00", date=today)])
        self.assertEqual(answer["status"], "rejected")
        rejection = self.env["coop.partner.rejection"].search(
            [("agreement_id", "=", self.agreement.id)]
        )
        self.start_tour(
            "/odoo/action-coop_partner_sync.action_coop_partner_rejection",
            "coop_rejection_process_again",
            login=self.officer.login,
        )
        txn = self.txn("T-TOUR-1")
        self.assertEqual((rejection.state, rejection.transaction_id), ("fixed", txn))
        self.assertEqual((txn.amount, txn.cashback, txn.source), (1000.0, 50.0, "fix"))
        self.assertEqual(txn.partner_id, person)
        notes = rejection.message_ids.mapped("body")
        self.assertEqual(
            [n for n in notes if "Processed again" in n], ["<p>Processed again: created.</p>"]
        )
        # the books: the person is owed the 50 of cashback, and the whole agrees
        self.company.sudo()._coop_post_partner_cashback()
        liability = self.company.coop_cashback_liability_account_id
        self.assertEqual(self.balance(liability, person), -50.0)
        Check = self.env["coop.cashback.check"].with_user(self.manager)
        self.assertEqual(Check.coop_invariants(self.company.id)["problems"], [])
