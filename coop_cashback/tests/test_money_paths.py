from contextlib import contextmanager
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .pos_common import CoopPosCommon


@tagged("post_install", "-at_install")
class TestMoneyPaths(CoopPosCommon):
    """Paths by which money could change after a sale: a used rule edited, the preview at a
    till in another currency, a cashier writing on a paid order over RPC, an invoice paid in
    accounting after its session closed. Each act by the least-privileged user doing it; the
    books read from the journal items."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule = cls.env["coop.cashback.rule"].search(
            [("company_id", "=", cls.env.company.id), ("name", "=", "5 %")]
        )
        cls.other = cls.register("89004445566", "Борис")

    def assert_books_agree(self):
        for person in (self.person, self.other):
            ledger = sum(self.ledger(person=person).mapped("amount"))
            self.assertAlmostEqual(-self.balance(self.liability, person), ledger)
            expense = self.balance(self.expense, person)
            accrued = self.ledger(person=person).filtered(lambda m: m.kind != "spend")
            self.assertAlmostEqual(expense, sum(accrued.mapped("amount")))
        result = self.env["coop.cashback.check"].with_user(self.manager).coop_invariants()
        self.assertTrue(result["ok"], result["problems"])
        return result

    @contextmanager
    def refused(self, pattern):
        """Refused with a message matching ``pattern``, and nothing of it left."""
        with self.assertRaisesRegex(UserError, pattern), self.env.cr.savepoint():
            yield

    def later_request(self):
        """What follows comes in another request (another transaction)."""
        self.env.cr.cache.pop("coop_pos_orders_unlocked", None)
        self.env.invalidate_all()

    # ------------------------------------------------------------------ rules

    def test_a_used_rules_money_terms_stay_and_it_can_only_be_ended(self):
        self.open_new_session()
        self.sync([(self.milk, 2)], [(self.cash_pm1, 200)])  # earns 10 by the 5 % rule
        rule = self.rule.with_user(self.manager)
        today = fields.Date.today()
        for values in (
            {"percent": 10},
            {"date_from": today + timedelta(days=1)},
            {"channel": "partner"},
            {"coop_state": "member"},
            {"categ_ids": [Command.set(self.categ_basic.ids)]},
            {"min_amount": 500},
            {"active": False},
            {"date_to": today - timedelta(days=1)},
        ):
            with self.subTest(values=values), self.assertRaisesRegex(UserError, "5 %.*Valid until"):
                rule.write(values)
        rule.write({"name": "Five percent", "percent": 5.0})  # the same rate: nothing changes
        rule.write({"date_to": today})  # ended today
        self.assertEqual((self.rule.percent, self.rule.date_to), (5.0, today))
        # the new rate is a new rule, from tomorrow; not used yet, it may still be corrected
        new = rule.create({"name": "7 %", "percent": 7, "date_from": today + timedelta(days=1)})
        new.write({"percent": 8})
        self.assertEqual(new.percent, 8)
        self.close_session()
        self.assertEqual(self.ledger("accrual").mapped("amount"), [10.0])
        self.assert_books_agree()

    # ------------------------------------------------------------------ preview

    def test_the_preview_at_a_till_in_another_currency_is_what_the_ledger_records(self):
        self.config = self.other_currency_config
        self.open_new_session()
        company = self.env.company
        method = self.config.payment_method_ids.filtered("is_cash_count")[:1]
        data = self.order_data([(self.milk, 3)], [(method, 150.0)])
        Order = self.env["pos.order"].with_user(self.cashier)
        Order.sync_from_ui([data])
        order = Order.search([("uuid", "=", data["uuid"])])
        self.assertNotEqual(order.currency_id, company.currency_id)
        lines = [[line.product_id.id, line.price_subtotal_incl] for line in order.lines]
        preview = (
            self.env["coop.cashback.rule"]
            .with_user(self.cashier)
            .coop_preview(self.person.id, lines, "pos", self.config.id)
        )
        [accrual] = self.ledger("accrual")
        self.assertEqual(preview["total"], accrual.amount)
        self.assertNotAlmostEqual(preview["total"], order.amount_total * 0.05)
        self.assertEqual(preview["currency_id"], company.currency_id.id)

    # ------------------------------------------------------------------ paid orders

    def paid_order_attempts(self, order):
        line = order.lines[:1]
        return [
            {"partner_id": self.other.id},
            {"partner_id": False},
            {"amount_total": 1.0},
            {"amount_paid": 1.0},
            {"amount_tax": 1.0},
            {"lines": [Command.update(line.id, {"qty": 10, "price_subtotal_incl": 1000})]},
            {"lines": [Command.unlink(line.id)]},
            {"payment_ids": [Command.create({"payment_method_id": self.cash_pm1.id,
                                             "amount": 50})]},
            {"state": "paid" if order.state == "done" else "done"} if order.session_id.state
            == "closed" else {"state": "invoiced"},
            {"date_order": fields.Datetime.now() - timedelta(days=30)},
        ]  # fmt: skip

    def test_a_cashier_cannot_rewrite_a_paid_order_over_rpc(self):
        self.open_new_session()
        closed = self.sync([(self.milk, 2)], [(self.cash_pm1, 200)])  # earns 10
        self.close_session()
        self.open_new_session()
        open_ = self.sync([(self.milk, 4)], [(self.cash_pm1, 400)])  # earns 20
        self.later_request()
        for order in (closed, open_):
            for values in self.paid_order_attempts(order):
                with self.subTest(order=order.name, values=values):
                    with self.refused(order.name):
                        order.with_user(self.cashier).write(values)
            # nor its lines, written directly
            line = order.lines[:1].with_user(self.cashier)
            with self.refused(order.name):
                line.write({"qty": 10, "price_subtotal_incl": 1000})
            with self.refused(order.name):
                line.unlink()
            with self.refused(order.name):
                line.copy({"order_id": order.id})
            # nor its payments
            payment = order.payment_ids[:1].with_user(self.cashier)
            with self.refused(order.name):
                payment.write({"amount": 1.0})
            with self.refused(order.name):
                payment.unlink()
            # (Odoo refuses it already on an order its session closed)
            with self.refused(f"{order.name}|posted order"):
                payment.copy({"amount": 50, "pos_order_id": order.id})
            # the computed cashback fields cannot be set either
            order.with_user(self.cashier).write({"coop_cashback_earned": 999})
            order.invalidate_recordset()
            self.assertLess(order.coop_cashback_earned, 999)
        self.close_session()
        self.assertEqual(sorted(self.ledger("accrual").mapped("amount")), [10.0, 20.0])
        self.assertFalse(self.ledger(person=self.other))
        self.assertEqual((closed | open_).mapped("partner_id"), self.person)
        self.assert_books_agree()

    def test_a_new_order_cannot_rewrite_the_lines_or_payments_of_a_paid_one(self):
        self.open_new_session()
        paid = self.sync([(self.milk, 2)], [(self.cash_pm1, 200)])  # earns 10
        self.later_request()
        line, payment = paid.lines[:1], paid.payment_ids[:1]
        values = {"session_id": self.pos_session.id, "amount_tax": 0, "amount_total": 0,
                  "amount_paid": 0, "amount_return": 0}  # fmt: skip
        for commands in (
            {"lines": [Command.update(line.id, {"qty": 50, "price_subtotal_incl": 0})]},
            {"lines": [Command.delete(line.id)]},
            {"payment_ids": [Command.update(payment.id, {"amount": 1.0})]},
        ):
            with self.subTest(commands=commands), self.refused(paid.name):
                self.env["pos.order"].with_user(self.cashier).create({**values, **commands})
        self.assertEqual((line.qty, payment.amount), (2, 200))
        self.close_session()
        self.assertEqual(self.ledger("accrual").mapped("amount"), [10.0])
        self.assert_books_agree()

    def test_a_cashier_cannot_give_an_unnamed_sale_to_a_person_before_the_close(self):
        self.open_new_session()
        anonymous = self.sync([(self.milk, 2)], [(self.cash_pm1, 200)], customer=False)
        self.later_request()
        with self.assertRaisesRegex(UserError, anonymous.name):
            anonymous.with_user(self.cashier).write({"partner_id": self.other.id})
        self.close_session()
        self.assertFalse(self.ledger(person=self.other))
        self.assert_books_agree()

    def test_the_tills_own_flow_still_writes_its_orders(self):
        """A draft order sent again paid, an order invoiced later, a refund, the close."""
        self.open_new_session()
        data = self.order_data([(self.milk, 2)], [(self.cash_pm1, 200)])
        Order = self.env["pos.order"].with_user(self.cashier)
        empty = {"lines": [], "payment_ids": [], "amount_total": 0, "amount_tax": 0}
        Order.sync_from_ui([{**data, **empty, "state": "draft", "amount_paid": 0}])
        sale = Order.search([("uuid", "=", data["uuid"])])
        self.later_request()
        Order.sync_from_ui([{**data, "access_token": sale.access_token}])
        self.assertEqual((sale.state, self.ledger("accrual").amount), ("paid", 10.0))
        self.later_request()
        sale.with_user(self.cashier).action_pos_order_invoice()
        self.assertEqual(sale.state, "invoiced")
        refund = {"product": self.milk, "quantity": -1, "refunded_orderline_id": sale.lines.id}
        self.later_request()
        self.sync([refund], [(self.cash_pm1, -100)], refunded_order_id=sale.id)
        self.later_request()
        self.close_session()
        self.assertEqual(sorted(self.ledger().mapped("amount")), [-5.0, 10.0])
        self.assert_books_agree()

    # ------------------------------------------------------------------ pay later

    def test_an_invoice_paid_in_accounting_after_the_close_keeps_the_books_and_check(self):
        """As the till sends it: invoiced, 30 paid with cashback and the rest on the customer
        account; the session closed, then the accountant registers the invoice's payment."""
        check = self.env["coop.cashback.check"].with_user(self.manager)
        check.coop_adjust(self.person.id, 50, "Opening balance")
        self.open_new_session()
        sale = self.sync([(self.milk, 2)], [(self.cashback_pm, 30), (self.pay_later_pm, 170)],
                         to_invoice=True)  # fmt: skip
        self.assertEqual(sale.state, "invoiced")
        self.close_session()
        accountant = new_test_user(
            self.env, login="coop_accountant", company_id=self.env.company.id,
            groups="base.group_user,account.group_account_invoice",
        )  # fmt: skip
        self.later_request()
        invoice = sale.account_move.with_user(accountant)
        wizard = (
            self.env["account.payment.register"]
            .with_user(accountant)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": self.company_data["default_journal_bank"].id})
        )
        wizard.action_create_payments()
        self.assertIn(sale.account_move.payment_state, ("paid", "in_payment"))
        # recorded when the till sent it, booked by the session (the earning) and by the
        # invoice's cashback payment (the spend); the payment in accounting adds nothing
        accrual, spend = self.ledger("accrual"), self.ledger("spend")
        self.assertEqual((accrual.amount, spend.amount), (8.5, -30.0))
        self.assertEqual(accrual.account_move_id, self.pos_session.move_id)
        self.assertEqual(spend.account_move_id, sale.payment_ids.account_move_id)
        self.assertEqual(len(self.ledger()), 3)
        self.assertAlmostEqual(-self.balance(self.liability), 50 - 30 + 8.5)
        self.assert_books_agree()

    def test_cashback_recorded_after_the_close_is_booked_by_an_entry_of_its_own(self):
        """An order saved paid into a closed session (an import, a script): its cashback is
        recorded then, after the session's entry; booked at once, and the check agrees."""
        self.open_new_session()
        sale = self.sync([(self.milk, 2)], [(self.cash_pm1, 200)])  # earns 10
        self.close_session()
        late = sale.sudo().copy({"state": "done", "session_id": self.pos_session.id})
        [entry] = self.ledger("accrual") - self.ledger("accrual").filtered(
            lambda m: m.source_ref == sale
        )
        self.assertEqual((entry.amount, entry.source_ref), (10.0, late))
        move = entry.account_move_id
        self.assertEqual(move.state, "posted")
        self.assertNotEqual(move, self.pos_session.move_id)
        self.assertEqual(
            {(line.account_id.id, line.partner_id.id, line.balance) for line in move.line_ids},
            {(self.liability.id, self.person.id, -10.0), (self.expense.id, self.person.id, 10.0)},
        )
        self.assertAlmostEqual(-self.balance(self.liability), 20.0)
        self.assert_books_agree()
