from odoo import fields, models
from odoo.exceptions import AccessError, UserError

SENT = ("created", "duplicate", "unmatched")


class PosOrder(models.Model):
    """A sale to another cooperative's person (a guest contact) is sent to that cooperative
    as a transaction of the partner business this cooperative is there, when the session
    closes: exactly once (the order's uuid is the external ID), with the answer kept."""

    _inherit = "pos.order"

    coop_intercoop_status = fields.Selection(
        [("created", "Recorded"), ("duplicate", "Recorded before"),
         ("unmatched", "Recorded, person not found"), ("rejected", "Rejected")],
        string="In the person's cooperative", readonly=True, copy=False,
    )  # fmt: skip
    coop_intercoop_cashback = fields.Monetary(
        string="Cashback earned in their cooperative", readonly=True, copy=False
    )
    coop_intercoop_error = fields.Char(string="Why rejected", readonly=True, copy=False)

    def _coop_intercoop_to_send(self):
        """Paid sales and refunds to guests not recorded in the person's cooperative yet
        (a rejected one is sent again at the next close)."""
        return self.sudo().filtered(
            lambda o: (
                o.partner_id.coop_intercoop_person_id
                and o.state in ("paid", "done", "invoiced")
                and o.coop_intercoop_status not in SENT
                and not o.currency_id.is_zero(o.amount_total)
            )
        )

    def _coop_intercoop_row(self):
        """The order as a partner business's transaction row (the person by phone, as the
        till found them; the amount in the till's company currency, a refund positive)."""
        self.ensure_one()
        person = self.partner_id.coop_intercoop_person_id
        row = {
            "external_id": self.uuid,
            "member_ref": person.coop_phone_normalized or person.coop_member_number or "",
            "amount": f"{abs(self.amount_total):.2f}",
            "date": self.date_order.strftime("%Y-%m-%dT%H:%M:%S"),
            "currency": self.currency_id.name,
        }
        original = self.refunded_order_id
        if self.amount_total < 0 and original:
            row.update(kind="refund", refund_of=original.uuid)
        return row

    def _coop_intercoop_send(self):
        """Send the orders to the cooperatives of their people, one import per agreement
        (sales before refunds), and keep each order's answer."""
        orders = self._coop_intercoop_to_send()
        by_agreement = orders.grouped(lambda o: o.partner_id.coop_intercoop_agreement_id)
        for agreement, batch in by_agreement.items():
            if not agreement.coop_intercoop_accepted_by:
                batch._coop_intercoop_not_accepted(agreement)
                continue
            batch = batch.sorted(lambda o: (o.amount_total < 0, o.date_order, o.id))
            answers = agreement._coop_import(
                [order._coop_intercoop_row() for order in batch], source="intercoop"
            )
            for order, answer in zip(batch, answers, strict=True):
                order.write(
                    {
                        "coop_intercoop_status": answer["status"],
                        "coop_intercoop_cashback": answer.get("cashback") or 0.0,
                        "coop_intercoop_error": answer.get("error") or False,
                    }
                )
        return orders

    def _coop_intercoop_not_accepted(self, agreement):
        """Kept rejected (sent again once a manager of this cooperative accepts the
        agreement again)."""
        book = self.env["res.partner"]._coop_intercoop_book(self.company_id)
        self.write(
            {
                "coop_intercoop_status": "rejected",
                "coop_intercoop_cashback": 0.0,
                "coop_intercoop_error": book._(
                    "The agreement with %(cooperative)s is not accepted by this cooperative "
                    "(its terms changed): a manager accepts it, then sends the order again.",
                    cooperative=agreement.company_id.name,
                ),
            }
        )

    def _coop_check_partner_change(self, partner_id):
        """A paid order's customer neither becomes nor stops being a guest of the till: the
        close would make the other cooperative owe cashback for a sale to someone else."""
        result = super()._coop_check_partner_change(partner_id)
        new = self.env["res.partner"].sudo().browse(partner_id).exists()
        changed = self.sudo().filtered(
            lambda o: (
                o.partner_id != new
                and (o.partner_id.coop_intercoop_person_id or new.coop_intercoop_person_id)
            )
        )
        if changed:
            raise UserError(
                self.env._(
                    "The customer of %(orders)s cannot change: a paid sale to a member of "
                    "another cooperative is recorded in their cooperative, and a sale to "
                    "someone else is not. Refund the order and sell it again to the right "
                    "customer instead.",
                    orders=", ".join(changed.mapped("name")),
                )
            )
        return result

    def action_coop_intercoop_send(self):
        """A manager sends again the orders the person's cooperative refused (once the
        reason is fixed there, e.g. the agreement's period extended)."""
        if not self.env.user.has_group("coop_membership.group_manager"):
            raise AccessError(
                self.env._(
                    "Sending sales to the person's cooperative again needs the Cooperative / "
                    "Manager group."
                )
            )
        self.check_access("write")
        self._coop_intercoop_send()
        return True
