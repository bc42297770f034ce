from odoo import fields, models

STAFF = "base.group_user"


class CoopContribution(models.Model):
    _inherit = "coop.contribution"

    # the person reads their own fees and shares (kind, amount, dates, status); the accounts,
    # journals, entries, keys and the staff's notes are the back office's
    payment_journal_id = fields.Many2one(groups=STAFF)
    debit_account_id = fields.Many2one(groups=STAFF)
    payee_id = fields.Many2one(groups=STAFF)
    move_id = fields.Many2one(groups=STAFF)
    payment_move_id = fields.Many2one(groups=STAFF)
    cancel_move_id = fields.Many2one(groups=STAFF)
    source_key = fields.Char(groups=STAFF)
    note = fields.Char(groups=STAFF)
