from collections import defaultdict
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from unittest.mock import patch

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.tests import freeze_time, tagged

from odoo.addons.coop_membership.tests.common import CoopCase

START = date(2026, 1, 1)
# a day's operations: an accrual of one of two validities, a spend of a share of the balance,
# the nightly expiry; (person, amount or share)
ACCRUE = st.tuples(st.just("accrue"), st.integers(0, 1), st.integers(1, 90), st.booleans())
SPEND = st.tuples(st.just("spend"), st.integers(0, 1), st.integers(1, 100))
NEXT_DAY = st.tuples(st.just("day"), st.integers(1, 6))
DAYS = st.lists(st.one_of(ACCRUE, ACCRUE, SPEND, NEXT_DAY), min_size=1, max_size=14)


@tagged("post_install", "-at_install")
class TestExpiryPerCredit(CoopCase):
    """Each credit expires on its own date; what is used is taken from the credits the person
    had then, soonest-expiring first; the job never takes anyone below zero, runs once per
    credit, and the books agree with the ledger."""

    def setUp(self):
        super().setUp()
        self.company.coop_cashback_expiry_days = 365
        self.Check = self.env["coop.cashback.check"]
        self.Move = self.env["coop.cashback.move"].with_company(self.company)
        self.ann, self.bob = (
            self.register(f"890011133{i}0", name)[0] for i, name in enumerate(["Анна", "Борис"])
        )

    def record(self, person, kind, amount, key, on, **values):
        """An entry of ``person`` on ``on``, booked at once (as the job books what it does)."""
        move = self.Move._coop_record(person, kind, amount, key, date=on, **values)
        self.company._coop_post_cashback_moves(move, ref=key)
        return move

    def expire(self, on, chunk=None):
        """The nightly job on ``on``; for this cooperative only, a person a chunk, with
        ``chunk``."""
        with freeze_time(on):
            if not chunk:
                return self.Check._coop_cron_expire()
            while self.Check._coop_expire_chunk(self.company, on, chunk):
                pass

    def available(self, person):
        person.invalidate_recordset()
        return person.coop_cashback_balance

    def expired(self, person):
        return self.env["coop.cashback.move"].search(
            [("partner_id", "=", person.id), ("kind", "=", "expiry")]
        )

    def books(self, person):
        """The person's cashback liability and expense from the posted journal items."""
        company = self.company
        result = []
        for account in (
            company.coop_cashback_liability_account_id,
            company.coop_cashback_expense_account_id,
        ):
            lines = self.env["account.move.line"].search(
                [("account_id", "=", account.id), ("partner_id", "=", person.id),
                 ("parent_state", "=", "posted")]
            )  # fmt: skip
            result.append(round(-sum(lines.mapped("balance")), 2))
        return result

    def assert_books_agree(self, *people):
        for person in people:
            ledger = round(sum(person.coop_cashback_move_ids.mapped("amount")), 2)
            self.assertEqual(self.books(person), [ledger, -ledger], person.name)
        check = self.Check.with_user(self.manager).coop_check(self.company.id)
        self.assertEqual((check["differences"], check["duplicate_source_keys"]), ([], []))

    def test_each_credit_gets_its_expiry_date(self):
        regular = self.record(self.ann, "accrual", 10, "r", date(2026, 1, 10))
        bonus = self.record(self.ann, "accrual", 5, "b", date(2026, 1, 10), valid_days=7)
        spend = self.record(self.ann, "spend", -3, "s", date(2026, 1, 11))
        self.assertEqual(regular.expiry_date, date(2027, 1, 10))
        self.assertEqual(bonus.expiry_date, date(2026, 1, 17))
        self.assertFalse(spend.expiry_date)
        self.company.coop_cashback_expiry_days = 30  # new credits only: the promise stays
        self.assertEqual(regular.expiry_date, date(2027, 1, 10))
        [new_id] = self.Move._coop_record_many(
            self.company,
            [{"partner_id": self.ann.id, "kind": "accrual", "amount": 4, "source_key": "m",
              "date": date(2026, 2, 1), "channel": "manual"}],
        )  # fmt: skip
        self.assertEqual(self.Move.browse(new_id).expiry_date, date(2026, 3, 3))
        self.company.coop_cashback_expiry_days = 0
        self.assertFalse(self.record(self.ann, "accrual", 1, "n", date(2026, 2, 2)).expiry_date)

    def test_bulk_entries_get_the_dates_and_amounts_one_by_one_would(self):
        """The bulk path works out each distinct expiry once: every entry still gets what
        ``_coop_record`` gives it alone (its date's expiry, its own validity or expiry date,
        none for a reversal), amounts rounded once, nothing for what rounds to zero."""
        shapes = [
            ("accrual", 10.004, date(2026, 1, 10), {}),
            ("accrual", 5, date(2026, 1, 10), {"valid_days": 7}),
            ("accrual", 6, date(2026, 1, 10), {"expiry_date": date(2026, 4, 1)}),
            ("accrual", 2.5, date(2026, 2, 1), {}),
            ("accrual", 3, date(2026, 1, 10), {}),
            ("reversal", -1.006, date(2026, 2, 1), {}),
        ]
        self.record(self.bob, "accrual", 50, "bob-start", date(2026, 1, 1))
        ids = []
        for n, (kind, amount, on, extra) in enumerate(shapes):
            entry = {"partner_id": self.bob.id, "kind": kind, "amount": amount, "date": on,
                     "source_key": f"bulk{n}", "channel": "manual", **extra}  # fmt: skip
            ids += self.Move._coop_record_many(self.company, [entry])
            alone = self.Move._coop_record(self.ann, kind, amount, f"alone{n}", date=on, **extra)
            bulk = self.Move.browse(ids[-1])
            self.assertEqual(
                (bulk.amount, bulk.expiry_date, bulk.available_date),
                (alone.amount, alone.expiry_date, alone.available_date),
                f"{kind} {amount} on {on} {extra}",
            )
        entries = [
            {
                "partner_id": self.bob.id,
                "kind": kind,
                "amount": amount,
                "date": on,
                "source_key": f"many{n}",
                "channel": "manual",
                "valid_days": None,
                "expiry_date": extra.get("expiry_date"),
            }
            for n, (kind, amount, on, extra) in enumerate(shapes)
            if "valid_days" not in extra
        ]
        entries.append({**entries[0], "amount": 0.004, "source_key": "many-zero"})
        many = self.Move.browse(self.Move._coop_record_many(self.company, entries))
        one_by_one = self.Move.browse(ids).filtered(lambda m: m.source_key != "bulk1")
        self.assertEqual(
            many.mapped(lambda m: (m.amount, m.expiry_date, m.available_date)),
            one_by_one.mapped(lambda m: (m.amount, m.expiry_date, m.available_date)),
        )

    def test_unspent_bonus_expires_whole_on_its_day_older_cashback_stays(self):
        self.record(self.ann, "accrual", 100, "regular", date(2026, 1, 5))
        bonus = self.record(self.ann, "accrual", 50, "bonus", date(2026, 6, 1), valid_days=7)
        self.expire("2026-06-07")
        self.assertEqual(self.available(self.ann), 150.0, "the bonus is valid through 7 June")
        self.expire("2026-06-08")
        self.assertEqual(self.available(self.ann), 100.0)
        self.assertEqual(self.expired(self.ann).source_key, f"expiry:{bonus.id}")
        self.expire("2026-06-08")  # re-running expires nothing more
        self.expire("2026-06-09")
        self.assertEqual(self.expired(self.ann).amount, -50.0)
        self.assert_books_agree(self.ann)

    def test_a_purchase_after_the_bonus_takes_the_bonus_first(self):
        self.record(self.ann, "accrual", 100, "regular", date(2026, 1, 5))
        self.record(self.ann, "accrual", 50, "bonus", date(2026, 6, 1), valid_days=7)
        self.record(self.ann, "spend", -30, "paid", date(2026, 6, 3))
        self.expire("2026-06-08")
        self.assertEqual(self.expired(self.ann).amount, -20.0, "what is left of the bonus")
        self.assertEqual(self.available(self.ann), 100.0, "the regular cashback is whole")
        left = self.Check._coop_cashback_left(self.company, self.ann.ids)[self.ann.id]
        self.assertEqual([c[3] for c in left], [100.0, 0.0])
        self.assert_books_agree(self.ann)

    def test_a_bonus_earned_after_a_spend_is_not_used_by_it(self):
        self.record(self.ann, "accrual", 100, "regular", date(2026, 1, 5))
        self.record(self.ann, "spend", -30, "paid", date(2026, 6, 1))
        self.record(self.ann, "accrual", 50, "bonus", date(2026, 6, 2), valid_days=7)
        self.expire("2026-06-09")
        self.assertEqual(self.expired(self.ann).amount, -50.0)
        self.assertEqual(self.available(self.ann), 70.0)
        self.assert_books_agree(self.ann)

    def test_nobody_goes_below_zero(self):
        self.record(self.ann, "accrual", 50, "a", date(2026, 6, 1), valid_days=7)
        # a sale synced late took Ann below zero: later cashback covers the debt first
        self.record(self.ann, "spend", -80, "s", date(2026, 6, 2), overdraft=True)
        self.record(self.ann, "accrual", 20, "b", date(2026, 6, 3), valid_days=7)
        self.record(self.ann, "accrual", 25, "c", date(2026, 6, 4))
        self.record(self.bob, "accrual", 10, "d", date(2026, 5, 1))
        self.record(self.bob, "accrual", 40, "e", date(2026, 6, 1), valid_days=7)
        self.record(self.bob, "spend", -45, "t", date(2026, 6, 2))
        self.expire("2026-06-20")
        self.expire("2026-06-21")
        self.assertFalse(self.expired(self.ann) | self.expired(self.bob))
        self.assertEqual(self.available(self.ann), 15.0, "the debt was covered first")
        self.assertEqual(self.available(self.bob), 5.0, "the 45 came from the bonus first")
        self.assert_books_agree(self.ann, self.bob)

    @contextmanager
    def at(self, day, hour=10):
        """Everything inside happens on ``day`` at ``hour`` (the records' dates and creation
        times: what the job reads to know what it checked already)."""
        moment = datetime.combine(day, datetime.min.time()).replace(hour=hour)
        with freeze_time(moment), patch.object(self.env.cr, "_now", moment):
            yield

    def test_an_expiry_capped_by_the_balance_expires_the_rest_once_it_is_back(self):
        self.company.write({"coop_cashback_hold_days": 14, "coop_cashback_expiry_days": 30})
        with self.at(date(2026, 1, 11)):  # spendable from 25 Jan, expires on 10 Feb
            regular = self.record(self.ann, "accrual", 100, "regular", date(2026, 1, 11))
        with self.at(date(2026, 1, 28)):  # expires on 4 Feb, spendable from 11 Feb
            self.record(self.ann, "accrual", 50, "bonus", date(2026, 1, 28), valid_days=7)
        with self.at(date(2026, 1, 29)):  # the bonus first (it expires sooner), 30 of regular
            self.record(self.ann, "spend", -80, "paid", date(2026, 1, 29))
        with self.at(date(2026, 2, 4), hour=2):
            self.Check._coop_cron_expire()
        self.assertFalse(self.expired(self.ann), "the bonus was spent")
        with self.at(date(2026, 2, 10), hour=2):
            self.Check._coop_cron_expire()
            # 70 of regular is overdue, 20 available (the bonus spent is still on hold)
            self.assertEqual(self.expired(self.ann).mapped("amount"), [-20.0])
            self.assertEqual(self.available(self.ann), 0.0, "nobody below zero")
        self.assertTrue(self.ann.coop_cashback_expiry_capped)
        with self.at(date(2026, 2, 11), hour=2):  # the hold is over: the rest of regular expires
            self.Check._coop_cron_expire()
            self.assertEqual(self.available(self.ann), 0.0)
        expired = self.expired(self.ann).sorted("id")
        self.assertEqual(expired.mapped("amount"), [-20.0, -50.0])
        self.assertEqual(expired.mapped("source_key"),
                         [f"expiry:{regular.id}", f"expiry:{regular.id}:1"])  # fmt: skip
        self.assertFalse(self.ann.coop_cashback_expiry_capped)
        with self.at(date(2026, 2, 12), hour=2):
            self.Check._coop_cron_expire()
        self.assertEqual(len(self.expired(self.ann)), 2, "never more than the credit")
        self.assertEqual(
            self.Check._coop_cashback_left(self.company, self.ann.ids)[self.ann.id][0][3], 0.0
        )
        self.assert_books_agree(self.ann)

    # ------------------------------------------------------------------ the property

    @settings(
        max_examples=10,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(DAYS)
    def test_any_sequence_of_accruals_spends_and_nightly_runs(self, days):
        # a hold: a spend may take a credit still on hold, an expiry be capped by the balance
        self.company.coop_cashback_hold_days = 2
        with self.env.cr.savepoint() as savepoint:
            self.play(days)
            savepoint.rollback()
        self.env.invalidate_all()

    def play(self, days):
        people, today, n = (self.ann, self.bob), START, 0
        for op in days:
            n += 1
            if op[0] == "day":
                for _day in range(op[1]):
                    today += timedelta(days=1)
                    self.expire(today, chunk=1)
                    self.assert_sound(people, today)
            elif op[0] == "accrue":
                _kind, who, amount, short = op
                self.record(people[who], "accrual", amount, f"a{n}", today,
                            valid_days=3 if short else 10)  # fmt: skip
            else:
                _kind, who, share = op
                spend = round(self.available(people[who]) * share / 100, 2)
                if spend > 0:
                    self.record(people[who], "spend", -spend, f"s{n}", today)
        today += timedelta(days=11)  # everything recorded is due
        self.expire(today, chunk=1)
        self.assert_sound(people, today)
        for person in people:
            left = self.Check._coop_cashback_left(self.company, person.ids).get(person.id, [])
            self.assertFalse([c for c in left if c[3] > 0], "nothing overdue left unexpired")
            self.assertEqual(self.available(person), 0.0)
        self.assert_books_agree(*people)

    def assert_sound(self, people, today):
        for person in people:
            self.assertGreaterEqual(self.available(person), 0.0, f"{person.name} on {today}")
            credited = {m.id: m.amount for m in person.coop_cashback_move_ids if m.amount > 0}
            expired = defaultdict(float)  # by credit: an expiry capped may be followed by more
            for expiry in self.expired(person):
                credit_id = int(expiry.source_key.split(":")[1])
                expired[credit_id] = round(expired[credit_id] - expiry.amount, 2)
                self.assertLessEqual(expired[credit_id], credited[credit_id], expiry.source_key)
                self.assertLessEqual(self.Move.browse(credit_id).expiry_date, expiry.date)
