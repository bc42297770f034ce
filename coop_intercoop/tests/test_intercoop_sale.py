from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import IntercoopCase


@tagged("post_install", "-at_install")
class TestIntercoopSale(IntercoopCase):
    """A's person buys at B's till: the sale is A's partner business's transaction, recorded
    at the close of B's session exactly once; the cashback accrues in A at A's rate; B owes
    it and settles: the books of both agree."""

    def setUp(self):
        super().setUp()
        self.open_new_session()
        self.guest_contact = self.guest()

    def play_day(self):
        """400 and 200 sold to Анна at B's till, 100 of the second refunded."""
        first = self.sync([(self.milk, 4)], [(self.cash_pm1, 400)], customer=self.guest_contact)
        second = self.sync([(self.milk, 2)], [(self.cash_pm1, 200)], customer=self.guest_contact)
        refund = {"product": self.milk, "quantity": -1,
                  "refunded_orderline_id": second.lines.id}  # fmt: skip
        back = self.sync([refund], [(self.cash_pm1, -100)], customer=self.guest_contact,
                         refunded_order_id=second.id)  # fmt: skip
        return first | second | back

    def close_as_cashier(self):
        self.pos_session.with_user(self.cashier).action_pos_session_closing_control()
        self.assertEqual(self.pos_session.state, "closed")

    def transactions(self):
        return self.env["coop.partner.transaction"].search(
            [("agreement_id", "=", self.agreement.id)]
        )

    def test_the_close_records_the_sales_in_a_at_as_rates_and_b_earns_nothing(self):
        orders = self.play_day()
        self.assertFalse(self.transactions())  # at the close, not before
        self.close_as_cashier()
        self.assertEqual(set(orders.mapped("coop_intercoop_status")), {"created"})
        self.assertEqual(sorted(orders.mapped("coop_intercoop_cashback")), [-5.0, 10.0, 20.0])
        txns = self.transactions()
        self.assertEqual(sorted(txns.mapped("external_id")), sorted(orders.mapped("uuid")))
        self.assertEqual(set(txns.mapped("source")), {"intercoop"})
        self.assertEqual(txns.partner_id, self.anna)
        self.assertEqual(set(txns.mapped("company_id")), {self.company_a})
        refund = txns.filtered(lambda t: t.kind == "refund")
        self.assertEqual(refund.refund_of_id.external_id, orders[1].uuid)
        # A's ledger, at A's rate: 5 % of 400 + 200 - 100
        ledger = self.ledger_a()
        self.assertEqual(set(ledger.mapped("company_id")), {self.company_a})
        self.assertEqual(sum(ledger.mapped("amount")), 25.0)
        # B's ledger: nothing, for the guest or for the orders
        refs = [f"pos.order,{order.id}" for order in orders]
        Move = self.env["coop.cashback.move"].sudo()
        self.assertFalse(Move.search([("source_ref", "in", refs)]))
        self.assertFalse(Move.search([("partner_id", "=", self.guest_contact.id)]))

    def test_each_sale_is_recorded_exactly_once(self):
        orders = self.play_day()
        self.close_as_cashier()
        self.assertFalse(orders._coop_intercoop_send())  # recorded: not sent again
        orders.sudo().write({"coop_intercoop_status": False})  # as if the answers were lost
        self.assertEqual(orders._coop_intercoop_send(), orders.sudo())
        self.assertEqual(set(orders.mapped("coop_intercoop_status")), {"duplicate"})
        self.assertEqual(len(self.transactions()), 3)
        self.assertEqual(sum(self.ledger_a().mapped("amount")), 25.0)

    def test_a_row_a_refuses_is_kept_on_the_order_and_sent_again(self):
        order = self.sync([(self.milk, 1)], [(self.cash_pm1, 100)], customer=self.guest_contact)
        self.agreement.with_user(self.manager_a).date_to = fields.Date.subtract(
            fields.Date.today(), days=1
        )
        self.close_as_cashier()
        self.assertEqual(order.coop_intercoop_status, "rejected")
        self.assertTrue(order.coop_intercoop_error)
        self.assertFalse(self.ledger_a())
        self.agreement.with_user(self.manager_a).date_to = False
        self.agreement.with_user(self.manager).action_coop_intercoop_accept()  # new terms
        with self.assertRaises(AccessError):
            order.with_user(self.cashier).action_coop_intercoop_send()
        order.with_user(self.manager).action_coop_intercoop_send()
        self.assertEqual(order.coop_intercoop_status, "created")
        self.assertEqual(sum(self.ledger_a().mapped("amount")), 5.0)

    def test_settlement_b_owes_a_the_cashback_and_the_books_of_both_agree(self):
        self.play_day()
        self.close_as_cashier()
        [invoice_id] = self.agreement.with_user(self.manager_a).coop_settle()
        invoice = self.env["account.move"].browse(invoice_id)
        bill = invoice.coop_intercoop_bill_id
        self.assertEqual((invoice.company_id, invoice.partner_id, invoice.state),
                         (self.company_a, self.company_b.partner_id, "posted"))  # fmt: skip
        self.assertEqual(
            (bill.company_id, bill.partner_id, bill.state, bill.move_type),
            (self.company_b, self.company_a.partner_id, "draft", "in_invoice"),
        )  # B's accountant posts it, not A's settlement
        # cashback 25, commission 1 % of 500
        self.assertEqual((invoice.amount_total, bill.amount_total), (30.0, 30.0))
        self.assertEqual(bill.currency_id, invoice.currency_id)
        a = self.company_a.with_company(self.company_a)
        partner_b = self.company_b.partner_id.with_company(self.company_a)
        partner_a = self.company_a.partner_id.with_company(self.company_b)
        self.assertEqual(self.balance(partner_a.property_account_payable_id, partner_a), 0.0)
        accountant_b = self._coop_user("coop_ic_b_accountant", "account.group_account_invoice")
        bill.with_user(accountant_b).action_post()
        self.assertEqual(bill.state, "posted")
        self.assertEqual(self.balance(a.coop_cashback_liability_account_id, self.anna), -25.0)
        self.assertEqual(self.balance(a.coop_partner_settlement_account_id, partner_b), 0.0)
        self.assertEqual(self.balance(partner_b.property_account_receivable_id, partner_b), 30.0)
        self.assertEqual(self.balance(partner_a.property_account_payable_id, partner_a), -30.0)
        b_expense = self.company_b.coop_cashback_expense_account_id
        self.assertEqual(self.balance(b_expense, partner_a), 25.0)
        for company, manager in ((self.company_a, self.manager_a), (self.company_b, self.manager)):
            Check = self.env["coop.cashback.check"].with_user(manager)
            self.assertEqual(Check.coop_invariants(company.id)["problems"], [], company.name)
