from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.point_of_sale.tests.common import TestPoSCommon


class CoopPosCommon(TestPoSCommon):
    """Odoo's POS test store with a cashback payment method, a 5 % rule, a registered
    person, a cashier (only the POS user and Cashier groups) and a manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id += cls.env.ref("coop_membership.group_manager")  # set-up only
        cls.config = cls.basic_config
        company = cls.env.company
        company.country_id = cls.env.ref("base.ru")  # TestPoSCommon invents a country
        company._coop_setup()
        cls.liability = company.coop_cashback_liability_account_id
        cls.expense = company.coop_cashback_expense_account_id
        cls.cashback_pm = cls.env["pos.payment.method"].create(
            {"name": "Cashback", "coop_is_cashback": True, "split_transactions": True,
             "company_id": company.id}
        )  # fmt: skip
        cls.config.payment_method_ids |= cls.cashback_pm
        cls.env["coop.cashback.rule"].create(
            {"name": "5 %", "percent": 5, "company_id": company.id}
        )
        cls.milk = cls.create_product("Milk", cls.categ_basic, 100.0)
        cls.cashier = cls._coop_user(
            "coop_pos_cashier", "point_of_sale.group_pos_user,coop_membership.group_cashier"
        )
        cls.manager = cls._coop_user(
            "coop_pos_manager", "point_of_sale.group_pos_manager,coop_membership.group_manager"
        )
        company.coop_cashback_overdraft_user_id = cls.manager
        cls.person = cls.register("89001112233", "Анна")

    @classmethod
    def _coop_user(cls, login, groups, company=None):
        company = company or cls.env.company
        return new_test_user(
            cls.env, login=login, groups=f"base.group_user,{groups}", company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )  # fmt: skip

    @classmethod
    def register(cls, phone, name, user=None):
        values = {"phone": phone, "name": name, "consent_processing": True}
        Partner = cls.env["res.partner"].with_user(user or cls.cashier)
        return cls.env["res.partner"].browse(Partner.coop_register_shopper(values)["partner_id"])

    def order_data(self, lines, payments, customer=None, **values):
        customer = self.person if customer is None else customer
        data = self.create_ui_order_data(lines, customer=customer, payments=payments)
        data.update(values)
        return data

    def sync(self, lines, payments, uuid=None, customer=None, user=None, **values):
        """One order, as the till sends it, by the cashier."""
        data = self.order_data(lines, payments, customer=customer, **values)
        if uuid:
            data.update(uuid=uuid, name=f"Order {uuid}")
        self.env["pos.order"].with_user(user or self.cashier).sync_from_ui([data])
        return self.env["pos.order"].search([("uuid", "=", data["uuid"])])

    def ledger(self, kind=None, person=None):
        moves = (person or self.person).coop_cashback_move_ids
        return moves.filtered(lambda m: m.kind == kind) if kind else moves

    def balance(self, account, person=None):
        lines = self.env["account.move.line"].search(
            [("account_id", "=", account.id), ("partner_id", "=", (person or self.person).id),
             ("parent_state", "=", "posted")]
        )  # fmt: skip
        return sum(lines.mapped("balance"))

    def close_session(self):
        """The session closed as at the end of the day."""
        self.pos_session.action_pos_session_closing_control()
        self.assertEqual(self.pos_session.state, "closed")
