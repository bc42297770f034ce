from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import CoopCase


@tagged("post_install", "-at_install")
class TestOutcomes(CoopCase):
    """Outcomes (a status, a council decision, a payment, an entry) are made by the actions
    only: an officer or a manager writing them directly, as over XML-RPC, is refused with an
    error naming the record and the field, and nothing changes."""

    def test_an_application_is_admitted_only_by_the_council_decision(self):
        partner, _r = self.register("89001234567")
        app = self.apply(partner)
        for user in (self.officer, self.manager):
            with self.assertRaisesRegex(
                UserError, f"Application {app.name} of Иван Петров: State changes only"
            ):
                app.with_user(user).write({"state": "admitted"})
        self.assertEqual((app.state, partner.coop_state), ("submitted", "applicant"))
        app.with_user(self.officer).write({"state": "submitted"})  # unchanged: nothing to refuse
        self.admit(app)
        self.assertEqual((app.state, partner.coop_state), ("admitted", "admitted"))

    def test_a_decision_once_taken_stays_as_recorded(self):
        partner, _r = self.register("89001234567")
        app = self.apply(partner)
        self.admit(app, number="С-12")
        for fname, value in [
            ("decision_number", "С-99"),
            ("decision_date", date(2026, 3, 21)),
            ("partner_id", self.register("89007654321")[0].id),
            ("state", "refused"),
        ]:
            with self.assertRaisesRegex(UserError, f"Application {app.name} of Иван Петров"):
                app.with_user(self.manager).write({fname: value})
        self.assertEqual((app.decision_number, app.state), ("С-12", "admitted"))
        with self.assertRaisesRegex(UserError, "only a draft can be deleted"):
            app.with_user(self.manager).unlink()

    def test_an_application_is_not_created_decided(self):
        partner, _r = self.register("89001234567")
        Apps = self.as_user(self.manager, "coop.membership.application")
        with self.assertRaisesRegex(UserError, "A new application of Иван Петров is created as"):
            Apps.create({"partner_id": partner.id, "state": "admitted"})
        draft = Apps.create({"partner_id": partner.id, "state": "draft"})
        self.assertEqual(draft.state, "draft")
        draft.unlink()
        self.assertEqual(partner.coop_state, "shopper")

    def test_a_contribution_is_paid_only_with_the_money(self):
        partner, _r = self.register("89001234567")
        self.admit(self.apply(partner))
        self.contribute(partner, "entry_fee", 1000, date(2026, 3, 25))
        share = self.contribute(partner, "mandatory_share", 500, date(2026, 3, 26), journal=False)
        for user in (self.officer, self.manager):
            for vals in (
                {"state": "paid"},
                {"move_id": False},
                {"payment_move_id": share.move_id.id},
            ):
                with self.assertRaisesRegex(UserError, f"{share.display_name}: .* changes only"):
                    share.with_user(user).write(vals)
        self.assertEqual((share.state, partner.coop_state), ("posted", "admitted"))
        self.assertEqual(self.balance(self.company.coop_share_receivable_account_id, partner), 500)
        share.with_user(self.officer).action_coop_pay(self.cash.id, "2026-04-02")
        self.assertEqual((share.state, share.payment_date), ("paid", date(2026, 4, 2)))
        self.assertEqual(partner.coop_state, "member")
        self.assertEqual(self.balance(self.company.coop_share_receivable_account_id, partner), 0)

    def test_a_contribution_is_not_created_paid_nor_changed_once_posted(self):
        member = self.make_member()
        Contributions = self.as_user(self.manager, "coop.contribution")
        values = {"partner_id": member.id, "kind": "additional_share", "amount": 100}
        for extra in ({"state": "paid"}, {"move_id": member.coop_contribution_ids[0].move_id.id}):
            with self.assertRaisesRegex(UserError, "A new contribution of Иван Петров cannot be"):
                Contributions.create({**values, **extra})
        share = member.coop_contribution_ids.filtered(lambda c: c.kind == "mandatory_share")
        with self.assertRaisesRegex(UserError, f"{share.display_name} is posted: its Amount"):
            share.with_user(self.manager).amount = 1
        with self.assertRaisesRegex(UserError, "payment of a paid contribution cannot be changed"):
            share.with_user(self.manager).payment_date = date(2026, 3, 27)
        self.assertEqual((share.amount, share.state), (500, "paid"))
        self.assertEqual(member.coop_share_capital, 500)

    def test_paying_over_rpc_checks_the_group_and_the_journal(self):
        partner, _r = self.register("89001234567")
        self.admit(self.apply(partner))
        share = self.contribute(partner, "mandatory_share", 500, date(2026, 3, 26), journal=False)
        with self.assertRaisesRegex(AccessError, "Officer group"):
            share.with_user(self.cashier).action_coop_pay(self.cash.id)
        coop_journal = self.company.coop_journal_id
        with self.assertRaisesRegex(ValidationError, "is not a cash or bank journal of ПО «Тест»"):
            share.with_user(self.officer).action_coop_pay(coop_journal.id)
        other = self._coop_company("ПО «Другое»")
        foreign = self.env["account.journal"].search(
            [("company_id", "=", other.id), ("type", "=", "cash")], limit=1
        )
        with self.assertRaisesRegex(ValidationError, "not a cash or bank journal"):
            share.with_user(self.officer).action_coop_pay(foreign.id)
        with self.assertRaisesRegex(ValidationError, "journal_id must be the id of a journal"):
            share.with_user(self.officer).action_coop_pay(str(self.cash.id))
        with self.assertRaisesRegex(ValidationError, "date must be a date"):
            share.with_user(self.officer).action_coop_pay(self.cash.id, "2 April")
        self.assertEqual(share.state, "posted")
        self.assertFalse(hasattr(share, "action_pay"), "no public method takes a record")

    def desk(self):
        """A manager who may also create and edit contacts (Extra Rights / Contact Creation),
        so that what refuses is the lifecycle, not the access rights."""
        groups = "coop_membership.group_manager,base.group_partner_manager"
        return self._coop_user("coop_t_desk", groups)

    def test_a_person_is_not_created_with_a_status(self):
        desk = self.desk()
        Partner = self.as_user(desk, "res.partner")
        for fname, value in [
            ("coop_state", "member"),
            ("coop_member_number", "77"),
            ("coop_exit_kind", "death"),
        ]:
            with self.assertRaisesRegex(UserError, "Пётр Сидоров: .*change only through their"):
                Partner.create({"name": "Пётр Сидоров", fname: value})
        # a contact without them, and the entrance, still work
        contact = Partner.create({"name": "Пётр Сидоров", "coop_state": False})
        self.assertFalse(contact.coop_state)
        partner, result = self.register("89001234567", user=self.cashier)
        self.assertEqual((result["created"], partner.coop_state), (True, "shopper"))

    def test_a_status_written_back_unchanged_is_no_change(self):
        partner, _r = self.register("89001234567")
        Partner = partner.with_user(self.desk())
        Partner.write({"coop_state": "shopper", "coop_frozen": False, "name": "Иван П."})
        self.assertEqual((partner.name, partner.coop_state), ("Иван П.", "shopper"))
        with self.assertRaisesRegex(UserError, r"Иван П\.: .*\(here: Cooperative status\)"):
            Partner.write({"coop_state": "member"})
        self.assertEqual(partner.coop_state, "shopper")

    def test_no_fee_paid_from_another_account_nor_refund_made_by_hand(self):
        """An officer cannot book an entry fee against the cashback liability (it would come
        back as cashback on a refusal) nor pay out a share refund the exit did not make."""
        partner, _result = self.register("+7 900 555-12-34")
        self.apply(partner)
        liability = self.company.coop_cashback_liability_account_id or self.env[
            "account.account"
        ].search([("company_ids", "in", self.company.ids)], limit=1)
        Contribution = self.as_user(self.officer, "coop.contribution")
        values = {"partner_id": partner.id, "kind": "entry_fee", "amount": 1000,
                  "date": date(2026, 3, 5), "debit_account_id": liability.id}  # fmt: skip
        with self.assertRaisesRegex(UserError, "cannot be created with"):
            Contribution.create(values)
        heir, _result = self.register("+7 900 555-12-35")
        refund = dict(values, kind="share_refund", debit_account_id=False, payee_id=heir.id)
        with self.assertRaisesRegex(UserError, "exit"):
            Contribution.create(refund)
        self.assertFalse(partner.coop_contribution_ids)
