from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    coop_sms_provider = fields.Selection(related="company_id.coop_sms_provider", readonly=False)
    coop_sms_gateway_url = fields.Char(related="company_id.coop_sms_gateway_url", readonly=False)
    coop_sms_gateway_key = fields.Char(
        related="company_id.coop_sms_gateway_key", readonly=False, groups="base.group_system"
    )
    coop_sms_gateway_sender = fields.Char(
        related="company_id.coop_sms_gateway_sender", readonly=False
    )
    coop_sms_gateway_test = fields.Boolean(
        related="company_id.coop_sms_gateway_test", readonly=False
    )
    coop_sms_callback_url = fields.Char(
        string="SMS delivery report URL",
        compute="_compute_coop_sms_callback_url",
        groups="base.group_system",
    )

    @api.depends("company_id", "coop_sms_provider")
    def _compute_coop_sms_callback_url(self):
        for settings in self:
            settings.coop_sms_callback_url = settings.company_id._coop_sms_callback_url()

    def set_values(self):
        result = super().set_values()
        self.company_id._coop_sms_ensure_callback_token()
        return result
