from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.mail.tools.discuss import Store

from .common import CoopCase

# where a person's whole phone number is kept (phone_mobile_search: with sms installed)
PHONE_FIELDS = ["phone", "mobile", "phone_sanitized", "coop_phone_normalized"]
PART_OPERATORS = ["like", "ilike", "=like", "=ilike", "not ilike", ">=", "in"]
WHOLE, MASKED = "+79001234567", "+7900***-**-67"
# what an attacker tries: every number of the block the mask hides (here a few of them)
CANDIDATES = [f"+7900{block:05d}67" for block in range(12340, 12350)]


@tagged("post_install", "-at_install")
class TestPhonePrivacy(CoopCase):
    """152-FZ: a cashier sees people's phones masked, and no other way (search by a part of
    the number, grouping, totals, sorting, export, a copy) gives the whole number; they find
    a person by the whole number. Officers and managers see and search phones as usual."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the till's cashier: Odoo's POS user (when installed) and the Cashier group only
        groups = "base.group_user,coop_membership.group_cashier"
        if cls.env.ref("point_of_sale.group_pos_user", raise_if_not_found=False):
            groups += ",point_of_sale.group_pos_user"
        cls.till_cashier = new_test_user(
            cls.env,
            login="coop_t_till_cashier",
            groups=groups,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.person = cls._coop_person("+7 900 123-45-67", "Анна Тайная")
        cls.person.mobile = "+7 900 123-45-67"
        cls.other = cls._coop_person("+7 900 765-43-21", "Борис Другой")

    @classmethod
    def _coop_person(cls, phone, name):
        values = {"phone": phone, "name": name, "consent_processing": True}
        people = cls.env["res.partner"].with_user(cls.cashier).with_company(cls.company)
        return cls.env["res.partner"].browse(people.coop_register_shopper(values)["partner_id"])

    def people(self, user=None):
        return self.as_user(user or self.till_cashier, "res.partner")

    def assertRefused(self, call, field, what):
        with self.assertRaises(AccessError) as caught:
            call()
        message = str(caught.exception)
        self.assertIn(f"res.partner.{field}", message, "the error names the field")
        self.assertIn(what, message)
        self.assertIn("coop_find_person", message, "and says how to find the person")
        return message

    def test_cashier_reads_the_phone_masked(self):
        [seen] = self.people().search_read([("id", "=", self.person.id)], PHONE_FIELDS)
        self.assertEqual({seen[f] for f in PHONE_FIELDS}, {MASKED})
        [seen] = self.people().browse(self.person.id).web_read({f: {} for f in PHONE_FIELDS})
        self.assertEqual({seen[f] for f in PHONE_FIELDS}, {MASKED})

    def test_an_onchange_gives_a_cashier_the_phone_masked(self):
        # another country: Odoo writes the phone again in that country's format
        kazakhstan = self.env.ref("base.kz").id
        spec = {"country_id": {}, **{f: {} for f in PHONE_FIELDS}}
        person = self.people().browse(self.person.id)
        result = person.onchange({"country_id": kazakhstan}, ["country_id"], spec)
        self.assertEqual(result["value"]["phone"], MASKED)
        result = person.with_user(self.officer).onchange(
            {"country_id": kazakhstan}, ["country_id"], spec
        )
        self.assertEqual("".join(filter(str.isdigit, result["value"]["phone"])), WHOLE[1:])

    def test_cashier_cannot_search_a_phone_by_a_part_of_it(self):
        People = self.people()
        for field in PHONE_FIELDS:
            for operator in PART_OPERATORS:
                value = ["+79001234567"] if operator == "in" else "+7900123%"
                with self.subTest(field=field, operator=operator):
                    self.assertRefused(
                        lambda f=field, o=operator, v=value: People.search([(f, o, v)]),
                        field,
                        "part",
                    )
        self.assertRefused(
            lambda: People.search([("coop_phone_search", "ilike", "4567")]),
            "coop_phone_search",
            "part",
        )
        if "phone_mobile_search" in People._fields:  # sms: Odoo's own phone search, in SQL
            self.assertRefused(
                lambda: People.search([("phone_mobile_search", "ilike", "900123")]),
                "phone_mobile_search",
                "part",
            )
        # a part typed where a whole number is expected matches nobody
        self.assertFalse(People.search([("coop_phone_search", "=", "4567")]))

    def test_cashier_cannot_search_a_phone_through_another_model(self):
        consents = self.as_user(self.till_cashier, "coop.consent")
        self.assertRefused(
            lambda: consents.search([("partner_id.phone", "ilike", "4567")]), "phone", "part"
        )
        users = self.as_user(self.till_cashier, "res.users")
        self.assertRefused(lambda: users.search([("mobile", "like", "%45%")]), "mobile", "part")

    def test_cashier_finds_a_person_by_the_whole_number(self):
        People = self.people()
        for typed in ("8 900 123-45-67", "+7 (900) 123-45-67", "9001234567"):
            self.assertEqual(People.coop_find_person(typed)["partner_id"], self.person.id, typed)
            self.assertEqual(People.search([("coop_phone_search", "=", typed)]), self.person)
        # the till's customer search: what was typed, with a trailing %
        self.assertEqual(
            People.search([("coop_phone_search", "ilike", "89001234567%")]), self.person
        )
        self.assertEqual(People.search([("phone", "=", WHOLE)]), self.person)
        self.assertEqual(
            People.search([("phone", "!=", WHOLE), ("id", "=", self.other.id)]), self.other
        )
        till = ["|", ("name", "ilike", "Анна%"), ("coop_phone_search", "=", "Анна")]
        self.assertEqual(People.search(till), self.person, "a name still finds the person")

    def test_cashier_cannot_group_or_total_by_a_phone(self):
        People = self.people()
        domain = [("id", "in", [self.person.id, self.other.id])]
        for field in PHONE_FIELDS:
            with self.subTest(field=field):
                self.assertRefused(
                    lambda f=field: People.read_group(domain, [f], [f]), field, "grouped"
                )
                self.assertRefused(
                    lambda f=field: People.web_read_group(domain, ["name"], [f]), field, "grouped"
                )
                for aggregate in ("array_agg", "max", "count_distinct"):
                    self.assertRefused(
                        lambda f=field, a=aggregate: People._read_group(
                            domain, ["name"], [f"{f}:{a}"]
                        ),
                        field,
                        "totalled",
                    )
        # grouping by what the till shows stays possible
        groups = People.read_group(domain, ["coop_state"], ["coop_state"])
        self.assertEqual(groups[0]["coop_state_count"], 2)

    def test_cashier_cannot_sort_people_by_a_phone(self):
        People = self.people()
        for field in PHONE_FIELDS:
            with self.subTest(field=field):
                self.assertRefused(
                    lambda f=field: People.search([], order=f"{f} desc"), field, "sorted"
                )
                self.assertRefused(
                    lambda f=field: People.web_search_read([], {"name": {}}, order=f),
                    field,
                    "sorted",
                )

    def test_cashier_cannot_export_a_phone(self):
        # a cashier allowed to export at all (Odoo's Export group)
        self.till_cashier.groups_id += self.env.ref("base.group_allow_export")
        people = self.people().browse([self.person.id, self.other.id])
        for field in PHONE_FIELDS:
            with self.subTest(field=field):
                self.assertRefused(lambda f=field: people.export_data(["name", f]), field, "export")
        consents = self.as_user(self.till_cashier, "coop.consent").search(
            [("partner_id", "=", self.person.id)]
        )
        self.assertRefused(
            lambda: consents.export_data(["kind", "partner_id/phone"]), "phone", "export"
        )
        rows = people.export_data(["name", "coop_phone_masked"])["datas"]
        self.assertIn(["Анна Тайная", MASKED], rows, "the masked phone exports")

    def test_the_web_client_offers_cashiers_no_sorting_grouping_or_export_by_phone(self):
        attributes = ["sortable", "groupable", "exportable"]
        seen = self.people().fields_get(PHONE_FIELDS, attributes)
        for field in PHONE_FIELDS:
            self.assertEqual(set(seen[field].values()), {False}, field)
        seen = self.people(self.officer).fields_get(PHONE_FIELDS, attributes)
        self.assertEqual(set(seen["phone"].values()), {True})

    def test_a_copy_made_by_a_cashier_does_not_carry_the_phone(self):
        # a cashier allowed to create contacts, as a till's partner editor may be
        self.till_cashier.groups_id += self.env.ref("base.group_partner_manager")
        copy = self.people().browse(self.person.id).copy()
        self.assertFalse(copy.coop_state)
        self.assertFalse(copy.phone or copy.mobile or copy.coop_phone_normalized)
        self.officer.groups_id += self.env.ref("base.group_partner_manager")
        self.assertEqual(self.person.with_user(self.officer).copy().phone, WHOLE)

    def test_officers_and_managers_see_and_search_whole_phones(self):
        for user in (self.officer, self.manager):
            People = self.people(user)
            domain = [("id", "in", [self.person.id, self.other.id])]
            with self.subTest(user=user.login):
                self.assertEqual(People.search([("phone", "ilike", "001234")]), self.person)
                self.assertEqual(
                    People.search([("coop_phone_search", "ilike", "4567")]), self.person
                )
                groups = People.read_group(domain, ["phone"], ["coop_phone_normalized"])
                self.assertEqual(
                    {g["coop_phone_normalized"] for g in groups}, {WHOLE, "+79007654321"}
                )
                self.assertEqual(People.search(domain, order="phone desc")[0], self.other)
                user.groups_id += self.env.ref("base.group_allow_export")
                rows = People.browse(self.person.id).export_data(["phone"])["datas"]
                self.assertEqual(rows, [[WHOLE]])

    def test_cashier_matches_one_phone_number_per_search(self):
        # Read the masked +7900***-**-67, then ask whether the number is among a thousand,
        # and bisect: the whole number in some twenty searches. One number per search.
        People = self.people()
        self.assertIn(WHOLE, CANDIDATES)
        for field in [*PHONE_FIELDS, "coop_phone_search", "coop_lookup"]:
            any_of = ["|"] * (len(CANDIDATES) - 1) + [(field, "=", c) for c in CANDIDATES]
            with self.subTest(field=field):
                self.assertRefused(
                    lambda d=any_of: People.search_count([("id", "=", self.person.id), *d]),
                    field,
                    "one phone number",
                )
        if "phone_mobile_search" in People._fields:  # sms: Odoo's own phone search, in SQL
            self.assertRefused(
                lambda: People.search(
                    ["|", ("phone_mobile_search", "=", WHOLE), ("phone", "=", CANDIDATES[0])]
                ),
                "phone",
                "one phone number",
            )
        # a number that is not, two fields, or a person's name searched by a phone (the search
        # box, name_search)
        self.assertRefused(
            lambda: People.search([("phone", "!=", WHOLE), ("phone", "!=", CANDIDATES[0])]),
            "phone",
            "one phone number",
        )
        self.assertRefused(
            lambda: People.search(["|", ("mobile", "=", WHOLE), ("phone", "=", CANDIDATES[0])]),
            "mobile",  # the second read (Odoo reads a domain from its end)
            "one phone number",
        )
        by_name = ["|", ("display_name", "ilike", WHOLE), ("display_name", "=", CANDIDATES[0])]
        self.assertRefused(lambda: People.search(by_name), "coop_lookup", "one phone number")
        self.assertRefused(
            lambda: People.name_search(WHOLE, [("coop_phone_search", "=", CANDIDATES[0])]),
            "coop_lookup",
            "one phone number",
        )

        # one number per search still finds people: the till keeps working
        self.assertEqual(People.search([("coop_lookup", "=", "89001234567")]), self.person)
        self.assertEqual(People.search([("coop_phone_search", "=", "89001234567")]), self.person)
        # the till's customer search: names and the like by what was typed, the phone whole
        till = ["|", ("name", "ilike", "89001234567%"), ("coop_phone_search", "=", "89001234567")]
        self.assertEqual(People.search(till), self.person)
        # whether a person has a phone is no number
        has = [("phone", "!=", False), ("mobile", "!=", False), ("phone", "=", WHOLE)]
        self.assertEqual(People.search(has), self.person)
        self.assertEqual(
            People.name_search("89001234567", [("mobile", "!=", False)]),
            [(self.person.id, self.person.display_name)],
        )
        # one number per search, not per request: a new search matches another number
        for number in (WHOLE, "+79007654321"):
            self.assertEqual(len(People.search([("coop_phone_normalized", "=", number)])), 1)
        # registering a shopper at the till, then finding them
        created = People.with_company(self.company).coop_register_shopper(
            {"phone": "8 900 111-22-33", "name": "Вера Новая", "consent_processing": True}
        )
        self.assertTrue(created["created"])
        found = People.with_company(self.company).coop_find_person("+7 900 111-22-33")
        self.assertEqual(found["partner_id"], created["partner_id"])
        # officers search phones as usual
        officers = self.people(self.officer)
        any_of = ["|"] * (len(CANDIDATES) - 1) + [("phone", "=", c) for c in CANDIDATES]
        self.assertEqual(officers.search(any_of), self.person)

    def test_cashier_matches_one_phone_number_through_another_model(self):
        consents = self.as_user(self.till_cashier, "coop.consent")
        for domain, field in [
            (["|", ("partner_id.phone", "=", WHOLE), ("partner_id.phone", "=", "+79000")], "phone"),
            (
                [
                    "|",
                    ("partner_id", "any", [("coop_phone_search", "=", CANDIDATES[0])]),
                    ("partner_id", "any", [("coop_phone_search", "=", WHOLE)]),
                ],
                "coop_phone_search",
            ),
            (
                ["|", ("partner_id", "ilike", WHOLE), ("partner_id", "=", CANDIDATES[0])],
                "coop_lookup",
            ),
        ]:
            with self.subTest(domain=domain):
                self.assertRefused(lambda d=domain: consents.search(d), field, "one phone number")
        users = self.as_user(self.till_cashier, "res.users")
        self.assertRefused(
            lambda: users.search(["|", ("mobile", "=", WHOLE), ("mobile", "=", CANDIDATES[0])]),
            "mobile",
            "one phone number",
        )

    def _chatter(self, user):
        """What /mail/thread/messages gives ``user`` of the person's chatter."""
        messages = (
            self.env["mail.message"]
            .with_user(user)
            .search([("model", "=", "res.partner"), ("res_id", "=", self.person.id)])
        )
        return Store(messages, for_current_user=True).get_result()["mail.message"]

    def test_the_chatter_shows_a_cashier_a_corrected_phone_masked(self):
        # the desk corrects the number: Odoo tracks the phone in the person's chatter
        self.person.write({"phone": "+7 900 123-45-99"})
        self.env.flush_all()
        self.env.cr.precommit.run()  # the tracking, made when the transaction commits

        def changes(user):
            return [
                (change["oldValue"]["value"], change["newValue"]["value"])
                for message in self._chatter(user)
                for change in message.get("trackingValues", [])
                if change["fieldName"] == "phone"
            ]

        self.assertEqual(changes(self.officer), [(WHOLE, "+7 900 123-45-99")])
        self.assertEqual(changes(self.till_cashier), [(MASKED, "+7900***-**-99")])
        self.assertNotIn("12345", str(self._chatter(self.till_cashier)))
        # nor are the tracked values readable or searchable another way
        trackings = self.env["mail.tracking.value"].with_user(self.till_cashier)
        with self.assertRaises(AccessError):
            trackings.search_read([("new_value_char", "=", "+79001234599")], ["old_value_char"])
        messages = self.env["mail.message"].with_user(self.till_cashier)
        with self.assertRaises(AccessError):
            messages.search([("tracking_value_ids.old_value_char", "ilike", "1234")])
