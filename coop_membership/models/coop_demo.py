from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class CoopDemo(models.AbstractModel):
    """Demo people of the cooperative, one or more in every state, brought there through the
    same actions staff use, so that their postings are real (loaded with the demo data only)."""

    _name = "coop.demo"
    _description = "Cooperative demo data"

    @api.model
    def _coop_load_demo(self):
        company = self.env.ref("base.main_company")
        company._coop_setup()
        today = fields.Date.context_today(self)
        ago = lambda days: today - relativedelta(days=days)  # noqa: E731
        self.env["coop.fee.version"].create(
            [
                {
                    "kind": "entry_fee",
                    "amount": 1000,
                    "date_from": ago(400),
                    "meeting_ref": "Общее собрание, протокол № 1",
                    "company_id": company.id,
                },
                {
                    "kind": "mandatory_share",
                    "amount": 500,
                    "date_from": ago(400),
                    "meeting_ref": "Общее собрание, протокол № 1",
                    "company_id": company.id,
                },
            ]
        )
        cash = self.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "cash")], limit=1
        )
        Partner = self.env["res.partner"].with_company(company)
        people = {}

        def register(key, phone, name, **consents):
            result = Partner.coop_register_shopper(
                {
                    "phone": phone,
                    "name": name,
                    "consent_processing": True,
                    "channel": "till",
                    **consents,
                }
            )
            partner = Partner.browse(result["partner_id"])
            self.env["ir.model.data"]._update_xmlids(
                [
                    {
                        "xml_id": f"coop_membership.partner_{key}_demo",
                        "record": partner,
                        "noupdate": True,
                    }
                ]
            )
            people[key] = partner
            return partner

        def apply(partner, days, birth_year=1980, decision=None):
            app = self.env["coop.membership.application"].create(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "date": ago(days),
                    "full_name": partner.name,
                    "birthdate": f"{birth_year}-04-12",
                    "residence": "г. Иваново",
                }
            )
            app.action_submit()
            if decision:
                app.write({"decision_number": decision[0], "decision_date": ago(decision[1])})
                app.action_admit()
            return app

        def pay(partner, kind, amount, days):
            self.env["coop.contribution"].create(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "kind": kind,
                    "amount": amount,
                    "date": ago(days),
                    "payment_journal_id": cash.id,
                }
            ).action_post()

        register("shopper", "+7 910 000-00-01", "Смирнова Анна", consent_marketing=True)
        register("shopper2", "89100000002", "Кузнецов Дмитрий")
        apply(register("applicant", "9100000003", "Попова Елена"), 10)
        apply(register("applicant_overdue", "9100000004", "Соколов Игорь"), 45)
        apply(register("admitted", "9100000005", "Лебедева Ольга"), 30, decision=("С-7", 20))
        for key, phone, name, days in [
            ("member", "9100000006", "Волков Сергей", 200),
            ("member2", "9100000007", "Морозова Наталья", 150),
            ("leaving", "9100000008", "Новиков Павел", 300),
            ("former", "9100000009", "Федорова Татьяна", 350),
        ]:
            partner = register(key, phone, name, consent_partner_transfer=True)
            apply(partner, days, decision=(f"С-{days // 10}", days - 10))
            pay(partner, "entry_fee", 1000, days - 12)
            pay(partner, "mandatory_share", 500, days - 12)
        pay(people["member2"], "additional_share", 3000, 60)
        for key, days in (("leaving", 20), ("former", 100)):
            self.env["coop.exit.wizard"].create(
                {
                    "partner_id": people[key].id,
                    "kind": "exit",
                    "date": ago(days),
                    "reason": "Заявление о выходе",
                }
            ).action_confirm()
        refund = people["former"].coop_contribution_ids.filtered(lambda c: c.kind == "share_refund")
        refund._coop_pay(cash, ago(80))
        return True
