from odoo import fields, models


class CoopCashbackAdjustWizard(models.TransientModel):
    """A manager corrects a person's cashback, with the reason (booked at once)."""

    _name = "coop.cashback.adjust.wizard"
    _description = "Adjust a person's cashback"

    partner_id = fields.Many2one("res.partner", string="Person", required=True)
    currency_id = fields.Many2one(related="partner_id.coop_currency_id")
    amount = fields.Monetary(
        required=True, currency_field="currency_id", help="Positive adds, negative takes away."
    )
    reason = fields.Char(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.env["coop.cashback.check"].coop_adjust(self.partner_id.id, self.amount, self.reason)
        return {"type": "ir.actions.act_window_close"}
