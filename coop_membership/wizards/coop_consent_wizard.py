from odoo import fields, models

from ..models.coop_consent import CHANNELS, CONSENT_KINDS


class CoopConsentWizard(models.TransientModel):
    """Staff record a consent a person gives or withdraws (on paper, at the desk...)."""

    _name = "coop.consent.wizard"
    _description = "Record a consent"

    partner_id = fields.Many2one("res.partner", string="Person", required=True)
    kind = fields.Selection(CONSENT_KINDS, required=True)
    given = fields.Selection(
        [("given", "Gives"), ("withdrawn", "Withdraws")], required=True, default="given"
    )
    channel = fields.Selection(CHANNELS, required=True, default="desk")

    def action_confirm(self):
        self.ensure_one()
        self.partner_id._coop_record_consents({self.kind: self.given == "given"}, self.channel)
        return {"type": "ir.actions.act_window_close"}
