from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.coop_membership.models.coop_state_event import coop_company_env

# the terms the serving cooperative accepted: a change by the other side withdraws it
TERMS = (
    "partner_id", "company_id", "active", "cashback_mode", "cashback_percent",
    "commission_percent", "date_from", "date_to",
)  # fmt: skip
ACCEPTANCE = ("coop_intercoop_accepted_by", "coop_intercoop_accepted_date")
WITHDRAWAL = ("coop_intercoop_withdrawn", "coop_intercoop_withdrawn_date")
# written only by the serving cooperative's manager (its buttons) or by the withdrawal itself
PROTECTED = ACCEPTANCE + WITHDRAWAL


class CoopPartnerAgreement(models.Model):
    """An agreement whose partner business is another cooperative of this database (its
    company's contact): once a manager of that cooperative accepts it, its tills find this
    cooperative's people by phone and send their sales here as the business's transactions,
    at this agreement's rates, and it owes what it is invoiced for."""

    _inherit = "coop.partner.agreement"

    coop_intercoop_company_id = fields.Many2one(
        "res.company", string="Serving cooperative", compute="_compute_coop_intercoop_company",
        store=True, compute_sudo=True, index="btree_not_null",
        help="The cooperative of this database whose contact is the partner business: its "
        "tills serve this cooperative's people, who earn cashback here.",
    )  # fmt: skip
    coop_intercoop_accepted_by = fields.Many2one(
        "res.users", string="Accepted by", readonly=True, copy=False,
        help="The manager of the serving cooperative who accepted these terms. Until one "
        "does (again, after any change of the terms), its tills find nobody and settlement "
        "makes no bill in its books.",
    )  # fmt: skip
    coop_intercoop_accepted_date = fields.Datetime(string="Accepted on", readonly=True, copy=False)
    coop_intercoop_withdrawn = fields.Selection(
        [("changed", "Withdrawn: the terms changed"),
         ("declined", "Declined by the serving cooperative")],
        string="Acceptance withdrawn", readonly=True, copy=False,
        help="Why the serving cooperative does not (or no longer) serve under these terms.",
    )  # fmt: skip
    coop_intercoop_withdrawn_date = fields.Datetime(
        string="Withdrawn on", readonly=True, copy=False
    )

    @api.depends("partner_id")
    def _compute_coop_intercoop_company(self):
        Company = self.env["res.company"].sudo()
        for agreement in self:
            serving = Company.search([("partner_id", "=", agreement.partner_id.id)], limit=1)
            agreement.coop_intercoop_company_id = (
                serving if serving != agreement.company_id else False
            )

    # ------------------------------------------------------------------ acceptance

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(f in vals for vals in vals_list for f in PROTECTED):
            raise AccessError(self._coop_intercoop_acceptance_error())
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and any(f in vals for f in PROTECTED):
            raise AccessError(self._coop_intercoop_acceptance_error())
        withdrawn = self.browse()
        if any(f in vals for f in TERMS):
            withdrawn = self.filtered(
                lambda a: (
                    a.sudo().coop_intercoop_accepted_by
                    and any(a._coop_intercoop_term_changed(f, vals[f]) for f in TERMS if f in vals)
                )
            )
        result = super().write(vals)
        if withdrawn:
            withdrawn.sudo().write(
                dict.fromkeys(ACCEPTANCE, False)
                | {"coop_intercoop_withdrawn": "changed",
                   "coop_intercoop_withdrawn_date": fields.Datetime.now()}
            )  # fmt: skip
            for agreement in withdrawn:
                book = coop_company_env(agreement, agreement.company_id)
                agreement.message_post(
                    body=book._(
                        "The terms changed: %(cooperative)s's acceptance is withdrawn until a "
                        "manager of theirs accepts the agreement again.",
                        cooperative=agreement.sudo().coop_intercoop_company_id.name,
                    )
                )
        return result

    def _coop_intercoop_term_changed(self, field_name, value):
        field = self._fields[field_name]
        new = field.convert_to_record(field.convert_to_cache(value, self), self)
        return self[field_name] != new

    def _coop_intercoop_acceptance_error(self):
        return self.env._(
            "Only a manager of the serving cooperative accepts an agreement between "
            "cooperatives, with its Accept button."
        )

    def action_coop_intercoop_accept(self):
        """The serving cooperative's manager accepts these terms (recorded: who, when):
        from now on its tills serve the other cooperative's people and it owes what they
        earn there."""
        user = self.env.user
        for agreement in self.sudo():
            serving = agreement._coop_intercoop_check_serving_manager()
            agreement.write(
                {"coop_intercoop_accepted_by": user.id,
                 "coop_intercoop_accepted_date": fields.Datetime.now(),
                 "coop_intercoop_withdrawn": False, "coop_intercoop_withdrawn_date": False}
            )  # fmt: skip
            book = coop_company_env(agreement, agreement.company_id)
            agreement.message_post(
                body=book._(
                    "Accepted by %(user)s for %(cooperative)s.",
                    user=user.name,
                    cooperative=serving.name,
                )
            )
        return True

    def action_coop_intercoop_decline(self):
        """The serving cooperative's manager declines these terms, or withdraws an
        acceptance given before: its tills stop serving the other cooperative's people."""
        user = self.env.user
        for agreement in self.sudo():
            serving = agreement._coop_intercoop_check_serving_manager()
            agreement.write(
                dict.fromkeys(ACCEPTANCE, False)
                | {"coop_intercoop_withdrawn": "declined",
                   "coop_intercoop_withdrawn_date": fields.Datetime.now()}
            )  # fmt: skip
            book = coop_company_env(agreement, agreement.company_id)
            agreement.message_post(
                body=book._(
                    "Declined by %(user)s for %(cooperative)s: their tills do not serve "
                    "under this agreement until a manager of theirs accepts it.",
                    user=user.name,
                    cooperative=serving.name,
                )
            )
        return True

    def _coop_intercoop_check_serving_manager(self):
        """The serving cooperative of this agreement (read as superuser), once the current
        user is a Cooperative / Manager of it; else an AccessError naming the agreement."""
        self.ensure_one()
        user = self.env.user
        serving = self.sudo().coop_intercoop_company_id
        if not (
            serving
            and serving in user.company_ids
            and user.has_group("coop_membership.group_manager")
        ):
            raise AccessError(
                self.env._(
                    "Agreement %(agreement)s of %(cooperative)s can be accepted or declined "
                    "only by a Cooperative / Manager of the cooperative it names as partner "
                    "business.",
                    agreement=self.sudo().display_name,
                    cooperative=self.sudo().company_id.name,
                )
            )
        return serving

    @api.model
    def coop_intercoop_offers(self):
        """The agreements of other cooperatives naming a cooperative of the current user's
        as partner business, for its manager to read before accepting.

        :return: list of ``{"id", "cooperative", "serving", "cashback_mode",
            "cashback_percent", "commission_percent", "date_from", "date_to", "accepted"}``
        """
        if not self.env.user.has_group("coop_membership.group_manager"):
            raise AccessError(self._coop_intercoop_acceptance_error())
        offers = self.sudo().search(
            [("coop_intercoop_company_id", "in", self.env.user.company_ids.ids)]
        )
        return [
            {
                "id": offer.id,
                "cooperative": offer.company_id.name,
                "serving": offer.coop_intercoop_company_id.name,
                "cashback_mode": offer.cashback_mode,
                "cashback_percent": offer.cashback_percent,
                "commission_percent": offer.commission_percent,
                "date_from": offer.date_from,
                "date_to": offer.date_to,
                "accepted": bool(offer.coop_intercoop_accepted_by),
            }
            for offer in offers
        ]

    @api.model
    def _coop_intercoop_serving(self, company, day):
        """The accepted agreements in force on ``day`` under which ``company``'s tills serve
        another cooperative's people (read as superuser: the caller checked the till's
        company)."""
        agreements = self.sudo().search(
            [
                ("coop_intercoop_company_id", "=", company.id),
                ("coop_intercoop_accepted_by", "!=", False),
            ]
        )
        return agreements.filtered(lambda a: a._coop_valid_on(day))

    # ------------------------------------------------------------------ importing

    def _coop_import(self, rows, dry_run=False, source="rpc", then=None):
        """The transactions of an agreement between cooperatives come only from the serving
        cooperative's tills (their session close)."""
        intercoop = self.sudo().filtered("coop_intercoop_company_id")
        if intercoop and source != "intercoop":
            raise UserError(
                self.env._(
                    "Agreement %(agreement)s is with another cooperative of this database: its "
                    "transactions come only from that cooperative's tills, at the close of "
                    "their sessions. Nothing was imported.",
                    agreement=intercoop[0].display_name,
                )
            )
        return super()._coop_import(rows, dry_run=dry_run, source=source, then=then)

    # ------------------------------------------------------------------ settlement

    def _coop_settle(self, date_to=None):
        """The serving cooperative owes the cashback (and commission): once it accepted the
        agreement, its vendor bill is made with the invoice, in draft, for its accountant
        to post."""
        serving = self.sudo().coop_intercoop_company_id
        if serving and serving.currency_id != self.company_id.currency_id:
            raise UserError(
                self.env._(
                    "Agreement %(agreement)s cannot be settled: %(serving)s keeps its books in "
                    "%(theirs)s and %(cooperative)s in %(ours)s; the bill must be in the "
                    "invoice's currency. Settle it outside this agreement.",
                    agreement=self.display_name,
                    serving=serving.name,
                    theirs=serving.currency_id.name,
                    cooperative=self.company_id.name,
                    ours=self.company_id.currency_id.name,
                )
            )
        invoice = super()._coop_settle(date_to)
        if invoice and serving and self.sudo().coop_intercoop_accepted_by:
            invoice.sudo().coop_intercoop_bill_id = self._coop_intercoop_bill(invoice)
        return invoice

    def _coop_intercoop_bill(self, invoice):
        """The serving cooperative's draft vendor bill (refund) for ``invoice``: payable to
        this cooperative, in the invoice's currency, the cashback on its cashback expense,
        the commission on its purchase journal's expense account; labels in its own
        language."""
        self.ensure_one()
        serving = self.sudo().coop_intercoop_company_id
        book = coop_company_env(self, serving)
        Move = self.env["account.move"].sudo().with_company(serving)
        journal = self._coop_purchase_journal(serving)
        cashback_account = serving._coop_cashback_account("coop_cashback_expense_account_id")
        settlement = self.company_id._coop_partner_account("coop_partner_settlement_account_id")
        lines = [
            Command.create(
                {
                    "name": line.name,
                    "account_id": (
                        cashback_account if line.account_id == settlement
                        else journal.default_account_id
                    ).id,
                    "quantity": 1,
                    "price_unit": line.price_unit,
                    "tax_ids": [Command.clear()],
                }
            )
            for line in invoice.invoice_line_ids
        ]  # fmt: skip
        return Move.create(
            {
                "move_type": "in_invoice" if invoice.move_type == "out_invoice" else "in_refund",
                "company_id": serving.id,
                "journal_id": journal.id,
                "currency_id": invoice.currency_id.id,
                "partner_id": self.company_id.partner_id.id,
                "invoice_date": invoice.invoice_date,
                "ref": invoice.name,
                "invoice_origin": book._(
                    "Settlement with %(cooperative)s", cooperative=self.company_id.name
                ),
                "invoice_line_ids": lines,
            }
        )

    @api.model
    def _coop_purchase_journal(self, company):
        return (
            self.env["account.journal"]
            .sudo()
            .search([("company_id", "=", company.id), ("type", "=", "purchase")], limit=1)
        )
