from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    coop_min_age = fields.Integer(related="company_id.coop_min_age", readonly=False)
    coop_guardian_consent_under_18 = fields.Boolean(
        related="company_id.coop_guardian_consent_under_18", readonly=False
    )
    coop_council_deadline_days = fields.Integer(
        related="company_id.coop_council_deadline_days", readonly=False
    )
    coop_refund_days = fields.Integer(related="company_id.coop_refund_days", readonly=False)
    coop_consent_text_version = fields.Char(
        related="company_id.coop_consent_text_version", readonly=False
    )
    coop_journal_id = fields.Many2one(related="company_id.coop_journal_id", readonly=False)
    coop_share_receivable_account_id = fields.Many2one(
        related="company_id.coop_share_receivable_account_id", readonly=False
    )
    coop_share_fund_account_id = fields.Many2one(
        related="company_id.coop_share_fund_account_id", readonly=False
    )
    coop_share_refund_account_id = fields.Many2one(
        related="company_id.coop_share_refund_account_id", readonly=False
    )
    coop_entry_fee_account_id = fields.Many2one(
        related="company_id.coop_entry_fee_account_id", readonly=False
    )
