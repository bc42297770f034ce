from odoo import api, fields, models


class PosOrder(models.Model):
    _inherit = "pos.order"

    coop_cashback_earned = fields.Monetary(
        string="Cashback earned",
        compute="_compute_coop_cashback_earned",
        currency_field="currency_id",
    )

    coop_cashback_balance_after = fields.Monetary(
        string="Cashback balance",
        compute="_compute_coop_cashback_earned",
        currency_field="currency_id",
        help="The person's cashback available now (printed on the receipt).",
    )

    def _compute_coop_cashback_earned(self):
        # one query for all the orders read (the till reads them in batches)
        refs = [f"pos.order,{order_id}" for order_id in self.ids]
        groups = (
            self.env["coop.cashback.move"]
            .sudo()
            ._read_group(
                [("source_ref", "in", refs), ("source_key", "like", "%:accrual%")],
                ["source_ref"],
                ["amount:sum"],
            )
        )
        earned = dict(groups)  # {"pos.order,<id>": amount}
        for order in self:
            # the accrual of a sale, or the (negative) reversal of a refund
            order.coop_cashback_earned = earned.get(f"pos.order,{order.id}", 0.0)
            order.coop_cashback_balance_after = (
                order.partner_id.sudo().coop_cashback_balance
                if order.partner_id.coop_state
                else 0.0
            )

    def _coop_key(self, what):
        self.ensure_one()
        return f"pos.order:{self.uuid or self.id}:{what}"

    @api.model
    def _process_order(self, order, existing_order):
        """The server decides cashback when the order is saved paid: the balance is checked
        for what is paid with cashback (refused if it would overdraw), then cashback is
        accrued, or reversed for a refund. Each once per order, however often the POS
        sends it."""
        order_id = super()._process_order(order, existing_order)
        self.browse(order_id)._coop_cashback_sync()
        return order_id

    def _coop_cashback_sync(self):
        Move = self.env["coop.cashback.move"]
        for order in self:
            partner = order.partner_id
            if order.state not in ("paid", "done", "invoiced") or not partner.coop_state:
                continue
            date = fields.Date.context_today(self, order.date_order)
            common = {
                "channel": "pos",
                "source_ref": f"pos.order,{order.id}",
                "date": date,
                "company": order.company_id,
            }
            paid_cashback = sum(
                order.payment_ids.filtered("payment_method_id.coop_is_cashback").mapped("amount")
            )
            if paid_cashback > 0:
                Move._coop_record(
                    partner,
                    "spend",
                    -paid_cashback,
                    order._coop_key("spend"),
                    reason=order.name,
                    **common,
                )
            elif paid_cashback < 0:  # a refund gives back the cashback spent
                Move._coop_record(
                    partner,
                    "reversal",
                    -paid_cashback,
                    order._coop_key("spend-return"),
                    reason=order.name,
                    **common,
                )
            original = order.refunded_order_id
            if original:
                order._coop_reverse_accrual(original, common)
            elif order.amount_total > 0:
                # what was paid with cashback earns no cashback
                share = max(order.amount_total - paid_cashback, 0.0) / order.amount_total
                lines = [
                    (line.product_id, line.price_subtotal_incl * share)
                    for line in order.lines
                    if line.price_subtotal_incl > 0
                ]
                earned = self.env["coop.cashback.rule"]._coop_compute(
                    partner, lines, "pos", date=date, company=order.company_id
                )["total"]
                if earned > 0:
                    Move._coop_record(
                        partner,
                        "accrual",
                        earned,
                        order._coop_key("accrual"),
                        reason=order.name,
                        **common,
                    )

    def _coop_reverse_accrual(self, original, common):
        """Take back the cashback the original sale earned, in proportion to what is refunded,
        never more than it earned."""
        Move = self.env["coop.cashback.move"].sudo()
        earned = sum(
            Move.search([("source_key", "=", original._coop_key("accrual"))]).mapped("amount")
        )
        if not earned or not original.amount_total:
            return
        reversed_before = -sum(
            Move.search(
                [("source_key", "like", f"{original._coop_key('accrual')}-reversal:%")]
            ).mapped("amount")
        )
        proportion = min(-self.amount_total / original.amount_total, 1.0)
        amount = min(earned * proportion, earned - reversed_before)
        # the balance never goes below zero: what was already spent is not taken back
        amount = min(amount, self.partner_id._coop_cashback_lock_and_available(self.company_id))
        if amount > 0:
            Move._coop_record(
                self.partner_id,
                "reversal",
                -amount,
                f"{original._coop_key('accrual')}-reversal:{self.uuid or self.id}",
                reason=self.name,
                **common,
            )
