from odoo import fields, models
from odoo.exceptions import UserError

from odoo.addons.coop_membership.models.coop_format import coop_money


class AccountMove(models.Model):
    _inherit = "account.move"

    coop_intercoop_bill_id = fields.Many2one(
        "account.move", string="Vendor bill of the serving cooperative", readonly=True,
        copy=False, index="btree_not_null", groups="coop_membership.group_manager",
        help="The bill this settlement invoice made in the books of the cooperative that "
        "served the members (another company of this database).",
    )  # fmt: skip

    def button_draft(self):
        if not self:
            return super().button_draft()
        bills = self._coop_intercoop_bills_to_cancel()
        result = super().button_draft()
        bills._coop_intercoop_cancel_bills()
        return result

    def button_cancel(self):
        if not self:
            return super().button_cancel()
        bills = self._coop_intercoop_bills_to_cancel()
        result = super().button_cancel()
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
        """An invoice that settled an agreement with another cooperative bills exactly what
        its transactions come to (their cashback and commission): an edited one is refused,
        naming it (read as superuser: the caller posts the invoice)."""
        Txn = self.env["coop.partner.transaction"].sudo()
        for invoice in self.sudo().filtered(lambda m: m.move_type in ("out_invoice", "out_refund")):
            txns = Txn.search([("settlement_move_id", "=", invoice.id)])
            if not txns.agreement_id.coop_intercoop_company_id:
                continue
            currency = invoice.currency_id
            due = currency.round(
                currency.round(sum(txns.mapped("cashback")))
                + currency.round(sum(txns.mapped("commission")))
            )
            billed = invoice.amount_total * (1 if invoice.move_type == "out_invoice" else -1)
            if currency.compare_amounts(billed, due):
                raise UserError(
                    self.env._(
                        "Invoice %(invoice)s cannot be posted: it settled %(count)s sales at "
                        "another cooperative's tills, which come to %(due)s, and its total is "
                        "now %(total)s. Put its lines back as they were, or settle the "
                        "difference with a separate invoice.",
                        invoice=invoice.name,
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
