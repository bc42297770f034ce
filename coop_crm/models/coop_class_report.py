from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.coop_membership.models.coop_state_event import COOP_STATES

from .coop_classes import ABC, SEGMENTS, XYZ

# Class sizes: the registered people of each cooperative by status, ABC and XYZ class and RFM
# segment as last computed (a person not classed yet: no class).
CLASS_REPORT = """
    SELECT row_number() OVER (ORDER BY p.company_id, p.coop_state, p.coop_abc, p.coop_xyz,
                                       p.coop_rfm_segment) AS id,
           p.company_id, p.coop_state AS state, p.coop_abc AS abc, p.coop_xyz AS xyz,
           p.coop_rfm_segment AS segment, COUNT(*) AS people
      FROM res_partner p
     WHERE p.coop_state IS NOT NULL AND p.company_id IS NOT NULL AND p.active
     GROUP BY p.company_id, p.coop_state, p.coop_abc, p.coop_xyz, p.coop_rfm_segment
"""


class CoopClassReport(models.Model):
    """The number of people in each ABC and XYZ class and RFM segment (a database view,
    read-only)."""

    _name = "coop.class.report"
    _description = "Class sizes"
    _auto = False
    _order = "company_id, abc, xyz, segment"
    _depends = {
        "res.partner": [
            "company_id", "active", "coop_state", "coop_abc", "coop_xyz", "coop_rfm_segment",
        ],
    }  # fmt: skip

    company_id = fields.Many2one("res.company", readonly=True)
    state = fields.Selection(COOP_STATES, string="Status", readonly=True)
    abc = fields.Selection(ABC, string="ABC class", readonly=True)
    xyz = fields.Selection(XYZ, string="XYZ class", readonly=True)
    segment = fields.Selection(SEGMENTS, string="RFM segment", readonly=True)
    people = fields.Integer(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                SQL(CLASS_REPORT),
            )
        )
