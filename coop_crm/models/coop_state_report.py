from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.coop_membership.models.coop_state_event import COOP_STATES

# Each person's states as spans [date_from, date_to) from their status history, in the order
# the changes were made (a change dated back, such as a registration recorded after the
# application it preceded, ends the span before it: a span ending before it starts counts
# nowhere); a month's row counts the people whose span holds at the month's end (today for
# the current month), from the cooperative's first status change on.
STATE_REPORT = """
    WITH spans AS (
        SELECT e.company_id, e.partner_id, e.to_state, e.date AS date_from,
               LEAD(e.date) OVER (PARTITION BY e.partner_id ORDER BY e.id) AS date_to
          FROM coop_state_event e
    ), months AS (
        SELECT s.company_id, m::date AS month, (m + INTERVAL '1 month')::date AS month_end
          FROM (SELECT company_id, MIN(date_from) AS first FROM spans GROUP BY company_id) s
          CROSS JOIN LATERAL generate_series(date_trunc('month', s.first),
                                             date_trunc('month', CURRENT_DATE),
                                             INTERVAL '1 month') m
    )
    SELECT row_number() OVER (ORDER BY m.company_id, m.month, s.to_state) AS id,
           m.company_id, m.month AS date, s.to_state AS state, COUNT(*) AS people
      FROM months m
      JOIN spans s ON s.company_id = m.company_id AND s.date_from < m.month_end
                  AND (s.date_to IS NULL OR s.date_to >= m.month_end)
     GROUP BY m.company_id, m.month, s.to_state
"""


class CoopStateReport(models.Model):
    """People by status at the end of each month (a database view, read-only)."""

    _name = "coop.state.report"
    _description = "People by status over time"
    _auto = False
    _depends = {
        "coop.state.event": ["company_id", "partner_id", "date", "to_state"],
    }
    _order = "date desc, state"

    company_id = fields.Many2one("res.company", readonly=True)
    date = fields.Date(string="Month", readonly=True)
    state = fields.Selection(COOP_STATES, string="Status", readonly=True)
    people = fields.Integer(readonly=True, help="People in this status at the month's end.")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), SQL(STATE_REPORT))
        )
