from odoo import fields, models


class CoopPartnerTransaction(models.Model):
    _inherit = "coop.partner.transaction"

    source = fields.Selection(
        selection_add=[("intercoop", "Sale at another cooperative's till")],
        ondelete={"intercoop": "set default"},
    )


class CoopPartnerRejection(models.Model):
    _inherit = "coop.partner.rejection"

    source = fields.Selection(
        selection_add=[("intercoop", "Sale at another cooperative's till")],
        ondelete={"intercoop": "set default"},
    )
