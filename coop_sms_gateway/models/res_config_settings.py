from odoo import fields, models


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
