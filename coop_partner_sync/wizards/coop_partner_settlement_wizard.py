from odoo import fields, models


class CoopPartnerSettlementWizard(models.TransientModel):
    """Invoice a partner business for its matched, unsettled transactions up to a date."""

    _name = "coop.partner.settlement.wizard"
    _description = "Settle with a partner business"

    agreement_id = fields.Many2one("coop.partner.agreement", required=True, readonly=True)
    date_to = fields.Date(string="Up to", required=True, default=fields.Date.context_today)

    def action_settle(self):
        self.ensure_one()
        self.agreement_id._coop_check_manager()
        invoice = self.agreement_id._coop_settle(self.date_to)
        if not invoice:
            return self.agreement_id.action_view_transactions()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": invoice.id,
            "view_mode": "form",
        }
