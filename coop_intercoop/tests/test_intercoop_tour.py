from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon

from .common import ANNA_PHONE, intercoop_company


@tagged("post_install", "-at_install")
class TestIntercoopTour(TestPointOfSaleHttpCommon):
    """A person of A buys at B's till (headless Chromium, as B's cashier); the close of the
    session records the sale in A, where she earns A's 5 %."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company_b = cls.main_pos_config.company_id
        company_b.country_id = cls.env.ref("base.ru")
        company_b._coop_setup()
        cls.company_a = intercoop_company(cls.env, "ПО «Альфа»", company_b.currency_id)
        users = {}
        for login, company, groups in (
            ("coop_ic_tour_b", company_b, "point_of_sale.group_pos_user"),
            ("coop_ic_tour_a", cls.company_a, "point_of_sale.group_pos_user"),
            ("coop_ic_tour_a_manager", cls.company_a, "coop_membership.group_manager"),
            ("coop_ic_tour_b_manager", company_b, "coop_membership.group_manager"),
        ):
            role = "coop_membership.group_cashier" if "manager" not in login else ""
            users[login] = new_test_user(
                cls.env, login=login, company_id=company.id,
                groups=",".join(filter(None, ["base.group_user", groups, role])),
                company_ids=[Command.set(company.ids)],
            )  # fmt: skip
        cls.cashier = users["coop_ic_tour_b"]
        values = {"phone": ANNA_PHONE, "name": "Анна Альфина", "consent_processing": True}
        Partner = cls.env["res.partner"].with_user(users["coop_ic_tour_a"])
        cls.anna = cls.env["res.partner"].browse(
            Partner.coop_register_shopper(values)["partner_id"]
        )
        cls.agreement = (
            cls.env["coop.partner.agreement"]
            .with_user(users["coop_ic_tour_a_manager"])
            .create(
                {"partner_id": company_b.partner_id.id, "company_id": cls.company_a.id,
                 "cashback_mode": "percent", "cashback_percent": 5.0}
            )
        )  # fmt: skip
        cls.agreement.with_user(users["coop_ic_tour_b_manager"]).action_coop_intercoop_accept()
        cls.env["product.product"].create(
            {"name": "Coop IC Bread", "available_in_pos": True, "list_price": 10,
             "taxes_id": [Command.clear()]}
        )  # fmt: skip

    def test_a_member_of_a_buys_at_bs_till(self):
        self.main_pos_config.with_user(self.cashier).open_ui()
        self.start_pos_tour("coop_intercoop_sale", login=self.cashier.login)
        session = self.main_pos_config.current_session_id
        order = session.order_ids
        self.assertEqual(len(order), 1)
        self.assertEqual(order.partner_id.company_id, self.main_pos_config.company_id)
        self.assertEqual(order.partner_id.sudo().coop_intercoop_person_id, self.anna)
        self.assertEqual(order.amount_total, 20.0)
        session.with_user(self.cashier).action_pos_session_closing_control()
        self.assertEqual(order.coop_intercoop_status, "created")
        ledger = self.env["coop.cashback.move"].sudo().search([("partner_id", "=", self.anna.id)])
        self.assertEqual(sum(ledger.mapped("amount")), 1.0)
