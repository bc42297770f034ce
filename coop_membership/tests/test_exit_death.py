from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CoopCase


@tagged("post_install", "-at_install")
class TestExitDeath(CoopCase):
    """Leaving with shares due but unpaid, and a death: what the books say per person (share
    fund 80.01, shares due 75.01, refunds payable 75.03, cash), read from the journal items."""

    def setUp(self):
        super().setUp()
        c = self.company.with_company(self.company)
        self.due = c.coop_share_receivable_account_id
        self.fund = c.coop_share_fund_account_id
        self.payable = c.coop_share_refund_account_id
        self.fees = c.coop_entry_fee_account_id
        self.cash_account = self.cash.default_account_id

    def books(self, partner):
        """The person's balances (debit - credit) on the coop accounts and cash."""
        accounts = {
            "75.01": self.due,
            "75.03": self.payable,
            "80.01": self.fund,
            "86.01": self.fees,
            "cash": self.cash_account,
        }
        return {name: self.balance(account, partner) for name, account in accounts.items()}

    def assert_invariants(self):
        """The cooperative's own check of its books, where coop_cashback is installed (it is in
        every run of the test suite)."""
        if "coop.cashback.check" not in self.env:
            return
        Check = self.env["coop.cashback.check"].with_user(self.manager)
        result = Check.with_company(self.company).coop_invariants(self.company.id)
        self.assertTrue(result["ok"], result["problems"])

    def leave(self, partner, kind="exit", heir=None, **values):
        wizard = (
            self.env["coop.exit.wizard"]
            .with_user(self.officer)
            .create(
                {
                    "partner_id": partner.id,
                    "kind": kind,
                    "date": date(2026, 9, 1),
                    "reason": "Заявление от 2026-09-01",
                    "heir_id": heir and heir.id,
                    **values,
                }
            )
        )
        wizard.action_confirm()
        return partner.coop_contribution_ids.filtered(lambda c: c.kind == "share_refund")

    def member_with_unpaid_share(self, phone="+7 900 123-45-67"):
        """A member: 1000 entry fee and 500 mandatory share paid, 300 additional share paid,
        2000 additional share posted (due) but never paid."""
        member = self.make_member(phone)
        self.contribute(member, "additional_share", 300, date(2026, 5, 1))
        unpaid = self.contribute(member, "additional_share", 2000, date(2026, 6, 1), journal=False)
        self.assertEqual(unpaid.state, "posted")
        self.assertEqual(self.books(member)["75.01"], 2000)
        self.assertEqual(self.books(member)["80.01"], -2800)
        return member, unpaid

    def test_exit_refunds_only_the_shares_paid_and_cancels_the_unpaid_one(self):
        member, unpaid = self.member_with_unpaid_share()
        refund = self.leave(member)
        self.assertEqual(member.coop_state, "leaving")
        self.assertEqual(unpaid.state, "cancelled")
        self.assertEqual(unpaid.cancel_move_id.state, "posted")
        self.assertIn("unpaid on leaving", unpaid.cancel_move_id.ref)
        due_lines = (unpaid.move_id | unpaid.cancel_move_id).line_ids.filtered(
            lambda line: line.account_id == self.due
        )
        self.assertTrue(all(due_lines.mapped("reconciled")), "the due is closed by its reversal")
        self.assertEqual((refund.amount, refund.state), (800, "posted"))
        self.assertFalse(refund.payee_id)
        self.assertEqual(
            self.books(member),
            {"75.01": 0, "75.03": -800, "80.01": 0, "86.01": -1000, "cash": 1800},
        )
        self.assertEqual(member.coop_share_capital, 0)
        self.assert_invariants()

        refund.with_user(self.officer).action_coop_pay(self.cash.id, "2026-09-20")
        self.assertEqual(member.coop_state, "former")
        self.assertEqual(
            self.books(member),
            {"75.01": 0, "75.03": 0, "80.01": 0, "86.01": -1000, "cash": 1000},
        )
        self.assert_invariants()

    def test_a_cancelled_share_cannot_be_paid_or_changed(self):
        member, unpaid = self.member_with_unpaid_share()
        self.leave(member)
        with self.assertRaisesRegex(UserError, "is not waiting for a payment"):
            unpaid.with_user(self.officer).action_coop_pay(self.cash.id, "2026-09-20")
        with self.assertRaisesRegex(UserError, "payment of a paid contribution"):
            unpaid.with_user(self.manager).payment_journal_id = self.cash
        with self.assertRaisesRegex(UserError, "State changes only through the actions"):
            unpaid.with_user(self.manager).state = "posted"
        self.assertEqual(self.books(member)["75.01"], 0)

    def test_a_member_with_only_unpaid_shares_past_the_mandatory_one_gets_it_back(self):
        member = self.make_member()
        unpaid = self.contribute(member, "additional_share", 700, date(2026, 6, 1), journal=False)
        refund = self.leave(member, kind="expulsion", decision_ref="ОС, протокол № 3")
        self.assertEqual((unpaid.state, refund.amount), ("cancelled", 500))
        self.assertEqual(self.books(member)["75.01"], 0)
        self.assertEqual(self.books(member)["75.03"], -500)
        self.assert_invariants()

    def test_death_the_refund_is_owed_and_paid_to_the_heir(self):
        member, unpaid = self.member_with_unpaid_share()
        heir = self.env["res.partner"].create(
            {"name": "Наследница Мария", "company_id": self.company.id}
        )
        refund = self.leave(member, kind="death", heir=heir, reason="Свидетельство о смерти")
        self.assertTrue(member.coop_frozen)
        self.assertEqual(member.coop_exit_kind, "death")
        self.assertEqual(unpaid.state, "cancelled")
        self.assertEqual((refund.partner_id, refund.payee_id, refund.amount), (member, heir, 800))
        payable_line = refund.move_id.line_ids.filtered(
            lambda line: line.account_id == self.payable
        )
        self.assertEqual((payable_line.partner_id, payable_line.credit), (heir, 800))
        self.assertIn("Наследница Мария", member.coop_state_event_ids.sorted("id")[-1].reason)
        # the deceased owes and is owed nothing; the heir is owed the share's value
        self.assertEqual(
            self.books(member),
            {"75.01": 0, "75.03": 0, "80.01": 0, "86.01": -1000, "cash": 1800},
        )
        self.assertEqual(self.books(heir)["75.03"], -800)
        self.assert_invariants()

        refund.with_user(self.officer).action_coop_pay(self.cash.id, date(2026, 9, 10))
        self.assertEqual(member.coop_state, "former")
        self.assertEqual(refund.payment_move_id.partner_id, heir)
        self.assertEqual(set(refund.payment_move_id.line_ids.partner_id), {heir})
        self.assertEqual(self.books(heir), {**dict.fromkeys(self.books(heir), 0), "cash": -800})
        self.assertEqual(self.books(member)["cash"], 1800, "nothing was paid to the deceased")
        self.assert_invariants()

    def test_death_needs_an_heir_of_the_cooperative(self):
        member = self.make_member()
        with self.assertRaisesRegex(UserError, "owed to the heir: choose the heir"):
            self.leave(member, kind="death")
        with self.assertRaisesRegex(UserError, "cannot be the heir of"):
            self.leave(member, kind="death", heir=member)
        elsewhere = self._coop_company("ПО «Другое»")
        stranger = self.env["res.partner"].create({"name": "Чужой", "company_id": elsewhere.id})
        with self.assertRaisesRegex(UserError, "cannot be the heir of"):
            self.leave(member, kind="death", heir=stranger)
        self.assertEqual((member.coop_state, member.coop_frozen), ("member", False))
        self.assertEqual(self.books(member)["80.01"], -500)

    def test_a_voluntary_exit_ignores_an_heir_given_by_mistake(self):
        member = self.make_member()
        heir = self.env["res.partner"].create({"name": "Кто-то", "company_id": self.company.id})
        refund = self.leave(member, heir=heir)
        self.assertFalse(refund.payee_id)
        self.assertEqual(self.books(member)["75.03"], -500)
        self.assertEqual(self.books(heir)["75.03"], 0)
