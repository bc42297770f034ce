from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

STORE_DAYS = 365


class ResPartner(models.Model):
    """A segment of a mailing by store: the people who bought at a till of the cooperative in the
    last 12 months (the other segments are stored fields of coop_membership and coop_crm)."""

    _inherit = "res.partner"

    coop_bought_at_store_id = fields.Many2one(
        "pos.config",
        string="Bought at store (12 months)",
        compute="_compute_coop_bought_at_store_id",
        search="_search_coop_bought_at_store_id",
        groups="coop_membership.group_officer",
        help="Search only: people with a paid purchase at this till in the last 12 months.",
    )

    def _compute_coop_bought_at_store_id(self):
        self.coop_bought_at_store_id = False

    def _search_coop_bought_at_store_id(self, operator, value):
        if operator not in ("=", "in"):
            raise UserError(
                self.env._(
                    "Search on Bought at store with = or in and a store (got %(op)s %(value)s).",
                    op=operator,
                    value=value,
                )
            )
        if isinstance(value, str):
            store_ids = self.env["pos.config"].sudo().search([("name", "ilike", value)]).ids
        else:
            store_ids = [value] if isinstance(value, int) else list(value or [])
        self.env["pos.order"].flush_model(["partner_id", "config_id", "state", "date_order"])
        bought = SQL(
            """(SELECT o.partner_id FROM pos_order o
                 WHERE o.config_id = ANY(%(stores)s) AND o.company_id = ANY(%(companies)s)
                   AND o.state IN ('paid', 'done', 'invoiced') AND o.amount_total > 0
                   AND o.date_order >= %(now)s::timestamp - make_interval(days => %(days)s)
                   AND o.partner_id IS NOT NULL)""",
            stores=[int(s) for s in store_ids] or [0],
            companies=self.env.companies.ids,
            now=fields.Datetime.now(),
            days=STORE_DAYS,
        )
        return [("id", "in", bought)]
