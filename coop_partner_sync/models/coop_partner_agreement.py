import secrets

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, float_round

from odoo.addons.coop_membership.models.coop_format import coop_date, coop_money, coop_percent
from odoo.addons.coop_membership.models.coop_state_event import coop_company_env

from .coop_partner_transaction import LOCK_NAMESPACE


class CoopPartnerAgreement(models.Model):
    """What the cooperative agreed with a partner business: the cashback its sales earn the
    cooperative's people (funded by the business), the commission it pays, for which
    period, and the one API user its system imports transactions with."""

    _name = "coop.partner.agreement"
    _description = "Partner business agreement"
    _inherit = ["mail.thread"]
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(related="partner_id.name", store=True, string="Partner business name")
    partner_id = fields.Many2one(
        "res.partner", string="Partner business", required=True, index=True, tracking=True,
        domain=[("is_company", "=", True)], ondelete="restrict",
    )  # fmt: skip
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    active = fields.Boolean(default=True, tracking=True)
    cashback_mode = fields.Selection(
        [("rules", "The cooperative's cashback rules (partner businesses)"),
         ("percent", "A percentage agreed with this business")],
        string="Cashback", required=True, default="rules", tracking=True,
    )  # fmt: skip
    cashback_percent = fields.Float(
        string="Cashback (%)", digits=(5, 2), tracking=True,
        help="Of each sale, earned by the person, funded by the business.",
    )  # fmt: skip
    commission_percent = fields.Float(
        string="Commission (%)", digits=(5, 2), tracking=True,
        help="Of each sale, owed by the business to the cooperative.",
    )  # fmt: skip
    date_from = fields.Date(string="Valid from", tracking=True)
    date_to = fields.Date(string="Valid until", tracking=True)
    api_user_id = fields.Many2one(
        "res.users", string="API user", readonly=True, copy=False, tracking=True,
        help="The user the business's system imports transactions with (XML-RPC).",
    )  # fmt: skip
    last_import_date = fields.Datetime(readonly=True, copy=False)
    transaction_ids = fields.One2many("coop.partner.transaction", "agreement_id")
    transaction_count = fields.Integer(compute="_compute_counts")
    unmatched_count = fields.Integer(compute="_compute_counts")
    rejection_count = fields.Integer(string="Rejected rows to review", compute="_compute_counts")
    import_count = fields.Integer(
        string="File imports",
        compute="_compute_import_count",
        groups="coop_membership.group_officer",
    )
    notes = fields.Text()

    _sql_constraints = [
        ("api_user_unique", "UNIQUE(api_user_id)", "A user can be the API user of one business."),
        (
            "percents",
            "CHECK(cashback_percent >= 0 AND cashback_percent <= 100 "
            "AND commission_percent >= 0 AND commission_percent <= 100)",
            "Percentages must be between 0 and 100.",
        ),
        (
            "dates",
            "CHECK(date_to IS NULL OR date_from IS NULL OR date_to >= date_from)",
            "The agreement cannot end before it starts.",
        ),
    ]

    @api.constrains("partner_id")
    def _check_business(self):
        for agreement in self:
            if not agreement.partner_id.is_company:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is not a company: a partner business is a company contact.",
                        partner=agreement.partner_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("api_user_id") for vals in vals_list):
            raise AccessError(self._coop_api_user_error())
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and "api_user_id" in vals:
            raise AccessError(self._coop_api_user_error())
        if "company_id" in vals:
            self._coop_check_company_change(vals["company_id"])
        return super().write(vals)

    def _coop_api_user_error(self):
        return self.env._(
            "An agreement's field API user is set only by its button Create API user (or by "
            "the cooperative's file): it names the one user its business's system signs in as."
        )

    def _coop_own_api_user(self):
        """The agreement's API user when it is one made for it: only the Partner API group
        and only the agreement's cooperative; else no user (another user named there is
        never archived or woken for the business). Read as superuser."""
        self.ensure_one()
        user = self.sudo().with_context(active_test=False).api_user_id
        api = self.env.ref("coop_partner_sync.group_partner_api")
        if user and user.groups_id == api and user.company_ids == self.sudo().company_id:
            return user
        return self.env["res.users"]

    @api.model
    def _coop_api_key(self, user):
        """A new API key of ``user`` (an API user) for its transaction imports; shown to
        the manager once, stored hashed."""
        return (
            self.env["res.users.apikeys"]
            .with_user(user)
            .sudo()
            ._generate(None, self.env._("Transaction import"), None)
        )

    def _coop_api_user_archive(self):
        """Archive the agreement's own API user (``_coop_own_api_user``): its API keys
        removed and its password replaced by a random one nobody is given, so that nothing
        the business had signs in again, even once the user is active again (it then gets
        new ones: ``_coop_api_user_renew``). Returns the user, or no user when it had none
        active."""
        user = self._coop_own_api_user().sudo()
        if not user.active:
            return self.env["res.users"]
        user.api_key_ids._remove()
        user.write({"active": False, "password": secrets.token_urlsafe(32)})
        return user

    def _coop_api_user_renew(self):
        """Make the agreement's own API user active again with new credentials: a new
        password and a new API key (any key it still had removed). Returns ``(user,
        password, key)``, the password and key to give the business, shown this once;
        ``(no user, None, None)`` when it has no archived own API user."""
        user = self._coop_own_api_user().sudo()
        if not user or user.active:
            return self.env["res.users"], None, None
        password = secrets.token_urlsafe(12)
        user.api_key_ids._remove()
        user.write({"active": True, "password": password})
        return user, password, self._coop_api_key(user)

    def _coop_check_company_change(self, company_id):
        """An agreement's transactions, their rejections and file imports, the cashback
        they earned and its books stay in its cooperative: once it has any, it does not
        move to another one (end it and make a new one there). Read as superuser: the
        caller may not read them all."""
        moving = self.sudo().filtered(lambda a: a.company_id.id != company_id)
        if moving and not self.env.su and company_id not in self.env.user.company_ids.ids:
            raise AccessError(
                self.env._(
                    "An agreement moves only to a cooperative you work in: its field %(field)s "
                    "cannot name another one.",
                    field=self._fields["company_id"]._description_string(self.env),
                )
            )
        Txn = self.env["coop.partner.transaction"].sudo()
        Rejection = self.env["coop.partner.rejection"].sudo()
        Import = self.env["coop.partner.import"].sudo()
        for agreement in moving:
            domain = [("agreement_id", "=", agreement.id)]
            if any(model.search_count(domain, limit=1) for model in (Txn, Rejection, Import)):
                raise UserError(
                    self.env._(
                        "Agreement %(agreement)s has transactions of %(cooperative)s: its "
                        "field %(field)s cannot change (they, the cashback they earned and "
                        "their books stay there). End this agreement and make a new one in the "
                        "other cooperative.",
                        agreement=agreement.display_name,
                        cooperative=agreement.company_id.name,
                        field=self._fields["company_id"]._description_string(self.env),
                    )
                )

    def _compute_counts(self):
        Txn = self.env["coop.partner.transaction"]
        Rejection = self.env["coop.partner.rejection"]
        totals = dict(Txn._read_group([("agreement_id", "in", self.ids)], ["agreement_id"],
                                      ["__count"]))  # fmt: skip
        unmatched = dict(
            Txn._read_group(
                [("agreement_id", "in", self.ids), ("state", "=", "unmatched")],
                ["agreement_id"],
                ["__count"],
            )
        )
        open_rejections = dict(
            Rejection._read_group(
                [("agreement_id", "in", self.ids), ("state", "=", "open")],
                ["agreement_id"],
                ["__count"],
            )
        )
        for agreement in self:
            agreement.transaction_count = totals.get(agreement, 0)
            agreement.unmatched_count = unmatched.get(agreement, 0)
            agreement.rejection_count = open_rejections.get(agreement, 0)

    def _compute_import_count(self):
        imports = dict(
            self.env["coop.partner.import"]._read_group(
                [("agreement_id", "in", self.ids)], ["agreement_id"], ["__count"]
            )
        )
        for agreement in self:
            agreement.import_count = imports.get(agreement, 0)

    # ------------------------------------------------------------------ who imports

    @api.model
    def _coop_for_user(self, user):
        """The active agreement whose API user is ``user`` (none for anyone else)."""
        if not user._has_group("coop_partner_sync.group_partner_api"):
            return self.browse()
        return self.sudo().search([("api_user_id", "=", user.id)], limit=1)

    def _coop_check_manager(self):
        if not self.env.user.has_group("coop_membership.group_manager"):
            raise AccessError(
                self.env._("Managing partner businesses needs the Cooperative / Manager group.")
            )

    def coop_create_api_user(self, login, password=None):
        """Create the business's API user (group "Partner API" only) and an API key for it.

        :return: ``{"user_id", "login", "api_key"}``; the key is shown this once only.
        """
        self.ensure_one()
        self._coop_check_manager()
        if self.api_user_id:
            raise UserError(
                self.env._(
                    "%(business)s already has an API user (%(login)s).",
                    business=self.partner_id.name,
                    login=self.api_user_id.login,
                )
            )
        if not isinstance(login, str) or not login.strip():
            raise ValidationError(self.env._("The API user needs a login."))
        group = self.env.ref("coop_partner_sync.group_partner_api")
        user = (
            self.env["res.users"]
            .sudo()
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": self.env._("%(business)s (API)", business=self.partner_id.name),
                    "login": login.strip(),
                    "password": password or secrets.token_urlsafe(24),
                    "company_id": self.company_id.id,
                    "company_ids": [Command.set(self.company_id.ids)],
                    "groups_id": [Command.set(group.ids)],
                }
            )
        )
        key = self._coop_api_key(user)
        self.sudo().api_user_id = user
        book = coop_company_env(self, self.company_id)
        self.message_post(
            body=book._("API user %(login)s created, with an API key.", login=user.login)
        )
        return {"user_id": user.id, "login": user.login, "api_key": key}

    # ------------------------------------------------------------------ importing

    def _coop_import(self, rows, dry_run=False, source="rpc", then=None):
        """Process an import of this business (XML-RPC, a file, a fixed rejected row): one
        import at a time per business, in its own transaction, read committed, so that two
        callers sending the same rows store and accrue each transaction exactly once, the
        second seeing what the first committed, without failing. ``then(agreement, answers)``
        runs in that transaction (a file import records its answers with the rows).

        The answers go back to an XML-RPC caller in its user's language; a file's and a fixed
        row's are kept for the back office, so they are in the cooperative's."""
        self.ensure_one()
        book = coop_company_env(self, self.company_id)
        if source != "rpc" and self.env.lang != book.lang:
            return self.with_env(book)._coop_import(rows, dry_run, source, then)
        Txn = self.env["coop.partner.transaction"]
        Txn._coop_check_payload(rows)
        now = fields.Datetime.now()
        if dry_run:
            answers = Txn._coop_process(self, rows, True, source, now)[0]
            if then:
                then(self, answers)
            return answers
        if not self.env.registry.in_test_mode():
            with self.env.registry.cursor() as cr:
                cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
                cr.execute("SELECT 1 FROM coop_partner_agreement WHERE id = %s", [self.id])
                if cr.fetchone():
                    agreement = self.with_env(self.env(cr=cr))
                    return agreement._coop_import_locked(rows, source, now, then)
        # tests, demo data: the agreement is not committed yet; the caller's transaction
        return self._coop_import_locked(rows, source, now, then)

    def _coop_import_locked(self, rows, source, now, then=None):
        self.env.cr.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, self.id])
        answers, rejected = self.env["coop.partner.transaction"]._coop_process(
            self, rows, False, source, now
        )
        if source != "fix":  # a fixed row that fails again stays the same row to review
            self.env["coop.partner.rejection"]._coop_keep(self, rejected, source)
        if then:
            then(self, answers)
        return answers

    def _coop_match_people(self, keys):
        """{reference: person} among the people registered in this business's cooperative,
        as ``res.partner._coop_find_people`` finds them. The phones (thousands a call) are
        read here with only what an import reads of a person (the ORM would fetch every
        column of every person found); the other references through ``_coop_find_people``."""
        self.ensure_one()
        company = self.company_id
        found = {}
        phones = [key for key in keys if key.startswith("+")]
        if phones:  # indexed: res_partner_coop_phone_company_uniq
            people = (
                self.env["res.partner"]
                .sudo()
                .search_fetch(
                    [
                        ("company_id", "=", company.id),
                        ("coop_state", "!=", False),
                        ("coop_phone_normalized", "in", phones),
                    ],
                    ["coop_phone_normalized", "coop_state", "coop_frozen", "company_id"],
                )
            )
            found = {person.coop_phone_normalized: person for person in people}
        rest = [key for key in keys if key not in found]
        if rest:
            found.update(self.env["res.partner"]._coop_find_people(rest, company))
        return found

    def _coop_partner_rules(self):
        """The cooperative's cashback rules that can apply to a partner business's sale (for
        all products: a business sends amounts, not products), read once per import, with a
        cache of their ranking per status and date and the currency's rounding; None when
        the agreement sets a rate."""
        self.ensure_one()
        if self.cashback_mode != "rules":
            return None
        rules = (
            self.env["coop.cashback.rule"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("channel", "in", ("all", "partner")),
                    ("product_ids", "=", False),
                    ("categ_ids", "=", False),
                ]
            )
        )
        return {"rules": rules, "ranked": {}, "rounding": self.company_id.currency_id.rounding}

    def _coop_cashback_for(self, person, amount, date, rules):
        """Cashback a sale of ``amount`` on ``date`` earns ``person``: the agreement's rate,
        or the cooperative's rules exactly as ``coop.cashback.rule._coop_compute`` applies
        them to a purchase without products (the most specific rule in force whose minimum
        the amount reaches: for partner businesses rather than everywhere, then for the
        person's status rather than everyone, then the lower sequence, then the older rule;
        capped; rounded once), in plain Python because an import computes thousands: with
        ``rules`` (read once per call, see _coop_partner_rules) nothing of the agreement is
        read again per row."""
        self.ensure_one()
        state = person.coop_state
        if not state or person.coop_frozen:
            return 0.0
        if rules is None:
            if self.cashback_mode == "percent":
                rounding = self.company_id.currency_id.rounding
                percent = self.cashback_percent
                return float_round(amount * percent / 100.0, precision_rounding=rounding)
            rules = self._coop_partner_rules()
        rounding = rules["rounding"]
        key = (state, date)
        if key not in rules["ranked"]:
            applicable = rules["rules"].filtered(
                lambda r: (
                    r.coop_state in ("any", state)
                    and (not r.date_from or r.date_from <= date)
                    and (not r.date_to or r.date_to >= date)
                )
            )
            ranked = sorted(
                applicable,
                key=lambda r: (r.channel != "all", r.coop_state != "any", -r.sequence, -r.id),
                reverse=True,
            )
            rules["ranked"][key] = [
                (r.min_amount, r.amount_type, r.percent, r.fixed_amount, r.max_amount)
                for r in ranked
            ]
        for minimum, amount_type, percent, fixed, cap in rules["ranked"][key]:
            if float_compare(amount, minimum, precision_rounding=rounding) < 0:
                continue
            value = amount * percent / 100.0 if amount_type == "percent" else fixed
            if cap and value > cap:
                value = cap
            return float_round(max(value, 0.0), precision_rounding=rounding)
        return 0.0

    def _coop_valid_on(self, date):
        self.ensure_one()
        return (not self.date_from or self.date_from <= date) and (
            not self.date_to or date <= self.date_to
        )

    def _coop_period_label(self, env=None):
        """The agreement's period as ``env``'s language writes dates, 01.01.2026 to the end"""
        self.ensure_one()
        env = env or self.env
        start = coop_date(env, self.date_from) or "…"
        end = coop_date(env, self.date_to) or "…"
        return f"{start} – {end}"

    # ------------------------------------------------------------------ settlement

    def coop_settle(self, date_to=None):
        """Invoice each business for what its matched, unsettled transactions up to
        ``date_to`` (default today) come to: the cashback it funded (clearing 76.10) and the
        commission (90.04). Marks those transactions settled. Returns the invoice ids."""
        self._coop_check_manager()
        invoices = self.env["account.move"]
        for agreement in self:
            invoices |= agreement._coop_settle(fields.Date.to_date(date_to))
        return invoices.ids

    def _coop_settle(self, date_to=None):
        self.ensure_one()
        company = self.company_id
        currency = company.currency_id
        end = date_to or fields.Date.context_today(self)
        company._coop_post_partner_cashback()
        txns = self._coop_to_settle(end)
        if not txns:
            raise UserError(
                self.env._(
                    "%(business)s has no matched transactions to settle up to %(date)s.",
                    business=self.partner_id.name,
                    date=coop_date(self.env, end),
                )
            )
        cashback = currency.round(sum(txns.mapped("cashback")))
        commission = currency.round(sum(txns.mapped("commission")))
        total = currency.round(cashback + commission)
        book = coop_company_env(self, company)  # the invoice and the note: the cooperative's
        invoice = self.env["account.move"]
        if not currency.is_zero(total):
            sign = 1 if total > 0 else -1
            lines = []
            for account_field, amount, label in (
                (
                    "coop_partner_settlement_account_id",
                    cashback,
                    book._(
                        "Cashback funded: %(count)s purchases up to %(date)s",
                        count=len(txns),
                        date=coop_date(book, end),
                    ),
                ),
                (
                    "coop_partner_commission_account_id",
                    commission,
                    book._(
                        "Commission %(percent)s%% on purchases up to %(date)s",
                        percent=coop_percent(book, self.commission_percent),
                        date=coop_date(book, end),
                    ),
                ),
            ):
                if currency.is_zero(amount):
                    continue
                lines.append(
                    Command.create(
                        {
                            "name": label,
                            "account_id": company._coop_partner_account(account_field).id,
                            "quantity": 1,
                            "price_unit": sign * amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                )
            invoice = (
                self.env["account.move"]
                .sudo()
                .with_company(company)
                .create(
                    {
                        "move_type": "out_invoice" if sign > 0 else "out_refund",
                        "partner_id": self.partner_id.id,
                        "invoice_date": end,
                        "invoice_origin": book._(
                            "Settlement with %(business)s", business=self.partner_id.name
                        ),
                        "invoice_line_ids": lines,
                    }
                )
            )
            invoice.action_post()
        txns.write({"settlement_move_id": invoice.id, "settled": True})
        self.message_post(
            body=book._(
                "Settled %(count)s transactions up to %(date)s: cashback %(cashback)s, "
                "commission %(commission)s.",
                count=len(txns),
                date=coop_date(book, end),
                cashback=coop_money(book, cashback, currency),
                commission=coop_money(book, commission, currency),
            )
        )
        return invoice

    def _coop_to_settle(self, end):
        """The matched, unsettled transactions of this agreement up to ``end`` (as
        superuser: the caller is a manager settling it)."""
        self.ensure_one()
        return (
            self.env["coop.partner.transaction"]
            .sudo()
            .search(
                [
                    ("agreement_id", "=", self.id),
                    ("state", "=", "matched"),
                    ("settled", "=", False),
                    ("date", "<", fields.Date.add(end, days=1)),
                ]
            )
        )

    # ------------------------------------------------------------------ buttons

    def action_view_transactions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "coop_partner_sync.action_coop_partner_transaction"
        )
        action["domain"] = [("agreement_id", "=", self.id)]
        action["context"] = (
            {"search_default_unmatched": 1} if self.env.context.get("unmatched") else {}
        )
        return action

    def action_view_settlements(self):
        self.ensure_one()
        invoices = (
            self.env["coop.partner.transaction"]
            .search([("agreement_id", "=", self.id)])
            .mapped("settlement_move_id")
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Settlements"),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", invoices.ids)],
        }

    def action_post_cashback(self):
        self._coop_check_manager()
        self.company_id._coop_post_partner_cashback()
        return True

    def action_view_rejections(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "coop_partner_sync.action_coop_partner_rejection"
        )
        action["domain"] = [("agreement_id", "=", self.id)]
        action["context"] = {"search_default_open": 1}
        return action

    def action_view_imports(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "coop_partner_sync.action_coop_partner_import"
        )
        action["domain"] = [("agreement_id", "=", self.id)]
        action["context"] = {"default_agreement_id": self.id}
        return action

    # ------------------------------------------------------------------ demo

    def _coop_load_demo(self):
        """Demo: sales the plumbing shop sent for the demo people (one refunded in part), one
        for a phone nobody has registered yet and one row with a mistake, as its system
        would send them."""
        today = fields.Date.context_today(self)
        day = lambda n: fields.Date.to_string(fields.Date.subtract(today, days=n))  # noqa: E731
        rows = [
            {"external_id": "SHR-1001", "member_ref": "+7 910 000-00-01", "amount": "2450.00",
             "date": day(20)},
            {"external_id": "SHR-1002", "member_ref": "89100000006", "amount": 15800,
             "date": day(12)},
            {"external_id": "SHR-1003", "member_ref": "9100000007", "amount": "990.50",
             "date": day(9)},
            {"external_id": "SHR-1004", "member_ref": "89100000006", "amount": "3000",
             "date": day(5), "kind": "refund", "refund_of": "SHR-1002"},
            {"external_id": "SHR-1005", "member_ref": "+7 910 000-00-99", "amount": "1200.00",
             "date": day(3)},
            {"external_id": "SHR-1006", "member_ref": "89100000002", "amount": "-500",
             "date": day(1)},
        ]  # fmt: skip
        for agreement in self:
            agreement._coop_import_locked(rows, "rpc", fields.Datetime.now())
            agreement.company_id._coop_post_partner_cashback()
