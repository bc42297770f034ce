from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time, tagged

from odoo.addons.coop_membership.models.res_partner import TRANSITIONS

from .common import CoopCase


@tagged("post_install", "-at_install")
class TestLifecycle(CoopCase):
    """Every allowed change of a person's state, and the refused ones, with their trail."""

    def test_shopper_becomes_member_on_the_latest_date(self):
        partner, _r = self.register("89001234567")
        app = self.apply(partner, on=date(2026, 3, 2))
        self.assertEqual(partner.coop_state, "applicant")
        self.admit(app, on=date(2026, 3, 20))
        self.assertEqual(partner.coop_state, "admitted")
        self.contribute(partner, "mandatory_share", 500, date(2026, 3, 28))
        self.assertEqual(partner.coop_state, "admitted", "the entry fee is still missing")
        self.contribute(partner, "entry_fee", 1000, date(2026, 3, 25))
        self.assertEqual(partner.coop_state, "member")
        self.assertEqual(partner.coop_member_since, date(2026, 3, 28))
        self.assertTrue(partner.coop_member_number)
        self.assertEqual(
            partner.coop_state_event_ids.sorted("id").mapped("to_state"),
            ["shopper", "applicant", "admitted", "member"],
        )
        member_event = partner.coop_state_event_ids.filtered(lambda e: e.to_state == "member")
        self.assertEqual(member_event.date, date(2026, 3, 28))
        self.assertIn("Member no.", member_event.reason)

    def test_member_numbers_follow_each_other(self):
        first = self.make_member("89001111111")
        second = self.make_member("89002222222")
        self.assertEqual(int(second.coop_member_number), int(first.coop_member_number) + 1)

    def test_state_changes_show_in_the_chatter_with_who_and_why(self):
        partner, _r = self.register("89001234567")
        self.apply(partner)
        message = partner.message_ids.filtered(lambda m: "Application" in (m.body or ""))[:1]
        self.assertTrue(message, "the chatter says why the state changed")
        self.assertEqual(message.author_id, self.officer.partner_id)

    def test_status_cannot_be_written_directly(self):
        partner, _r = self.register("89001234567")
        for fname, value in [
            ("coop_state", "member"),
            ("coop_member_number", "1"),
            ("coop_frozen", True),
        ]:
            with self.assertRaisesRegex(UserError, "change only through their actions"):
                partner.with_user(self.manager).write({fname: value})
            # not even with the context a caller could pass over RPC
            with self.assertRaisesRegex(UserError, "change only through their actions"):
                partner.with_user(self.manager).with_context(coop_state_change=True).write(
                    {fname: value}
                )
        self.assertEqual(partner.coop_state, "shopper")

    def test_impossible_changes_are_refused(self):
        member = self.make_member()
        with self.assertRaisesRegex(UserError, "cannot go from Member to Shopper"):
            member._coop_set_state("shopper", "test")
        partner, _r = self.register("89007654321")
        with self.assertRaisesRegex(UserError, "cannot go from Shopper to Member"):
            partner._coop_set_state("member", "test")
        with self.assertRaisesRegex(UserError, "cannot go from Shopper to Admitted"):
            partner._coop_set_state("admitted", "test")

    def test_admitting_needs_the_council_decision(self):
        partner, _r = self.register("89001234567")
        app = self.apply(partner)
        with self.assertRaisesRegex(UserError, "Record the council's decision"):
            app.with_user(self.officer).action_admit()
        app.write({"decision_number": "С-1", "decision_date": date(2026, 3, 1)})
        with self.assertRaisesRegex(ValidationError, "before the application date"):
            app.with_user(self.officer).action_admit()
        self.assertEqual(partner.coop_state, "applicant")

    def test_refusal_needs_a_reason_and_returns_the_shopper(self):
        partner, _r = self.register("89001234567")
        app = self.apply(partner)
        app.write({"decision_number": "С-2", "decision_date": date(2026, 3, 10)})
        with self.assertRaisesRegex(UserError, "reason for refusing"):
            app.action_refuse()
        app.refusal_reason = "Не представлены сведения о месте жительства"
        app.action_refuse()
        self.assertEqual(app.state, "refused")
        self.assertEqual(partner.coop_state, "shopper")
        self.assertIn("Не представлены", partner.coop_state_event_ids.sorted("id")[-1].reason)

    def test_a_second_open_application_is_refused(self):
        partner, _r = self.register("89001234567")
        self.apply(partner)
        with self.assertRaisesRegex(UserError, "already has application"):
            self.apply(partner)

    def test_fees_are_refused_in_the_wrong_state(self):
        partner, _r = self.register("89001234567")
        with self.assertRaisesRegex(ValidationError, "the person is Shopper"):
            self.contribute(partner, "mandatory_share", 500, date(2026, 3, 1))
        member = self.make_member("89005555555")
        with self.assertRaisesRegex(ValidationError, "the person is Member"):
            self.contribute(member, "entry_fee", 1000, date(2026, 4, 1))

    @freeze_time("2026-05-01")
    def test_overdue_applications_are_visible(self):
        late, _r = self.register("89001111111")
        on_time, _r = self.register("89002222222")
        late_app = self.apply(late, on=date(2026, 3, 2))  # due 2026-04-01
        on_time_app = self.apply(on_time, on=date(2026, 4, 20))
        self.assertEqual(late_app.deadline, date(2026, 4, 1))
        self.assertTrue(late_app.is_overdue)
        self.assertFalse(on_time_app.is_overdue)
        Apps = self.as_user(self.officer, "coop.membership.application")
        self.assertEqual(Apps.search([("is_overdue", "=", True)]), late_app)
        self.assertEqual(Apps.search([("is_overdue", "=", False)]), on_time_app)

    def test_age_rule(self):
        young, _r = self.register("89001111111")
        with self.assertRaisesRegex(ValidationError, "is 15 on the application date"):
            self.apply(young, on=date(2026, 3, 2), birthdate=date(2010, 6, 1))
        with self.assertRaisesRegex(ValidationError, "under 18: record the guardian"):
            self.apply(young, on=date(2026, 3, 2), birthdate=date(2010, 3, 1))
        app = self.apply(
            young,
            on=date(2026, 3, 2),
            birthdate=date(2010, 3, 1),
            guardian_name="Петрова А. И.",
            guardian_consent=True,
        )
        self.assertEqual(app.state, "submitted")

    def test_guardian_rule_and_minimum_age_are_settings(self):
        self.company.write({"coop_guardian_consent_under_18": False, "coop_min_age": 18})
        partner, _r = self.register("89001111111")
        with self.assertRaisesRegex(ValidationError, "admits people from 18"):
            self.apply(partner, birthdate=date(2009, 1, 1))
        self.company.coop_min_age = 16
        self.assertEqual(self.apply(partner, birthdate=date(2009, 1, 1)).state, "submitted")

    def test_application_names_the_missing_fields(self):
        partner, _r = self.register("89001234567")
        with self.assertRaisesRegex(ValidationError, "lacks: Birth date, Place of residence"):
            self.apply(partner, birthdate=False, residence=False)

    def test_legal_entity_applies_with_ogrn_inn_and_bank_account(self):
        company_partner = self.env["res.partner"].create(
            {"name": "ООО «Ромашка»", "is_company": True, "company_id": self.company.id}
        )
        with self.assertRaisesRegex(ValidationError, "lacks: OGRN, INN, Bank account"):
            self.apply(company_partner, birthdate=False)
        bank = self.env["res.partner.bank"].create(
            {"acc_number": "40702810900000000001", "partner_id": company_partner.id}
        )
        app = self.apply(
            company_partner,
            birthdate=False,
            ogrn="1023700000001",
            inn="3702000001",
            bank_account_id=bank.id,
        )
        self.assertEqual(company_partner.coop_state, "applicant")
        self.assertEqual(company_partner.coop_ogrn, "1023700000001")
        self.assertEqual(app.state, "submitted")

    def test_former_member_may_apply_again(self):
        member = self.make_member()
        self.env["coop.exit.wizard"].with_user(self.officer).create(
            {
                "partner_id": member.id,
                "kind": "exit",
                "date": date(2026, 9, 1),
                "reason": "Заявление о выходе",
            }
        ).action_confirm()
        refund = member.coop_contribution_ids.filtered(lambda c: c.kind == "share_refund")
        refund.with_user(self.officer).action_coop_pay(self.cash.id, date(2026, 9, 15))
        self.assertEqual(member.coop_state, "former")
        self.apply(member, on=date(2026, 10, 1))
        self.assertEqual(member.coop_state, "applicant")

    def test_cash_entry_fee_waits_for_the_council(self):
        partner, _r = self.register("89001234567")
        self.apply(partner)
        with self.assertRaisesRegex(ValidationError, "the person is Applicant"):
            self.contribute(partner, "entry_fee", 1000, date(2026, 3, 5))

    def test_every_change_outside_the_lifecycle_is_refused(self):
        states = [False, "shopper", "applicant", "admitted", "member", "leaving", "former"]
        partner, _r = self.register("89001234567")
        for old in states:
            for new in states:
                partner.sudo().coop_state = old
                if new in TRANSITIONS[old]:
                    partner._coop_set_state(new, "test")
                    self.assertEqual(partner.coop_state, new)
                else:
                    with self.assertRaisesRegex(UserError, "cannot go from"):
                        partner._coop_set_state(new, "test")
        allowed = sum(len(targets) for targets in TRANSITIONS.values())
        self.assertEqual(allowed, 11, "the lifecycle of DOMAIN.md, no more")

    def test_a_contact_not_registered_at_the_entrance_may_apply(self):
        contact = self.env["res.partner"].create({"name": "Сидоров Пётр", "phone": "89003334455"})
        self.apply(contact)
        self.assertEqual(contact.coop_state, "applicant")
        self.assertEqual(contact.company_id, self.company, "the cooperative takes the person in")

    def test_withdrawn_application_returns_the_person(self):
        partner, _r = self.register("89001234567")
        app = self.apply(partner)
        app.with_user(self.officer).action_cancel()
        self.assertEqual((app.state, partner.coop_state), ("cancelled", "shopper"))
        with self.assertRaisesRegex(UserError, "cannot be cancelled"):
            self.admit(self.apply(partner))
            partner.coop_application_ids.filtered(lambda a: a.state == "admitted").action_cancel()
