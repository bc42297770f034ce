from odoo import api, fields, models


class CoopCashbackMove(models.Model):
    _inherit = "coop.cashback.move"

    coop_partner_transaction_id = fields.Many2one(
        "coop.partner.transaction", string="Partner transaction", readonly=True,
        index="btree_not_null", ondelete="restrict",
    )  # fmt: skip

    @api.model
    def _selection_source_ref(self):
        return [
            *super()._selection_source_ref(),
            ("coop.partner.transaction", "Partner business transaction"),
        ]
