"""Hostile review of session 12's close (the cashback lines of people after the first copied
from the first person's two lines in one INSERT ... SELECT): shapes the column test of
``test_session_close`` does not play, each closed with every line by the ORM (rolled back) and
with the copies, every stored column compared; and the premises of ``_coop_can_copy`` checked
on the registry as installed."""

from odoo.tests import tagged

from . import test_session_close as close_tests
from .pos_common import CoopPosCommon

_Close = close_tests.TestSessionClose


@tagged("post_install", "-at_install")
class TestReviewS12FinalClose(CoopPosCommon):
    """The copies against the ORM, as the cashier closes (sync_from_ui, then the close)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.boris = cls.register("89001112266", "Борис")
        cls.vera = cls.register("89001112277", "Вера")

    def setUp(self):
        super().setUp()
        self.open_new_session()

    close_as_cashier = _Close.close_as_cashier
    close_spying = _Close.close_spying
    close_twice = _Close.close_twice
    cashback_rows = _Close.cashback_rows
    entry_totals = _Close.entry_totals
    expense_of = _Close.expense_of

    def assert_copies_are_the_orm_lines(self):
        """The session closed twice (``close_twice``: every line by the ORM, rolled back, then
        with the copies, every stored column compared); the books per person agree with the
        ledger."""
        copied, _rows = self.close_twice()
        self.assertEqual(len(copied), 1, "the copies taken")
        for person in self.person | self.boris | self.vera:
            with self.subTest(person=person.name):
                ledger = sum(self.ledger(person=person).mapped("amount"))
                self.assertAlmostEqual(-self.balance(self.liability, person), ledger)
        result = self.env["coop.cashback.check"].with_user(self.manager).coop_invariants()
        self.assertTrue(result["ok"], result["problems"])

    def play_three_people(self):
        self.sync([(self.milk, 4)], [(self.cash_pm1, 400)])  # the person earns 20
        self.sync([(self.milk, 2)], [(self.cash_pm1, 200)], customer=self.boris)  # 10
        self.sync([(self.milk, 3)], [(self.cash_pm1, 300)], customer=self.vera)  # 15

    def test_copies_on_a_reconciled_liability_account_are_the_orm_lines(self):
        # a reconcilable liability account: the lines' residuals are their amounts (the
        # copies' CASE), not zero as in the column test of test_session_close
        self.liability.reconcile = True
        self.play_three_people()
        self.assert_copies_are_the_orm_lines()
        lines = self.pos_session.move_id.line_ids.filtered(
            lambda line: line.account_id == self.liability
        )
        self.assertEqual(len(lines), 3)
        for line in lines:
            with self.subTest(person=line.partner_id.name):
                self.assertEqual(line.amount_residual, line.balance)
                self.assertFalse(line.reconciled)

    def test_copies_after_a_first_person_taken_back_are_the_orm_lines(self):
        # the first person of the close has cashback taken back (a refund of an earlier
        # session's sale): the templates are a debit of the liability and a credit of the
        # expense, the later people's copies the other way round
        sale = self.sync([(self.milk, 4)], [(self.cash_pm1, 400)])  # earns 20
        self.close_as_cashier()
        self.open_new_session()
        refund = {"product": self.milk, "quantity": -2, "refunded_orderline_id": sale.lines.id}
        self.sync([refund], [(self.cash_pm1, -200)], refunded_order_id=sale.id)  # -10
        self.sync([(self.milk, 2)], [(self.cash_pm1, 200)], customer=self.boris)  # 10
        self.sync([(self.milk, 3)], [(self.cash_pm1, 300)], customer=self.vera)  # 15
        self.assert_copies_are_the_orm_lines()
        self.assertAlmostEqual(self.expense_of(self.person), 10.0)
        self.assertAlmostEqual(self.expense_of(self.boris), 10.0)
        self.assertAlmostEqual(self.expense_of(self.vera), 15.0)

    def test_copies_in_a_session_of_another_currency_are_the_orm_lines(self):
        # the till sells in another currency than the company's (its journal's): the
        # cashback lines are booked in the company's currency on an entry of that journal
        self.config = self.other_currency_config
        self.open_new_session()
        self.sync([(self.milk, 4)], [(self.cash_pm2, 200)])
        self.sync([(self.milk, 2)], [(self.cash_pm2, 100)], customer=self.boris)
        self.sync([(self.milk, 3)], [(self.cash_pm2, 150)], customer=self.vera)
        self.assertNotEqual(self.pos_session.currency_id, self.env.company.currency_id)
        self.assert_copies_are_the_orm_lines()

    def test_nothing_stored_on_a_line_follows_the_copied_values_but_what_the_copy_sets(self):
        # _coop_can_copy reads the root of the trigger tree of the person and the amounts:
        # a line field reached through another record (its entry's other lines), or following
        # the other values the copy sets (totals, residuals), would keep the template's value
        Session, Line = type(self.env["pos.session"]), self.env["account.move.line"]
        set_here = set(
            Session._COOP_PER_LINE + Session._COOP_FOLLOW_AMOUNT + Session._COOP_FIXED_HERE
        ) | {"price_subtotal", "price_total"}
        names = (
            *Session._COOP_PER_LINE,
            *("price_subtotal", "price_total", "amount_residual", "amount_residual_currency"),
        )
        tree = self.registry.get_trigger_tree([Line._fields[name] for name in names])
        following = {
            field.name
            for node in tree.depth_first()
            for field in node.root
            if field.store and field.model_name == Line._name
        }
        self.assertLessEqual(following, set_here)
        # nor a constraint the copies skip (the ORM checks it on each line it creates)
        watched = set()
        for method in Line._constraint_methods:
            fnames = getattr(method, "_constrains", ())
            fnames = fnames(Line) if callable(fnames) else fnames
            if set(fnames) & set(names):
                watched.add(method.__qualname__)
        self.assertFalse(watched)
