from odoo import fields, models
from odoo.exceptions import UserError


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
        """An invoice posted again after its reset: the serving cooperative's bill made
        again, in draft (the one cancelled with the reset stays cancelled)."""
        posted = super()._post(soft)
        for invoice in posted.sudo().filtered(lambda m: m.coop_intercoop_bill_id.state == "cancel"):
            agreement = (
                self.env["coop.partner.transaction"]
                .sudo()
                .search([("settlement_move_id", "=", invoice.id)], limit=1)
                .agreement_id
            )
            if agreement.coop_intercoop_accepted_by:
                invoice.coop_intercoop_bill_id = agreement._coop_intercoop_bill(invoice)
        return posted

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
