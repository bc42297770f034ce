from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import PartnerSyncCase


@tagged("post_install", "-at_install")
@freeze_time("2026-11-23 12:00:00")
class TestPartnerSettlement(PartnerSyncCase):
    def test_settlement_invoices_cashback_and_commission_and_clears_76_10(self):
        person, _r = self.register("+7 900 111-22-33")
        self.send(
            [
                {"external_id": "S1", "member_ref": "89001112233", "amount": 1000,
                 "date": "2026-11-10"},
                {"external_id": "S2", "member_ref": "89001112233", "amount": 500,
                 "date": "2026-11-12"},
                {"external_id": "R1", "member_ref": "89001112233", "amount": 100,
                 "date": "2026-11-13", "kind": "refund", "refund_of": "S2"},
                {"external_id": "U1", "member_ref": "89009999999", "amount": 700,
                 "date": "2026-11-14"},
            ]
        )  # fmt: skip
        with self.assertRaises(AccessError):
            self.agreement.with_user(self.officer).coop_settle("2026-11-20")
        [invoice_id] = self.agreement.with_user(self.manager).coop_settle("2026-11-20")
        invoice = self.env["account.move"].browse(invoice_id)
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.partner_id, self.business)
        company = self.company.with_company(self.company)
        by_account = {line.account_id: line.price_subtotal for line in invoice.invoice_line_ids}
        # cashback 50 + 25 - 5 = 70; commission 2 % of 1000 + 500 - 100 = 28
        self.assertEqual(by_account[company.coop_partner_settlement_account_id], 70.0)
        self.assertEqual(by_account[company.coop_partner_commission_account_id], 28.0)
        self.assertEqual(invoice.amount_total, 98.0)
        settled = self.env["coop.partner.transaction"].search([("settled", "=", True)])
        self.assertEqual(sorted(settled.mapped("external_id")), ["R1", "S1", "S2"])
        self.assertEqual(self.txn("U1").settled, False)
        self.assertEqual(self.balance(company.coop_partner_settlement_account_id, self.business), 0)
        self.assertEqual(self.balance(company.coop_cashback_liability_account_id, person), -70.0)
        with self.assertRaises(UserError):
            self.agreement.coop_settle("2026-11-20")

    def test_reconciliation_report_renders(self):
        self.register("+7 900 111-22-33")
        self.send([{"external_id": "S1", "member_ref": "89001112233", "amount": 1000,
                    "date": "2026-11-10"}])  # fmt: skip
        wizard = self.env["coop.partner.report.wizard"].create(
            {"agreement_id": self.agreement.id, "date_from": "2026-11-01", "date_to": "2026-11-30"}
        )
        figures = wizard._coop_figures()
        self.assertEqual((figures["sales_count"], figures["cashback"], figures["commission"]),
                         (1, 50.0, 20.0))  # fmt: skip
        self.assertEqual(figures["unsettled"], 70.0)
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "coop_partner_sync.action_report_coop_partner_reconciliation", wizard.ids
        )
        self.assertIn("ООО «Сантехника»", html.decode())

    def test_the_invariants_cover_partner_transactions(self):
        self.register("+7 900 111-22-33")
        self.send(
            [
                {"external_id": "S1", "member_ref": "89001112233", "amount": 1000,
                 "date": "2026-11-10"},
                {"external_id": "R1", "member_ref": "89001112233", "amount": 200,
                 "date": "2026-11-11", "kind": "refund", "refund_of": "S1"},
                {"external_id": "U1", "member_ref": "89009999999", "amount": 700,
                 "date": "2026-11-14"},
            ]
        )  # fmt: skip
        Check = self.env["coop.cashback.check"].with_user(self.manager)
        self.assertEqual(Check.coop_invariants(self.company.id)["problems"], [])
        self.agreement.with_user(self.manager).coop_settle("2026-11-20")
        self.assertEqual(Check.coop_invariants(self.company.id)["problems"], [])
        # a ledger entry lost behind the import's back
        self.env.cr.execute(
            "DELETE FROM coop_cashback_move WHERE coop_partner_transaction_id = %s",
            [self.txn("R1").id],
        )
        self.env.invalidate_all()
        problems = Check.coop_invariants(self.company.id)["problems"]
        self.assertTrue(any("Partner transaction R1" in p for p in problems), problems)

    def test_a_persons_data_includes_their_cashback_and_partner_purchases(self):
        person, _r = self.register("+7 900 111-22-33")
        self.send([{"external_id": "S1", "member_ref": "89001112233", "amount": 1000,
                    "date": "2026-11-10"}])  # fmt: skip
        data = person.with_user(self.officer).coop_personal_data()
        [purchase] = data["partner_business_purchases"]
        self.assertEqual((purchase["external_id"], purchase["cashback"]), ("S1", 50.0))
        self.assertEqual(purchase["business_id"], "ООО «Сантехника»")
        [entry] = data["cashback_ledger"]
        self.assertEqual((entry["kind"], entry["amount"]), ("Accrual", 50.0))
