from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.point_of_sale.tests.common import TestPoSCommon


@tagged("post_install", "-at_install")
class TestPosCashback(TestPoSCommon):
    """Cashback decided on the server when the till's orders arrive, once per order, and posted
    when the session closes so that the ledger and the liability account agree."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id += cls.env.ref("coop_membership.group_manager")
        cls.config = cls.basic_config
        company = cls.env.company
        company.country_id = cls.env.ref("base.ru")  # TestPoSCommon invents a country
        company._coop_setup()
        cls.liability = company.coop_cashback_liability_account_id
        cls.expense = company.coop_cashback_expense_account_id
        cls.cashback_pm = cls.env["pos.payment.method"].create(
            {"name": "Cashback", "coop_is_cashback": True, "split_transactions": True,
             "company_id": company.id}
        )  # fmt: skip
        cls.config.payment_method_ids |= cls.cashback_pm
        cls.env["coop.cashback.rule"].create(
            {"name": "5 %", "percent": 5, "company_id": company.id}
        )
        cls.milk = cls.create_product("Milk", cls.categ_basic, 100.0)
        result = cls.env["res.partner"].coop_register_shopper(
            {"phone": "89001112233", "name": "Анна", "consent_processing": True}
        )
        cls.person = cls.env["res.partner"].browse(result["partner_id"])

    def setUp(self):
        super().setUp()
        self.open_new_session()

    def sync(self, lines, payments, uuid=None):
        data = self.create_ui_order_data(lines, customer=self.person, payments=payments, uuid=uuid)
        self.env["pos.order"].sync_from_ui([data])
        return self.env["pos.order"].search([("uuid", "=", data["uuid"])])

    def ledger(self, kind=None):
        moves = self.person.coop_cashback_move_ids
        return moves.filtered(lambda m: m.kind == kind) if kind else moves

    def balance(self, account):
        lines = self.env["account.move.line"].search(
            [("account_id", "=", account.id), ("partner_id", "=", self.person.id),
             ("parent_state", "=", "posted")]
        )  # fmt: skip
        return sum(lines.mapped("balance"))

    def test_paid_order_earns_cashback_once_even_if_sent_again(self):
        order = self.sync([(self.milk, 2)], [(self.cash_pm1, 200)], uuid="coop-order-1")
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.coop_cashback_earned, 10.0)
        self.sync([(self.milk, 2)], [(self.cash_pm1, 200)], uuid="coop-order-1")
        self.assertEqual(len(self.ledger("accrual")), 1)
        self.person.invalidate_recordset()
        self.assertEqual(self.person.coop_cashback_balance, 10.0)

    def test_paying_with_cashback_spends_it_and_never_overdraws(self):
        self.sync([(self.milk, 4)], [(self.cash_pm1, 400)])  # earns 20
        order = self.sync([(self.milk, 1)], [(self.cashback_pm, 15), (self.cash_pm1, 85)])
        self.assertEqual(self.ledger("spend").amount, -15.0)
        self.assertEqual(order.coop_cashback_earned, 4.25, "what cashback paid earns nothing")
        self.person.invalidate_recordset()
        self.assertEqual(self.person.coop_cashback_balance, 20 - 15 + 4.25)
        with self.assertRaisesRegex(UserError, "less than 50"):
            self.sync([(self.milk, 1)], [(self.cashback_pm, 50), (self.cash_pm1, 50)])

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
        self.assertAlmostEqual(self.balance(self.expense), 24.25)
        self.assertTrue(all(self.ledger().mapped("account_move_id")))
