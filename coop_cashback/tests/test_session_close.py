from contextlib import ExitStack
from unittest.mock import patch

from odoo.tests import tagged

from .pos_common import CoopPosCommon


class _RolledBack(Exception):
    pass


@tagged("post_install", "-at_install")
class TestSessionClose(CoopPosCommon):
    """A session of several people's orders closed by the cashier: the cashback is booked in
    the session's own journal entry (two lines per person, the person on both), set-based, and
    every ledger entry of its orders points at the entry that books it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.boris = cls.register("89001112244", "Борис")
        cls.vera = cls.register("89001112255", "Вера")
        cls.stranger = cls.env["res.partner"].create({"name": "Прохожий", "phone": "89005550000"})

    def setUp(self):
        super().setUp()
        self.open_new_session()

    def play_day(self):
        """Sales, a refund, a cashback spend, a customer outside the cooperative and an
        invoiced order, all at the till. Returns the orders."""
        orders = self.sync([(self.milk, 4)], [(self.cash_pm1, 400)])  # the person earns 20
        orders |= self.sync([(self.milk, 1)], [(self.cashback_pm, 15), (self.cash_pm1, 85)])
        sale = self.sync([(self.milk, 2)], [(self.cash_pm1, 200)], customer=self.boris)  # 10
        refund = {"product": self.milk, "quantity": -1, "refunded_orderline_id": sale.lines.id}
        orders |= sale | self.sync([refund], [(self.cash_pm1, -100)], customer=self.boris,
                                   refunded_order_id=sale.id)  # fmt: skip
        orders |= self.sync([(self.milk, 1)], [(self.cash_pm1, 100)], customer=self.stranger)
        orders |= self.sync([(self.milk, 3)], [(self.cash_pm1, 300)], customer=self.vera,
                            to_invoice=True)  # fmt: skip
        return orders

    def close_as_cashier(self, session=None):
        """Closed by the cashier; returns the journal entries the close created."""
        session = session or self.pos_session
        Move = self.env["account.move"].sudo()
        last = Move.search([], order="id desc", limit=1).id
        session.with_user(self.cashier).action_pos_session_closing_control()
        self.assertEqual(session.state, "closed")
        return Move.search([("id", ">", last)])

    def ledger_of(self, orders):
        refs = [f"pos.order,{order.id}" for order in orders]
        return self.env["coop.cashback.move"].sudo().search([("source_ref", "in", refs)])

    def expense_of(self, person):
        return self.balance(self.expense, person)

    def test_a_day_closed_books_each_persons_cashback_in_the_session_entry(self):
        orders = self.play_day()
        invoiced = orders.filtered(lambda o: o.state == "invoiced")
        self.assertEqual(len(invoiced), 1)
        entries = self.close_as_cashier()
        session_entry = self.pos_session.move_id
        # Odoo's own entries of the close (the session's, the cash counted): no cashback entry
        # of its own, whatever the number of people or orders
        coop_journal = self.env.company.coop_journal_id
        self.assertFalse(entries.filtered(lambda m: m.journal_id == coop_journal))
        self.assertIn(session_entry, entries)
        self.assertEqual(set(entries.mapped("state")), {"posted"})
        cashback_lines = session_entry.line_ids.filtered(
            lambda line: (
                line.account_id in (self.liability | self.expense)
                and line.name.startswith("Cashback of")
            )
        )
        # two lines per person who earned (the three people), none for the stranger
        self.assertEqual(len(cashback_lines), 6)
        self.assertEqual(cashback_lines.partner_id, self.person | self.boris | self.vera)
        earned = {self.person: 20 + 4.25, self.boris: 10 - 5, self.vera: 15}
        for person, amount in earned.items():
            with self.subTest(person=person.name):
                ledger = sum(self.ledger(person=person).mapped("amount"))
                self.assertAlmostEqual(-self.balance(self.liability, person), ledger)
                self.assertAlmostEqual(self.expense_of(person), amount)
        self.assertAlmostEqual(sum(self.ledger(person=self.person).mapped("amount")), 9.25)
        self.assertFalse(self.balance(self.liability, self.stranger))
        ledger = self.ledger_of(orders)
        self.assertEqual(len(ledger), 6, "accruals of 4 sales, the spend, the refund's reversal")
        self.assertTrue(all(ledger.mapped("account_move_id")), "every entry booked")
        spend = ledger.filtered(lambda m: m.kind == "spend")
        self.assertEqual(spend.account_move_id, session_entry, "its money: the payment lines")
        self.assertEqual((ledger - spend).account_move_id, session_entry)
        result = self.env["coop.cashback.check"].with_user(self.manager).coop_invariants()
        self.assertTrue(result["ok"], result["problems"])

    def test_the_entries_of_a_close_do_not_grow_with_the_people(self):
        self.sync([(self.milk, 1)], [(self.cash_pm1, 100)])
        few = self.close_as_cashier()
        self.open_new_session()
        orders = self.play_day()
        for person in (self.person, self.boris, self.vera):
            orders |= self.sync([(self.milk, 1)], [(self.cash_pm1, 100)], customer=person)
        many = self.close_as_cashier()
        self.assertEqual(len(many), len(few))
        self.assertTrue(all(self.ledger_of(orders).mapped("account_move_id")))

    def test_a_refund_in_a_later_session_is_booked_by_that_session(self):
        sale = self.sync([(self.milk, 4)], [(self.cash_pm1, 400)])  # earns 20
        self.close_as_cashier()
        first_entry = self.pos_session.move_id
        self.assertEqual(self.ledger("accrual").account_move_id, first_entry)
        second = self.open_new_session()
        refund = {"product": self.milk, "quantity": -2, "refunded_orderline_id": sale.lines.id}
        self.sync([refund], [(self.cash_pm1, -200)], refunded_order_id=sale.id)
        self.close_as_cashier(second)
        self.assertEqual(self.ledger("accrual").account_move_id, first_entry, "booked once")
        self.assertEqual(self.ledger("reversal").account_move_id, second.move_id)
        self.assertAlmostEqual(-self.balance(self.liability), 10.0)
        self.assertAlmostEqual(self.expense_of(self.person), 10.0)
        result = self.env["coop.cashback.check"].with_user(self.manager).coop_invariants()
        self.assertTrue(result["ok"], result["problems"])

    def test_cashback_lines_follow_the_analytic_models_when_there_are_some(self):
        # the close skips searching the analytic models line by line only when there are none
        self.sync([(self.milk, 4)], [(self.cash_pm1, 400)])  # earns 20
        plan = self.env["account.analytic.plan"].create({"name": "Stores"})
        store = self.env["account.analytic.account"].create(
            {"name": "Store 1", "plan_id": plan.id, "company_id": self.env.company.id}
        )
        self.env["account.analytic.distribution.model"].create(
            {"account_prefix": self.expense.code, "analytic_distribution": {store.id: 100}}
        )
        self.close_as_cashier()
        lines = self.pos_session.move_id.line_ids.filtered(lambda line: line.partner_id)
        expense = lines.filtered(lambda line: line.account_id == self.expense)
        self.assertEqual(expense.analytic_distribution, {str(store.id): 100})
        self.assertFalse((lines - expense).filtered("analytic_distribution"))

    def test_without_analytic_models_the_cashback_lines_have_none(self):
        self.sync([(self.milk, 4)], [(self.cash_pm1, 400)])
        self.env["account.analytic.distribution.model"].search([]).unlink()
        self.close_as_cashier()
        lines = self.pos_session.move_id.line_ids.filtered(lambda line: line.partner_id)
        self.assertEqual(len(lines), 2)
        self.assertFalse(lines.filtered("analytic_distribution"))
        self.assertAlmostEqual(-self.balance(self.liability), 20.0)
        self.assertAlmostEqual(self.expense_of(self.person), 20.0)

    def test_cashback_lines_carry_what_odoo_computes_for_a_line_alone(self):
        # the close completes the cashback lines from one line per account (not the ORM line
        # by line): each must carry what Odoo computes for the same line created on its own
        self.sync([(self.milk, 4)], [(self.cash_pm1, 400)])  # the person earns 20
        self.sync([(self.milk, 2)], [(self.cash_pm1, 200)], customer=self.boris)  # 10
        self.close_as_cashier()
        entry = self.pos_session.move_id
        cashback = self.liability | self.expense
        lines = entry.line_ids.filtered(lambda line: line.account_id in cashback)
        self.assertEqual(len(lines), 4)
        MoveLine = self.env["account.move.line"].sudo().with_context(check_move_validity=False)
        alone = self.env["account.move"].sudo().create({"journal_id": entry.journal_id.id})
        compared = [name for name, field in MoveLine._fields.items() if field.precompute]
        compared += ["price_subtotal", "price_total", "analytic_distribution", "tax_tag_ids"]
        for line in lines:
            probe = MoveLine.create({
                "move_id": alone.id, "account_id": line.account_id.id, "name": line.name,
                "partner_id": line.partner_id.id, "balance": line.balance,
            })  # fmt: skip
            for name in compared:
                with self.subTest(line=line.display_name, field=name):
                    self.assertEqual(line[name], probe[name])

    # the cashback lines of people after the first, copied from the first person's lines

    def cashback_rows(self):
        """The stored columns of the session entry's cashback lines, by person and account."""
        self.env.flush_all()
        self.env.cr.execute(
            """SELECT * FROM account_move_line WHERE move_id = %s AND name LIKE 'Cashback of%%'
                ORDER BY partner_id, account_id""",
            [self.pos_session.move_id.id],
        )
        return self.env.cr.dictfetchall()

    def entry_totals(self):
        entry = self.pos_session.move_id
        return [entry[name] for name in ("name", "state", "amount_total", "amount_total_signed")]

    def close_spying(self, copy=True):
        """Closed by the cashier; the lines copied by the close (not created by the ORM).
        Without ``copy``, every line is created by the ORM."""
        Session = type(self.env["pos.session"])
        copy_lines, copied = Session._coop_copy_lines, []

        def spy(session, templates, vals_list):
            copied.append(copy_lines(session, templates, vals_list))
            return copied[-1]

        with ExitStack() as stack:
            stack.enter_context(patch.object(Session, "_coop_copy_lines", spy))
            if not copy:
                stack.enter_context(patch.object(Session, "_coop_can_copy", return_value=False))
            self.close_as_cashier()
        return copied

    def play_three_people(self):
        self.sync([(self.milk, 4)], [(self.cash_pm1, 400)])  # the person earns 20
        self.sync([(self.milk, 2)], [(self.cash_pm1, 200)], customer=self.boris)  # 10
        sale = self.sync([(self.milk, 3)], [(self.cash_pm1, 300)], customer=self.vera)  # 15
        refund = {"product": self.milk, "quantity": -1, "refunded_orderline_id": sale.lines.id}
        self.sync([refund], [(self.cash_pm1, -100)], customer=self.vera,
                  refunded_order_id=sale.id)  # fmt: skip

    def close_twice(self):
        """The session closed with every line by the ORM (rolled back), then with the copies:
        every stored column of every cashback line the same, and the entry's name, state and
        totals; returns the lines copied and the rows. Not compared: the ids (the entry is made
        again) and the last write's date and user (the user whose environment flushed the
        lines' computed fields last: by the ORM alone, the read below; with the copies, the
        close itself), on every line."""
        try:
            with self.env.cr.savepoint():
                self.assertFalse(self.close_spying(copy=False), "every line by the ORM")
                by_orm, orm_totals = self.cashback_rows(), self.entry_totals()
                raise _RolledBack
        except _RolledBack:
            self.env.transaction.clear()
        self.assertEqual(self.pos_session.state, "opened")
        copied = self.close_spying()
        rows = self.cashback_rows()
        self.assertEqual(len(rows), len(by_orm))
        other = {"id", "create_date", "write_date", "write_uid", "move_id"}
        for row, orm_row in zip(rows, by_orm, strict=True):
            for column in set(row) - other:
                with self.subTest(partner=row["partner_id"], column=column):
                    self.assertEqual(row[column], orm_row[column])
        self.assertEqual(self.entry_totals(), orm_totals, "the entry's totals with the copies")
        return copied, rows

    def test_copied_cashback_lines_are_the_lines_the_orm_creates(self):
        self.play_three_people()
        copied, rows = self.close_twice()
        self.assertEqual(len(copied), 1)
        self.assertEqual(copied[0].partner_id, self.boris | self.vera, "the person's: templates")
        self.assertEqual(len(copied[0]), 4)
        self.assertEqual(len(rows), 6)
        self.assertEqual({row["id"] for row in rows} & set(copied[0].ids), set(copied[0].ids))
        for person, earned in {self.person: 20, self.boris: 10, self.vera: 10}.items():
            with self.subTest(person=person.name):
                ledger = sum(self.ledger(person=person).mapped("amount"))
                self.assertAlmostEqual(ledger, earned)
                self.assertAlmostEqual(-self.balance(self.liability, person), ledger)
                self.assertAlmostEqual(self.expense_of(person), earned)
        result = self.env["coop.cashback.check"].with_user(self.manager).coop_invariants()
        self.assertTrue(result["ok"], result["problems"])

    def test_a_persons_analytic_model_applies_to_the_lines_of_later_people(self):
        # the copies are only taken without analytic models: one may be another person's
        plan = self.env["account.analytic.plan"].create({"name": "Stores"})
        store = self.env["account.analytic.account"].create(
            {"name": "Store 1", "plan_id": plan.id, "company_id": self.env.company.id}
        )
        self.env["account.analytic.distribution.model"].create(
            {"account_prefix": self.expense.code, "partner_id": self.vera.id,
             "analytic_distribution": {store.id: 100}}
        )  # fmt: skip
        self.play_three_people()
        self.assertFalse(self.close_spying(), "every line by the ORM")
        lines = self.pos_session.move_id.line_ids.filtered(
            lambda line: line.account_id == self.expense
        )
        self.assertEqual(len(lines), 3)
        with_model = lines.filtered("analytic_distribution")
        self.assertEqual(with_model.partner_id, self.vera)
        self.assertEqual(with_model.analytic_distribution, {str(store.id): 100})
