from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import CoopCase


@tagged("post_install", "-at_install")
class TestRegisterShopper(CoopCase):
    """Registration at the entrance, as the cashier does it (coop_register_shopper)."""

    def test_new_shopper_is_registered_with_normalised_phone(self):
        partner, result = self.register("+7 900 123-45-67", channel="till")
        self.assertEqual(
            result, {"partner_id": partner.id, "created": True, "coop_state": "shopper"}
        )
        self.assertEqual(partner.coop_phone_normalized, "+79001234567")
        self.assertEqual(partner.company_id, self.company)
        self.assertEqual(partner.name, "Иван Петров")
        event = partner.coop_state_event_ids
        self.assertEqual(
            (event.from_state, event.to_state, event.user_id), (False, "shopper", self.cashier)
        )

    def test_same_phone_in_any_usual_form_finds_the_same_person(self):
        partner, _result = self.register("+7 900 123-45-67")
        for form in ("89001234567", "9001234567", "+79001234567", "8 (900) 123 45 67"):
            again, result = self.register(form, name="Другое имя")
            self.assertEqual(again, partner, form)
            self.assertFalse(result["created"], form)
        self.assertEqual(partner.name, "Иван Петров", "a lookup does not rename the person")
        self.assertEqual(
            self.env["res.partner"].search_count([("coop_phone_normalized", "=", "+79001234567")]),
            1,
        )

    def test_same_phone_in_another_cooperative_is_another_person(self):
        other = self._coop_company("ПО «Другой»")
        cashier_b = self._coop_user("coop_t_cashier_b", "coop_membership.group_cashier", other)
        mine, _r = self.register("89001234567")
        theirs, result = self.register("89001234567", user=cashier_b)
        self.assertTrue(result["created"])
        self.assertNotEqual(mine, theirs)
        self.assertEqual(theirs.company_id, other)

    def test_bad_phone_is_refused_with_the_value(self):
        with self.assertRaisesRegex(ValidationError, "12345 is not valid"):
            self.register("12345")
        with self.assertRaisesRegex(ValidationError, "phone is required"):
            self.as_user(self.cashier, "res.partner").coop_register_shopper(
                {"name": "Без телефона", "consent_processing": True}
            )

    def test_processing_consent_is_required(self):
        with self.assertRaisesRegex(ValidationError, "consent_processing must be true"):
            self.register("89001234567", consent_processing=False)
        with self.assertRaisesRegex(ValidationError, "consent_processing must be true"):
            self.as_user(self.cashier, "res.partner").coop_register_shopper(
                {"phone": "89001234567"}
            )
        self.assertFalse(
            self.env["res.partner"].search_count([("coop_phone_normalized", "=", "+79001234567")])
        )

    def test_unknown_or_mistyped_values_are_named(self):
        with self.assertRaisesRegex(ValidationError, "Unknown values: consent_marketting"):
            self.register("89001234567", consent_marketting=True)
        with self.assertRaisesRegex(ValidationError, "channel must be till, desk or web"):
            self.register("89001234567", channel="sms")
        with self.assertRaisesRegex(ValidationError, "consent_marketing must be true or false"):
            self.register("89001234567", consent_marketing="yes")

    def test_only_cashiers_register(self):
        clerk = self._coop_user("coop_t_clerk", "base.group_user")
        with self.assertRaises(AccessError):
            self.register("89001234567", user=clerk)

    def test_consents_are_separate_versioned_and_dated(self):
        self.company.coop_consent_text_version = "2026-02"
        partner, _r = self.register("89001234567", channel="desk", consent_marketing=True)
        consents = partner.coop_consent_ids
        self.assertEqual(sorted(consents.mapped("kind")), ["marketing", "processing"])
        self.assertEqual(set(consents.mapped("text_version")), {"2026-02"})
        self.assertEqual(set(consents.mapped("channel")), {"desk"})
        self.assertTrue(partner.coop_consent_processing)
        self.assertTrue(partner.coop_consent_marketing)
        self.assertFalse(partner.coop_consent_partner_transfer)

    def test_consent_withdrawal_is_a_new_entry_and_entries_are_immutable(self):
        partner, _r = self.register("89001234567", consent_marketing=True)
        partner.with_user(self.officer).action_coop_withdraw_consent("marketing", "paper")
        self.assertFalse(partner.coop_consent_marketing)
        self.assertEqual(len(partner.coop_consent_ids), 3)
        withdrawal = partner.coop_consent_ids.filtered(lambda c: not c.given)
        self.assertEqual((withdrawal.kind, withdrawal.channel), ("marketing", "paper"))
        with self.assertRaises(UserError):
            withdrawal.write({"given": True})
        with self.assertRaises(UserError):
            withdrawal.unlink()

    def test_registering_again_records_a_newly_given_consent_only(self):
        partner, _r = self.register("89001234567")
        self.register("89001234567", consent_partner_transfer=True)
        self.register("89001234567", consent_partner_transfer=True)
        self.assertEqual(
            sorted(partner.coop_consent_ids.mapped("kind")), ["partner_transfer", "processing"]
        )

    def test_find_person_by_phone_member_number_or_card(self):
        partner, _r = self.register("89001234567")
        partner.with_company(self.company).barcode = "2000000000015"  # a card, per cooperative
        Partner = self.as_user(self.cashier, "res.partner")
        found = Partner.coop_find_person("8 900 123-45-67")
        self.assertEqual(found["partner_id"], partner.id)
        self.assertEqual(found["phone_masked"], "+7900***-**-67")
        self.assertNotIn("1234567", str(found), "the till never sees the whole phone")
        self.assertEqual(Partner.coop_find_person("2000000000015")["partner_id"], partner.id)
        self.assertFalse(Partner.coop_find_person("89990000000"))
        partner.sudo().coop_member_number = "00042"
        self.assertEqual(Partner.coop_find_person("00042")["partner_id"], partner.id)

    def test_staff_record_a_consent_on_paper(self):
        partner, _r = self.register("89001234567")
        wizard = (
            self.env["coop.consent.wizard"]
            .with_user(self.cashier)
            .create(
                {
                    "partner_id": partner.id,
                    "kind": "partner_transfer",
                    "given": "given",
                    "channel": "paper",
                }
            )
        )
        wizard.action_confirm()
        self.assertTrue(partner.coop_consent_partner_transfer)
        latest = partner.coop_consent_ids.filtered(lambda c: c.kind == "partner_transfer")
        self.assertEqual((latest.channel, latest.user_id), ("paper", self.cashier))

    def test_staff_search_people_by_phone_typed_in_any_form(self):
        partner, _r = self.register("+7 900 123-45-67")
        People = self.as_user(self.officer, "res.partner")
        for typed in ("89001234567", "+7 (900) 123-45-67", "9001234567"):
            self.assertEqual(People.search([("coop_phone_search", "=", typed)]), partner, typed)
        self.assertEqual(People.search([("coop_phone_search", "ilike", "4567")]), partner)
