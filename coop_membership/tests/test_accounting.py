from datetime import date

from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CoopCase


@tagged("post_install", "-at_install")
class TestAccounting(CoopCase):
    """Fees and shares in the books: accounts, amounts, the person on every line."""

    def setUp(self):
        super().setUp()
        c = self.company.with_company(self.company)  # account codes are per company
        self.due = c.coop_share_receivable_account_id
        self.fund = c.coop_share_fund_account_id
        self.refund_payable = c.coop_share_refund_account_id
        self.fees = c.coop_entry_fee_account_id
        self.cash_account = self.cash.default_account_id

    def test_new_company_gets_the_coop_accounts_journal_and_numbers(self):
        c = self.company
        self.assertEqual(
            [self.due.code, self.fund.code, self.refund_payable.code, self.fees.code],
            ["75.01", "80.01", "75.03", "86.01"],
        )
        self.assertEqual(self.due.account_type, "asset_receivable")
        self.assertEqual(c.coop_journal_id.type, "general")
        self.assertEqual(c.coop_member_sequence_id.company_id, c)

    def test_a_company_that_is_no_cooperative_is_left_as_odoo_made_it(self):
        """Another company of the database, on another chart: none of the cooperative's
        accounts, journal or numbers until it first needs them."""
        other = self.env["res.company"].create({"name": "ООО «Не кооператив»"})
        self.env["account.chart.template"].try_loading("generic_coa", other, install_demo=False)
        Account = self.env["account.account"].with_company(other)
        self.assertFalse(Account.search([("code", "in", ("75.01", "80.01", "86.01", "44.09"))]))
        self.assertFalse(other.coop_journal_id or other.coop_member_sequence_id)
        self.assertFalse(other.coop_entry_fee_account_id)
        # the first posting that needs them sets it up
        contribution = self.env["coop.contribution"].new({"company_id": other.id})
        fees = contribution._coop_account("coop_entry_fee_account_id")
        self.assertEqual((fees.with_company(other).code, fees.company_ids), ("86.01", other))
        self.assertEqual(other._coop_journal().company_id, other)
        self.assertTrue(other._coop_member_sequence())

    def test_the_cooperative_chart_sets_the_company_up_at_once(self):
        company = self.env["res.company"].create({"name": "ПО «Новый»"})
        self.env["account.chart.template"].try_loading("ru_coop", company, install_demo=False)
        self.assertEqual(company.with_company(company).coop_entry_fee_account_id.code, "86.01")
        self.assertEqual(company.coop_journal_id.code, "COOP")
        self.assertTrue(company.coop_member_sequence_id)

    def test_entry_fee_and_mandatory_share_postings(self):
        member = self.make_member()
        fee = member.coop_contribution_ids.filtered(lambda r: r.kind == "entry_fee")
        share = member.coop_contribution_ids.filtered(lambda r: r.kind == "mandatory_share")
        # entry fee: Dr cash / Cr 86.01
        self.assertEqual(fee.move_id.state, "posted")
        self.assertRecordValues(
            fee.move_id.line_ids.sorted("debit", reverse=True),
            [
                {
                    "account_id": self.cash_account.id,
                    "debit": 1000,
                    "credit": 0,
                    "partner_id": member.id,
                },
                {"account_id": self.fees.id, "debit": 0, "credit": 1000, "partner_id": member.id},
            ],
        )
        # share due: Dr 75.01 / Cr 80.01 in the coop journal; paid: Dr cash / Cr 75.01, reconciled
        self.assertEqual(share.move_id.journal_id, self.company.coop_journal_id)
        self.assertRecordValues(
            share.move_id.line_ids.sorted("debit", reverse=True),
            [
                {"account_id": self.due.id, "debit": 500, "credit": 0, "partner_id": member.id},
                {"account_id": self.fund.id, "debit": 0, "credit": 500, "partner_id": member.id},
            ],
        )
        self.assertEqual(share.payment_move_id.journal_id, self.cash)
        self.assertTrue(
            share.move_id.line_ids.filtered(lambda line: line.account_id == self.due).reconciled
        )
        self.assertEqual(self.balance(self.due, member), 0)
        self.assertEqual(self.balance(self.fund, member), -500)
        self.assertEqual(self.balance(self.fees, member), -1000)
        self.assertEqual(member.coop_share_capital, 500)

    def test_share_due_but_unpaid_keeps_the_person_admitted(self):
        partner, _r = self.register("89001234567")
        self.admit(self.apply(partner))
        self.contribute(partner, "entry_fee", 1000, date(2026, 3, 25))
        share = self.contribute(partner, "mandatory_share", 500, date(2026, 3, 25), journal=False)
        self.assertEqual(share.state, "posted")
        self.assertEqual(partner.coop_state, "admitted")
        self.assertEqual(self.balance(self.due, partner), 500)
        with self.assertRaisesRegex(UserError, "Choose the cash or bank journal"):
            share.with_user(self.officer).action_register_payment()
        share.with_user(self.officer).write(
            {"payment_journal_id": self.cash.id, "payment_date": date(2026, 4, 2)}
        )
        share.with_user(self.officer).action_register_payment()
        self.assertEqual(share.state, "paid")
        with self.assertRaisesRegex(UserError, "payment of a paid contribution"):
            share.with_user(self.officer).payment_date = date(2026, 4, 3)
        self.assertEqual(partner.coop_state, "member")
        self.assertEqual(partner.coop_member_since, date(2026, 4, 2))

    def test_additional_shares_add_to_the_share_capital(self):
        member = self.make_member()
        self.contribute(member, "additional_share", 2000, date(2026, 5, 1))
        self.assertEqual(member.coop_share_capital, 2500)
        self.assertEqual(-self.balance(self.fund, member), member.coop_share_capital)

    def test_amounts_follow_the_version_in_force_on_the_date(self):
        partner, _r = self.register("89001234567")
        self.admit(self.apply(partner, on=date(2026, 6, 2)), on=date(2026, 6, 10))
        with self.assertRaisesRegex(ValidationError, r"set 1,500\.00\W+\w+ in force on 06/15/2026"):
            self.contribute(partner, "entry_fee", 1000, date(2026, 6, 15))
        self.contribute(partner, "entry_fee", 1500, date(2026, 6, 15))
        Version = self.env["coop.fee.version"].with_company(self.company)
        self.assertEqual(Version._coop_amount("entry_fee", date(2026, 5, 31), self.company), 1000)
        self.assertEqual(Version._coop_amount("entry_fee", date(2026, 6, 1), self.company), 1500)
        with self.assertRaisesRegex(UserError, "No entry fee amount is in force on 12/31/2019"):
            Version._coop_amount("entry_fee", date(2019, 12, 31), self.company)

    def test_exit_refunds_the_share_within_the_period_but_never_the_fee(self):
        self.company.coop_refund_days = 60
        member = self.make_member()
        self.contribute(member, "additional_share", 2000, date(2026, 5, 1))
        self.env["coop.exit.wizard"].with_user(self.officer).create(
            {
                "partner_id": member.id,
                "kind": "exit",
                "date": date(2026, 9, 1),
                "reason": "Заявление о выходе от 2026-09-01",
            }
        ).action_confirm()
        self.assertEqual(member.coop_state, "leaving")
        refund = member.coop_contribution_ids.filtered(lambda r: r.kind == "share_refund")
        self.assertEqual((refund.amount, refund.state), (2500, "posted"))
        self.assertEqual(refund.due_date, date(2026, 10, 31))
        payable_line = refund.move_id.line_ids.filtered(
            lambda line: line.account_id == self.refund_payable
        )
        self.assertEqual(
            (payable_line.credit, payable_line.date_maturity), (2500, date(2026, 10, 31))
        )
        self.assertEqual(member.coop_share_capital, 0)
        self.assertEqual(self.balance(self.refund_payable, member), -2500)

        refund.with_user(self.officer).action_coop_pay(self.cash.id, date(2026, 9, 20))
        self.assertEqual(member.coop_state, "former")
        self.assertEqual(self.balance(self.refund_payable, member), 0)
        self.assertEqual(self.balance(self.fees, member), -1000, "the entry fee is never refunded")
        self.assertEqual(self.balance(self.cash_account, member), 1000 + 500 + 2000 - 2500)

    def test_expulsion_needs_the_general_meeting_decision(self):
        member = self.make_member()
        wizard = (
            self.env["coop.exit.wizard"]
            .with_user(self.officer)
            .create(
                {
                    "partner_id": member.id,
                    "kind": "expulsion",
                    "date": date(2026, 9, 1),
                    "reason": "Неисполнение обязанностей по уставу",
                }
            )
        )
        with self.assertRaisesRegex(UserError, "Only the general meeting expels"):
            wizard.action_confirm()
        wizard.decision_ref = "Общее собрание, протокол № 3 от 2026-08-30"
        wizard.action_confirm()
        self.assertEqual((member.coop_state, member.coop_exit_kind), ("leaving", "expulsion"))
        self.assertIn("протокол № 3", member.coop_state_event_ids.sorted("id")[-1].reason)

    def test_death_freezes_the_account_and_pays_the_share_to_the_heir(self):
        member = self.make_member()
        heir = self.env["res.partner"].create({"name": "Наследник", "company_id": self.company.id})
        self.env["coop.exit.wizard"].with_user(self.officer).create(
            {
                "partner_id": member.id,
                "kind": "death",
                "date": date(2026, 9, 1),
                "reason": "Свидетельство о смерти",
                "heir_id": heir.id,
            }
        ).action_confirm()
        self.assertTrue(member.coop_frozen)
        self.assertIn("Наследник", member.coop_state_event_ids.sorted("id")[-1].reason)
        refund = member.coop_contribution_ids.filtered(lambda r: r.kind == "share_refund")
        refund.with_user(self.officer).action_coop_pay(self.cash.id, date(2026, 9, 10))
        self.assertEqual(member.coop_state, "former")

    def test_posted_contributions_are_immutable_and_idempotent(self):
        member = self.make_member()
        fee = member.coop_contribution_ids.filtered(lambda r: r.kind == "entry_fee")
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            fee.with_user(self.manager).amount = 1
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            fee.with_user(self.manager).unlink()
        with self.assertRaisesRegex(UserError, "already posted"):
            fee.action_post()
        self.env["coop.contribution"].create(
            {
                "partner_id": member.id,
                "kind": "additional_share",
                "amount": 100,
                "date": date(2026, 5, 1),
                "source_key": "import:1",
                "company_id": self.company.id,
            }
        )
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.env["coop.contribution"].create(
                {
                    "partner_id": member.id,
                    "kind": "additional_share",
                    "amount": 100,
                    "date": date(2026, 5, 1),
                    "source_key": "import:1",
                    "company_id": self.company.id,
                }
            )

    def test_share_capital_equals_the_share_fund_balance_for_everyone(self):
        people = [self.make_member(f"8900111111{i}") for i in range(3)]
        self.contribute(people[1], "additional_share", 700, date(2026, 5, 1))
        for person in people:
            self.assertEqual(person.coop_share_capital, -self.balance(self.fund, person))
