from odoo.tests import tagged

from .pos_common import CoopPosCommon


@tagged("post_install", "-at_install")
class TestPosCashback(CoopPosCommon):
    """Cashback decided on the server when the till's orders arrive, once per order, and posted
    when the session closes so that the ledger and the liability account agree."""

    def setUp(self):
        super().setUp()
        self.open_new_session()

    def test_paid_order_earns_cashback_once_even_if_sent_again(self):
        order = self.sync([(self.milk, 2)], [(self.cash_pm1, 200)], uuid="coop-order-1")
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.coop_cashback_earned, 10.0)
        self.sync([(self.milk, 2)], [(self.cash_pm1, 200)], uuid="coop-order-1")
        self.assertEqual(len(self.ledger("accrual")), 1)
        self.person.invalidate_recordset()
        self.assertEqual(self.person.coop_cashback_balance, 10.0)

    def test_paying_with_cashback_spends_it(self):
        self.sync([(self.milk, 4)], [(self.cash_pm1, 400)])  # earns 20
        order = self.sync([(self.milk, 1)], [(self.cashback_pm, 15), (self.cash_pm1, 85)])
        self.assertEqual(self.ledger("spend").amount, -15.0)
        self.assertEqual(order.coop_cashback_earned, 4.25, "what cashback paid earns nothing")
        self.person.invalidate_recordset()
        self.assertEqual(self.person.coop_cashback_balance, 20 - 15 + 4.25)

    def test_refund_takes_back_cashback_in_proportion_and_returns_what_was_spent(self):
        sale = self.sync([(self.milk, 4)], [(self.cash_pm1, 400)])  # earns 20
        line = sale.lines
        refund_line = {"product": self.milk, "quantity": -1, "refunded_orderline_id": line.id}
        self.sync([refund_line], [(self.cash_pm1, -100)])
        self.assertEqual(self.ledger("reversal").amount, -5.0)
        self.sync([dict(refund_line, quantity=-3)], [(self.cash_pm1, -300)])
        self.person.invalidate_recordset()
        self.assertEqual(self.person.coop_cashback_balance, 0.0)
        self.assertEqual(sum(self.ledger("reversal").mapped("amount")), -20.0)

    def test_closing_the_session_books_cashback_so_ledger_and_liability_agree(self):
        self.sync([(self.milk, 4)], [(self.cash_pm1, 400)])  # earns 20
        self.sync([(self.milk, 1)], [(self.cashback_pm, 15), (self.cash_pm1, 85)])
        self.pos_session.action_pos_session_closing_control()
        self.assertEqual(self.pos_session.state, "closed")
        ledger_total = sum(self.ledger().mapped("amount"))
        self.assertAlmostEqual(ledger_total, 20 - 15 + 4.25)
        self.assertAlmostEqual(-self.balance(self.liability), ledger_total)
        self.assertAlmostEqual(self.balance(self.expense), 24.25)  # the person on every line
        self.assertTrue(all(self.ledger().mapped("account_move_id")))
