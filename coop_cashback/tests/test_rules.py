from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.coop_membership.tests.common import CoopCase


@tagged("post_install", "-at_install")
class TestCashbackRules(CoopCase):
    """How much a basket earns: the most specific rule per line, exclusions, caps, dates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Categ = cls.env["product.category"]
        cls.food = Categ.create({"name": "Food"})
        cls.dairy = Categ.create({"name": "Dairy", "parent_id": cls.food.id})
        cls.tobacco = Categ.create({"name": "Tobacco"})
        Product = cls.env["product.product"]
        cls.milk = Product.create({"name": "Milk", "categ_id": cls.dairy.id})
        cls.bread = Product.create({"name": "Bread", "categ_id": cls.food.id})
        cls.honey = Product.create({"name": "Honey", "categ_id": cls.food.id})
        cls.cigarettes = Product.create({"name": "Cigarettes", "categ_id": cls.tobacco.id})
        cls.Rule = cls.env["coop.cashback.rule"].with_company(cls.company)

    def setUp(self):
        super().setUp()
        self.shopper, _r = self.register("89001112233")

    def rule(self, **values):
        return self.Rule.create({"name": "r", "company_id": self.company.id, **values})

    def earn(self, lines, partner=None, channel="pos", on=date(2026, 5, 1)):
        return self.Rule._coop_compute(
            partner or self.shopper, lines, channel, date=on, company=self.company
        )

    def test_most_specific_rule_applies_per_line(self):
        self.rule(percent=1)
        self.rule(percent=3, categ_ids=[self.food.id])
        self.rule(percent=5, categ_ids=[self.dairy.id])
        self.rule(percent=10, product_ids=[self.honey.id])
        result = self.earn([(self.milk, 100), (self.bread, 100), (self.honey, 100)])
        self.assertEqual(result["lines"], [5.0, 3.0, 10.0])
        self.assertEqual(result["total"], 18.0)

    def test_ties_go_to_the_lower_sequence(self):
        self.rule(percent=2, sequence=20)
        self.rule(percent=4, sequence=5)
        self.assertEqual(self.earn([(self.bread, 100)])["total"], 4.0)

    def test_excluded_categories_earn_nothing(self):
        self.rule(percent=5)
        self.company.coop_cashback_excluded_categ_ids = self.tobacco
        self.assertEqual(self.earn([(self.cigarettes, 300), (self.bread, 100)])["total"], 5.0)
        self.rule(percent=7, categ_ids=[self.food.id], excluded_categ_ids=[self.dairy.id])
        self.assertEqual(self.earn([(self.milk, 100), (self.bread, 100)])["total"], 7.0)

    def test_rates_differ_by_status_and_channel(self):
        self.rule(percent=2, coop_state="shopper")
        self.rule(percent=5, coop_state="member")
        self.rule(percent=1, channel="partner")
        member = self.make_member("89004445566")
        self.assertEqual(self.earn([(self.bread, 100)])["total"], 2.0)
        self.assertEqual(self.earn([(self.bread, 100)], partner=member)["total"], 5.0)
        self.assertEqual(self.earn([(self.bread, 100)], channel="partner")["total"], 1.0)

    def test_dates_minimum_and_cap(self):
        self.rule(percent=10, date_from=date(2026, 6, 1))
        self.assertEqual(self.earn([(self.bread, 100)])["total"], 0.0)
        self.assertEqual(self.earn([(self.bread, 100)], on=date(2026, 6, 1))["total"], 10.0)
        self.rule(percent=50, min_amount=500, max_amount=100, product_ids=[self.honey.id])
        self.assertEqual(self.earn([(self.honey, 400)])["total"], 0.0, "below the minimum")
        result = self.earn([(self.honey, 400), (self.bread, 200)], on=date(2026, 5, 2))
        self.assertEqual(result["total"], 100.0, "capped at 100 per purchase")

    def test_fixed_amount_once_per_purchase_and_rounding(self):
        self.rule(amount_type="fixed", fixed_amount=25, categ_ids=[self.food.id])
        self.assertEqual(self.earn([(self.bread, 10), (self.milk, 10)])["total"], 25.0)
        self.Rule.search([("company_id", "=", self.company.id)]).action_archive()
        self.rule(percent=3.33)
        self.assertEqual(self.earn([(self.bread, 10.01), (self.milk, 10.01)])["total"], 0.67)

    def test_unregistered_and_frozen_people_earn_nothing(self):
        self.rule(percent=5)
        contact = self.env["res.partner"].create({"name": "Not registered"})
        self.assertEqual(self.earn([(self.bread, 100)], partner=contact)["total"], 0.0)

    def test_bad_rules_are_refused_with_the_field(self):
        with self.assertRaisesRegex(ValidationError, "percentage must be above 0"):
            self.rule(percent=0)
        with self.assertRaisesRegex(ValidationError, "fixed amount must be positive"):
            self.rule(amount_type="fixed", fixed_amount=0)
        with self.assertRaisesRegex(ValidationError, "'Valid until' is before"):
            self.rule(percent=1, date_from=date(2026, 2, 1), date_to=date(2026, 1, 1))

    def test_preview_over_rpc_shape(self):
        self.rule(percent=5)
        preview = self.Rule.coop_preview(self.shopper.id, [[self.bread.id, 100.0]])
        self.assertEqual(preview["total"], 5.0)
        with self.assertRaisesRegex(ValidationError, "Unknown products"):
            self.Rule.coop_preview(self.shopper.id, [[0, 1.0]])
