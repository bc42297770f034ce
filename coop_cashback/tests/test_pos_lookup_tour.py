from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon


@tagged("post_install", "-at_install")
class TestCoopPosLookupTour(TestPointOfSaleHttpCommon):
    """The till finds a person it has not loaded by a phone typed in any usual form, at once,
    through the cooperative's lookup (as a cashier); the people list in the back office finds
    them by phone from its search box (as an officer). Headless Chromium."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.main_pos_config.company_id
        company.country_id = cls.env.ref("base.ru")  # phones typed in the national form
        company._coop_setup()
        cls.cashier = new_test_user(
            cls.env,
            login="coop_till_lookup",
            groups="base.group_user,point_of_sale.group_pos_user,coop_membership.group_cashier",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        values = {"phone": "+7 900 777-66-55", "name": "Coop Zoya", "consent_processing": True}
        people = cls.env["res.partner"].with_user(cls.cashier).with_company(company)
        cls.zoya = cls.env["res.partner"].browse(people.coop_register_shopper(values)["partner_id"])
        # the till loads the people who bought most (here: one), not everyone
        cls.env["ir.config_parameter"].set_param("point_of_sale.limited_customer_count", 1)

    def test_cashier_finds_a_person_not_loaded_by_phone_at_once(self):
        loaded = {row[0] for row in self.main_pos_config.get_limited_partners_loading()}
        self.assertNotIn(self.zoya.id, loaded, "the till does not load the person")
        self.main_pos_config.with_user(self.cashier).open_ui()
        self.start_pos_tour("coop_pos_lookup", login=self.cashier.login)
        session = self.main_pos_config.current_session_id
        self.assertEqual(session.user_id, self.cashier, "the tour ran as the cashier")

    def test_cashier_scans_a_card_the_till_has_not_loaded(self):
        """The person's card (plastic or on their page) scanned: the person is chosen, though
        Odoo's default nomenclature reads the code as a product's; products still scan."""
        company = self.main_pos_config.company_id
        self.zoya.with_company(company).barcode = "4600000000985"
        self.env["product.product"].create(
            {
                "name": "Coop Card Scan Product",
                "barcode": "4601234567893",
                "available_in_pos": True,
                "list_price": 10,
            }
        )
        loaded = {row[0] for row in self.main_pos_config.get_limited_partners_loading()}
        self.assertNotIn(self.zoya.id, loaded, "the till does not load the person")
        self.main_pos_config.with_user(self.cashier).open_ui()
        self.start_pos_tour("coop_pos_card_scan", login=self.cashier.login)
        session = self.main_pos_config.current_session_id
        self.assertEqual(session.user_id, self.cashier, "the tour ran as the cashier")

    def test_officer_finds_a_person_by_phone_in_the_people_list(self):
        company = self.main_pos_config.company_id
        officer = new_test_user(
            self.env,
            login="coop_people_officer",
            groups="base.group_user,coop_membership.group_officer",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        people = self.env["res.partner"].with_user(self.cashier).with_company(company)
        for phone, name in [("+7 910 000-00-05", "Coop Olga"), ("+7 910 000-00-06", "Coop Boris")]:
            people.coop_register_shopper({"phone": phone, "name": name, "consent_processing": True})
        self.start_tour(
            "/odoo/action-coop_membership.res_partner_action_coop_people",
            "coop_people_lookup",
            login=officer.login,
        )
