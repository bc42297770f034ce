from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.coop_membership.models.coop_format import coop_money


class AccountMove(models.Model):
    _inherit = "account.move"

    coop_intercoop_bill_id = fields.Many2one(
        "account.move", string="Vendor bill of the serving cooperative", readonly=True,
        copy=False, index="btree_not_null", groups="coop_membership.group_manager",
        help="The bill this settlement invoice made in the books of the cooperative that "
        "served the members (another company of this database).",
    )  # fmt: skip

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("coop_intercoop_bill_id") for vals in vals_list):
            raise AccessError(self._coop_intercoop_bill_error())
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and "coop_intercoop_bill_id" in vals:
            raise AccessError(self._coop_intercoop_bill_error())
        return super().write(vals)

    def _coop_intercoop_bill_error(self):
        return self.env._(
            "The field Vendor bill of the serving cooperative is set only by the settlement "
            "with another cooperative: it names the bill that settlement made in their books."
        )

    def button_draft(self):
        return self._coop_intercoop_cancelling_bills(super().button_draft)

    def button_cancel(self):
        return self._coop_intercoop_cancelling_bills(super().button_cancel)

    def _coop_intercoop_cancelling_bills(self, action):
        """Reset or cancel these moves (``action``: the parent's button), then cancel the serving
        cooperative's draft bill of each settlement invoice among them (none is posted: checked
        before ``action``)."""
        if not self:
            return action()
        bills = self._coop_intercoop_bills_to_cancel()
        result = action()
        bills._coop_intercoop_cancel_bills()
        return result

    def _coop_intercoop_cancel_bills(self):
        drafts = self.filtered(lambda b: b.state == "draft")
        if drafts:
            drafts.button_cancel()

    def _post(self, soft=True):
        """A settlement invoice posted again after its reset: refused when its total is no
        longer what its transactions come to; else the serving cooperative's bill made
        again from those transactions, in draft (the one cancelled with the reset stays
        cancelled)."""
        self._coop_intercoop_check_settled_total()
        posted = super()._post(soft)
        for invoice in posted.sudo().filtered(lambda m: m.coop_intercoop_bill_id.state == "cancel"):
            agreement = self._coop_intercoop_settled_agreement(invoice)
            invoice.coop_intercoop_bill_id = agreement._coop_intercoop_bill(invoice)
        return posted

    def _coop_intercoop_settled_agreement(self, invoice):
        return (
            self.env["coop.partner.transaction"]
            .sudo()
            .search([("settlement_move_id", "=", invoice.id)], limit=1)
            .agreement_id
        )

    def _coop_intercoop_check_settled_total(self):
        """An invoice that settled an agreement with another cooperative bills, as it did,
        that cooperative's contact, in this cooperative's currency (the bill's), exactly
        what its transactions come to (their cashback and commission), all of them sales at
        that cooperative's tills (the ones its bill is made of): an edited one is refused,
        naming it and the field (read as superuser: the caller posts the invoice)."""
        Txn = self.env["coop.partner.transaction"].sudo()
        for invoice in self.sudo().filtered(lambda m: m.move_type in ("out_invoice", "out_refund")):
            txns = Txn.search([("settlement_move_id", "=", invoice.id)])
            agreement = txns.agreement_id[:1]
            if not agreement.coop_intercoop_company_id:
                continue
            invoice._coop_intercoop_check_currency(agreement)
            invoice._coop_intercoop_check_customer(agreement)
            invoice._coop_intercoop_check_sources(agreement, txns)
            invoice._coop_intercoop_check_total(txns)

    def _coop_intercoop_refuse(self, field_name, shown, expected):
        raise UserError(
            self.env._(
                "Invoice %(invoice)s cannot be posted: it settled sales at another "
                "cooperative's tills, and its field %(field)s is now %(shown)s instead of "
                "%(expected)s (what the other cooperative's bill was made for). Put it back.",
                invoice=self.name,
                field=self._fields[field_name]._description_string(self.env),
                shown=shown,
                expected=expected,
            )
        )

    def _coop_intercoop_check_currency(self, agreement):
        ours = agreement.company_id.currency_id
        if self.currency_id != ours:
            self._coop_intercoop_refuse("currency_id", self.currency_id.name, ours.name)

    def _coop_intercoop_check_customer(self, agreement):
        if self.commercial_partner_id != agreement.partner_id:
            self._coop_intercoop_refuse(
                "partner_id", self.partner_id.display_name, agreement.partner_id.display_name
            )

    def _coop_intercoop_check_sources(self, agreement, txns):
        """Only the sales at the serving cooperative's tills are in its bill: an invoice
        settling others too (made before settlement refused them) is not posted again."""
        others = txns.filtered(lambda t: t.source != "intercoop")
        if others:
            raise UserError(
                self.env._(
                    "Invoice %(invoice)s cannot be posted: it settled %(count)s transactions "
                    "of agreement %(agreement)s and %(others)s of them were not recorded at "
                    "the tills of %(serving)s, which owes only those (%(refs)s). Ask an "
                    "administrator to put them back on the agreement of the business that "
                    "sent them.",
                    invoice=self.name,
                    count=len(txns),
                    agreement=agreement.display_name,
                    others=len(others),
                    serving=agreement.coop_intercoop_company_id.name,
                    refs=", ".join(others[:5].mapped("external_id")),
                )
            )

    def _coop_intercoop_check_total(self, txns):
        currency = self.currency_id
        due = currency.round(
            currency.round(sum(txns.mapped("cashback")))
            + currency.round(sum(txns.mapped("commission")))
        )
        billed = self.amount_total * (1 if self.move_type == "out_invoice" else -1)
        if currency.compare_amounts(billed, due):
            raise UserError(
                self.env._(
                    "Invoice %(invoice)s cannot be posted: it settled %(count)s sales at "
                    "another cooperative's tills, which come to %(due)s, and its total is "
                    "now %(total)s. Put its lines back as they were, or settle the "
                    "difference with a separate invoice.",
                    invoice=self.name,
                    count=len(txns),
                    due=coop_money(self.env, due, currency),
                    total=coop_money(self.env, billed, currency),
                )
            )

    def _coop_intercoop_bills_to_cancel(self):
        """The bill follows the invoice: the serving cooperative's draft bills of these
        invoices, cancelled with them (as superuser: the bill was made so; the caller may
        reset or cancel the invoice). A bill its accountant posted refuses it."""
        bills = self.sudo().coop_intercoop_bill_id
        posted = bills.filtered(lambda b: b.state == "posted")
        if posted:
            invoice = self.sudo().filtered(lambda m: m.coop_intercoop_bill_id in posted)[0]
            raise UserError(
                self.env._(
                    "Invoice %(invoice)s cannot be reset or cancelled: %(company)s posted its "
                    "bill %(bill)s for it. Ask their accountant to reset that bill first, or "
                    "settle the difference with a credit note.",
                    invoice=invoice.name,
                    company=invoice.coop_intercoop_bill_id.company_id.name,
                    bill=invoice.coop_intercoop_bill_id.name or invoice.coop_intercoop_bill_id.ref,
                )
            )
        return bills.filtered(lambda b: b.state == "draft")
