from collections import defaultdict

from odoo import models

from odoo.addons.coop_membership.models.coop_state_event import coop_company_env


class PosSession(models.Model):
    _inherit = "pos.session"

    # what differs from one cashback line to the next: never taken from the account's template
    _COOP_PER_LINE = ("balance", "debit", "credit", "amount_currency", "partner_id")

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
        self._coop_book_cashback(data["MoveLine"])
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

    def _coop_ledger_to_book(self):
        """The ledger entries of these sessions' orders not in a journal entry yet, in one
        query: ``[(id, partner_id, amount, accrued)]``; ``accrued`` for cashback earned or taken
        back (booked by the session's cashback lines), else cashback spent or given back at the
        till (booked by the session's payment lines)."""
        self.env["pos.order"].flush_model(["session_id"])
        self.env["coop.cashback.move"].flush_model()
        self.env.cr.execute(
            """
            SELECT id, partner_id, amount, accrued FROM (
                SELECT m.id, m.partner_id, m.amount, m.source_key,
                       m.kind IN ('accrual', 'reversal') AND m.source_key LIKE '%%:accrual%%'
                           AS accrued
                  FROM coop_cashback_move m
                 WHERE m.account_move_id IS NULL
                   AND m.source_ref = ANY(ARRAY(SELECT 'pos.order,' || o.id FROM pos_order o
                                                 WHERE o.session_id = ANY(%s)))
            ) entries
             WHERE accrued OR source_key LIKE '%%:spend%%'
             ORDER BY id
            """,
            [self.ids],
        )
        return self.env.cr.fetchall()

    def _coop_book_cashback(self, move_lines):
        """The cashback the session's orders earned or took back, in the session's own journal
        entry: per person, Cr cashback liability / Dr cashback expense, the person on both
        lines (DOMAIN.md: cashback accrued); then every ledger entry of its orders not booked
        yet is linked to that entry in one write (the spends' money is in its payment lines)."""
        self.ensure_one()
        entries = self._coop_ledger_to_book()
        if not entries:
            return
        company, currency = self.company_id, self.company_id.currency_id
        totals = defaultdict(float)
        for _id, partner_id, amount, accrued in entries:
            if accrued:
                totals[partner_id] += amount
        totals = {pid: amount for pid, amount in totals.items() if not currency.is_zero(amount)}
        if totals:
            liability = company._coop_cashback_account("coop_cashback_liability_account_id").id
            expense = company._coop_cashback_account("coop_cashback_expense_account_id").id
            book = coop_company_env(self, company)  # the cashier's lang aside
            label = book._("Cashback of %(session)s", session=self.name)
            common = {"move_id": self.move_id.id, "name": label, **self._coop_no_analytics()}
            accounts = {
                account: self._coop_precomputed(move_lines, {**common, "account_id": account})
                for account in (liability, expense)
            }
            vals = []
            for partner_id, amount in totals.items():
                credit = {**accounts[liability], "partner_id": partner_id}
                debit = {**accounts[expense], "partner_id": partner_id}
                vals += [
                    self._coop_with_amount(self._credit_amounts(credit, amount, amount, True)),
                    self._coop_with_amount(self._debit_amounts(debit, amount, amount, True)),
                ]
            move_lines.create(vals)
        ledger = self.env["coop.cashback.move"].sudo().browse(e[0] for e in entries)
        if self.move_id.line_ids:
            ledger.write({"account_move_id": self.move_id.id})
        else:
            # Odoo drops the empty entry (the session's cashback nets to zero per person and its
            # spends have no payment line): the session books them, as the check knows
            ledger.write({"pos_session_id": self.id})

    def _coop_precomputed(self, move_lines, vals):
        """``vals`` of a cashback line completed with what the ORM would precompute for it
        (journal, company, currencies, sequence, display type, taxes of the account, unit,
        quantity, price), computed once per account by the ORM itself on one new line: none of
        these depends on the person or the amount, and precomputing them line by line was most
        of the cost of creating two lines per person. Leaves out the amounts (balance, debit,
        credit, amount in currency), set per line."""
        line = move_lines.new(vals)
        return {
            **vals,
            **{
                name: field.convert_to_write(line[name], line)
                for name, field in line._fields.items()
                if field.precompute and name not in vals and name not in self._COOP_PER_LINE
            },
        }

    def _coop_with_amount(self, vals):
        """The line's amount in currency, which the ORM would precompute from its balance: the
        same amount, the cashback being booked in the company's currency."""
        if vals["currency_id"] != self.company_id.currency_id.id:
            return vals  # not expected (the lines are in the company's currency): left to the ORM
        return {**vals, "amount_currency": vals["debit"] - vals["credit"]}

    def _coop_no_analytics(self):
        """``{"analytic_distribution": False}`` when there is no analytic distribution model
        at all (what Odoo would compute for each line then), else ``{}`` (Odoo computes it):
        two lines per person would otherwise search the models once per line."""
        models = self.env["account.analytic.distribution.model"].sudo()  # settings, no person's
        return {} if models.search_count([], limit=1) else {"analytic_distribution": False}
