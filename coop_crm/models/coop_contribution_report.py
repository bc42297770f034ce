from odoo import fields, models, tools
from odoo.tools import SQL

# Fees and share capital collected by month, from the contributions and the posted lines of
# their entries: the entry fees credited to the entry fee account (less a fee given back to
# cashback: the fee entry's reversal), the shares paid (the credit to share contributions due
# in each share's payment entry), the refunds paid out (the debit to refunds payable in each
# refund's payment entry); a share due but not paid, or cancelled on leaving, is not collected.
CONTRIBUTION_REPORT = """
    WITH entries AS (
        SELECT c.id, c.company_id, c.kind, c.move_id AS move_id
          FROM coop_contribution c
         WHERE c.kind = 'entry_fee' AND c.move_id IS NOT NULL
        UNION ALL
        SELECT c.id, c.company_id, c.kind, r.id
          FROM coop_contribution c
          JOIN account_move r ON r.reversed_entry_id = c.move_id
         WHERE c.kind = 'entry_fee'
        UNION ALL
        SELECT c.id, c.company_id, c.kind, c.payment_move_id
          FROM coop_contribution c
         WHERE c.payment_move_id IS NOT NULL
           AND c.kind IN ('mandatory_share', 'additional_share', 'share_refund')
    ), lines AS (
        SELECT e.company_id, e.kind, e.id AS contribution_id, l.date,
               CASE WHEN e.kind = 'share_refund' THEN l.debit - l.credit
                    ELSE l.credit - l.debit END AS amount
          FROM entries e
          JOIN res_company co ON co.id = e.company_id
          JOIN account_move_line l ON l.move_id = e.move_id AND l.parent_state = 'posted'
               AND l.account_id = CASE e.kind
                   WHEN 'entry_fee' THEN co.coop_entry_fee_account_id
                   WHEN 'share_refund' THEN co.coop_share_refund_account_id
                   ELSE co.coop_share_receivable_account_id END
    )
    SELECT row_number() OVER (ORDER BY company_id, date_trunc('month', date)) AS id,
           company_id, date_trunc('month', date)::date AS date,
           COALESCE(SUM(amount) FILTER (WHERE kind = 'entry_fee'), 0) AS entry_fees,
           COALESCE(SUM(amount) FILTER (WHERE kind = 'mandatory_share'), 0) AS mandatory_shares,
           COALESCE(SUM(amount) FILTER (WHERE kind = 'additional_share'), 0)
               AS additional_shares,
           COALESCE(SUM(amount) FILTER (WHERE kind = 'share_refund'), 0) AS share_refunds,
           COALESCE(SUM(CASE WHEN kind = 'share_refund' THEN -amount
                             WHEN kind = 'entry_fee' THEN 0 ELSE amount END), 0)
               AS share_capital,
           COUNT(DISTINCT contribution_id) AS contributions
      FROM lines
     GROUP BY company_id, date_trunc('month', date)
"""


class CoopContributionReport(models.Model):
    """Entry fees and share capital collected by month, as the books have them (a database
    view, read-only): one row a cooperative and a month with money in or out."""

    _name = "coop.contribution.report"
    _description = "Fees and share capital collected by month"
    _auto = False
    _order = "date desc"
    _depends = {
        "coop.contribution": ["company_id", "kind", "move_id", "payment_move_id"],
        "account.move": ["reversed_entry_id"],
        "account.move.line": ["move_id", "account_id", "parent_state", "date", "debit", "credit"],
        "res.company": [
            "coop_entry_fee_account_id",
            "coop_share_receivable_account_id",
            "coop_share_refund_account_id",
        ],
    }

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(string="Month", readonly=True)
    entry_fees = fields.Monetary(
        string="Entry fees",
        readonly=True,
        help="Credited to the entry fee account (less fees given back).",
    )
    mandatory_shares = fields.Monetary(
        string="Mandatory shares paid", readonly=True, help="Money received for mandatory shares."
    )
    additional_shares = fields.Monetary(
        string="Additional shares paid",
        readonly=True,
        help="Money received for additional (voluntary) shares.",
    )
    share_refunds = fields.Monetary(
        string="Shares refunded", readonly=True, help="Share refunds paid out."
    )
    share_capital = fields.Monetary(
        string="Share capital change",
        readonly=True,
        help="Shares paid less shares refunded.",
    )
    contributions = fields.Integer(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                SQL(CONTRIBUTION_REPORT),
            )
        )
