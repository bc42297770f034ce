from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from .common import AS_OF, MID, ClassesCase

# The classes of the dataset below, computed by hand (period 365 days, 12 months, AS_OF):
#   recency = days since the last purchase (a refund is no purchase), frequency = purchases
#   in the period, monetary = net spend in the period (refunds subtracted);
#   R: the 10 people with purchases ordered by last purchase, oldest first, 2 per score:
#      P10 300, P9 250 -> 1; P8 150, P7 100 -> 2; P6 45, P5 20 -> 3; P4 8, P3 5 -> 4;
#      P2 3, P1 1 -> 5
#   F: by purchases, fewest first: P2 1, P9 2 -> 1; P4 3, P8 4 -> 2; P5 5, P10 6 -> 3;
#      P6 7, P7 8 -> 4; P3 12, P1 24 -> 5
#   M: by spend, least first: P9 60, P10 90 -> 1; P8 100, P7 320 -> 2; P6 350, P2 700 -> 3;
#      P5 900, P3 1380 -> 4; P1 2400, P4 6000 -> 5
#   segment from (R, F) by the grid of coop_classes.py
#   ABC: spend 12,300 in all; from the biggest, the share of spend before each person:
#      P4 0 %, P1 48.8 %, P3 68.3 %, P5 79.5 % -> A (below 80 %); P2 86.8 %, P6 92.5 % -> B
#      (below 95 %); P7 95.4 %, P8 98.0 %, P10 98.8 %, P9 99.5 % -> C
#   XYZ: monthly spend over the 12 months, standard deviation / mean:
#      P1 200 every month -> 0 % -> X; P3 130 and 100 in alternate months: mean 115,
#      deviation 15 -> 13.0 % -> Y; everyone else buys in 6 months or fewer: with k months
#      of equal spend the variation is sqrt(12 / k - 1) >= 100 % -> Z
#   P11 bought 400 days ago only: lost, without scores; P12 never bought: no class.
EXPECTED = {
    # person: (recency, frequency, monetary, R, F, M, segment, ABC, XYZ)
    "P1": (1, 24, 2400.0, 5, 5, 5, "champions", "a", "x"),
    "P2": (3, 1, 700.0, 5, 1, 3, "new", "b", "z"),
    "P3": (5, 12, 1380.0, 4, 5, 4, "champions", "a", "y"),
    "P4": (8, 3, 6000.0, 4, 2, 5, "promising", "a", "z"),
    "P5": (20, 5, 900.0, 3, 3, 4, "loyal", "a", "z"),
    "P6": (45, 7, 350.0, 3, 4, 3, "loyal", "b", "z"),
    "P7": (100, 8, 320.0, 2, 4, 2, "at_risk", "c", "z"),
    "P8": (150, 4, 100.0, 2, 2, 2, "needs_attention", "c", "z"),
    "P9": (250, 2, 60.0, 1, 1, 1, "lost", "c", "z"),
    "P10": (300, 6, 90.0, 1, 3, 1, "at_risk", "c", "z"),
    "P11": (400, 0, 0.0, 0, 0, 0, "lost", False, False),
    "P12": (0, 0, 0.0, 0, 0, 0, False, False, False),
}
NOTHING = (0, 0, 0.0, 0, 0, 0, False, False, False)


