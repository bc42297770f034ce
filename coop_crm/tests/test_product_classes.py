from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import AS_OF, ClassesCase

# Weeks: the period of 365 days is cut in 52 weeks counted back from AS_OF, week k = the days
# d ago with 52 * d // 365 == k; a sale d = 7k + 1 days ago falls in week k (k = 0..51).
# The products of the dataset below, with their classes computed by hand:
#   revenue (tax excluded, refunds subtracted) and weekly quantities:
#     meat    500 x 10 units in 16 weeks (k = 0, 3, ..., 45) = 80,000; sold 2 more and
#             refunded them in week 0: no change
#     bread    50 x 19 and 21 units in alternate weeks, 1,040 units = 52,000
#     milk     80 x 8 and 12 units in alternate weeks, 520 units = 41,600
#     cheese  400 x 1 unit in 40 weeks (k = 0..39) = 16,000
#     tea      10 x 10 and 14 units in alternate weeks, 624 units = 6,240
#     candy   100 x 44 units in week 5 = 4,400 (and 1,000 units in a draft order: no sale)
#   total 200,240; from the biggest, the share of revenue before each product:
#     meat 0 %, bread 39.95 %, milk 65.92 % -> A (below 80 %); cheese 86.70 %,
#     tea 94.69 % -> B (below 95 %); candy 97.80 % -> C
#   XYZ: standard deviation / mean of the 52 weekly quantities (weeks without a sale: 0):
#     bread mean 20, deviation 1 -> 5 % -> X; milk mean 10, deviation 2 -> 20 % -> Y;
#     tea mean 12, deviation 2 -> 16.7 % -> Y; a product sold in k of the 52 weeks, the same
#     quantity each time: sqrt(52 / k - 1): meat 16 weeks 150 % -> Z, cheese 40 weeks
#     54.8 % -> Z, candy 1 week 714.1 % -> Z
#   salt: sold 400 days ago only, before the period: no class.
EXPECTED = {
    # product: (ABC, XYZ, revenue, quantity, weekly variation %)
    "meat": ("a", "z", 80000.0, 160.0, 150.0),
    "bread": ("a", "x", 52000.0, 1040.0, 5.0),
    "milk": ("a", "y", 41600.0, 520.0, 20.0),
    "cheese": ("b", "z", 16000.0, 40.0, 54.8),
    "tea": ("b", "y", 6240.0, 624.0, 16.7),
    "candy": ("c", "z", 4400.0, 44.0, 714.1),
}
PRICES = {"meat": 500, "bread": 50, "milk": 80, "cheese": 400, "tea": 10, "candy": 100, "salt": 20}


