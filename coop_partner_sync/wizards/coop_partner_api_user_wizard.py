from odoo import fields, models


class CoopPartnerApiUserWizard(models.TransientModel):
    """Create a partner business's API user and show its API key, once."""

    _name = "coop.partner.api.user.wizard"
    _description = "Create a partner business's API user"

    agreement_id = fields.Many2one("coop.partner.agreement", required=True, readonly=True)
    login = fields.Char(required=True)
    api_key = fields.Char(string="API key", readonly=True)

    def action_create(self):
        self.ensure_one()
        result = self.agreement_id.coop_create_api_user(self.login)
        self.api_key = result["api_key"]
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
