from collections import defaultdict

from odoo import models
from odoo.tools import SQL

from odoo.addons.coop_membership.models.coop_state_event import coop_company_env


class PosSession(models.Model):
    _inherit = "pos.session"

    # what differs from one cashback line to the next: never taken from the account's template
    _COOP_PER_LINE = ("balance", "debit", "credit", "amount_currency", "partner_id")
    # the stored fields of a journal item that follow those (its person, its amount) when it is
    # not reconciled: a cashback line copied from its account's first line sets them itself
    _COOP_FOLLOW_AMOUNT = ("amount_residual", "amount_residual_currency", "reconciled")
    # stored fields computed from the person or the amount, fixed for a line without taxes,
    # tax tags or analytic distribution (``_coop_can_copy``): copied from the template
    _COOP_FIXED_HERE = ("tax_tag_invert", "analytic_distribution")
    # the account.move.line ``create`` of these modules only (else every line by the ORM)
    _COOP_LINE_CREATE_MODULES = ("odoo.models", "odoo.addons.account.", "odoo.addons.analytic.")

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
            self._coop_create_lines(move_lines, vals)
        ledger = self.env["coop.cashback.move"].sudo().browse(e[0] for e in entries)
        if self.move_id.line_ids:
            ledger.write({"account_move_id": self.move_id.id})
        else:
            # Odoo drops the empty entry (the session's cashback nets to zero per person and its
            # spends have no payment line): the session books them, as the check knows
            ledger.write({"pos_session_id": self.id})

    def _coop_create_lines(self, move_lines, vals_list):
        """The cashback lines ``vals_list`` (per person, the liability line then the expense
        line): the first person's two lines created by the ORM, each the template of its
        account; the other people's lines copied from them in one ``INSERT ... SELECT`` with
        only their person and amounts changed, when that gives exactly what the ORM would
        create (``_coop_can_copy``); else by the ORM as well."""
        templates = move_lines.create(vals_list[:2])
        if len(vals_list) <= 2:
            return templates
        if not self._coop_can_copy(templates):
            return templates | move_lines.create(vals_list[2:])
        return templates | self._coop_copy_lines(templates, vals_list[2:])

    def _coop_can_copy(self, templates):
        """Whether a cashback line copied from its account's template with its person and
        amounts changed is the line the ORM would create: templates in the company's
        currency, of an entry (not an invoice: the line's totals are its amount), without
        taxes, tax tags, storno or analytic distribution (no analytic
        distribution model at all, as it may depend on the person), not reconciled (then
        nothing else on the line follows the person or the amount), and no module but
        account's own creating journal items or storing a field that follows them."""
        company_currency = self.company_id.currency_id
        for line in templates:
            if (
                line.currency_id != company_currency
                or line.tax_ids
                or line.tax_tag_ids
                or line.tax_repartition_line_id
                or line.analytic_distribution
                or line.is_storno
                or line.matched_debit_ids
                or line.matched_credit_ids
                or company_currency.is_zero(line.balance)
                or line.move_id.is_invoice(include_receipts=True)
                or line.display_type != "product"
                or not line.price_subtotal == line.price_total == line.amount_currency
            ):
                return False
        if not self._coop_no_analytics():
            return False  # a model may give another person's line a distribution
        creates = [
            cls.__module__
            for cls in type(templates).__mro__
            if "create" in vars(cls) or "_create" in vars(cls)
        ]
        if not all(name.startswith(self._COOP_LINE_CREATE_MODULES) for name in creates):
            return False
        return self._coop_fields_following(templates) <= set(
            self._COOP_PER_LINE + self._COOP_FOLLOW_AMOUNT + self._COOP_FIXED_HERE
        )

    def _coop_fields_following(self, lines):
        """The stored fields of a journal item computed (directly or not) from its person or
        its amount."""
        fields = [lines._fields[name] for name in self._COOP_PER_LINE]
        return {
            field.name
            for field in self.pool.get_trigger_tree(fields).root or ()
            if field.store and field.model_name == lines._name
        }

    def _coop_copy_lines(self, templates, vals_list):
        """``vals_list`` inserted in one query, each row a copy of the template of its account
        (same stored columns: move, label, account, journal, dates, states...) with its person
        and amounts; the ORM is then told that these lines were created (the entry's totals and
        whatever else follows its lines are computed again). The amounts in currency and the
        residuals are the balance, as the ORM computes them for a line in the company's
        currency with no reconciliation (zero when the account is not reconciled)."""
        self.env.flush_all()  # the templates' rows complete, computed fields included
        by_account = {line.account_id.id: line.id for line in templates}
        currency = self.company_id.currency_id
        template_ids, partner_ids, balances = [], [], []
        for vals in vals_list:
            template_ids.append(by_account[vals["account_id"]])
            partner_ids.append(vals["partner_id"])
            balances.append(currency.round(vals["debit"] - vals["credit"]))
        per_line = {
            "partner_id": SQL("v.partner_id"),
            "balance": SQL("v.balance"),
            "debit": SQL("GREATEST(v.balance, 0)"),
            "credit": SQL("GREATEST(-v.balance, 0)"),
            "amount_currency": SQL("v.balance"),
            # an entry's line, without taxes: its amount in currency (not a declared dependency:
            # account.move._prepare_product_base_line_for_taxes_computation)
            "price_subtotal": SQL("v.balance"),
            "price_total": SQL("v.balance"),
            "amount_residual": SQL("CASE WHEN t.amount_residual = 0 THEN 0 ELSE v.balance END"),
            "amount_residual_currency": SQL(
                "CASE WHEN t.amount_residual_currency = 0 THEN 0 ELSE v.balance END"
            ),
        }
        columns = [
            name
            for name, field in templates._fields.items()
            if field.store and field.column_type and name != "id"
        ]
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO account_move_line (%s)
                SELECT %s
                  FROM unnest(%s::int[], %s::int[], %s::numeric[]) WITH ORDINALITY
                       AS v(template_id, partner_id, balance, n)
                  JOIN account_move_line t ON t.id = v.template_id
                 ORDER BY v.n
                RETURNING id
                """,
                SQL(", ").join(SQL.identifier(name) for name in columns),
                SQL(", ").join(
                    per_line.get(name) or SQL("t.%s", SQL.identifier(name)) for name in columns
                ),
                template_ids,
                partner_ids,
                balances,
            )
        )
        lines = templates.browse(sorted(row[0] for row in self.env.cr.fetchall()))
        for name in columns:  # the entry's lines (and any other list of lines) read again
            for inverse in self.pool.field_inverses[templates._fields[name]]:
                self.env[inverse.model_name].invalidate_model([inverse.name])
        with self.env.protecting(list(templates._fields.values()), lines):
            lines.modified(columns, create=True)  # what follows them elsewhere (the entry)
        return lines

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
