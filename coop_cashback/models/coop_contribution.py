from odoo import fields, models


class CoopContribution(models.Model):
    _inherit = "coop.contribution"

    state = fields.Selection(
        selection_add=[("returned", "Returned to cashback")],
        ondelete={"returned": "set default"},
    )
