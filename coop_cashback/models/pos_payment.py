from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class PosPayment(models.Model):
    _inherit = "pos.payment"

    @api.model_create_multi
    def create(self, vals_list):
        payments = super().create(vals_list)
        if not self.env.su:
            payments._coop_check_cashback_on_draft()
            payments.pos_order_id._coop_locked()._coop_check_money_change({"payment_ids": 1})
        return payments

    def write(self, vals):
        money = {"amount", "payment_method_id", "pos_order_id"} & vals.keys()
        if not self.env.su and money:
            self.check_access("write")
            self.pos_order_id._coop_locked()._coop_check_money_change({"payment_ids": 1})
        result = super().write(vals)
        if not self.env.su and money:
            self._coop_check_cashback_on_draft()
            self.pos_order_id._coop_locked()._coop_check_money_change({"payment_ids": 1})
        return result

    def unlink(self):
        if not self.env.su:
            self.check_access("unlink")
            self.pos_order_id._coop_locked()._coop_check_money_change({"payment_ids": 1})
        return super().unlink()

    def _coop_check_cashback_on_draft(self):
        """Cashback is taken while an order is being paid, never added to or changed on an
        order already paid (its cashback is already in the ledger)."""
        now = self.env.cr.now()
        for payment in self.filtered("payment_method_id.coop_is_cashback"):
            order = payment.pos_order_id
            # the till sends a paid order with its payments at once: created now, recorded now
            if order.state != "draft" and order.create_date != now:
                raise UserError(
                    self.env._(
                        "Order %(order)s is already paid: a cashback payment cannot be added "
                        "or changed. Refund the order instead.",
                        order=payment.pos_order_id.name,
                    )
                )

    def _create_payment_moves(self, is_reverse=False):
        """An invoiced order paid partly with cashback: Odoo books no payment for a method
        without a journal, so the invoice stayed open for that part and the cashback
        liability was never debited. Its cashback part is paid by an entry of its own,
        Dr cashback liability (the person) / Cr receivable, reconciled with the invoice."""
        cashback = self.filtered(
            lambda p: (
                p.payment_method_id.coop_is_cashback
                and not p.currency_id.is_zero(p.amount)
                and not p.account_move_id
            )
        )
        result = super(PosPayment, self - cashback)._create_payment_moves(is_reverse)
        credit_line_ids = list(result.env.context.get("credit_line_ids") or [])
        for payment in cashback:
            move = payment._coop_cashback_payment_move()
            result |= move
            credit_line_ids += move.line_ids.filtered(
                lambda line: line.account_id.account_type == "asset_receivable"
            ).ids
            payment.pos_order_id._coop_link_spend_to_payment(
                payment.pos_order_id._coop_spend_entry()
            )
        return result.with_context(credit_line_ids=credit_line_ids)

    def _coop_cashback_payment_move(self):
        self.ensure_one()
        order = self.pos_order_id
        company = order.company_id
        liability = company._coop_cashback_account("coop_cashback_liability_account_id")
        accounting_partner = self.env["res.partner"]._find_accounting_partner(order.partner_id)
        receivable = accounting_partner.with_company(company).property_account_receivable_id
        journal = order.session_id.config_id.journal_id
        label = self.env._(
            "Cashback paid for %(order)s (%(invoice)s)",
            order=order.name,
            invoice=order.account_move.name or "",
        )
        amount = self.amount  # a refund's is negative: the cashback goes back to the person
        move = (
            self.env["account.move"]
            .sudo()
            .with_company(company)
            .with_context(default_journal_id=journal.id)
            .create({
                "journal_id": journal.id,
                "date": fields.Date.context_today(order, order.date_order),
                "ref": label,
                "pos_payment_ids": self.ids,
                "line_ids": [
                    Command.create({
                        "account_id": liability.id, "partner_id": order.partner_id.id,
                        "name": label, "debit": max(amount, 0.0), "credit": max(-amount, 0.0),
                    }),
                    Command.create({
                        "account_id": receivable.id, "partner_id": accounting_partner.id,
                        "name": label, "debit": max(-amount, 0.0), "credit": max(amount, 0.0),
                    }),
                ],
            })
        )  # fmt: skip
        self.sudo().write({"account_move_id": move.id})
        move._post()
        return move
