from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import PRODUCTS, TurnkeyCase, example

HEADER = "key,name,category,price,barcode,uom,tax,available_in_pos\n"


@tagged("post_install", "-at_install")
class TestTurnkeyProducts(TurnkeyCase):
    """Products and categories from the CSV the file names: found again by their key, a bad
    row refused with the CSV file, line and column named, and nothing created."""

    def product(self, code):
        company = self.env.ref("coop_turnkey_data.tk-test_company")
        return self.env["product.template"].search(
            [("default_code", "=", code), ("company_id", "=", company.id)]
        )

    def assertRefused(self, pattern, text=None, products=None):
        before = self.counts()
        with self.assertRaisesRegex(UserError, pattern):
            self.apply(text or example(), "coop.toml", products)
        self.assertEqual(self.counts(), before, "nothing created")
        self.assertFalse(self.env.ref("coop_turnkey_data.tk-test_company", False))

    def test_products_and_categories_from_the_csv(self):
        changes = self.apply(example())
        milk, apples, gift = (
            self.product("MILK-1"),
            self.product("APPLE-1"),
            self.product("GIFT-1000"),
        )
        self.assertEqual(milk.name, "Молоко 3,2 %, 1 л")
        self.assertEqual(milk.categ_id.complete_name, "All / Продукты / Молочные")
        self.assertEqual((milk.list_price, milk.barcode), (89.90, "4600000000019"))
        self.assertTrue(milk.available_in_pos)
        self.assertEqual(milk.taxes_id.mapped("amount"), [10.0])
        self.assertEqual(milk.taxes_id.company_id, milk.company_id)
        self.assertEqual(apples.uom_id, self.env.ref("uom.product_uom_kgm"))
        self.assertFalse(gift.taxes_id)
        self.assertIn("Product category All / Продукты / Молочные: created", changes)
        company = milk.company_id
        self.assertEqual(company.coop_cashback_excluded_categ_ids, gift.categ_id)
        self.assertEqual(
            self.apply(example()), ["Unchanged: the cooperative is as the file describes."]
        )

    def test_changed_row_changes_only_that_product(self):
        self.apply(example())
        milk = self.product("MILK-1")
        before = self.counts()
        text = PRODUCTS.read_text(encoding="utf-8").replace("89.90", "92.50")
        changes = self.apply(example(), products=text)
        self.assertEqual(self.counts(), before)
        self.assertEqual(changes, ["Product MILK-1: changed Sales Price: 89.9 → 92.5"])
        self.assertEqual(self.product("MILK-1"), milk)
        self.assertEqual(milk.list_price, 92.5)

    def test_rule_may_name_a_category_the_csv_makes(self):
        text = example(("percent = 5\n", 'percent = 5\ncategories = ["All / Продукты / Хлеб"]\n'))
        self.apply(text)
        rule = self.env.ref("coop_turnkey_data.tk-test_rule_members")
        self.assertEqual(rule.categ_ids.complete_name, "All / Продукты / Хлеб")

    def test_bad_price(self):
        rows = HEADER + "A-1,Хлеб,All / Хлеб,45,,,,\nA-2,Соль,All / Соль,дёшево,,,,\n"
        self.assertRefused(
            r"^products\.csv, line 3, column price: дёшево is not a price", products=rows
        )

    def test_unknown_unit_of_measure(self):
        rows = HEADER + "A-1,Хлеб,All / Хлеб,45,,батон,,\n"
        self.assertRefused(r"line 2, column uom: there is no unit of measure батон", products=rows)

    def test_unknown_tax_found_after_the_chart_is_made(self):
        gift = "G-1,Карта,All / Подарочные карты,1000,,,,\n"  # the file's never_earn category
        rows = HEADER + gift + "A-1,Хлеб,All / Хлеб,45,,,VAT 99%,\n"
        self.assertRefused(r"line 3, column tax: .* has no sales tax VAT 99%", products=rows)

    def test_same_key_twice(self):
        rows = HEADER + "A-1,Хлеб,All / Хлеб,45,,,,\nA-1,Соль,All / Соль,12,,,,\n"
        self.assertRefused(r"line 3, column default_code: A-1 is already on line 2", products=rows)

    def test_unknown_and_missing_columns(self):
        self.assertRefused(
            r"line 1, column colour: unknown column", products="key,name,category,price,colour\n"
        )
        self.assertRefused(
            r"line 1, column price: this column is missing", products="key,name,category\n"
        )

    def test_products_file_not_given(self):
        text = example()
        line = text.splitlines().index('products = "products.csv"') + 1
        before = self.counts()
        with self.assertRaisesRegex(
            UserError, rf"coop\.toml, line {line}, products: the products file"
        ):
            self.env["coop.turnkey"].with_user(self.manager).coop_apply_file(text, "coop.toml")
        self.assertEqual(self.counts(), before)
