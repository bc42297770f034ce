from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from .coop_turnkey import DATA_MODULE

# The demo people (README, Demo people): key, phone as the cashier types it, name, the state
# the scenario brings them to, days since they applied, the portal login of their page.
PEOPLE = (
    ("anna", "+7 910 000-00-01", "Смирнова Анна", "shopper", 0, "anna"),
    ("dmitry", "89100000002", "Кузнецов Дмитрий", "shopper", 0, None),
    ("elena", "9100000003", "Попова Елена", "applicant", 10, None),
    ("igor", "9100000004", "Соколов Игорь", "applicant", 45, None),
    ("olga", "9100000005", "Лебедева Ольга", "admitted", 30, "olga"),
    ("sergey", "9100000006", "Волков Сергей", "member", 200, "sergey"),
    ("natalia", "9100000007", "Морозова Наталья", "member", 150, None),
    ("pavel", "9100000008", "Новиков Павел", "leaving", 300, None),
    ("tatiana", "9100000009", "Федорова Татьяна", "former", 350, None),
)
STEPS = ("shopper", "applicant", "admitted", "member", "leaving", "former")
# Those who leave: days since they left, days since their share was refunded (None: not yet).
EXITS = {"pavel": (20, None), "tatiana": (100, 80)}
# Sales at the till: the person, [(product key, quantity)], cashback paid, days ago.
SALES = (
    ("sergey", [("APPLE-1", 5), ("MILK-1", 4), ("BREAD-1", 2)], 0, 20),
    ("natalia", [("KEFIR-1", 3), ("MILK-1", 2)], 0, 18),
    ("anna", [("BREAD-1", 2), ("APPLE-1", 2)], 0, 0),
    ("dmitry", [("SOAP-1", 3), ("MILK-1", 1)], 0, 0),
    ("sergey", [("MILK-1", 2)], 50, 0),
)
# Purchases at the partner business, as its system sends them.
PURCHASES = (
    {"external_id": "DEMO-1001", "member_ref": "+7 910 000-00-01", "amount": "2450.00", "days": 20},
    {"external_id": "DEMO-1002", "member_ref": "89100000006", "amount": "15800", "days": 12},
    {"external_id": "DEMO-1003", "member_ref": "9100000007", "amount": "990.50", "days": 9},
    {
        "external_id": "DEMO-1004",
        "member_ref": "9100000007",
        "amount": "300",
        "days": 5,
        "kind": "refund",
        "refund_of": "DEMO-1003",
    },
)


