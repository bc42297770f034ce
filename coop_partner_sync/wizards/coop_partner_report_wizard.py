from odoo import fields, models


class CoopPartnerReportWizard(models.TransientModel):
    """Reconciliation of a partner business for a period: what it sent, what it earned
    people, what it owes and what has been invoiced."""

    _name = "coop.partner.report.wizard"
    _description = "Partner business reconciliation"

    agreement_id = fields.Many2one("coop.partner.agreement", required=True)
    date_from = fields.Date(
        required=True, default=lambda self: fields.Date.context_today(self).replace(day=1)
    )
    date_to = fields.Date(required=True, default=fields.Date.context_today)

    def _coop_figures(self):
        """Totals of the period, by what happened to the transactions."""
        self.ensure_one()
        Txn = self.env["coop.partner.transaction"]
        txns = Txn.search(
            [
                ("agreement_id", "=", self.agreement_id.id),
                ("date", ">=", self.date_from),
                ("date", "<", fields.Date.add(self.date_to, days=1)),
            ]
        )
        sales = txns.filtered(lambda t: t.kind == "sale")
        refunds = txns - sales
        matched = txns.filtered(lambda t: t.state == "matched")
        settled = matched.filtered("settled")
        rejected = self.env["coop.partner.rejection"].search_count(
            [
                ("agreement_id", "=", self.agreement_id.id),
                ("state", "=", "open"),
                ("last_date", ">=", self.date_from),
                ("last_date", "<", fields.Date.add(self.date_to, days=1)),
            ]
        )
        unsettled = matched - settled
        return {
            "sales_count": len(sales),
            "sales_amount": sum(sales.mapped("amount")),
            "refunds_count": len(refunds),
            "refunds_amount": sum(refunds.mapped("amount")),
            "unmatched_count": len(txns) - len(matched),
            "unmatched_amount": sum((txns - matched).mapped("amount")),
            "cashback": sum(matched.mapped("cashback")),
            "commission": sum(matched.mapped("commission")),
            "settled": sum(settled.mapped("cashback")) + sum(settled.mapped("commission")),
            "unsettled": sum(unsettled.mapped("cashback")) + sum(unsettled.mapped("commission")),
            "invoices": settled.sudo().mapped("settlement_move_id"),
            "rejected_open": rejected,
        }

    def action_print(self):
        self.ensure_one()
        return self.env.ref(
            "coop_partner_sync.action_report_coop_partner_reconciliation"
        ).report_action(self)
