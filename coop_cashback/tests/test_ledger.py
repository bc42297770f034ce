from datetime import date

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, tagged
from odoo.tools import mute_logger

from odoo.addons.coop_membership.tests.common import CoopCase


@tagged("post_install", "-at_install")
class TestCashbackLedger(CoopCase):
    """The ledger: once per source, never changed, never overdrawn; the hold period."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Move = cls.env["coop.cashback.move"].with_company(cls.company)

    def setUp(self):
        super().setUp()
        self.person, _r = self.register("89001112233")

    def test_new_company_gets_the_cashback_accounts(self):
        company = self.company.with_company(self.company)
        self.assertEqual(company.coop_cashback_liability_account_id.code, "76.09")
        self.assertEqual(company.coop_cashback_expense_account_id.code, "44.09")

    def test_same_source_counts_once(self):
        first = self.Move._coop_record(self.person, "accrual", 10, "pos.order:u1:accrual")
        again = self.Move._coop_record(self.person, "accrual", 10, "pos.order:u1:accrual")
        self.assertEqual(first, again)
        self.assertEqual(self.person.coop_cashback_balance, 10)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.Move.sudo().create({"partner_id": self.person.id, "kind": "accrual",
                                     "amount": 5, "source_key": "pos.order:u1:accrual",
                                     "company_id": self.company.id})  # fmt: skip

    def test_entries_are_immutable(self):
        move = self.Move._coop_record(self.person, "accrual", 10, "k1")
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            move.with_user(self.manager).amount = 100
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            move.sudo().unlink()

    def test_spend_never_overdraws(self):
        self.Move._coop_record(self.person, "accrual", 30, "k1")
        self.Move._coop_record(self.person, "spend", -20, "k2")
        with self.assertRaisesRegex(
            UserError, r"has 10\.00\W\w+ of cashback available, less than 15\.00\W\w+\."
        ):
            self.Move._coop_record(self.person, "spend", -15, "k3")
        self.assertEqual(self.person.coop_cashback_balance, 10)
        with self.assertRaisesRegex(ValidationError, "cannot be"):
            self.Move._coop_record(self.person, "spend", 5, "k4")

    @freeze_time("2026-05-10")
    def test_hold_period_keeps_accruals_pending(self):
        self.company.coop_cashback_hold_days = 14
        self.Move._coop_record(self.person, "accrual", 40, "k1", date=date(2026, 5, 1))
        self.Move._coop_record(self.person, "accrual", 60, "k2", date=date(2026, 4, 1))
        self.person.invalidate_recordset()
        self.assertEqual(self.person.coop_cashback_balance, 60)
        self.assertEqual(self.person.coop_cashback_pending, 40)
        self.assertEqual(self.person.coop_cashback_lifetime, 100)
        with self.assertRaises(UserError):
            self.Move._coop_record(self.person, "spend", -70, "k3")


@tagged("post_install", "-at_install")
class TestEntryFeeFromCashback(CoopCase):
    """A shopper pays the entry fee from cashback at the till, with an explicit yes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Move = cls.env["coop.cashback.move"].with_company(cls.company)

    def setUp(self):
        super().setUp()
        self.person, _r = self.register("89001112233")
        company = self.company.with_company(self.company)
        self.liability = company.coop_cashback_liability_account_id
        self.fees = company.coop_entry_fee_account_id

    @freeze_time("2026-03-25")
    def test_fee_paid_from_cashback_makes_an_applicant_and_posts_against_the_liability(self):
        self.Move._coop_record(self.person, "accrual", 1200, "k1")
        person = self.person.with_user(self.cashier)
        with self.assertRaisesRegex(UserError, "must say yes"):
            person.coop_pay_entry_fee_from_cashback()
        result = person.coop_pay_entry_fee_from_cashback(confirmed=True)
        self.assertEqual(result["coop_state"], "applicant")
        self.assertEqual(result["coop_cashback_balance"], 200)
        fee = self.person.coop_contribution_ids
        self.assertEqual((fee.kind, fee.amount, fee.state), ("entry_fee", 1000, "paid"))
        self.assertEqual(self.balance(self.liability, self.person), 1000)  # Dr 76.09
        self.assertEqual(self.balance(self.fees, self.person), -1000)  # Cr 86.01
        ledger = self.person.coop_cashback_move_ids.filtered(lambda m: m.kind == "entry_fee")
        self.assertEqual((ledger.amount, ledger.account_move_id), (-1000, fee.move_id))
        # asking again changes nothing
        again = person.coop_pay_entry_fee_from_cashback(confirmed=True)
        self.assertEqual(again["coop_cashback_balance"], 200)
        self.assertEqual(len(self.person.coop_contribution_ids), 1)

    @freeze_time("2026-03-25")
    def test_not_enough_cashback_changes_nothing(self):
        self.Move._coop_record(self.person, "accrual", 999, "k1")
        with self.assertRaisesRegex(UserError, r"less than 1,000\.00\W"):
            self.person.with_user(self.cashier).coop_pay_entry_fee_from_cashback(confirmed=True)
        self.assertEqual(self.person.coop_state, "shopper")
        self.assertFalse(self.person.coop_contribution_ids)

    @freeze_time("2026-03-25")
    def test_a_frozen_account_pays_no_fee_and_nothing_is_written(self):
        self.Move._coop_record(self.person, "accrual", 1200, "k1")
        self.person.coop_frozen = True  # as the registration of a death leaves it
        with self.assertRaisesRegex(UserError, "frozen"):
            self.person.with_user(self.cashier).coop_pay_entry_fee_from_cashback(confirmed=True)
        self.assertEqual(self.person.coop_state, "shopper")
        self.assertFalse(self.person.coop_contribution_ids)
        self.assertEqual(len(self.person.coop_cashback_move_ids), 1, "only the accrual")

    def test_only_cashiers_take_the_fee(self):
        clerk = self._coop_user("coop_t_clerk2", "base.group_user")
        with self.assertRaises(AccessError):
            self.person.with_user(clerk).coop_pay_entry_fee_from_cashback(confirmed=True)

    @freeze_time("2026-03-25")
    def test_refusal_gives_the_fee_back_to_cashback(self):
        self.Move._coop_record(self.person, "accrual", 1000, "k1")
        self.person.with_user(self.cashier).coop_pay_entry_fee_from_cashback(confirmed=True)
        app = self.apply(self.person, on=date(2026, 3, 26))
        app.write({"decision_number": "С-9", "decision_date": date(2026, 4, 2),
                   "refusal_reason": "Не достиг возраста"})  # fmt: skip
        app.action_refuse()
        self.assertEqual(self.person.coop_state, "shopper")
        self.person.invalidate_recordset()
        self.assertEqual(self.person.coop_cashback_balance, 1000)
        self.assertEqual(self.person.coop_contribution_ids.state, "returned")
        self.assertEqual(self.balance(self.liability, self.person), 0)
        self.assertEqual(self.balance(self.fees, self.person), 0)

    @freeze_time("2026-03-25")
    def test_asked_again_after_a_new_application_the_old_receipt_is_not_shown(self):
        """Fee from cashback, application refused (fee back to cashback), then a new
        application at the desk: the till asked again pays nothing and shows no receipt of the
        first payment (returned since) as if just made."""
        self.Move._coop_record(self.person, "accrual", 1000, "k1")
        person = self.person.with_user(self.cashier)
        person.coop_pay_entry_fee_from_cashback(confirmed=True)
        app = self.apply(self.person, on=date(2026, 3, 26))
        app.write({"decision_number": "С-9", "decision_date": date(2026, 4, 2),
                   "refusal_reason": "Не достиг возраста"})  # fmt: skip
        app.action_refuse()
        self.apply(self.person, on=date(2026, 4, 3))
        self.assertEqual(self.person.coop_state, "applicant")
        with self.assertRaisesRegex(UserError, "cannot pay an entry fee now"):
            person.coop_pay_entry_fee_from_cashback(confirmed=True)
        self.person.invalidate_recordset()
        self.assertEqual(self.person.coop_cashback_balance, 1000, "nothing taken again")

    @freeze_time("2026-03-25")
    def test_accepted_applicant_completes_membership_with_the_share(self):
        self.Move._coop_record(self.person, "accrual", 1000, "k1")
        self.person.with_user(self.cashier).coop_pay_entry_fee_from_cashback(confirmed=True)
        app = self.apply(self.person, on=date(2026, 3, 26))
        self.admit(app, on=date(2026, 4, 2))
        self.contribute(self.person, "mandatory_share", 500, date(2026, 4, 3))
        self.assertEqual(self.person.coop_state, "member")
        self.assertEqual(self.person.coop_member_since, date(2026, 4, 3))