class ClassesDataset(ClassesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.people = {
            f"P{n}": cls.person(f"Покупатель {n}", f"+7 910 100-00-{n:02d}") for n in range(1, 13)
        }
        p = cls.people
        for day in MID:  # P1: two purchases of 100 a month, one at a partner
            cls.buy(p["P1"], day - 14, 100)
            cls.partner_sale(p["P1"], day, 100)
        cls.buy(p["P2"], 3, 1000)
        cls.buy(p["P2"], 2, -300)  # a refund at the till: spend 700, still one purchase
        cls.buy(p["P3"], 5, 130)
        for k, day in enumerate(MID[1:], start=1):
            cls.buy(p["P3"], day, 130 if k % 2 == 0 else 100)
        for day in (8, 100, 200):
            cls.buy(p["P4"], day, 2000)
        for day in (20, 50, 80, 110):
            cls.buy(p["P5"], day, 150)
        sale = cls.partner_sale(p["P5"], 140, 400)
        cls.partner_sale(p["P5"], 130, 100, kind="refund", refund_of=sale)  # spend 900
        for day in (45, 60, 90, 120, 150, 180, 210):
            cls.buy(p["P6"], day, 50)
        for day in (100, 110, 120, 130, 140, 150, 160, 170):
            cls.buy(p["P7"], day, 40)
        for day in (150, 160, 170, 180):
            cls.buy(p["P8"], day, 25)
        for day in (250, 260):
            cls.buy(p["P9"], day, 30)
        cls.buy(p["P9"], 1, 5000, state="draft")  # not paid: no purchase
        cls.buy(p["P9"], 1, 5000, state="cancel")
        for day in (300, 310, 320, 330, 340, 350):
            cls.buy(p["P10"], day, 15)
        cls.buy(p["P11"], 400, 500)  # before the period
        # a person of the other cooperative, buying much there, lately
        cls.stranger = cls.person("Чужой", "+7 910 200-00-01", user=cls.other_cashier)
        for day in range(1, 6):
            cls.buy(cls.stranger, day, 10000, session=cls.other_session)


@tagged("post_install", "-at_install")
class TestClasses(ClassesDataset):
    def test_classes_by_hand(self):
        """The SQL gives every person the classes computed by hand above."""
        classified = self.company._coop_compute_classes(AS_OF)
        self.assertEqual(classified, 11)  # P1-P11: everyone who bought
        got = {name: self.classes(person) for name, person in self.people.items()}
        self.assertEqual(got, EXPECTED)
        self.assertEqual(set(self.people["P1"].mapped("coop_rfm_date")), {AS_OF})

    def test_refunds_lower_spend_not_visits(self):
        """A refund at the till and at a partner business lowers the spend and counts no
        purchase."""
        self.company._coop_compute_classes(AS_OF)
        p2, p5 = self.people["P2"], self.people["P5"]
        self.assertEqual((p2.coop_rfm_frequency, p2.coop_rfm_monetary), (1, 700.0))
        self.assertEqual((p5.coop_rfm_frequency, p5.coop_rfm_monetary), (5, 900.0))
        self.assertEqual(p2.coop_rfm_recency, 3, "the refund 2 days ago is no purchase")

    def test_other_cooperative_apart(self):
        """The other cooperative's person is neither classified with this one nor counted in
        its quintiles; their own cooperative's computation classifies them alone."""
        self.company._coop_compute_classes(AS_OF)
        self.assertEqual(self.classes(self.stranger, user=self.env.user), NOTHING)
        self.assertEqual(self.classes(self.people["P1"]), EXPECTED["P1"])
        self.assertEqual(self.other._coop_compute_classes(AS_OF), 1)
        self.assertEqual(self.classes(self.stranger, user=self.env.user)[:3], (1, 5, 50000.0))
        self.assertEqual(self.classes(self.people["P4"]), EXPECTED["P4"])

    def test_recomputed_later(self):
        """A day later everyone's recency grows by one; the stored classes are replaced."""
        self.company._coop_compute_classes(AS_OF)
        later = self.company._coop_compute_classes(AS_OF + timedelta(days=1))
        self.assertEqual(later, 11)
        self.assertEqual(self.people["P1"].coop_rfm_recency, 2)
        self.assertEqual(self.people["P11"].coop_rfm_recency, 401)

    @freeze_time("2026-11-30 12:00:00")
    def test_nightly_job(self):
        """The scheduled job classifies the people of every cooperative, each apart."""
        self.env.ref("coop_crm.ir_cron_coop_crm_classes").method_direct_trigger()
        self.assertEqual(self.classes(self.people["P3"]), EXPECTED["P3"])
        self.assertEqual(self.classes(self.people["P12"]), NOTHING)
        self.assertEqual(self.classes(self.stranger, user=self.env.user)[:3], (1, 5, 50000.0))

    @freeze_time("2026-11-30 12:00:00")
    def test_nightly_job_one_cooperative_failing(self):
        """One cooperative's computation failing (after writing its classes) is rolled back and
        logged by name; the other cooperative is still classified."""
        Company = type(self.env["res.company"])
        compute = Company._coop_compute_classes

        def failing(company, as_of=None):
            count = compute(company, as_of)
            if company == self.company:
                raise ValueError("misconfigured")
            return count

        with (
            patch.object(Company, "_coop_compute_classes", failing),
            self.assertLogs("odoo.addons.coop_crm.models.res_company", "ERROR") as logs,
        ):
            self.env.ref("coop_crm.ir_cron_coop_crm_classes").method_direct_trigger()
        self.assertIn("ПО «Тест»", logs.output[0])
        self.assertEqual(self.classes(self.people["P3"]), NOTHING)
        self.assertFalse(
            self.env["coop.rfm.history"].search([("company_id", "=", self.company.id)])
        )
        self.assertEqual(self.classes(self.stranger, user=self.env.user)[:3], (1, 5, 50000.0))


@tagged("post_install", "-at_install")
class TestTies(ClassesCase):
    def test_equal_figures_get_equal_scores(self):
        """Ten people who each bought once, for the same amount, on the same day: one score
        for all (the middle one), whatever their ids."""
        people = [self.person(f"Равный {n}", f"+7 910 400-00-{n:02d}") for n in range(1, 11)]
        for person in people:
            self.buy(person, 1, 100)
        self.assertEqual(self.company._coop_compute_classes(AS_OF), 10)
        scores = {self.classes(person)[3:7] for person in people}
        self.assertEqual(scores, {(3, 3, 3, "loyal")})

    def test_today_is_the_company_s_day(self):
        """Run by the scheduler at 01:30 in Moscow (22:30 UTC): the classes are of the
        company's day, not of the scheduler's user's."""
        person = self.person("Поздний", "+7 910 400-00-99")
        self.buy(person, 1, 100)
        self.company.partner_id.tz = "Europe/Moscow"
        with freeze_time("2026-11-30 22:30:00"):
            self.company.with_context(tz="UTC")._coop_compute_classes()
        self.assertEqual(str(person.with_user(self.manager).coop_rfm_date), "2026-12-01")
