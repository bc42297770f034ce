from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    coop_crm_period_days = fields.Integer(related="company_id.coop_crm_period_days", readonly=False)
    coop_crm_abc_a = fields.Float(related="company_id.coop_crm_abc_a", readonly=False)
    coop_crm_abc_b = fields.Float(related="company_id.coop_crm_abc_b", readonly=False)
    coop_crm_xyz_x = fields.Float(related="company_id.coop_crm_xyz_x", readonly=False)
    coop_crm_xyz_y = fields.Float(related="company_id.coop_crm_xyz_y", readonly=False)
    coop_crm_reminder_user_id = fields.Many2one(
        related="company_id.coop_crm_reminder_user_id",
        readonly=False,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )

    def action_coop_compute_classes(self):
        return self.env["res.partner"].action_coop_compute_classes()


class ResConfigSettingsBirthday(models.TransientModel):
    _inherit = "res.config.settings"

    coop_crm_birthday_greeting = fields.Boolean(
        related="company_id.coop_crm_birthday_greeting", readonly=False
    )
    coop_crm_birthday_channel = fields.Selection(
        related="company_id.coop_crm_birthday_channel", readonly=False
    )
    coop_crm_birthday_mail_template_id = fields.Many2one(
        related="company_id.coop_crm_birthday_mail_template_id", readonly=False
    )
    coop_crm_birthday_sms_template_id = fields.Many2one(
        related="company_id.coop_crm_birthday_sms_template_id", readonly=False
    )
    coop_crm_birthday_bonus_kind = fields.Selection(
        related="company_id.coop_crm_birthday_bonus_kind", readonly=False
    )
    coop_crm_birthday_bonus = fields.Monetary(
        related="company_id.coop_crm_birthday_bonus", readonly=False
    )
    coop_crm_birthday_bonus_percent = fields.Float(
        related="company_id.coop_crm_birthday_bonus_percent", readonly=False
    )
    coop_crm_birthday_bonus_days = fields.Integer(
        related="company_id.coop_crm_birthday_bonus_days", readonly=False
    )
