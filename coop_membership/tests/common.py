from datetime import date

from odoo import Command
from odoo.tests import TransactionCase, new_test_user


class CoopCase(TransactionCase):
    """A cooperative of its own (a new company with a chart, so the coop accounts, journal and
    member numbers are set up as for any new company), its fee versions, and one user per role.
    No demo data is used."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls._coop_company("ПО «Тест»")
        cls.rub = cls.company.currency_id
        cls.cashier = cls._coop_user("coop_t_cashier", "coop_membership.group_cashier")
        cls.officer = cls._coop_user("coop_t_officer", "coop_membership.group_officer")
        cls.manager = cls._coop_user("coop_t_manager", "coop_membership.group_manager")
        cls.cash = cls.env["account.journal"].search(
            [("company_id", "=", cls.company.id), ("type", "=", "cash")], limit=1
        )
        Version = cls.env["coop.fee.version"].with_company(cls.company)
        Version.create(
            [
                {
                    "kind": "entry_fee",
                    "amount": 1000,
                    "date_from": date(2020, 1, 1),
                    "meeting_ref": "GM 1 of 2020-01-01",
                    "company_id": cls.company.id,
                },
                {
                    "kind": "entry_fee",
                    "amount": 1500,
                    "date_from": date(2026, 6, 1),
                    "meeting_ref": "GM 7 of 2026-05-20",
                    "company_id": cls.company.id,
                },
                {
                    "kind": "mandatory_share",
                    "amount": 500,
                    "date_from": date(2020, 1, 1),
                    "meeting_ref": "GM 1 of 2020-01-01",
                    "company_id": cls.company.id,
                },
            ]
        )

    @classmethod
    def _coop_company(cls, name):
        company = cls.env["res.company"].create(
            {"name": name, "country_id": cls.env.ref("base.ru").id}
        )
        cls.env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
        company.currency_id = cls.env.ref("base.RUB")
        # a cooperative on a chart without its accounts: set up as on its first contribution
        company._coop_setup()
        return company

    @classmethod
    def _coop_user(cls, login, group, company=None):
        company = company or cls.company
        return new_test_user(
            cls.env,
            login=login,
            groups=f"base.group_user,{group}",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    def as_user(self, user, model):
        return self.env[model].with_user(user).with_company(user.company_id)

    def register(self, phone, name="Иван Петров", user=None, **values):
        values = {"phone": phone, "name": name, "consent_processing": True, **values}
        result = self.as_user(user or self.cashier, "res.partner").coop_register_shopper(values)
        return self.env["res.partner"].browse(result["partner_id"]), result

    def apply(self, partner, on=date(2026, 3, 2), **values):
        values = {
            "partner_id": partner.id,
            "date": on,
            "full_name": partner.name,
            "birthdate": date(1980, 5, 17),
            "residence": "Иваново, ул. Ленина, 1",
            **values,
        }
        app = self.as_user(self.officer, "coop.membership.application").create(values)
        app.action_submit()
        return app

    def admit(self, app, on=date(2026, 3, 20), number="С-12"):
        app.write({"decision_number": number, "decision_date": on})
        app.action_admit()

    def contribute(self, partner, kind, amount, on, journal=True, user=None):
        rec = self.as_user(user or self.officer, "coop.contribution").create(
            {
                "partner_id": partner.id,
                "kind": kind,
                "amount": amount,
                "date": on,
                "payment_journal_id": journal and self.cash.id,
            }
        )
        rec.action_post()
        return rec

    def make_member(
        self, phone="+7 900 123-45-67", fee_on=date(2026, 3, 25), share_on=date(2026, 3, 26)
    ):
        partner, _result = self.register(phone)
        app = self.apply(partner)
        self.admit(app)
        self.contribute(partner, "entry_fee", 1000, fee_on)
        self.contribute(partner, "mandatory_share", 500, share_on)
        return partner

    def balance(self, account, partner):
        lines = self.env["account.move.line"].search(
            [
                ("account_id", "=", account.id),
                ("partner_id", "=", partner.id),
                ("parent_state", "=", "posted"),
            ]
        )
        return sum(lines.mapped("balance"))
