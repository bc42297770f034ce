from odoo import fields, models, tools
from odoo.tools import SQL

# The cashback liability by month, from the books: the posted lines on each cooperative's
# cashback liability account; accrued = credits, spent (or expired, reversed) = debits, the
# balance owed at the month's end; every month from the first entry to the current one.
LIABILITY_REPORT = """
    WITH lines AS (
        SELECT l.company_id, date_trunc('month', l.date)::date AS month,
               SUM(l.credit) AS accrued, SUM(l.debit) AS spent
          FROM account_move_line l
          JOIN res_company c ON c.id = l.company_id
                            AND c.coop_cashback_liability_account_id = l.account_id
         WHERE l.parent_state = 'posted'
         GROUP BY l.company_id, date_trunc('month', l.date)
    ), months AS (
        SELECT s.company_id, m::date AS month
          FROM (SELECT company_id, MIN(month) AS first FROM lines GROUP BY company_id) s
          CROSS JOIN LATERAL generate_series(s.first,
              GREATEST(s.first, date_trunc('month', CURRENT_DATE)), INTERVAL '1 month') m
    )
    SELECT row_number() OVER (ORDER BY m.company_id, m.month) AS id, m.company_id,
           m.month AS date, COALESCE(l.accrued, 0) AS accrued, COALESCE(l.spent, 0) AS spent,
           COALESCE(l.accrued, 0) - COALESCE(l.spent, 0) AS change,
           SUM(COALESCE(l.accrued, 0) - COALESCE(l.spent, 0))
               OVER (PARTITION BY m.company_id ORDER BY m.month) AS balance
      FROM months m
      LEFT JOIN lines l ON l.company_id = m.company_id AND l.month = m.month
"""


class CoopCashbackLiabilityReport(models.Model):
    """The cooperative's cashback liability and its change by month, from the books (a
    database view, read-only)."""

    _name = "coop.cashback.liability.report"
    _description = "Cashback liability by month"
    _auto = False
    _depends = {
        "account.move.line": [
            "company_id",
            "account_id",
            "date",
            "debit",
            "credit",
            "parent_state",
        ],
        "res.company": ["coop_cashback_liability_account_id"],
    }
    _order = "date desc"

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(string="Month", readonly=True)
    accrued = fields.Monetary(readonly=True, help="Credits to the cashback liability account.")
    spent = fields.Monetary(
        readonly=True, help="Debits to the account: cashback spent, expired or reversed."
    )
    change = fields.Monetary(readonly=True)
    balance = fields.Monetary(
        string="Owed at the month's end",
        readonly=True,
        aggregator="max",
        help="The liability at the month's end (grouped over several months: the largest).",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                SQL(LIABILITY_REPORT),
            )
        )
