from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    coop_cashback_hold_days = fields.Integer(
        related="company_id.coop_cashback_hold_days", readonly=False
    )
    coop_cashback_expiry_days = fields.Integer(
        related="company_id.coop_cashback_expiry_days", readonly=False
    )
    coop_cashback_excluded_categ_ids = fields.Many2many(
        related="company_id.coop_cashback_excluded_categ_ids", readonly=False
    )
    coop_cashback_overdraft_user_id = fields.Many2one(
        related="company_id.coop_cashback_overdraft_user_id", readonly=False
    )
    coop_cashback_liability_account_id = fields.Many2one(
        related="company_id.coop_cashback_liability_account_id", readonly=False
    )
    coop_cashback_expense_account_id = fields.Many2one(
        related="company_id.coop_cashback_expense_account_id", readonly=False
    )

    def action_coop_cashback_check(self):
        return self.env["coop.cashback.check"].action_coop_check()
