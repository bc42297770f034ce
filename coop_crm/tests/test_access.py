from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from ..models.coop_classes import SEGMENTS
from .common import AS_OF, ClassesCase


@tagged("post_install", "-at_install")
class TestClassesAccess(ClassesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.anna = cls.person("Анна", "+7 910 300-00-01")
        cls.buy(cls.anna, 3, 250)

    def test_cashier_cannot_read_classes(self):
        """A cashier reads the person but none of the classes; an officer reads them."""
        self.company._coop_compute_classes(AS_OF)
        anna = self.anna.with_user(self.cashier)
        self.assertEqual(anna.read(["name"])[0]["name"], "Анна")
        for fname in (
            "coop_rfm_segment",
            "coop_abc",
            "coop_xyz",
            "coop_rfm_monetary",
            "coop_rfm_history_ids",
        ):
            with self.subTest(fname=fname), self.assertRaises(AccessError):
                anna.read([fname])
        with self.assertRaises(AccessError):
            self.env["coop.rfm.history"].with_user(self.cashier).search([])
        self.assertEqual(self.anna.with_user(self.officer).coop_rfm_monetary, 250.0)

    def test_the_person_s_data_export_holds_their_classes(self):
        self.company._coop_compute_classes(AS_OF)
        data = self.anna.with_user(self.officer).coop_personal_data()
        [classes] = data["customer_classes"]
        self.assertEqual(classes["coop_rfm_monetary"], 250.0)
        segment = dict(SEGMENTS)[self.anna.coop_rfm_segment]  # the export writes labels
        self.assertEqual(classes["coop_rfm_segment"], segment)
        self.assertTrue(classes["coop_abc"])
        [change] = data["segment_history"]
        self.assertEqual(change["new_segment"], segment)

    @freeze_time("2026-11-30")
    def test_manager_button(self):
        """A manager's 'Compute classes now' classifies the people of the cooperative today."""
        result = (
            self.env["res.partner"]
            .with_user(self.manager)
            .with_company(self.company)
            .action_coop_compute_classes()
        )
        self.assertIn("people with purchases: 1", result["params"]["message"])
        anna = self.anna.with_user(self.manager)
        self.assertEqual((anna.coop_rfm_date, anna.coop_rfm_recency), (AS_OF, 3))
        self.assertEqual(anna.coop_abc, "a")

    def test_officer_cannot_compute(self):
        """Only managers compute the classes on demand."""
        Partner = self.env["res.partner"].with_user(self.officer).with_company(self.company)
        with self.assertRaises(AccessError):
            Partner.action_coop_compute_classes()
        self.assertFalse(self.anna.coop_rfm_segment)

    def test_thresholds_checked(self):
        """Shares of spend over 100 % or limits of variation in the wrong order are refused."""
        with self.assertRaises(ValidationError):
            self.company.write({"coop_crm_abc_a": 90, "coop_crm_abc_b": 20})
        with self.assertRaises(ValidationError):
            self.company.write({"coop_crm_xyz_x": 30})
        settings = Form(self.env["res.config.settings"].with_company(self.company))
        settings.coop_crm_period_days = 180
        settings.save().execute()
        self.assertEqual(self.company.coop_crm_period_days, 180)

    def test_people_views_by_role(self):
        """The people's list, search and form open for a cashier without the classes, for an
        officer with them, for a manager with the button to compute them."""
        action = self.env.ref("coop_membership.res_partner_action_coop_people")
        views = [(v.view_id.id, v.view_mode) for v in action.view_ids if v.view_mode != "kanban"]
        views.append((action.search_view_id.id, "search"))
        for user, shown, button in (
            (self.cashier, False, False),
            (self.officer, True, False),
            (self.manager, True, True),
        ):
            Partner = self.env["res.partner"].with_user(user).with_company(self.company)
            arch = " ".join(v["arch"] for v in Partner.get_views(views)["views"].values())
            with self.subTest(user=user.login):
                self.assertEqual("coop_abc" in arch, shown)
                self.assertEqual("filter_coop_rfm_champions" in arch, shown)
                self.assertEqual("action_coop_compute_classes" in arch, button)

    def test_classes_report_for_officer(self):
        """Cooperative > Reporting > Customer classes: an officer's pivot counts the classes."""
        self.company._coop_compute_classes(AS_OF)
        action = self.env.ref("coop_crm.res_partner_action_coop_classes")
        Partner = self.env["res.partner"].with_user(self.officer).with_company(self.company)
        views = Partner.get_views([(v.view_id.id, v.view_mode) for v in action.view_ids])
        self.assertEqual(set(views["views"]), {"pivot", "graph", "list", "form"})
        domain = [("coop_state", "!=", False), ("coop_rfm_segment", "!=", False)]
        groups = Partner.read_group(domain, ["coop_rfm_monetary:sum"], ["coop_abc"])
        self.assertEqual([(g["coop_abc"], g["coop_rfm_monetary"]) for g in groups], [("a", 250.0)])
