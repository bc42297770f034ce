from odoo import Command, api, fields, models

from odoo.addons.coop_membership.models.coop_state_event import coop_company_env


class CoopPartnerAgreement(models.Model):
    """An agreement whose partner business is another cooperative of this database (its
    company's contact): that cooperative's tills find this cooperative's people by phone and
    send their sales here as the business's transactions, at this agreement's rates."""

    _inherit = "coop.partner.agreement"

    coop_intercoop_company_id = fields.Many2one(
        "res.company", string="Serving cooperative", compute="_compute_coop_intercoop_company",
        store=True, compute_sudo=True, index="btree_not_null",
        help="The cooperative of this database whose contact is the partner business: its "
        "tills serve this cooperative's people, who earn cashback here.",
    )  # fmt: skip

    @api.depends("partner_id")
    def _compute_coop_intercoop_company(self):
        Company = self.env["res.company"].sudo()
        for agreement in self:
            serving = Company.search([("partner_id", "=", agreement.partner_id.id)], limit=1)
            agreement.coop_intercoop_company_id = (
                serving if serving != agreement.company_id else False
            )

    @api.model
    def _coop_intercoop_serving(self, company, day):
        """The agreements in force on ``day`` under which ``company``'s tills serve another
        cooperative's people (read as superuser: the caller checked the till's company)."""
        agreements = self.sudo().search([("coop_intercoop_company_id", "=", company.id)])
        return agreements.filtered(lambda a: a._coop_valid_on(day))

    def _coop_settle(self, date_to=None):
        """The serving cooperative owes the cashback (and commission): its vendor bill is made
        with the invoice, in its own books."""
        invoice = super()._coop_settle(date_to)
        if invoice and self.coop_intercoop_company_id:
            invoice.sudo().coop_intercoop_bill_id = self._coop_intercoop_bill(invoice)
        return invoice

    def _coop_intercoop_bill(self, invoice):
        """The serving cooperative's vendor bill (refund) for ``invoice``: payable to this
        cooperative, the cashback on its cashback expense, the commission on its purchase
        journal's expense account; labels in its own language."""
        self.ensure_one()
        serving = self.coop_intercoop_company_id
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
        bill = Move.create(
            {
                "move_type": "in_invoice" if invoice.move_type == "out_invoice" else "in_refund",
                "company_id": serving.id,
                "journal_id": journal.id,
                "partner_id": self.company_id.partner_id.id,
                "invoice_date": invoice.invoice_date,
                "ref": invoice.name,
                "invoice_origin": book._(
                    "Settlement with %(cooperative)s", cooperative=self.company_id.name
                ),
                "invoice_line_ids": lines,
            }
        )
        bill.action_post()
        return bill

    @api.model
    def _coop_purchase_journal(self, company):
        return (
            self.env["account.journal"]
            .sudo()
            .search([("company_id", "=", company.id), ("type", "=", "purchase")], limit=1)
        )
