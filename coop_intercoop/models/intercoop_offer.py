from odoo import fields, models, tools
from odoo.tools import SQL

# Only these columns of another cooperative's agreement, and only the rows naming one of the
# reader's cooperatives (ir.rule): B's manager reads the terms it is offered, nothing else of A.
OFFERS = """
    SELECT agreement.id AS id,
           agreement.coop_intercoop_company_id AS serving_company_id,
           offering.name AS cooperative,
           NOT agreement.active AS ended,
           agreement.cashback_mode AS cashback_mode,
           agreement.cashback_percent AS cashback_percent,
           agreement.commission_percent AS commission_percent,
           agreement.date_from AS date_from,
           agreement.date_to AS date_to,
           acceptor.name AS accepted_by,
           agreement.coop_intercoop_accepted_date AS accepted_date,
           agreement.coop_intercoop_withdrawn_date AS withdrawn_date,
           CASE WHEN agreement.coop_intercoop_accepted_by IS NOT NULL THEN 'accepted'
                ELSE COALESCE(agreement.coop_intercoop_withdrawn, 'offered')
           END AS state
      FROM coop_partner_agreement agreement
      JOIN res_company offering ON offering.id = agreement.company_id
      LEFT JOIN res_users acceptor_user ON acceptor_user.id = agreement.coop_intercoop_accepted_by
      LEFT JOIN res_partner acceptor ON acceptor.id = acceptor_user.partner_id
     WHERE agreement.coop_intercoop_company_id IS NOT NULL
"""


class CoopIntercoopOffer(models.Model):
    """An agreement of another cooperative naming one of the reader's cooperatives as the
    partner business, as its manager reads it before accepting: the other cooperative, the
    rates it would owe, the dates and the acceptance. A read-only SQL view over the
    agreements (the row's id is the agreement's); its record rule shows a row only to users
    of the serving cooperative, its access only to Cooperative / Managers."""

    _name = "coop.intercoop.offer"
    _description = "Agreement offered by another cooperative"
    _auto = False
    _order = "state, cooperative, id"
    _rec_name = "cooperative"
    _depends = {
        "coop.partner.agreement": [
            "coop_intercoop_company_id", "company_id", "active", "cashback_mode",
            "cashback_percent", "commission_percent", "date_from", "date_to",
            "coop_intercoop_accepted_by", "coop_intercoop_accepted_date",
            "coop_intercoop_withdrawn", "coop_intercoop_withdrawn_date",
        ],
    }  # fmt: skip

    serving_company_id = fields.Many2one("res.company", string="Your cooperative", readonly=True)
    cooperative = fields.Char(string="Offered by", readonly=True)
    ended = fields.Boolean(string="Ended by them", readonly=True)
    cashback_mode = fields.Selection(
        [("rules", "Their cooperative's cashback rules"), ("percent", "An agreed percentage")],
        string="Cashback", readonly=True,
    )  # fmt: skip
    cashback_percent = fields.Float(
        string="Cashback you owe (%)", digits=(5, 2), readonly=True,
        help="Of each sale at your tills to their people: earned by the person there, owed by "
        "your cooperative.",
    )  # fmt: skip
    commission_percent = fields.Float(string="Commission you owe (%)", digits=(5, 2), readonly=True)
    date_from = fields.Date(string="Valid from", readonly=True)
    date_to = fields.Date(string="Valid until", readonly=True)
    accepted_by = fields.Char(readonly=True)
    accepted_date = fields.Datetime(string="Accepted on", readonly=True)
    withdrawn_date = fields.Datetime(string="Withdrawn on", readonly=True)
    state = fields.Selection(
        [("offered", "Not accepted"), ("accepted", "Accepted"),
         ("changed", "New terms, not accepted yet"), ("declined", "Declined by you")],
        string="Acceptance", readonly=True,
    )  # fmt: skip

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), SQL(OFFERS))
        )

    def action_accept(self):
        """Accept the offered agreements (the user must read these rows: a manager of the
        cooperative they name)."""
        self._coop_agreements().action_coop_intercoop_accept()
        self.invalidate_recordset()  # a view of the agreements: read them again
        return True

    def action_decline(self):
        """Decline the offered agreements, or withdraw an acceptance given before."""
        self._coop_agreements().action_coop_intercoop_decline()
        self.invalidate_recordset()
        return True

    def _coop_agreements(self):
        self.check_access("read")
        return self.env["coop.partner.agreement"].browse(self.ids)
