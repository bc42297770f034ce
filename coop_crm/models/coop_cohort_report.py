from odoo import fields, models, tools
from odoo.tools import SQL

# Cohorts by registration month, from the status history and the purchases: the people
# registered in month M (their first status change), and for each month M+k up to the current
# one how many of them bought in it (a paid till order or a matched partner business sale; a
# refund is no purchase; months in UTC) and how many had become members by its end.
COHORT_REPORT = """
    WITH registered AS (
        SELECT e.company_id, e.partner_id, date_trunc('month', MIN(e.date))::date AS cohort
          FROM coop_state_event e
         GROUP BY e.company_id, e.partner_id
    ), cohorts AS (
        SELECT company_id, cohort, COUNT(*) AS people FROM registered GROUP BY company_id, cohort
    ), purchases AS (
        SELECT o.partner_id, date_trunc('month', o.date_order)::date AS month
          FROM pos_order o
         WHERE o.partner_id IS NOT NULL AND o.state IN ('paid', 'done', 'invoiced')
           AND o.amount_total >= 0
        UNION
        SELECT t.partner_id, date_trunc('month', t.date)::date
          FROM coop_partner_transaction t
         WHERE t.partner_id IS NOT NULL AND t.state = 'matched' AND t.kind = 'sale'
    ), active AS (
        SELECT r.company_id, r.cohort, p.month, COUNT(*) AS people
          FROM registered r
          JOIN purchases p ON p.partner_id = r.partner_id
         GROUP BY r.company_id, r.cohort, p.month
    ), joined AS (
        SELECT r.company_id, r.cohort, date_trunc('month', MIN(e.date))::date AS month
          FROM registered r
          JOIN coop_state_event e ON e.partner_id = r.partner_id AND e.to_state = 'member'
         GROUP BY r.company_id, r.cohort, r.partner_id
    ), months AS (
        SELECT c.company_id, c.cohort, c.people, m::date AS month
          FROM cohorts c
          CROSS JOIN LATERAL generate_series(c.cohort,
              GREATEST(c.cohort, date_trunc('month', CURRENT_DATE)), INTERVAL '1 month') m
    )
    SELECT row_number() OVER (ORDER BY m.company_id, m.cohort, m.month) AS id,
           m.company_id, m.cohort, m.month AS date,
           (EXTRACT(YEAR FROM age(m.month, m.cohort)) * 12
            + EXTRACT(MONTH FROM age(m.month, m.cohort)))::integer AS period,
           m.people, COALESCE(a.people, 0) AS buyers,
           (SELECT COUNT(*) FROM joined j
             WHERE j.company_id = m.company_id AND j.cohort = m.cohort AND j.month <= m.month)
               AS members,
           100.0 * COALESCE(a.people, 0) / m.people AS buyers_rate
      FROM months m
      LEFT JOIN active a ON a.company_id = m.company_id AND a.cohort = m.cohort
                        AND a.month = m.month
"""


class CoopCohortReport(models.Model):
    """Cohorts by registration month (a database view, read-only): one row a cohort and a
    month since its registration."""

    _name = "coop.cohort.report"
    _description = "Cohorts by registration month"
    _auto = False
    _order = "cohort desc, date"
    _rec_name = "cohort"
    _depends = {
        "coop.state.event": ["company_id", "partner_id", "date", "to_state"],
        "pos.order": ["partner_id", "state", "amount_total", "date_order"],
        "coop.partner.transaction": ["partner_id", "state", "kind", "date"],
    }

    company_id = fields.Many2one("res.company", readonly=True)
    cohort = fields.Date(string="Registered in", readonly=True)
    date = fields.Date(string="Month", readonly=True)
    period = fields.Integer(string="Months since registration", readonly=True, aggregator="max")
    people = fields.Integer(
        string="Registered",
        readonly=True,
        aggregator="max",
        help="People registered in the cohort's month (several cohorts grouped: the largest).",
    )
    buyers = fields.Integer(
        string="Bought in the month",
        readonly=True,
        help="People of the cohort with a purchase at the till or a partner business that month.",
    )
    members = fields.Integer(
        string="Became members",
        readonly=True,
        aggregator="max",
        help="People of the cohort who had become members by the month's end.",
    )
    buyers_rate = fields.Float(
        string="Bought in the month (%)", digits=(16, 1), readonly=True, aggregator="avg"
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                SQL(COHORT_REPORT),
            )
        )
