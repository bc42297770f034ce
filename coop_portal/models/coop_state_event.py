from odoo import fields, models


class CoopStateEvent(models.Model):
    _inherit = "coop.state.event"

    # the person reads their own history (dates, statuses, reasons); who recorded a change
    # and the back office's document are the staff's
    user_id = fields.Many2one(groups="base.group_user")
    document = fields.Reference(groups="base.group_user")
