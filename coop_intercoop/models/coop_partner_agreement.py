from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.coop_membership.models.coop_state_event import coop_company_env

# the terms the serving cooperative accepted: a change by the other side withdraws it
TERMS = (
    "partner_id", "company_id", "active", "cashback_mode", "cashback_percent",
    "commission_percent", "date_from", "date_to",
)  # fmt: skip
# what a decline was of: the terms, whether the agreement is archived or not
DECLINED_TERMS = tuple(name for name in TERMS if name != "active")
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
        [("changed", "The terms changed: new terms, not accepted yet"),
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

    @api.constrains("partner_id", "company_id", "cashback_mode")
    def _check_coop_intercoop_cashback_mode(self):
        """Another cooperative owes what its acceptance named: an agreed percentage, never
        this cooperative's own cashback rules (which it changes without asking)."""
        for agreement in self.sudo():
            if agreement.coop_intercoop_company_id and agreement.cashback_mode != "percent":
                raise ValidationError(
                    self.env._(
                        "Agreement %(agreement)s is with another cooperative (%(serving)s): its "
                        'field Cashback must be "A percentage agreed with this business", '
                        "the rate they accept; this cooperative's own rules could change what "
                        "they owe without them.",
                        agreement=agreement.display_name,
                        serving=agreement.coop_intercoop_company_id.name,
                    )
                )

    def _coop_intercoop_check_partner_change(self, partner_id):
        """Transactions recorded under one partner business are not billed to another
        cooperative, nor another cooperative's sales to a business: once an agreement has
        transactions, its partner business does not change to or from a cooperative's
        contact."""
        self.check_access("write")
        Company = self.env["res.company"].sudo()
        to_cooperative = bool(Company.search_count([("partner_id", "=", partner_id)], limit=1))
        Txn = self.env["coop.partner.transaction"].sudo()
        for agreement in self.sudo():
            if agreement.partner_id.id == partner_id:
                continue
            if not (to_cooperative or agreement.coop_intercoop_company_id):
                continue
            if Txn.search_count([("agreement_id", "=", agreement.id)], limit=1):
                raise UserError(
                    self.env._(
                        "Agreement %(agreement)s has transactions: its field Partner business "
                        "cannot change to or from another cooperative of this database. End "
                        "this agreement and make a new one for the new partner business.",
                        agreement=agreement.display_name,
                    )
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
        if "partner_id" in vals:
            self._coop_intercoop_check_partner_change(vals["partner_id"])
        answered = self.browse()
        if any(f in vals for f in TERMS):
            answered = self.filtered(lambda a: a.sudo()._coop_intercoop_answer_stale(vals))
        declined = answered.filtered(lambda a: not a.sudo().coop_intercoop_accepted_by)
        result = super().write(vals)
        if answered:
            answered._coop_intercoop_terms_changed(declined)
        return result

    def _coop_intercoop_answered(self):
        """Whether the serving cooperative answered these terms: accepted or declined them
        (a change of them makes its answer stale)."""
        return bool(self.coop_intercoop_accepted_by or self.coop_intercoop_withdrawn == "declined")

    def _coop_intercoop_answer_stale(self, vals):
        """Whether writing ``vals`` makes the serving cooperative's answer stale: any change
        of the terms it accepted withdraws its acceptance (it never owes on terms it did not
        accept, an agreement archived then restored included); a decline stands while the
        terms it declined stand, archived or not (archiving offers nothing new)."""
        if not self._coop_intercoop_answered():
            return False
        terms = TERMS if self.coop_intercoop_accepted_by else DECLINED_TERMS
        return any(self._coop_intercoop_term_changed(f, vals[f]) for f in terms if f in vals)

    def _coop_intercoop_terms_changed(self, declined):
        """New terms, not accepted yet: an acceptance is withdrawn (the serving cooperative
        never owes on terms it did not accept), and so is a decline (it declined other
        terms: the offer is open again for its manager to accept or decline)."""
        self.sudo().write(
            dict.fromkeys(ACCEPTANCE, False)
            | {"coop_intercoop_withdrawn": "changed",
               "coop_intercoop_withdrawn_date": fields.Datetime.now()}
        )  # fmt: skip
        for agreement in self:
            book = coop_company_env(agreement, agreement.company_id)
            cooperative = agreement.sudo().coop_intercoop_company_id.name
            if agreement in declined:
                body = book._(
                    "The terms changed: the offer %(cooperative)s declined is open again for "
                    "a manager of theirs to accept or decline.",
                    cooperative=cooperative,
                )
            else:
                body = book._(
                    "The terms changed: %(cooperative)s's acceptance is withdrawn until a "
                    "manager of theirs accepts the agreement again.",
                    cooperative=cooperative,
                )
            agreement.message_post(body=body)

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
        user is a Cooperative / Manager of it and no user of the offering cooperative (who
        would accept its own terms for the other); else an AccessError naming the
        agreement."""
        self.ensure_one()
        user = self.env.user
        serving = self.sudo().coop_intercoop_company_id
        if not (
            serving
            and serving in user.company_ids
            and self.sudo().company_id not in user.company_ids
            and user.has_group("coop_membership.group_manager")
        ):
            raise AccessError(
                self.env._(
                    "Agreement %(agreement)s of %(cooperative)s can be accepted or declined "
                    "only by a Cooperative / Manager of the cooperative it names as partner "
                    "business who is not also a user of %(cooperative)s.",
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
        """The serving cooperative owes the cashback (and commission) of the sales at its
        tills: its vendor bill is made with the invoice, in draft, for its accountant to
        post."""
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
        if invoice and serving:
            invoice.sudo().coop_intercoop_bill_id = self._coop_intercoop_bill(invoice)
        return invoice

    def _coop_to_settle(self, end):
        """The serving cooperative owes only the sales at its tills, and its bill is made of
        those: transactions of another source on such an agreement (put there before the
        checks that keep them off) are refused, naming them, rather than invoiced to it
        without a bill or left behind unsaid."""
        txns = super()._coop_to_settle(end)
        serving = self.sudo().coop_intercoop_company_id
        others = txns.filtered(lambda t: t.source != "intercoop")
        if serving and others:
            raise UserError(
                self.env._(
                    "Agreement %(agreement)s cannot be settled: %(count)s transactions to "
                    "settle were not recorded at the tills of %(serving)s, which owes only "
                    "those (%(refs)s). Ask an administrator to put them back on the agreement "
                    "of the business that sent them, then settle again.",
                    agreement=self.display_name,
                    count=len(others),
                    serving=serving.name,
                    refs=", ".join(others[:5].mapped("external_id")),
                )
            )
        return txns

    @api.model
    def _coop_intercoop_settled(self, invoice):
        """The sales at another cooperative's tills that ``invoice`` settled (as superuser:
        the caller settles or posts the invoice). They were recorded only while that
        cooperative accepted the agreement, so it owes them whatever it accepts now."""
        return (
            self.env["coop.partner.transaction"]
            .sudo()
            .search([("settlement_move_id", "=", invoice.id), ("source", "=", "intercoop")])
        )

    def _coop_intercoop_bill(self, invoice):
        """The serving cooperative's draft vendor bill (refund) for the sales at its tills
        that ``invoice`` settled: payable to this cooperative, in its currency (the
        invoice's), their cashback on its cashback expense, their commission on its purchase
        journal's expense account; labels in its own language. Built from the transactions,
        never from the invoice's lines (which this cooperative edits). Nothing when none was
        such a sale."""
        self.ensure_one()
        txns = self._coop_intercoop_settled(invoice)
        if not txns:
            return self.env["account.move"]
        serving = self.sudo().coop_intercoop_company_id
        currency = self.company_id.currency_id  # the invoice's (checked when it is posted)
        cashback = currency.round(sum(txns.mapped("cashback")))
        commission = currency.round(sum(txns.mapped("commission")))
        total = currency.round(cashback + commission)
        if currency.is_zero(total):
            return self.env["account.move"]
        sign = 1 if total > 0 else -1
        book = coop_company_env(self, serving)
        journal = self._coop_purchase_journal(serving)
        lines = [
            Command.create(
                {"name": label, "account_id": account.id, "quantity": 1,
                 "price_unit": sign * amount, "tax_ids": [Command.clear()]}
            )
            for account, amount, label in (
                (serving._coop_cashback_account("coop_cashback_expense_account_id"), cashback,
                 book._("Cashback earned at your tills: %(count)s purchases", count=len(txns))),
                (journal.default_account_id, commission,
                 book._("Commission on these purchases")),
            )
            if not currency.is_zero(amount)
        ]  # fmt: skip
        return (
            self.env["account.move"]
            .sudo()
            .with_company(serving)
            .create(
                {
                    "move_type": "in_invoice" if sign > 0 else "in_refund",
                    "company_id": serving.id,
                    "journal_id": journal.id,
                    "currency_id": currency.id,
                    "partner_id": self.company_id.partner_id.id,
                    "invoice_date": invoice.invoice_date,
                    "ref": invoice.name,
                    "invoice_origin": book._(
                        "Settlement with %(cooperative)s", cooperative=self.company_id.name
                    ),
                    "invoice_line_ids": lines,
                }
            )
        )

    @api.model
    def _coop_purchase_journal(self, company):
        return (
            self.env["account.journal"]
            .sudo()
            .search([("company_id", "=", company.id), ("type", "=", "purchase")], limit=1)
        )
