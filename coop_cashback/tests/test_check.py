from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged

from odoo.addons.coop_membership.tests.common import CoopCase


@tagged("post_install", "-at_install")
class TestCashbackCheckAdjustExpire(CoopCase):
    """The manager's check (ledger = liability account), adjustments and expiry."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Check = cls.env["coop.cashback.check"]

    def setUp(self):
        super().setUp()
        self.person, _r = self.register("89001112233")
        self.as_manager = self.Check.with_user(self.manager).with_company(self.company)

    def check(self):
        return self.as_manager.coop_check(self.company.id)

    def test_adjustments_are_booked_and_the_check_agrees(self):
        self.as_manager.coop_adjust(self.person.id, 300, "Компенсация за брак")
        self.as_manager.coop_adjust(self.person.id, -100, "Ошибка кассира")
        self.person.invalidate_recordset()
        self.assertEqual(self.person.coop_cashback_balance, 200)
        result = self.check()
        self.assertEqual(result["differences"], [])
        self.assertEqual(result["duplicate_source_keys"], [])
        liability = self.company.with_company(self.company).coop_cashback_liability_account_id
        self.assertEqual(self.balance(liability, self.person), -200)

    def test_the_check_reports_a_difference(self):
        self.as_manager.coop_adjust(self.person.id, 50, "Начальный остаток")
        # an entry put in the books behind the ledger's back
        company = self.company.with_company(self.company)
        stray = self.env["coop.cashback.move"].sudo().create(
            {"partner_id": self.person.id, "company_id": self.company.id, "kind": "adjustment",
             "amount": 7, "source_key": "stray", "reason": "x"}
        )  # fmt: skip
        company._coop_post_cashback_moves(stray, ref="stray")
        self.env["account.move.line"].search(
            [("account_id", "=", company.coop_cashback_liability_account_id.id),
             ("partner_id", "=", self.person.id), ("name", "=", "stray")]
        ).move_id.button_draft()  # fmt: skip
        [difference] = self.check()["differences"]
        self.assertEqual(difference["partner_id"], self.person.id)
        self.assertEqual((difference["ledger"], difference["books"]), (57, 50))

    def test_adjustment_needs_a_manager_and_a_reason_and_never_overdraws(self):
        with self.assertRaisesRegex(UserError, "reason"):
            self.as_manager.coop_adjust(self.person.id, 10, " ")
        with self.assertRaises(AccessError):
            self.Check.with_user(self.officer).coop_adjust(self.person.id, 10, "x")
        with self.assertRaisesRegex(UserError, "less than 10"):
            self.as_manager.coop_adjust(self.person.id, -10, "x")

    def test_unspent_cashback_expires_oldest_first(self):
        self.company.coop_cashback_expiry_days = 365
        Move = self.env["coop.cashback.move"].with_company(self.company)
        Move._coop_record(self.person, "accrual", 100, "a1", date=date(2025, 1, 10))
        Move._coop_record(self.person, "accrual", 50, "a2", date=date(2025, 6, 1))
        Move._coop_record(self.person, "spend", -120, "s1", date=date(2025, 7, 1))
        with freeze_time("2026-03-01"):
            self.Check._coop_cron_expire()
            self.Check._coop_cron_expire()  # running twice expires nothing more
        self.person.invalidate_recordset()
        expiry = self.person.coop_cashback_move_ids.filtered(lambda m: m.kind == "expiry")
        self.assertFalse(expiry, "the first accrual was spent, the second is not a year old")
        with freeze_time("2026-06-02"):
            self.Check._coop_cron_expire()
        expiry = self.person.coop_cashback_move_ids.filtered(lambda m: m.kind == "expiry")
        self.assertEqual(expiry.amount, -30.0)
        self.assertTrue(expiry.account_move_id)
        self.person.invalidate_recordset()
        self.assertEqual(self.person.coop_cashback_balance, 0.0)

    def test_manager_adjusts_from_the_persons_form(self):
        wizard = (
            self.env["coop.cashback.adjust.wizard"]
            .with_user(self.manager)
            .create({"partner_id": self.person.id, "amount": 40, "reason": "Подарок к юбилею"})
        )
        wizard.action_confirm()
        move = self.person.coop_cashback_move_ids
        self.assertEqual(
            (move.kind, move.amount, move.reason), ("adjustment", 40, "Подарок к юбилею")
        )
        self.assertEqual(
            move.coop_state, "shopper", "the status of the person is kept with the entry"
        )
        self.assertEqual(self.check()["differences"], [])
        with self.assertRaises(AccessError):
            self.env["coop.cashback.adjust.wizard"].with_user(self.officer).create(
                {"partner_id": self.person.id, "amount": 1, "reason": "x"}
            )

    def test_the_invariants_hold_through_a_members_life_and_find_tampering(self):
        member = self.make_member("+7 900 333-44-55")
        self.contribute(member, "additional_share", 2000, date(2026, 4, 1))
        self.as_manager.coop_adjust(self.person.id, 120, "Начальный остаток")
        self.as_manager.coop_adjust(self.person.id, -20, "Ошибка кассира")
        result = self.as_manager.coop_invariants(self.company.id)
        self.assertEqual(result["problems"], [])
        self.assertTrue(result["ok"])
        with self.assertRaises(AccessError):
            self.Check.with_user(self.officer).coop_invariants(self.company.id)
        # what the check is for: the books changed behind the cooperative's back
        share = member.coop_contribution_ids.filtered(lambda c: c.kind == "additional_share")
        self.env.cr.execute("UPDATE coop_contribution SET amount = 2500 WHERE id = %s", [share.id])
        booked = self.person.coop_cashback_move_ids[:1].account_move_id
        self.env.cr.execute(
            "INSERT INTO coop_cashback_move (partner_id, company_id, kind, amount, date, "
            "channel, source_key, user_id, account_move_id) "
            "VALUES (%s, %s, 'accrual', 5, '2026-04-01', 'pos', 'no-source', %s, %s)",
            [self.person.id, self.company.id, self.env.uid, booked.id],
        )
        self.env.invalidate_all()
        problems = self.as_manager.coop_invariants(self.company.id)["problems"]
        self.assertEqual(len(problems), 3, problems)
        text = " ".join(problems)
        self.assertIn(f"Share capital of person #{member.id}: 3000.0", text)
        self.assertIn("Ledger entry no-source has no source document.", text)
        self.assertIn(f"Cashback of person #{self.person.id}: 105.0 in the ledger", text)