class ProductClassesCase(ClassesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.products = {
            name: cls.env["product.product"].create(
                {"name": name, "list_price": price, "available_in_pos": True, "taxes_id": []}
            )
            for name, price in PRICES.items()
        }

    @classmethod
    def sell(cls, quantities, days_ago, state="paid", session=None):
        """A till order of ``{product name: quantity}`` (a refund: negative quantities),
        ``days_ago`` days before AS_OF, without taxes."""
        lines = [
            {
                "product_id": cls.products[name].id,
                "qty": qty,
                "price_unit": PRICES[name],
                "price_subtotal": qty * PRICES[name],
                "price_subtotal_incl": qty * PRICES[name],
            }
            for name, qty in quantities.items()
        ]
        total = sum(line["price_subtotal"] for line in lines)
        return cls.env["pos.order"].create(
            {
                "session_id": (session or cls.session).id,
                "date_order": cls.at(days_ago),
                "lines": [(0, 0, line) for line in lines],
                "amount_total": total,
                "amount_tax": 0.0,
                "amount_paid": total,
                "amount_return": 0.0,
                "state": state,
            }
        )

    def product_classes(self, company=None, user=None):
        """{product name: (ABC, XYZ, revenue, quantity, variation)} as the buyer reads them."""
        Class = self.env["coop.product.class"].with_user(user or self.manager)
        rows = Class.with_company(company or self.company).search([])
        names = {product.id: name for name, product in self.products.items()}
        self.assertEqual(len(rows), len(set(rows.product_id)), "one row a product")
        return {
            names[row.product_id.id]: (
                row.abc,
                row.xyz,
                row.revenue,
                row.quantity,
                round(row.cv, 1),
            )
            for row in rows
        }


@tagged("post_install", "-at_install")
class TestProductClasses(ProductClassesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for k in range(52):
            week = {
                "bread": 19 if k % 2 else 21,
                "milk": 8 if k % 2 else 12,
                "tea": 10 if k % 2 else 14,
            }
            if k % 3 == 0 and k <= 45:
                week["meat"] = 10
            if k < 40:
                week["cheese"] = 1
            if k == 5:
                week["candy"] = 44
            cls.sell(week, 7 * k + 1)
        cls.sell({"meat": 2}, 2)
        cls.sell({"meat": -2}, 1)  # the refund of the order above
        cls.sell({"candy": 1000}, 3, state="draft")  # not paid: no sale
        cls.sell({"candy": 1000}, 3, state="cancel")
        cls.sell({"salt": 100}, 400)  # before the period
        # the other cooperative sells much candy and tea, lately
        cls.sell({"candy": 500, "tea": 7}, 2, session=cls.other_session)

    def test_classes_by_hand(self):
        """The SQL gives every product the classes computed by hand above, with the
        customers' classes."""
        self.company._coop_compute_classes(AS_OF)
        self.assertEqual(self.product_classes(), EXPECTED)
        rows = self.env["coop.product.class"].search([("company_id", "=", self.company.id)])
        self.assertEqual(set(rows.mapped("date")), {AS_OF})

    def test_refund_nets_out(self):
        """The meat sold and refunded in week 0 changes neither its revenue nor its week."""
        self.company._coop_compute_classes(AS_OF)
        self.assertEqual(self.product_classes()["meat"][2:], (80000.0, 160.0, 150.0))
        self.sell({"meat": -10}, 1)  # a second refund: week 0 now 0
        self.company._coop_compute_classes(AS_OF)
        # 15 weeks of 10 units: revenue 75,000, mean 150 / 52, variation sqrt(52 / 15 - 1)
        self.assertEqual(self.product_classes()["meat"][2:], (75000.0, 150.0, 157.1))

    def test_other_cooperative_apart(self):
        """The other cooperative's sales count neither here nor the other way round: each
        reads only its own classes."""
        self.company._coop_compute_classes(AS_OF)
        self.other._coop_compute_classes(AS_OF)
        self.assertEqual(self.product_classes(), EXPECTED)
        other_manager = new_test_user(
            self.env,
            login="coop_t_manager_other",
            groups="base.group_user,coop_membership.group_manager",
            company_id=self.other.id,
            company_ids=[(6, 0, self.other.ids)],
        )
        # candy 50,000: A (0 % before it); tea 70: C (99.86 % before it); one week each
        self.assertEqual(
            self.product_classes(company=self.other, user=other_manager),
            {"candy": ("a", "z", 50000.0, 500.0, 714.1), "tea": ("c", "z", 70.0, 7.0, 714.1)},
        )

    def test_empty_period_removes_classes(self):
        """A year and more later nothing was sold in the period: no product has a class."""
        self.company._coop_compute_classes(AS_OF)
        self.company._coop_compute_classes(AS_OF + timedelta(days=400))
        self.assertEqual(self.product_classes(), {})

    def test_company_without_sales(self):
        """A cooperative that sold nothing classifies no product and keeps the others'."""
        self.company._coop_compute_classes(AS_OF)
        empty = self._coop_company("ПО «Пустое»")
        empty._coop_compute_classes(AS_OF)
        self.assertFalse(
            self.env["coop.product.class"].search_count([("company_id", "=", empty.id)])
        )
        self.assertEqual(len(self.product_classes()), 6)

    @freeze_time("2026-11-30 12:00:00")
    def test_nightly_job(self):
        """The customers' nightly job classifies the products of every cooperative."""
        self.env.ref("coop_crm.ir_cron_coop_crm_classes").method_direct_trigger()
        self.assertEqual(self.product_classes(), EXPECTED)


@tagged("post_install", "-at_install")
class TestProductClassesAccess(ProductClassesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sell({"bread": 3}, 1)
        cls.company._coop_compute_classes(AS_OF)

    def test_readers(self):
        """Officers, managers and the stock and POS managers read the classes; a cashier
        cannot; nobody writes them."""
        readers = [self.officer, self.manager]
        for login, group in (
            ("coop_t_pos_manager", "point_of_sale.group_pos_manager"),
            ("coop_t_stock_manager", "stock.group_stock_manager"),
        ):
            readers.append(self._coop_user(login, group))
        for user in readers:
            with self.subTest(user=user.login):
                self.assertEqual(self.product_classes(user=user)["bread"][:3], ("a", "z", 150.0))
                row = self.env["coop.product.class"].with_user(user).search([])
                with self.assertRaises(AccessError):
                    row.write({"abc": "c"})
        with self.assertRaises(AccessError):
            self.env["coop.product.class"].with_user(self.cashier).search([])

    def test_manager_button(self):
        """The manager's 'Compute classes now' computes the product classes too."""
        self.sell({"milk": 5}, 0)
        with freeze_time("2026-11-30 12:00:00"):
            self.env["res.partner"].with_user(self.manager).action_coop_compute_classes()
        self.assertEqual(set(self.product_classes()), {"bread", "milk"})
