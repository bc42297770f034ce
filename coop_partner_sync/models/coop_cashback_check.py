from odoo import api, models


class CoopCashbackCheck(models.AbstractModel):
    _inherit = "coop.cashback.check"

    @api.model
    def _coop_invariant_problems(self, company):
        """Partner businesses: each transaction's cashback is in the ledger once (nothing for
        an unmatched one); a settled transaction is in a posted settlement."""
        problems = super()._coop_invariant_problems(company)
        self.env["coop.partner.transaction"].flush_model()
        self.env["coop.cashback.move"].flush_model()
        self.env.cr.execute(
            """
            SELECT t.agreement_id, t.external_id, t.state, t.cashback,
                   COALESCE(SUM(m.amount), 0), COUNT(m.id)
              FROM coop_partner_transaction t
              LEFT JOIN coop_cashback_move m ON m.coop_partner_transaction_id = t.id
             WHERE t.company_id = %s
             GROUP BY t.id
            HAVING ABS(t.cashback - COALESCE(SUM(m.amount), 0)) > 0.005 OR COUNT(m.id) > 1
                OR (t.state = 'unmatched' AND COUNT(m.id) > 0)
            """,
            [company.id],
        )
        problems += [
            self.env._(
                "Partner transaction %(ref)s (business agreement #%(agreement)s, %(state)s): "
                "cashback %(cashback)s, ledger %(ledger)s in %(count)s entries.",
                ref=ref,
                agreement=agreement,
                state=state,
                cashback=cashback,
                ledger=ledger,
                count=count,
            )
            for agreement, ref, state, cashback, ledger, count in self.env.cr.fetchall()
        ]
        self.env.cr.execute(
            """
            SELECT t.external_id FROM coop_partner_transaction t
              LEFT JOIN account_move a ON a.id = t.settlement_move_id
             WHERE t.company_id = %s AND t.settled
               AND t.settlement_move_id IS NOT NULL AND a.state IS DISTINCT FROM 'posted'
            """,
            [company.id],
        )
        problems += [
            self.env._(
                "Partner transaction %(ref)s is settled by an invoice that is not posted.",
                ref=ref,
            )
            for (ref,) in self.env.cr.fetchall()
        ]
        return problems
