from contextlib import contextmanager
from datetime import date, datetime
from unittest.mock import patch

from odoo.modules.migration import load_script
from odoo.tests import freeze_time, tagged

from .pos_common import CoopPosCommon


@tagged("post_install", "-at_install")
class TestExpiryLateDebit(CoopPosCommon):
    """A sale made at an offline till before a credit expired, synced after the nightly job
    expired it: the sale was paid by that credit, so the next run gives back what the expiry
    took from the next one (once), and the books follow."""

    def setUp(self):
        super().setUp()
        self.company = self.env.company
        self.company.coop_cashback_expiry_days = 30
        self.Check = self.env["coop.cashback.check"]
        self.Move = self.env["coop.cashback.move"].with_company(self.company)
        # c1 expires on 31 Jan, c2 on 19 Feb
        self.c1 = self.credit("late:c1", date(2026, 1, 1))
        self.c2 = self.credit("late:c2", date(2026, 1, 20))
        with self.at(datetime(2026, 1, 30, 8)):
            self.open_new_session()

    @contextmanager
    def at(self, moment):
        """Everything inside happens at ``moment`` (the records' dates and creation times)."""
        with freeze_time(moment), patch.object(self.env.cr, "_now", moment):
            yield

    def credit(self, key, on):
        with self.at(datetime.combine(on, datetime.min.time())):
            move = self.Move._coop_record(
                self.person, "adjustment", 100.0, key, date=on, reason=key, available_date=on
            )
            self.company._coop_post_cashback_moves(move, ref=key)
        return move

    def run_expiry(self, on):
        """The nightly job at 2 o'clock (as the scheduler)."""
        with self.at(datetime.combine(on, datetime.min.time()).replace(hour=2)):
            self.Check._coop_cron_expire()

    def till_sale(self, sold_at, synced_at):
        """A sale of 100 paid in cashback at ``sold_at``, sent by the till at ``synced_at``."""
        with self.at(synced_at):
            self.sync([(self.milk, 1)], [(self.cashback_pm, 100)],
                      date_order=sold_at.strftime("%Y-%m-%d %H:%M:%S"))  # fmt: skip

    def close_session(self, moment):
        with self.at(moment):
            return super().close_session()

    def available(self):
        self.person.invalidate_recordset()
        return self.person.coop_cashback_balance

    def corrections(self):
        return self.ledger().filtered(lambda m: m.source_key.startswith("expiry-back:"))

    def lines(self, move):
        """``{account: (debit, credit)}`` of the person's journal items of ``move``."""
        items = move.account_move_id.line_ids.filtered(lambda line: line.partner_id == self.person)
        return {line.account_id: (line.debit, line.credit) for line in items}

    def assert_books_agree(self):
        """Per person from the journal items: the liability is the ledger; the expense is
        what the cooperative gave and took back (all but the spend, booked against the sale)."""
        self.env.flush_all()
        ledger = self.ledger()
        self.assertAlmostEqual(-self.balance(self.liability), sum(ledger.mapped("amount")))
        given = ledger.filtered(lambda m: m.kind != "spend")
        self.assertAlmostEqual(self.balance(self.expense), sum(given.mapped("amount")))
        self.assertTrue(all(ledger.mapped("account_move_id")), "every entry is booked")
        invariants = self.Check.with_user(self.manager).coop_invariants()
        self.assertTrue(invariants["ok"], invariants["problems"])

    def test_a_sale_synced_after_the_expiry_run_is_paid_by_the_expired_credit(self):
        self.run_expiry(date(2026, 1, 31))
        [expiry] = self.ledger("expiry")
        self.assertEqual((expiry.amount, expiry.source_key), (-100.0, f"expiry:{self.c1.id}"))
        self.till_sale(datetime(2026, 1, 30, 12), synced_at=datetime(2026, 2, 1, 10))
        spend = self.ledger("spend")
        self.assertEqual((spend.amount, spend.date), (-100.0, date(2026, 1, 30)))
        self.assertEqual(self.available(), 0.0, "before the next run, c2 looks eaten")
        self.close_session(datetime(2026, 2, 1, 20))

        self.run_expiry(date(2026, 2, 2))
        back = self.corrections()
        self.assertEqual(len(back), 1, "the expiry of 31 Jan is corrected")
        self.assertEqual(back.amount, 100.0)
        self.assertEqual(back.source_key, f"expiry-back:{expiry.id}")
        self.assertEqual(back.expiry_date, self.c2.expiry_date, "it expires as c2 would")
        self.assertIn("corrected: cashback spent before it expired", back.reason)
        # its own kind, booked as the reversal of the expiry: same accounts, the other way
        self.assertEqual(back.kind, "expiry_back")
        labels = dict(back._fields["kind"]._description_selection(self.env))
        self.assertEqual(labels[back.kind], "Expiry corrected")
        self.assertEqual(
            self.lines(back),
            {account: (credit, debit) for account, (debit, credit) in self.lines(expiry).items()},
        )
        self.assertEqual(self.lines(expiry), {self.liability: (100.0, 0.0),
                                              self.expense: (0.0, 100.0)})  # fmt: skip
        self.assertEqual(self.available(), 100.0, "c1 paid the sale, c2's 100 is left")
        self.assert_books_agree()

        self.run_expiry(date(2026, 2, 2))  # re-running (and the next nights) adds nothing
        self.run_expiry(date(2026, 2, 18))
        self.assertEqual(len(self.corrections()), 1)
        self.assertEqual(len(self.ledger("expiry")), 1)
        self.assertEqual(self.available(), 100.0)

        self.run_expiry(date(2026, 2, 19))  # c2's day: its 100 expires, nothing more
        self.assertEqual(sorted(self.ledger("expiry").mapped("amount")), [-100.0, -100.0])
        self.assertEqual(self.available(), 0.0)
        self.run_expiry(date(2026, 2, 20))
        self.assertEqual(len(self.corrections()), 1)
        self.assert_books_agree()

    def test_a_late_run_with_no_late_sale_corrects_nothing(self):
        # a sale of 3 Feb synced on time; the job, late, runs on 5 Feb
        self.till_sale(datetime(2026, 2, 3, 12), synced_at=datetime(2026, 2, 3, 12, 1))
        self.run_expiry(date(2026, 2, 5))
        self.close_session(datetime(2026, 2, 5, 20))
        self.run_expiry(date(2026, 2, 6))
        self.assertFalse(self.corrections())
        self.assertEqual(self.available(), 100.0)
        self.assert_books_agree()

    def test_a_sale_synced_late_but_made_after_the_expiry_date_corrects_nothing(self):
        self.run_expiry(date(2026, 2, 5))  # late: c1's 100 expires
        # a sale of 3 Feb (c1 had expired on 31 Jan: c2 paid it), synced on 6 Feb
        self.till_sale(datetime(2026, 2, 3, 12), synced_at=datetime(2026, 2, 6, 10))
        self.close_session(datetime(2026, 2, 6, 20))
        self.run_expiry(date(2026, 2, 7))
        self.assertFalse(self.corrections())
        self.assertEqual(self.available(), 0.0)
        self.assert_books_agree()

    def test_a_give_back_with_no_credit_left_expires_as_the_credit_that_covered_the_debt(self):
        self.run_expiry(date(2026, 1, 31))  # c1's 100 expires
        self.run_expiry(date(2026, 2, 19))  # c2's 100 expires: nothing left
        c3 = self.credit("late:c3", date(2026, 2, 25))  # expires on 27 Mar
        # a sale of 18 Feb (paid by c2, then valid), synced on 26 Feb: c3 pays it for now
        self.till_sale(datetime(2026, 2, 18, 12), synced_at=datetime(2026, 2, 26, 10))
        self.close_session(datetime(2026, 2, 26, 20))
        self.assertEqual(self.available(), 0.0)

        self.run_expiry(date(2026, 2, 27))
        back = self.corrections()
        self.assertEqual((back.amount, back.kind), (100.0, "expiry_back"))
        self.assertEqual(back.expiry_date, c3.expiry_date, "it gives c3 back: as c3 expires")
        self.assertEqual(self.available(), 100.0)
        self.assert_books_agree()
        self.run_expiry(date(2026, 3, 27))
        self.assertEqual(self.available(), 0.0, "what was given back expired with c3")
        self.assertEqual(len(self.ledger("expiry")), 3)
        self.assert_books_agree()

    def test_what_the_excess_ate_expired_since_the_give_back_restores_the_next_credit(self):
        self.run_expiry(date(2026, 1, 31))  # c1's 100 expires
        self.run_expiry(date(2026, 2, 19))  # c2's 100 expires
        c3 = self.credit("late:c3", date(2026, 2, 25))
        # a sale of 30 Jan (paid by c1), synced on 26 Feb: the expiry of 31 Jan took c2,
        # and c2's own expiry then made a debt that c3 covered
        self.till_sale(datetime(2026, 1, 30, 12), synced_at=datetime(2026, 2, 26, 10))
        self.close_session(datetime(2026, 2, 26, 20))

        self.run_expiry(date(2026, 2, 27))
        back = self.corrections()
        self.assertEqual(back.amount, 100.0)
        self.assertEqual(back.expiry_date, c3.expiry_date, "c2 expired rightly: c3 is restored")
        self.assertEqual(self.available(), 100.0, "c1 paid the sale, c2 expired, c3 is left")
        self.assertEqual(len(self.ledger("expiry")), 2, "nothing expired again")
        self.assert_books_agree()

    def test_the_migration_gives_earlier_give_backs_their_kind(self):
        self.run_expiry(date(2026, 1, 31))
        self.till_sale(datetime(2026, 1, 30, 12), synced_at=datetime(2026, 2, 1, 10))
        self.close_session(datetime(2026, 2, 1, 20))
        self.run_expiry(date(2026, 2, 2))
        back = self.corrections()
        # as version 18.0.1.3.0 recorded it
        self.env.cr.execute("UPDATE coop_cashback_move SET kind = 'adjustment' WHERE id = %s",
                            [back.id])  # fmt: skip
        self.env.invalidate_all()
        migration = load_script(
            "coop_cashback/migrations/18.0.1.4.0/post-migrate.py", "coop_cashback_1_4_0"
        )
        migration.migrate(self.env.cr, "18.0.1.3.0")
        self.env.invalidate_all()
        self.assertEqual(back.kind, "expiry_back")
        self.assertEqual(self.ledger("adjustment").mapped("source_key"), ["late:c2", "late:c1"])
        self.run_expiry(date(2026, 2, 3))  # and it counts as given back: nothing more
        self.assertEqual(len(self.corrections()), 1)
        self.assert_books_agree()
