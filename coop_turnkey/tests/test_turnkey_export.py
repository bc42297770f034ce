import tomllib

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import TurnkeyCase


def renamed(text):
    """The exported file of cooperative tk-test as another cooperative's (key, name and
    logins of its own)."""
    text = text.replace('key = "tk-test"', 'key = "tk-copy"').replace("«Тест файла»", "«Копия»")
    return text.replace('login = "tk_', 'login = "tk2_')


@tagged("post_install", "-at_install")
class TestTurnkeyExport(TurnkeyCase):
    """A running cooperative exports to its file: applied as a new cooperative, that file
    exports to the same text."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.apply_example()

    def export(self, company):
        return self.env["coop.turnkey"].with_user(self.manager).coop_export_file(company)

    def test_export_apply_export_gives_the_same_file(self):
        first = self.export(self.company.id)
        config = tomllib.loads(first["toml"])
        self.assertEqual(config["products"], "products.csv")
        self.assertEqual(config["cooperative"]["inn"], "3702001233")
        self.assertEqual(
            [rule["key"] for rule in config["cashback"]["rules"]],
            ["shoppers", "members", "partners"],
        )
        self.assertEqual(config["cashback"]["never_earn_categories"], ["All / Подарочные карты"])
        self.assertEqual(config["stores"][0]["payment_methods"], ["cash", "card", "cashback"])
        self.assertEqual(
            [(person["login"], person["role"]) for person in config["staff"]],
            [
                ("tk_belova", "officer"),
                ("tk_grigoriev", "manager"),
                ("tk_orlova", "cashier"),
                ("tk_zaitseva", "accountant"),
            ],
        )
        self.assertEqual(config["partners"][0]["api_login"], "tk_plumbing-api")
        self.assertEqual(len(first["products_csv"].splitlines()), 7, "a header and 6 products")
        text = renamed(first["toml"])
        self.apply(text, "copy.toml", first["products_csv"])
        copy = self.env.ref("coop_turnkey_data.tk-copy_company")
        self.assertNotEqual(copy, self.company)
        second = self.export(copy.name)
        self.assertEqual(second["toml"], text)
        self.assertEqual(second["products_csv"], first["products_csv"])

    def test_exported_file_applied_again_changes_nothing(self):
        first = self.export(self.company.id)
        self.assertEqual(
            self.apply(first["toml"], "export.toml", first["products_csv"]),
            ["Unchanged: the cooperative is as the file describes."],
        )

    def test_only_a_manager_of_the_cooperative_exports_it(self):
        other = new_test_user(
            self.env, login="coop_tk_other", groups="base.group_user,coop_membership.group_manager"
        )
        with self.assertRaises(AccessError):
            self.env["coop.turnkey"].with_user(other).coop_export_file(self.company.id)
        with self.assertRaisesRegex(UserError, "There is no cooperative Nowhere"):
            self.export("Nowhere")

    def test_a_rule_made_by_hand_is_taken_over_not_copied(self):
        """A rule made by hand is exported as rule<id>; that file applied to the same
        database finds the same rule again, and from then on the file makes it."""
        Rule = self.env["coop.cashback.rule"].with_user(self.manager).with_company(self.company)
        own = Rule.create({"name": "Своё правило", "percent": 1, "company_id": self.company.id})
        first = self.export(self.company.id)
        keys = [rule["key"] for rule in tomllib.loads(first["toml"])["cashback"]["rules"]]
        self.assertEqual(keys, ["shoppers", "members", "partners", f"rule{own.id}"])
        before = self.counts()
        changes = self.apply(first["toml"], "export.toml", first["products_csv"])
        self.assertEqual(changes, ["Unchanged: the cooperative is as the file describes."])
        before.pop("ir.model.data")
        after = self.counts()
        after.pop("ir.model.data")
        self.assertEqual(after, before, "no second rule")
        self.assertEqual(self.env.ref(f"coop_turnkey_data.tk-test_rule_rule{own.id}"), own)
        self.assertEqual(self.export(self.company.id)["toml"], first["toml"])
        # its terms follow the file from then on
        changed = first["toml"].replace('name = "Своё правило"\n', 'name = "Моё правило"\n')
        self.apply(changed, "export.toml", first["products_csv"])
        self.assertEqual(own.name, "Моё правило")

    def test_a_rule_key_naming_another_record_makes_a_new_rule(self):
        """rule<id> takes over only a rule of this cooperative that no file made."""
        made = self.env.ref("coop_turnkey_data.tk-test_rule_shoppers")
        other = self.env["coop.cashback.rule"].create({"name": "Чужое правило", "percent": 1})
        self.assertNotEqual(other.company_id, self.company)
        first = self.export(self.company.id)
        text = first["toml"]
        for rule in (made, other):
            block = (
                f'\n[[cashback.rules]]\nkey = "rule{rule.id}"\nname = "Новое {rule.id}"\n'
                "percent = 7\n"
            )
            text = text.replace("\n[[stores]]\n", f"{block}\n[[stores]]\n", 1)
        before = self.env["coop.cashback.rule"].search_count([])
        self.apply(text, "export.toml", first["products_csv"])
        self.assertEqual(self.env["coop.cashback.rule"].search_count([]), before + 2)
        self.assertEqual((made.name, made.percent), ("Shoppers: 2%", 2))
        self.assertEqual((other.name, other.percent), ("Чужое правило", 1))

    def _same_after_applying_back(self, first):
        """Apply the exported ``first`` back as the manager: unchanged, nothing made."""
        before = self.counts()
        changes = self.apply(first["toml"], "export.toml", first["products_csv"])
        self.assertEqual(changes, ["Unchanged: the cooperative is as the file describes."])
        before.pop("ir.model.data")
        after = self.counts()
        after.pop("ir.model.data")
        self.assertEqual(after, before, "nothing copied")
        self.assertEqual(self.export(self.company.id)["toml"], first["toml"])

    def _store_by_hand(self, company, name):
        """A store made by hand (not by a file), with a cash and a card method."""
        Journal = self.env["account.journal"].with_company(company)
        Method = self.env["pos.payment.method"].with_company(company)
        methods = Method
        for kind, code, title in (("cash", "HCSH", "Касса ларька"), ("bank", "HCRD", "Карта")):
            journal = Journal.create(
                {"name": title, "type": kind, "code": code, "company_id": company.id}
            )
            methods |= Method.create(
                {"name": title, "journal_id": journal.id, "company_id": company.id}
            )
        return (
            self.env["pos.config"]
            .with_company(company)
            .create(
                {
                    "name": name,
                    "company_id": company.id,
                    "payment_method_ids": [(6, 0, methods.ids)],
                }
            )
        )

    def test_a_store_made_by_hand_is_taken_over_not_copied(self):
        """A store made by hand is exported as store<id>; that file applied to the same
        database finds the same store and payment methods again: no second store."""
        store = self._store_by_hand(self.company, "Ларёк")
        first = self.export(self.company.id)
        stores = tomllib.loads(first["toml"])["stores"]
        self.assertEqual(stores[-1]["key"], f"store{store.id}")
        self.assertEqual(stores[-1]["payment_methods"], ["cash", "card"])
        self._same_after_applying_back(first)
        self.assertEqual(self.env.ref(f"coop_turnkey_data.tk-test_store_store{store.id}"), store)
        self.assertEqual(store.payment_method_ids.mapped("name"), ["Касса ларька", "Карта"])
        # from then on the file makes it
        changed = first["toml"].replace('name = "Ларёк"\n', 'name = "Ларёк у рынка"\n')
        self.apply(changed, "export.toml", first["products_csv"])
        self.assertEqual(store.name, "Ларёк у рынка")

    def test_a_partner_business_made_by_hand_is_taken_over_not_copied(self):
        """A partner business made by hand (a shared contact, an agreement, an API user) is
        exported as partner<id>; applied back, the same agreement, contact and API user."""
        contact = self.env["res.partner"].create(
            {"name": "ООО «Ручная»", "vat": "3702004562", "is_company": True}
        )
        user = new_test_user(
            self.env,
            login="hand-api",
            groups="coop_partner_sync.group_partner_api",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
        )
        agreement = self.env["coop.partner.agreement"].create(
            {
                "partner_id": contact.id,
                "company_id": self.company.id,
                "cashback_mode": "percent",
                "cashback_percent": 2,
                "api_user_id": user.id,
            }
        )
        first = self.export(self.company.id)
        business = tomllib.loads(first["toml"])["partners"][-1]
        self.assertEqual(
            (business["key"], business["api_login"]), (f"partner{agreement.id}", "hand-api")
        )
        self._same_after_applying_back(first)
        name = f"coop_turnkey_data.tk-test_partner_partner{agreement.id}"
        self.assertEqual(self.env.ref(f"{name}_agreement"), agreement)
        self.assertEqual(self.env.ref(name), contact)
        self.assertFalse(contact.company_id, "a shared contact stays shared")
        self.assertTrue(user.active)
        self.assertEqual(agreement.api_user_id, user)

    def test_store_and_partner_keys_naming_another_record_make_new_ones(self):
        """store<id> and partner<id> take over only a record of this cooperative that no file
        made: one of another company, or made by a file, is left as it is."""
        made = self.env.ref("coop_turnkey_data.tk-test_store_main")
        elsewhere = self._store_by_hand(self.env.ref("base.main_company"), "Чужой ларёк")
        contact = self.env["res.partner"].create({"name": "Чужая", "is_company": True})
        foreign = self.env["coop.partner.agreement"].create(
            {"partner_id": contact.id, "company_id": self.env.ref("base.main_company").id}
        )
        first = self.export(self.company.id)
        blocks = "".join(
            f'[[stores]]\nkey = "store{store.id}"\nname = "Новый {store.id}"\n'
            'payment_methods = ["cash"]\n\n'
            for store in (made, elsewhere)
        )
        text = first["toml"].replace("[[stores]]\n", f"{blocks}[[stores]]\n", 1)
        text += (
            f'\n[[partners]]\nkey = "partner{foreign.id}"\nname = "ООО «Новая»"\n'
            'inn = "3702004562"\n'
        )
        before = self.counts()
        self.apply(text, "export.toml", first["products_csv"])
        after = self.counts()
        self.assertEqual(after["pos.config"], before["pos.config"] + 2)
        self.assertEqual(after["coop.partner.agreement"], before["coop.partner.agreement"] + 1)
        self.assertEqual(made.name, "Кооперативный магазин")
        self.assertEqual(elsewhere.name, "Чужой ларёк")
        self.assertEqual(foreign.partner_id, contact)
