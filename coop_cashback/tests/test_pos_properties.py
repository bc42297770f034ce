from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.tests import freeze_time, tagged

from .pos_common import CoopPosCommon

PEOPLE = 3
# a sale: person, till, quantity, cashback asked for (the till may be stale: any amount up to
# the total), invoiced or not
SALE = st.tuples(
    st.just("sale"), st.integers(0, PEOPLE - 1), st.integers(0, 1), st.integers(1, 4),
    st.sampled_from([0, 0, 10, 60, 150, 400]), st.booleans(),
)  # fmt: skip
REFUND = st.tuples(st.just("refund"), st.integers(0, 50), st.integers(1, 4))
ADJUST = st.tuples(st.just("adjust"), st.integers(0, PEOPLE - 1), st.sampled_from([-30, 25, 80]))
EXPIRE = st.tuples(st.just("expire"))
OPERATIONS = st.lists(st.one_of(SALE, SALE, REFUND, ADJUST, EXPIRE), min_size=1, max_size=12)


@tagged("post_install", "-at_install")
class TestPosMoneyProperties(CoopPosCommon):
    """Random sequences of sales (some invoiced, some paid with more cashback than is left),
    refunds, adjustments and expiries, for a few people at two tills, then both sessions
    closed: for every person the ledger equals the liability account, and a balance is below
    zero only by an overdraft recorded as such."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.coop_cashback_expiry_days = 365
        cls.till2 = cls.env["pos.config"].create({
            "name": "Till 2", "invoice_journal_id": cls.invoice_journal.id,
            "available_pricelist_ids": cls.currency_pricelist.ids,
            "pricelist_id": cls.currency_pricelist.id,
            "payment_method_ids": [(6, 0, (cls.bank_pm1 | cls.cashback_pm).ids)],
        })  # fmt: skip
        cls.people = cls.person | cls.register("89001112244", "Борис")
        cls.people |= cls.register("89001112255", "Вера")

    @settings(
        max_examples=8,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(OPERATIONS)
    def test_ledger_equals_liability_after_any_sequence(self, operations):
        with self.env.cr.savepoint() as savepoint:
            self.play(operations)
            savepoint.rollback()
        self.env.invalidate_all()

    def play(self, operations):
        sessions = []
        for config in (self.basic_config, self.till2):
            self.config = config
            sessions.append(self.open_new_session())
        sales = []
        for operation in operations:
            getattr(self, f"do_{operation[0]}")(sessions, sales, *operation[1:])
        for session in sessions:
            session.action_pos_session_closing_control()
            self.assertEqual(session.state, "closed")
        self.assert_books(self.people)

    def payment(self, session):
        return self.cash_pm1 if session.config_id == self.basic_config else self.bank_pm1

    def send(self, session, lines, payments, person, **values):
        self.config, self.pos_session = session.config_id, session
        return self.sync(lines, payments, customer=person, **values)

    def do_sale(self, sessions, sales, who, till, qty, cashback, invoiced):
        session, total = sessions[till], 100.0 * qty
        cashback = min(cashback, total)
        payments = [(self.cashback_pm, cashback)] if cashback else []
        if total > cashback:
            payments.append((self.payment(session), total - cashback))
        order = self.send(session, [(self.milk, qty)], payments, self.people[who],
                          to_invoice=invoiced)  # fmt: skip
        self.assertIn(order.state, ("paid", "invoiced"), "a sale that happened is recorded")
        if not invoiced:
            sales.append(order)

    def do_refund(self, sessions, sales, which, qty):
        if not sales:
            return
        sale = sales[which % len(sales)]
        left = sale.lines.qty - sum(sale.lines.refund_orderline_ids.mapped("qty")) * -1
        qty = min(qty, left)
        if qty <= 0:
            return
        line = {"product": self.milk, "quantity": -qty, "refunded_orderline_id": sale.lines.id}
        paid_cashback = sum(
            sale.payment_ids.filtered("payment_method_id.coop_is_cashback").mapped("amount")
        )
        back = min(paid_cashback * qty / sale.lines.qty, 100.0 * qty)
        payments = [(self.cashback_pm, -back)] if back else []
        if 100.0 * qty > back:
            payments.append((self.payment(sale.session_id), -(100.0 * qty - back)))
        self.send(sale.session_id, [line], payments, sale.partner_id,
                  refunded_order_id=sale.id)  # fmt: skip

    def do_adjust(self, sessions, sales, who, amount):
        Check = self.env["coop.cashback.check"].with_user(self.manager)
        person = self.people[who]
        person.invalidate_recordset()
        if amount < 0 and person.coop_cashback_balance < -amount:
            return  # refused for the manager, as it should: tested elsewhere
        Check.coop_adjust(person.id, amount, "Проверка")

    def do_expire(self, sessions, sales):
        with freeze_time(self.company.coop_cashback_expired_until or "2099-01-01"):
            self.env["coop.cashback.check"]._coop_cron_expire()

    def assert_books(self, people):
        Move = self.env["coop.cashback.move"]
        for person in people:
            moves = Move.search([("partner_id", "=", person.id)])
            ledger = sum(moves.mapped("amount"))
            self.assertAlmostEqual(-self.balance(self.liability, person), ledger, 2)
            self.assertGreaterEqual(ledger, -sum(moves.mapped("overdraft_amount")) - 0.005)
        result = self.env["coop.cashback.check"].with_user(self.manager).coop_invariants()
        self.assertTrue(result["ok"], result["problems"])
