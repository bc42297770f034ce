from odoo import models

from odoo.addons.coop_membership.models.coop_state_event import coop_company_env


class PosSession(models.Model):
    _inherit = "pos.session"

    def _get_split_receivable_vals(self, payment, amount, amount_converted):
        """Cashback spent at the till: Dr the cashback liability for that person, instead of
        their receivable (the credit side is the sale, as for any payment)."""
        vals = super()._get_split_receivable_vals(payment, amount, amount_converted)
        if payment.payment_method_id.coop_is_cashback:
            vals["account_id"] = self.company_id._coop_cashback_account(
                "coop_cashback_liability_account_id"
            ).id
            # the person of the ledger, not Odoo's accounting partner (a contact's company)
            vals["partner_id"] = payment.pos_order_id.partner_id.id
        return vals

    def _create_account_move(self, balancing_account=False, amount_to_balance=0,
                             bank_payment_method_diffs=None):  # fmt: skip
        # whatever path an order took, its cashback is in the ledger before the books
        self._coop_orders_not_in_ledger().with_context(coop_till_sync=True)._coop_cashback_sync()
        data = super()._create_account_move(
            balancing_account, amount_to_balance, bank_payment_method_diffs
        )
        self._coop_post_cashback()
        return data

    def _coop_orders_not_in_ledger(self):
        """The paid orders of these sessions with no ledger entry: those a path other than the
        till's sync and the back office's payment brought here, or that earned nothing. An order
        with an entry had its whole sync in one transaction (spend, accrual or reversal), so it
        is not computed again: one query instead of the rule engine for every order."""
        self.env["pos.order"].flush_model(["session_id", "state"])
        self.env["coop.cashback.move"].flush_model(["source_ref"])
        self.env.cr.execute(
            """
            SELECT o.id FROM pos_order o
             WHERE o.session_id = ANY(%s) AND o.state IN ('paid', 'done', 'invoiced')
               AND NOT EXISTS (SELECT 1 FROM coop_cashback_move m
                                WHERE m.source_ref = 'pos.order,' || o.id)
            """,
            [self.ids],
        )
        return self.env["pos.order"].browse(row[0] for row in self.env.cr.fetchall())

    def _coop_post_cashback(self):
        """One entry per session for the cashback its orders earned or reversed: Dr cashback
        expense / Cr cashback liability, one pair of lines per person."""
        for session in self:
            moves = (
                self.env["coop.cashback.move"]
                .sudo()
                .search(
                    [
                        ("source_ref", "in", [f"pos.order,{oid}" for oid in session.order_ids.ids]),
                        ("kind", "in", ("accrual", "reversal")),
                        ("source_key", "like", "%:accrual%"),
                        ("account_move_id", "=", False),
                    ]
                )
            )
            if moves:
                book = coop_company_env(session, session.company_id)  # the cashier's lang aside
                # the person on every line, the expense's too (DOMAIN.md: cashback accrued)
                session.company_id._coop_post_cashback_moves(
                    moves, ref=book._("Cashback of %(session)s", session=session.name),
                    date=(session.stop_at and session.stop_at.date()) or None,
                )  # fmt: skip
            spends = (
                self.env["coop.cashback.move"]
                .sudo()
                .search(
                    [
                        ("source_ref", "in", [f"pos.order,{oid}" for oid in session.order_ids.ids]),
                        ("source_key", "like", "%:spend%"),
                        ("account_move_id", "=", False),
                    ]
                )
            )
            if spends and session.move_id:
                spends.write({"account_move_id": session.move_id.id})