class CoopTurnkey(models.AbstractModel):
    _inherit = "coop.turnkey"

    @api.model
    def _coop_demo_scenario(self, company, portal_prefix="", commit=None):
        """The demo of the cooperative ``company`` made from docs/coop.toml: people brought to
        each state, sales at its first store synced as the till sends them (the session
        closed), purchases at its first partner business imported by its API user, and the
        person's page for three people (logins ``portal_prefix`` + anna, olga, sergey;
        password = login). Each act by the least-privileged user the file made; idempotent:
        a second run changes nothing. ``commit``: called once the people are registered and
        once their partner purchases are imported (scripts/coopctl.py commits there: outside
        tests an import runs in a transaction of its own, which must see the people, and
        whose rows the booking after it must see). Returns {key: person}."""
        self._coop_check_access(company)
        staff = self._coop_demo_staff(company)
        people = self._coop_demo_people(company, staff)
        if commit:
            commit()
        self._coop_demo_partner_purchases(company, commit)
        self._coop_demo_sales(company, staff["cashier"], people)
        if self._coop_demo_portal():
            self._coop_demo_portal_users(company, people, portal_prefix)
        return people

    @api.model
    def _coop_demo_portal(self):
        module = self.env["ir.module.module"].sudo().search([("name", "=", "coop_portal")])
        return module.state == "installed"

    @api.model
    def _coop_demo_key(self, company):
        imd = (
            self.env["ir.model.data"]
            .sudo()
            .search(
                [
                    ("module", "=", DATA_MODULE),
                    ("model", "=", "res.company"),
                    ("res_id", "=", company.id),
                ],
                limit=1,
            )
        )
        if not imd or not imd.name.endswith("_company"):
            raise UserError(
                self.env._(
                    "%s was not made from a cooperative's file: apply docs/coop.toml first "
                    "(make new-coop).",
                    company.name,
                )
            )
        return imd.name.removesuffix("_company")

    @api.model
    def _coop_demo_bound(self, company, model, prefix):
        """The records of ``model`` the file of ``company`` made under keys ``prefix``*."""
        key = self._coop_demo_key(company)
        imds = (
            self.env["ir.model.data"]
            .sudo()
            .search(
                [
                    ("module", "=", DATA_MODULE),
                    ("model", "=", model),
                    ("name", "=like", f"{key}_{prefix}%"),
                ],
                order="id",
            )
        )
        return self.env[model].sudo().browse(imds.mapped("res_id")).exists()

    @api.model
    def _coop_demo_staff(self, company):
        """The file's staff by role (cashier, officer, manager)."""
        users = self._coop_demo_bound(company, "res.users", "user_")
        staff = {}
        for role in ("cashier", "officer", "manager"):
            user = users.filtered(lambda u, r=role: self._coop_has_role(u, r))[:1]
            if not user:
                raise UserError(
                    self.env._(
                        "The file of %(company)s has no %(role)s in [[staff]]: add one and apply "
                        "it again.",
                        company=company.name,
                        role=role,
                    )
                )
            staff[role] = user.sudo(False)
        return staff

    # ------------------------------------------------------------------ people

    @api.model
    def _coop_demo_people(self, company, staff):
        """Each person of PEOPLE registered at the till by the cashier, and brought to their
        state: the application filed by the officer, admitted by the council (the manager),
        the entry fee and the share paid at the officer's desk; the exit and the share's
        refund recorded by the officer."""
        Partner = self.env["res.partner"].with_user(staff["cashier"]).with_company(company)
        people = {}
        today = fields.Date.context_today(self)
        for key, phone, name, state, days, _login in PEOPLE:
            values = {"phone": phone, "name": name, "consent_processing": True}
            if state == "member":
                values["consent_partner_transfer"] = True
            if key == "anna":
                values["consent_marketing"] = True
            person = Partner.browse(Partner.coop_register_shopper(values)["partner_id"])
            people[key] = person.sudo()
            goal = STEPS.index(state)
            if goal >= 1 and person.sudo().coop_state == "shopper":
                self._coop_demo_apply(
                    company, staff["officer"], person, today - relativedelta(days=days)
                )
            if goal >= 2 and person.sudo().coop_state == "applicant":
                self._coop_demo_admit(staff["manager"], person, days)
            if goal >= 3 and person.sudo().coop_state == "admitted":
                self._coop_demo_pay(company, staff["officer"], person, days)
            if goal >= 4 and person.sudo().coop_state == "member":
                self._coop_demo_exit(staff["officer"], person, EXITS[key][0])
            if goal >= 5 and person.sudo().coop_state == "leaving":
                self._coop_demo_refund(company, staff["officer"], person, EXITS[key][1])
        return people

    @api.model
    def _coop_demo_apply(self, company, officer, person, date):
        Application = self.env["coop.membership.application"].with_user(officer)
        application = Application.with_company(company).create(
            {
                "partner_id": person.id,
                "company_id": company.id,
                "date": date,
                "full_name": person.sudo().name,
                "birthdate": "1980-04-12",
                "residence": company.city or "-",
            }
        )
        application.action_submit()

    @api.model
    def _coop_demo_admit(self, manager, person, days):
        application = (
            self.env["coop.membership.application"]
            .with_user(manager)
            .with_company(person.sudo().company_id)
            .search([("partner_id", "=", person.id), ("state", "=", "submitted")], limit=1)
        )
        decided = fields.Date.context_today(self) - relativedelta(days=max(days - 10, 0))
        application.write({"decision_number": f"С-{days // 10}", "decision_date": decided})
        application.action_admit()

    @api.model
    def _coop_demo_pay(self, company, officer, person, days):
        cash = self._coop_demo_cash(company)
        paid = fields.Date.context_today(self) - relativedelta(days=max(days - 12, 0))
        Contribution = self.env["coop.contribution"].with_user(officer).with_company(company)
        for kind in ("entry_fee", "mandatory_share"):
            amount = self.env["coop.fee.version"]._coop_amount(kind, paid, company)
            Contribution.create(
                {
                    "partner_id": person.id,
                    "company_id": company.id,
                    "kind": kind,
                    "amount": amount,
                    "date": paid,
                    "payment_journal_id": cash.id,
                }
            ).action_post()

    @api.model
    def _coop_demo_cash(self, company):
        return self.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "cash")], limit=1
        )

    @api.model
    def _coop_demo_exit(self, officer, person, days):
        wizard = (
            self.env["coop.exit.wizard"]
            .with_user(officer)
            .create(
                {
                    "partner_id": person.id,
                    "kind": "exit",
                    "date": fields.Date.context_today(self) - relativedelta(days=days),
                    "reason": "Заявление о выходе",
                }
            )
        )
        wizard.action_confirm()

    @api.model
    def _coop_demo_refund(self, company, officer, person, days):
        refund = (
            self.env["coop.contribution"]
            .with_user(officer)
            .search(
                [
                    ("partner_id", "=", person.id),
                    ("kind", "=", "share_refund"),
                    ("state", "=", "posted"),
                ]
            )
        )
        paid = fields.Date.context_today(self) - relativedelta(days=days)
        refund.action_coop_pay(self._coop_demo_cash(company).id, fields.Date.to_string(paid))

    # ------------------------------------------------------------------ partner purchases

    @api.model
    def _coop_demo_partner_purchases(self, company, commit=None):
        """PURCHASES sent by the first partner business's system (its API user, through the
        XML-RPC method), then its cashback booked as the hourly job does. Sent again, each is a
        duplicate: nothing new."""
        agreements = self._coop_demo_bound(company, "coop.partner.agreement", "partner_")
        agreement = agreements.filtered("api_user_id")[:1]
        if not agreement:
            return
        today = fields.Date.context_today(self)
        rows = [
            {
                **{key: value for key, value in row.items() if key != "days"},
                "date": fields.Date.to_string(today - relativedelta(days=row["days"])),
            }
            for row in PURCHASES
        ]
        Transaction = self.env["coop.partner.transaction"].with_user(agreement.api_user_id)
        answers = Transaction.import_transactions(rows)
        if commit:
            commit()
        self.env.invalidate_all()
        rejected = [answer for answer in answers if answer["status"] == "rejected"]
        if rejected:
            raise UserError(
                self.env._("The demo purchases were rejected: %s", rejected[0]["error"])
            )
        company.sudo()._coop_post_partner_cashback()  # the hourly job (the system's)

    # ------------------------------------------------------------------ the till

    @api.model
    def _coop_demo_sales(self, company, cashier, people):
        """SALES at the first store, synced as the till sends them by the cashier (once: the
        orders are found again by their uuid), then the session closed by the cashier with
        the cash counted as expected."""
        key = self._coop_demo_key(company)
        config = self._coop_demo_bound(company, "pos.config", "store_")[:1]
        if not config:
            return
        Order = self.env["pos.order"].with_user(cashier).with_company(company)
        prefix = f"coop-demo-{key}-"
        if Order.sudo().search_count([("uuid", "=like", f"{prefix}%")]):
            return
        config = config.with_user(cashier).with_company(company)
        config.open_ui()
        session = config.current_session_id
        session.set_opening_control(0, "")
        methods = {
            ("cashback" if m.coop_is_cashback else "cash" if m.is_cash_count else "card"): m
            for m in config.payment_method_ids
        }
        for index, sale in enumerate(SALES):
            data = self._coop_demo_order(config, session, people, methods, index, sale)
            Order.sync_from_ui([{**data, "uuid": f"{prefix}{index}"}])
        cash = sum(
            session.order_ids.payment_ids.filtered(
                lambda p: p.payment_method_id.is_cash_count
            ).mapped("amount")
        )
        session.post_closing_cash_details(cash)
        session.update_closing_control_state_session("")
        result = session.close_session_from_ui()
        if not result.get("successful"):
            raise UserError(result.get("message") or session.name)

    @api.model
    def _coop_demo_order(self, config, session, people, methods, index, sale):
        """The order ``sale`` of SALES as the till sends it (prices with their taxes)."""
        person_key, items, cashback, days = sale
        company = config.company_id
        Product = self.env["product.product"].sudo().with_company(company)
        lines, total, tax_total = [], 0.0, 0.0
        for code, qty in items:
            product = Product.search(
                [("default_code", "=", code), ("company_id", "=", company.id)], limit=1
            )
            taxes = product.taxes_id.filtered(lambda t: t.company_id == company)
            computed = taxes.compute_all(product.lst_price, company.currency_id, qty, product)
            lines.append(
                Command.create(
                    {
                        "product_id": product.id,
                        "qty": qty,
                        "price_unit": product.lst_price,
                        "price_subtotal": computed["total_excluded"],
                        "price_subtotal_incl": computed["total_included"],
                        "tax_ids": [Command.set(taxes.ids)],
                    }
                )
            )
            total += computed["total_included"]
            tax_total += computed["total_included"] - computed["total_excluded"]
        total = company.currency_id.round(total)
        when = fields.Datetime.now() - relativedelta(days=days)
        payments = [(methods["cashback"], cashback)] if cashback else []
        payments.append((methods["cash"], total - cashback))
        return {
            "name": f"Demo {index + 1}",
            "session_id": session.id,
            "partner_id": people[person_key].id,
            "user_id": session.user_id.id,
            "pricelist_id": config.pricelist_id.id,
            "fiscal_position_id": False,
            "sequence_number": index + 1,
            "date_order": fields.Datetime.to_string(when),
            "amount_total": total,
            "amount_paid": total,
            "amount_tax": company.currency_id.round(tax_total),
            "amount_return": 0.0,
            "to_invoice": False,
            "last_order_preparation_change": "{}",
            "lines": lines,
            "payment_ids": [
                Command.create(
                    {
                        "amount": amount,
                        "payment_method_id": method.id,
                        "payment_date": fields.Datetime.to_string(when),
                    }
                )
                for method, amount in payments
            ],
        }

    # ------------------------------------------------------------------ the person's page

    @api.model
    def _coop_demo_portal_users(self, company, people, prefix):
        """A portal user (password = login) for each person of PEOPLE with a login, once."""
        Users = self.env["res.users"].sudo().with_context(active_test=False, no_reset_password=True)
        portal = self.env.ref("base.group_portal")
        for key, *_rest, login in PEOPLE:
            if not login:
                continue
            login = f"{prefix}{login}"
            person = people[key]
            user = Users.search([("login", "=", login)], limit=1)
            if user and user.partner_id != person:
                raise UserError(
                    self.env._(
                        "The login %(login)s is taken by %(user)s: the demo cannot give it to "
                        "%(person)s.",
                        login=login,
                        user=user.name,
                        person=person.name,
                    )
                )
            if not user:
                Users.create(
                    {
                        "login": login,
                        "password": login,
                        "partner_id": person.id,
                        "company_id": company.id,
                        "company_ids": [Command.set(company.ids)],
                        "groups_id": [Command.set(portal.ids)],
                    }
                )
