from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.coop_membership.models.coop_state_event import COOP_STATES

# One row a registered person: the last purchase (a paid till order or a matched partner
# business sale; a refund is no purchase) and whether it is within the last 30 and 90 days
# (counted back from now, in hours: the same for every time zone).
ACTIVITY_REPORT = """
    WITH purchases AS (
        SELECT o.partner_id, MAX(o.date_order) AS last
          FROM pos_order o
         WHERE o.partner_id IS NOT NULL AND o.state IN ('paid', 'done', 'invoiced')
           AND o.amount_total >= 0
         GROUP BY o.partner_id
        UNION ALL
        SELECT t.partner_id, MAX(t.date)
          FROM coop_partner_transaction t
         WHERE t.partner_id IS NOT NULL AND t.state = 'matched' AND t.kind = 'sale'
         GROUP BY t.partner_id
    ), people AS (
        SELECT partner_id, MAX(last) AS last FROM purchases GROUP BY partner_id
    )
    SELECT p.id, p.id AS partner_id, p.company_id, p.coop_state AS state,
           b.last AS last_purchase,
           CASE WHEN b.last >= NOW() AT TIME ZONE 'UTC' - INTERVAL '30 days' THEN 1 ELSE 0 END
               AS active_30,
           CASE WHEN b.last >= NOW() AT TIME ZONE 'UTC' - INTERVAL '90 days' THEN 1 ELSE 0 END
               AS active_90,
           1 AS people
      FROM res_partner p
      LEFT JOIN people b ON b.partner_id = p.id
     WHERE p.coop_state IS NOT NULL AND p.company_id IS NOT NULL
"""


class CoopActivityReport(models.Model):
    """Active shoppers: the registered people who bought in the last 30 and 90 days (a database
    view, read-only, one row a person)."""

    _name = "coop.activity.report"
    _description = "Active shoppers"
    _auto = False
    _depends = {
        "res.partner": ["company_id", "coop_state"],
        "pos.order": ["partner_id", "state", "amount_total", "date_order"],
        "coop.partner.transaction": ["partner_id", "state", "kind", "date"],
    }
    _order = "last_purchase desc, id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Person", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    state = fields.Selection(COOP_STATES, string="Status", readonly=True)
    last_purchase = fields.Datetime(readonly=True)
    active_30 = fields.Integer(string="Bought in 30 days", readonly=True)
    active_90 = fields.Integer(string="Bought in 90 days", readonly=True)
    people = fields.Integer(string="Registered", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                SQL(ACTIVITY_REPORT),
            )
        )
