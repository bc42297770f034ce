from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    coop_intercoop_bill_id = fields.Many2one(
        "account.move", string="Vendor bill of the serving cooperative", readonly=True,
        copy=False, index="btree_not_null", groups="coop_membership.group_manager",
        help="The bill this settlement invoice made in the books of the cooperative that "
        "served the members (another company of this database).",
    )  # fmt: skip
