from datetime import date

from odoo.tests import freeze_time, tagged

from odoo.addons.coop_membership.tests.common import CoopCase


@tagged("post_install", "-at_install")
class TestCashbackExpiry(CoopCase):
    """Expiry in chunks of people, resumable, never taking a balance below zero."""

    def setUp(self):
        super().setUp()
        self.company.coop_cashback_expiry_days = 365
        self.Check = self.env["coop.cashback.check"]
        self.Move = self.env["coop.cashback.move"].with_company(self.company)
        self.people = [self.register(f"8900111220{i}", f"Человек {i}")[0] for i in range(3)]

    def record(self, person, kind, amount, key, on, **values):
        return self.Move._coop_record(person, kind, amount, key, date=on, **values)

    def available(self, person):
        person.invalidate_recordset()
        return person.coop_cashback_balance

    def test_chunks_of_people_resume_and_no_balance_goes_below_zero(self):
        spent, overdrawn, untouched = self.people
        old, recent = date(2025, 1, 10), date(2025, 12, 1)
        self.record(spent, "accrual", 100, "a1", old)
        self.record(spent, "spend", -30, "s1", recent)
        self.record(overdrawn, "accrual", 50, "a2", old)
        # a sale synced late took this person below zero: nothing of theirs expires
        self.record(overdrawn, "spend", -80, "s2", recent, overdraft=True)
        self.record(untouched, "accrual", 40, "a3", old)
        self.record(untouched, "accrual", 25, "a4", recent)
        company = self.company
        with freeze_time("2026-03-01"):
            limit = date(2026, 3, 1)  # credits expiring by this day are due
            self.assertTrue(self.Check._coop_expire_chunk(company, limit, 2))
            self.assertEqual(company.coop_cashback_expiry_cursor, overdrawn.id)
            self.assertFalse(company.coop_cashback_expired_until, "the run is not over")
            self.assertFalse(self.Check._coop_expire_chunk(company, limit, 2))
            self.assertEqual(company.coop_cashback_expiry_cursor, 0)
            self.assertEqual(company.coop_cashback_expired_until, limit)
            self.Check._coop_cron_expire()  # nothing more the same day
        self.assertEqual(
            [self.available(p) for p in self.people], [0.0, -30.0, 25.0], "70 and 40 expired"
        )
        expiries = self.env["coop.cashback.move"].search(
            [("company_id", "=", company.id), ("kind", "=", "expiry")]
        )
        self.assertEqual(sorted(expiries.mapped("amount")), [-70.0, -40.0])
        self.assertTrue(all(expiries.mapped("account_move_id")))
        liability = company.coop_cashback_liability_account_id
        # only the expiries are booked here (Dr liability / Cr expense), the accruals of this
        # test were not: the liability of each person moved by exactly what expired
        self.assertEqual(self.balance(liability, spent), 70.0)
        self.assertEqual(self.balance(liability, untouched), 40.0)
        self.assertEqual(self.balance(liability, overdrawn), 0.0)
        check = self.Check.with_user(self.manager).coop_check(company.id)
        self.assertEqual((check["differences"], check["duplicate_source_keys"]), ([], []))
        with freeze_time("2026-12-05"):  # a year after the recent accrual
            self.Check._coop_cron_expire()
        self.assertEqual(self.available(untouched), 0.0)
        self.assertEqual(self.available(overdrawn), -30.0)

    def test_a_credit_recorded_late_with_an_old_date_still_expires(self):
        person = self.people[0]
        with freeze_time("2026-03-01"):
            self.record(person, "accrual", 10, "on-time", date(2025, 1, 5))
            self.Check._coop_cron_expire()
        self.assertEqual(self.available(person), 0.0)
        # a partner's sale of last year matched today (the person registered since)
        self.record(person, "accrual", 40, "matched-late", date(2025, 1, 20))
        with freeze_time("2026-03-02"):
            self.Check._coop_cron_expire()
        self.assertEqual(self.available(person), 0.0)
        expiries = person.coop_cashback_move_ids.filtered(lambda m: m.kind == "expiry")
        self.assertEqual(sorted(expiries.mapped("amount")), [-40.0, -10.0])

    def test_cashback_spent_then_given_back_by_a_refund_still_expires(self):
        person = self.people[1]
        self.record(person, "accrual", 100, "earned", date(2025, 1, 5))
        self.record(person, "spend", -100, "spent", date(2025, 2, 1))
        self.record(person, "reversal", 100, "spent-given-back", date(2025, 2, 3))
        with freeze_time("2026-03-01"):
            self.Check._coop_cron_expire()
        self.assertEqual(self.available(person), 0.0)
