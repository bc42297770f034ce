from odoo.addons.coop_cashback.tests.pos_common import CoopPosCommon

ANNA_PHONE = "89005556677"  # Анна, a person of cooperative A only


def intercoop_company(env, name, currency):
    """A cooperative of its own in ``currency`` (B's: a row in another currency is refused)."""
    company = env["res.company"].create({"name": name, "country_id": env.ref("base.ru").id})
    env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
    company.currency_id = currency
    company._coop_setup()
    return company


class IntercoopCase(CoopPosCommon):
    """Two cooperatives in one database: B, Odoo's POS test store (its till, cashier, manager
    and its own person), and A, a cooperative of its own with its staff and a person, Анна.
    A's agreement with B's company contact: B serves A's people, 5 % cashback, 1 % commission,
    at A's rates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env.company
        cls.company_a = intercoop_company(cls.env, "ПО «Альфа»", cls.company_b.currency_id)
        cls.officer_b = cls._coop_user("coop_ic_b_officer", "coop_membership.group_officer")
        cls.cashier_a = cls._coop_user(
            "coop_ic_a_cashier",
            "point_of_sale.group_pos_user,coop_membership.group_cashier",
            cls.company_a,
        )
        cls.officer_a = cls._coop_user(
            "coop_ic_a_officer", "coop_membership.group_officer", cls.company_a
        )
        cls.manager_a = cls._coop_user(
            "coop_ic_a_manager", "coop_membership.group_manager", cls.company_a
        )
        cls.anna = cls.register(ANNA_PHONE, "Анна Альфина", user=cls.cashier_a)
        cls.agreement = (
            cls.env["coop.partner.agreement"]
            .with_user(cls.manager_a)
            .create(
                {
                    "partner_id": cls.company_b.partner_id.id,
                    "company_id": cls.company_a.id,
                    "cashback_mode": "percent",
                    "cashback_percent": 5.0,
                    "commission_percent": 1.0,
                }
            )
        )
        cls.agreement.with_user(cls.manager).action_coop_intercoop_accept()  # B's manager

    def find(self, ref, user=None, config=None):
        Partner = self.env["res.partner"].with_user(user or self.cashier)
        return Partner.coop_intercoop_find(ref, (config or self.config).id)

    def guest(self, ref=ANNA_PHONE, user=None):
        Partner = self.env["res.partner"].with_user(user or self.cashier)
        guest_id = Partner.coop_intercoop_guest(ref, self.config.id, self.agreement.id)
        return self.env["res.partner"].browse(guest_id)

    def lookup(self, ref, user=None):
        Partner = self.env["res.partner"].with_user(user or self.cashier)
        return Partner.search([("coop_lookup", "=", ref)])

    def ledger_a(self, person=None):
        return (
            self.env["coop.cashback.move"]
            .sudo()
            .search([("partner_id", "=", (person or self.anna).id)])
        )
