from odoo import api, models

# what a line's amount (and so its order's cashback and books) follows from
LOCKED_LINE_FIELDS = (
    "order_id", "product_id", "qty", "price_unit", "discount", "price_subtotal",
    "price_subtotal_incl", "tax_ids", "refunded_orderline_id",
)  # fmt: skip


class PosOrderLine(models.Model):
    _inherit = "pos.order.line"

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            orders = self.env["pos.order"].browse({v.get("order_id") for v in vals_list} - {None})
            orders._coop_locked()._coop_check_money_change({"lines": vals_list})
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and set(vals) & set(LOCKED_LINE_FIELDS):
            self.check_access("write")
            self.order_id._coop_locked()._coop_check_money_change({"lines": vals})
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            self.check_access("unlink")
            self.order_id._coop_locked()._coop_check_money_change({"lines": False})
        return super().unlink()
