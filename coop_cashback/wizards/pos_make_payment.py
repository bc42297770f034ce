from odoo import models
from odoo.exceptions import UserError


class PosMakePayment(models.TransientModel):
    _inherit = "pos.make.payment"

    def check(self):
        """An order paid in the back office (Point of Sale > Orders > Payment): a cashback
        payment is taken from the balance now, never beyond it (nothing was sold offline
        here), and the order's cashback is recorded as for one the till sends."""
        self.ensure_one()
        order = self.env["pos.order"].browse(self.env.context.get("active_id")).exists()
        if order and self.payment_method_id.coop_is_cashback and self.amount > 0:
            self._coop_check_cashback_available(order)
        result = super().check()
        if order:
            order._coop_cashback_sync()
        return result

    def _coop_check_cashback_available(self, order):
        partner = order.partner_id
        if not partner.coop_state or partner.coop_frozen or partner.company_id != order.company_id:
            order._coop_check_cashback_payload(self.amount)
        available = partner._coop_cashback_lock_and_available(order.company_id)
        amount = self.amount + order._coop_paid_cashback()  # with what this order paid so far
        if order.currency_id.compare_amounts(amount, available) > 0:
            raise UserError(
                self.env._(
                    "%(person)s has %(available)s of cashback available, less than %(amount)s "
                    "for order %(order)s.",
                    person=partner.display_name,
                    available=order._coop_format(available),
                    amount=order._coop_format(amount),
                    order=order.name,
                )
            )
