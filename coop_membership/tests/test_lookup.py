from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import CoopCase

# what staff type for +7 910 000-00-05: every usual form of the phone
PHONE_FORMS = [
    "+79100000005",
    "+7 910 000-00-05",
    "89100000005",
    "8 910 000-00-05",
    "8 (910) 000-00-05",
    "9100000005",
]
CARD = "2000000000053"


@tagged("post_install", "-at_install")
class TestLookup(CoopCase):
    """Staff find a person by name, a phone in any usual form, a member number or a card
    barcode: in the people's search box (display_name), in every field where one chooses a
    person (name_search) and at the till (coop_lookup), through the till's lookup. A cashier
    finds people by the whole number only, and reads their phones masked."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the till's cashier: Odoo's POS user (when installed) and the Cashier group only
        groups = "base.group_user,coop_membership.group_cashier"
        if cls.env.ref("point_of_sale.group_pos_user", raise_if_not_found=False):
            groups = "base.group_user,point_of_sale.group_pos_user,coop_membership.group_cashier"
        cls.till_cashier = new_test_user(
            cls.env,
            login="coop_t_lookup_cashier",
            groups=groups,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.olga = cls._coop_person("+7 910 000-00-05", "Лебедева Ольга")
        cls.member = cls._coop_person("+7 910 000-00-07", "Морозова Наталья")
        # what admission gives (test_lifecycle proves it), written as the lifecycle writes it
        cls.member.write({"coop_state": "member", "coop_member_number": "00042"})
        cls.member.with_company(cls.company).barcode = CARD  # a card, per cooperative
        cls.other = cls._coop_person("+7 910 000-00-06", "Волков Сергей")

    @classmethod
    def _coop_person(cls, phone, name):
        values = {"phone": phone, "name": name, "consent_processing": True}
        people = cls.env["res.partner"].with_user(cls.cashier).with_company(cls.company)
        return cls.env["res.partner"].browse(people.coop_register_shopper(values)["partner_id"])

    def staff(self):
        return [("cashier", self.till_cashier), ("officer", self.officer)]

    def found(self, user, domain):
        return self.as_user(user, "res.partner").search(domain)

    def test_search_box_finds_a_person_by_any_form_of_the_phone(self):
        for role, user in self.staff():
            for typed in PHONE_FORMS:
                with self.subTest(role=role, typed=typed):
                    self.assertEqual(
                        self.found(user, [("display_name", "ilike", typed)]), self.olga
                    )
                    self.assertEqual(self.found(user, [("coop_lookup", "=", typed)]), self.olga)

    def test_search_box_finds_by_member_number_card_and_name(self):
        number = self.member.coop_member_number
        self.assertTrue(number, "a member has a member number")
        for role, user in self.staff():
            for typed, person in [
                (number, self.member),
                (CARD, self.member),
                ("Лебедева", self.olga),
                ("ольга", self.olga),
            ]:
                with self.subTest(role=role, typed=typed):
                    self.assertEqual(self.found(user, [("display_name", "ilike", typed)]), person)

    def test_choosing_a_person_in_a_field_finds_them_by_phone(self):
        for role, user in self.staff():
            people = self.as_user(user, "res.partner")
            for typed, person in [
                ("89100000005", self.olga),
                ("8 910 000-00-07", self.member),
                (self.member.coop_member_number, self.member),
                (CARD, self.member),
                ("Волков", self.other),
            ]:
                with self.subTest(role=role, typed=typed):
                    ids = [pid for pid, _name in people.name_search(typed)]
                    self.assertEqual(ids, person.ids)
        # a many2one of another model (the consent's person) searched by the phone
        consents = self.as_user(self.officer, "coop.consent").search(
            [("partner_id", "ilike", "8 910 000-00-07")]
        )
        self.assertTrue(consents)
        self.assertEqual(consents.partner_id, self.member)

    def test_cashier_finds_by_the_whole_number_only_and_reads_it_masked(self):
        people = self.as_user(self.till_cashier, "res.partner")
        for part in ["000-00-05", "910000", "+7910"]:
            with self.subTest(part=part):
                self.assertFalse(people.search([("coop_lookup", "=", part)]))
                self.assertNotIn(self.olga.id, [pid for pid, _ in people.name_search(part)])
        [seen] = people.search_read([("coop_lookup", "=", "89100000005")], ["phone", "name"])
        self.assertEqual((seen["name"], seen["phone"]), (self.olga.name, "+7910***-**-05"))

    def test_a_phone_nobody_has_finds_nobody(self):
        for role, user in self.staff():
            with self.subTest(role=role):
                self.assertFalse(self.found(user, [("display_name", "ilike", "89100000099")]))
                self.assertEqual(
                    self.found(user, [("coop_lookup", "!=", "89100000005")]) & self.olga,
                    self.env["res.partner"],
                )

    def test_people_of_another_cooperative_are_not_found(self):
        other_coop = self._coop_company("ПО «Другой»")
        cashier = self._coop_user(
            "coop_t_lookup_other", "coop_membership.group_cashier", company=other_coop
        )
        people = self.env["res.partner"].with_user(cashier).with_company(other_coop)
        values = {"phone": "+7 910 000-00-05", "name": "Тёзка Ольги", "consent_processing": True}
        namesake = self.env["res.partner"].browse(
            people.coop_register_shopper(values)["partner_id"]
        )
        self.assertEqual(people.search([("coop_lookup", "=", "89100000005")]), namesake)
        self.assertEqual(
            self.found(self.till_cashier, [("coop_lookup", "=", "89100000005")]), self.olga
        )

    def test_people_search_view_and_empty_list_text(self):
        action = self.env.ref("coop_membership.res_partner_action_coop_people")
        self.assertNotIn("registered in the cooperative yet", action.help)
        self.assertIn("No one matches this search", action.help)
        arch = self.as_user(self.officer, "res.partner").get_views(
            [(action.search_view_id.id, "search")]
        )["views"]["search"]["arch"]
        self.assertIn("[('display_name', 'ilike', self)]", arch, "Enter searches the lookup")
