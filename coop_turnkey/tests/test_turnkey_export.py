import tomllib

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import TurnkeyCase, example, files


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
        turnkey = cls.env["coop.turnkey"].with_user(cls.manager)
        turnkey.coop_apply_file(example(), "coop.toml", files())
        cls.company = cls.env.ref("coop_turnkey_data.tk-test_company")

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
