from odoo import fields, models, tools
from odoo.tools import SQL

STEPS = [
    ("shopper", "Shopper"),
    ("applicant", "Applicant"),
    ("admitted", "Admitted"),
    ("member", "Member"),
]

# The funnel from the status history, per cooperative and step: the people who ever reached
# the step (a shopper: everyone registered, whatever their first status; a former member
# reached every step), the share of those who reached the step before, and the median days
# from the step before: from the registration to the first application, from the last
# application before the first admission to it, from the last admission before membership
# to it (a refused and re-filed application counts from the one that was admitted).
FUNNEL_REPORT = """
    WITH steps (sequence, step, before) AS (
        VALUES (1, 'shopper', NULL), (2, 'applicant', 'shopper'),
               (3, 'admitted', 'applicant'), (4, 'member', 'admitted')
    ), reached AS (
        SELECT e.company_id, e.partner_id, s.sequence, s.step, s.before, MIN(e.date) AS date
          FROM coop_state_event e
          JOIN steps s ON s.sequence = 1 OR e.to_state = s.step
         GROUP BY e.company_id, e.partner_id, s.sequence, s.step, s.before
    ), waits AS (
        SELECT r.company_id, r.partner_id, r.sequence, r.date - CASE WHEN r.sequence = 2
                   THEN (SELECT MIN(e.date) FROM coop_state_event e
                          WHERE e.partner_id = r.partner_id)
                   ELSE (SELECT MAX(e.date) FROM coop_state_event e
                          WHERE e.partner_id = r.partner_id AND e.to_state = r.before
                            AND e.date <= r.date) END AS days
          FROM reached r
    ), figures AS (
        SELECT c.company_id, s.sequence, s.step, COUNT(w.partner_id) AS people,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY w.days) AS median_days
          FROM (SELECT DISTINCT company_id FROM coop_state_event) c
          CROSS JOIN steps s
          LEFT JOIN waits w ON w.company_id = c.company_id AND w.sequence = s.sequence
         GROUP BY c.company_id, s.sequence, s.step
    )
    SELECT company_id * 10 + sequence AS id, company_id, sequence, step, people,
           LAG(people) OVER (PARTITION BY company_id ORDER BY sequence) AS people_before,
           CASE WHEN sequence > 1 THEN 100.0 * people / NULLIF(
               LAG(people) OVER (PARTITION BY company_id ORDER BY sequence), 0) END
               AS conversion,
           CASE WHEN sequence > 1 THEN median_days END AS median_days
      FROM figures
"""


class CoopFunnelReport(models.Model):
    """The funnel shopper -> applicant -> admitted -> member of each cooperative (a database
    view, read-only): one row a step."""

    _name = "coop.funnel.report"
    _description = "Membership funnel"
    _auto = False
    _depends = {
        "coop.state.event": ["company_id", "partner_id", "date", "to_state"],
    }
    _order = "company_id, sequence"
    _rec_name = "step"

    company_id = fields.Many2one("res.company", readonly=True)
    sequence = fields.Integer(readonly=True)
    step = fields.Selection(STEPS, readonly=True)
    people = fields.Integer(readonly=True, help="People who ever reached this step.")
    people_before = fields.Integer(
        string="People at the step before", readonly=True, aggregator="max"
    )
    conversion = fields.Float(
        string="Conversion (%)",
        digits=(16, 1),
        readonly=True,
        aggregator="max",
        help="People who reached this step, in % of those who reached the step before.",
    )
    median_days = fields.Float(
        string="Median days from the step before",
        digits=(16, 1),
        readonly=True,
        aggregator="max",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                SQL(FUNNEL_REPORT),
            )
        )
