from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import AS_OF, ClassesCase

FIGURES = [
    "coop_first_purchase_date",
    "coop_last_purchase_date",
    "coop_purchases_90",
    "coop_spend_90",
    "coop_purchases_365",
    "coop_spend_365",
    "coop_average_basket",
    "coop_preferred_store",
]


@tagged("post_install", "-at_install")
class TestFigures(ClassesCase):
    """The figures on the person's form, on AS_OF (30.11.2026) at noon, the company on UTC.

    Ann, by hand (days before AS_OF; till A, till B, the partner business):
      400 A 100 (before the 12 months: only her first purchase), 200 A 300, 100 B 500,
      60 partner 400, 30 A 200, 10 A 250, 5 A refund -50; a draft order (B, 1 day, 9 999) and
      an order of the other cooperative (1 day, 10 000) are no purchase of hers.
      first purchase 400 days ago, last 10 (a refund is no purchase);
      90 days (0-89 days ago): 60, 30, 10 -> 3 purchases, 400 + 200 + 250 - 50 = 800;
      12 months (0-364 days ago): 200, 100, 60, 30, 10 -> 5 purchases,
      300 + 500 + 400 + 200 + 250 - 50 = 1 600; average basket 1 600 / 5 = 320;
      spend by store in 12 months: A 700, B 500, partner 400 -> till A.
    Boris: partner 20 days ago 300, till B 40 days ago 100 -> prefers the partner business.
    Vera never bought: nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        config_b = cls.env["pos.config"].with_company(cls.company).create({"name": "Till B"})
        cls.session_b = (
            cls.env["pos.session"].with_company(cls.company).create({"config_id": config_b.id})
        )
        cls.session.config_id.name = "Till A"
        cls.ann = cls.person("Анна", "+7 910 500-00-01")
        cls.boris = cls.person("Борис", "+7 910 500-00-02")
        cls.vera = cls.person("Вера", "+7 910 500-00-03")
        for days_ago, amount in ((400, 100), (200, 300), (30, 200), (10, 250), (5, -50)):
            cls.buy(cls.ann, days_ago, amount)
        cls.buy(cls.ann, 100, 500, session=cls.session_b)
        cls.buy(cls.ann, 1, 9999, state="draft", session=cls.session_b)
        cls.partner_sale(cls.ann, 60, 400)
        cls.buy(cls.ann, 1, 10000, session=cls.other_session)
        cls.partner_sale(cls.boris, 20, 300)
        cls.buy(cls.boris, 40, 100, session=cls.session_b)

    def figures(self, people, user=None):
        with freeze_time("2026-11-30 12:00:00"):
            rows = people.with_user(user or self.officer).read(FIGURES)
        return {row.pop("id"): tuple(row.values()) for row in rows}

    def ago(self, days):
        return AS_OF - timedelta(days=days)

    def test_figures_by_hand(self):
        """An officer sees the figures computed by hand, for several people read at once (in
        one computation for all of them)."""
        Partner = type(self.env["res.partner"])
        compute = Partner._compute_coop_figures
        batches = []

        def spy(records):
            batches.append(set(records.ids))
            return compute(records)

        with patch.object(Partner, "_compute_coop_figures", spy):
            got = self.figures(self.ann | self.boris | self.vera)
        self.assertEqual(batches, [{self.ann.id, self.boris.id, self.vera.id}])
        self.assertEqual(
            got,
            {
                self.ann.id: (self.ago(400), self.ago(10), 3, 800.0, 5, 1600.0, 320.0, "Till A"),
                self.boris.id: (
                    self.ago(40),
                    self.ago(20),
                    2,
                    400.0,
                    2,
                    400.0,
                    200.0,
                    "ООО «Сантехника»",
                ),
                self.vera.id: (False, False, 0, 0.0, 0, 0.0, 0.0, False),
            },
        )

    def test_later_day_moves_the_windows(self):
        """30 days later the purchase of 60 days ago is 90 days old: out of the 90 days (the
        other cooperative's order, 31 days old then, still does not count)."""
        with freeze_time("2026-12-30 12:00:00"):
            row = self.ann.with_user(self.officer).read(FIGURES)[0]
        self.assertEqual((row["coop_purchases_90"], row["coop_spend_90"]), (2, 400.0))

    def test_cashier_sees_none(self):
        """A cashier reading any of the figures is refused."""
        for name in FIGURES:
            with self.assertRaises(AccessError):
                self.ann.with_user(self.cashier).read([name])
