from datetime import date

from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CoopCase


@tagged("post_install", "-at_install")
class TestSecurity(CoopCase):
    """What each role may do, and that each cooperative sees only its own people."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls._coop_company("ПО «Соседи»")
        cls.other_officer = cls._coop_user(
            "coop_t_officer_b", "coop_membership.group_officer", cls.other
        )
        cls.other_manager = cls._coop_user(
            "coop_t_manager_b", "coop_membership.group_manager", cls.other
        )

    def test_other_cooperative_sees_none_of_our_people_or_their_data(self):
        member = self.make_member()
        for model in (
            "coop.membership.application",
            "coop.contribution",
            "coop.consent",
            "coop.state.event",
        ):
            mine = self.as_user(self.manager, model).search([("partner_id", "=", member.id)])
            self.assertTrue(mine, model)
            theirs = self.as_user(self.other_manager, model).search(
                [("partner_id", "=", member.id)]
            )
            self.assertFalse(theirs, f"{model} of another cooperative is hidden")
        self.assertFalse(
            self.as_user(self.other_officer, "res.partner").search([("id", "=", member.id)])
        )
        with self.assertRaises(AccessError):
            self.as_user(self.other_officer, "res.partner").browse(member.id).read(["coop_state"])

    def test_cashier_registers_but_takes_no_applications_or_money(self):
        partner, _r = self.register("89001234567")
        with self.assertRaises(AccessError):
            self.as_user(self.cashier, "coop.membership.application").create(
                {"partner_id": partner.id, "full_name": "x"}
            )
        with self.assertRaises(AccessError):
            self.as_user(self.cashier, "coop.contribution").create(
                {"partner_id": partner.id, "kind": "entry_fee", "amount": 1000}
            )
        with self.assertRaises(AccessError):
            self.as_user(self.cashier, "coop.fee.version").create(
                {"kind": "entry_fee", "amount": 1, "meeting_ref": "x"}
            )
        # but sees what the till needs
        [data] = (
            self.as_user(self.cashier, "res.partner")
            .browse(partner.id)
            .read(["coop_state", "coop_phone_masked"])
        )
        self.assertEqual(data["coop_state"], "shopper")

    def test_officer_handles_applications_and_money_but_not_settings(self):
        member = self.make_member()  # as officer, see common.py
        self.assertEqual(member.coop_state, "member")
        with self.assertRaises(AccessError):
            self.as_user(self.officer, "coop.fee.version").create(
                {
                    "kind": "entry_fee",
                    "amount": 2000,
                    "meeting_ref": "GM 9",
                    "date_from": date(2027, 1, 1),
                }
            )
        with self.assertRaises(AccessError):
            self.as_user(self.officer, "coop.membership.application").search([]).unlink()

    def test_manager_sets_fee_versions_for_own_company_only(self):
        version = self.as_user(self.manager, "coop.fee.version").create(
            {
                "kind": "entry_fee",
                "amount": 2000,
                "meeting_ref": "GM 9",
                "date_from": date(2027, 1, 1),
            }
        )
        self.assertEqual(version.company_id, self.company)
        self.assertFalse(
            self.as_user(self.other_manager, "coop.fee.version").search([("id", "=", version.id)])
        )

    def test_cashiers_see_the_phone_masked_on_the_form(self):
        def phone_fields(user):
            arch = self.env["res.partner"].with_user(user).get_views([(False, "form")])
            tree = etree.fromstring(arch["views"]["form"]["arch"])
            return {
                node.get("name")
                for node in tree.xpath("//field[not(ancestor::field)]")
                if node.get("name") in ("phone", "mobile", "coop_phone_masked")
            }

        self.assertEqual(phone_fields(self.cashier), {"coop_phone_masked"})
        self.assertEqual(phone_fields(self.officer), {"phone", "mobile", "coop_phone_masked"})
        clerk = self._coop_user("coop_t_clerk_phone", "base.group_user")
        self.assertEqual(phone_fields(clerk), {"phone", "mobile"}, "others see contacts as usual")

    def test_cashiers_read_phones_masked_over_any_channel_and_still_find_people(self):
        person, _r = self.register("+7 900 123-45-67")
        fields = ["phone", "mobile", "phone_sanitized", "coop_phone_normalized", "name"]
        as_cashier = self.as_user(self.cashier, "res.partner")
        [seen] = as_cashier.search_read([("id", "=", person.id)], fields)
        self.assertEqual(
            {seen[f] for f in fields if f not in ("name", "mobile")}, {"+7900***-**-67"}
        )
        [seen] = as_cashier.browse(person.id).read(["phone"])
        self.assertEqual(seen["phone"], "+7900***-**-67")
        [seen] = self.as_user(self.officer, "res.partner").browse(person.id).read(["phone"])
        self.assertEqual(seen["phone"], "+79001234567")
        # the till searches what was typed, any usual form, with a trailing %
        for typed in ("89001234567%", "+7 900 123-45-67", "9001234567"):
            self.assertEqual(as_cashier.search([("coop_phone_search", "ilike", typed)]), person)
        # saving back the masked phone it was shown changes nothing; a new phone is kept
        # (a cashier allowed to edit contacts, as the till's partner editor may be)
        self.cashier.groups_id += self.env.ref("base.group_partner_manager")
        as_cashier.browse(person.id).write({"phone": "+7900***-**-67", "name": "Иван П."})
        self.assertEqual(person.phone, "+79001234567")
        self.assertEqual(person.name, "Иван П.")
        as_cashier.browse(person.id).write({"phone": "+7 900 765-43-21"})
        self.assertEqual(person.coop_phone_normalized, "+79007654321")

    def test_a_persons_data_is_exported_for_them_and_consent_withdrawn(self):
        person, _r = self.register("+7 900 123-45-67", consent_marketing=True)
        person.with_user(self.cashier).action_coop_withdraw_consent("marketing", "desk")
        self.assertFalse(person.coop_consent_marketing)
        with self.assertRaises(AccessError):
            person.with_user(self.cashier).coop_personal_data()
        data = person.with_user(self.officer).coop_personal_data()
        self.assertEqual(data["person"]["phone"], "+79001234567")
        self.assertEqual(data["person"]["coop_state"], "Shopper")
        self.assertEqual(
            [(c["kind"], c["given"]) for c in data["consents"]],
            [("Processing of personal data", True), ("Advertising messages", True),
             ("Advertising messages", False)],
        )  # fmt: skip
        self.assertEqual(data["status_history"][0]["to_state"], "Shopper")
        action = person.with_user(self.officer).action_coop_export_personal_data()
        attachment_id = int(action["url"].split("/")[3].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        self.assertIn('"+79001234567"', attachment.raw.decode())
        self.assertIn("Personal data exported", person.message_ids[0].body)
