from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

LIMIT_PARAM = "coop_intercoop.lookups_per_minute"
LIMIT_DEFAULT = 20


class CoopIntercoopLookup(models.Model):
    """One lookup of another cooperative's people at a till (who, at which cooperative,
    when; never the phone): each answer tells whether a whole phone is a person's of another
    cooperative, so a cashier gets a few a minute (system parameter
    coop_intercoop.lookups_per_minute, 20 by default), enough for a queue of guests and not
    for trying phone after phone. Written and read by the server only; kept a day."""

    _name = "coop.intercoop.lookup"
    _description = "Lookup of another cooperative's people at a till"
    _order = "id desc"

    user_id = fields.Many2one(
        "res.users", required=True, readonly=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", string="Till of", required=True, readonly=True)

    @api.model
    def _coop_count(self, company, record=True):
        """Count one lookup by the current user at a till of ``company``; refused, naming the
        limit, when they made as many in the last minute already (as superuser: the cashier
        neither reads nor writes these rows). ``record=False``: only checked (a search on a
        read-only cursor)."""
        if record:
            self._coop_serialize()
        limit = self._coop_limit()
        since = self.env.cr.now() - timedelta(minutes=1)
        done = self.sudo().search_count(
            [("user_id", "=", self.env.uid), ("create_date", ">", since)], limit=limit
        )
        if done >= limit:
            raise UserError(
                self.env._(
                    "You looked up people of other cooperatives %(count)s times in the last "
                    "minute: a till allows at most %(limit)s lookups a minute per cashier. "
                    "Wait a minute and search again.",
                    count=done,
                    limit=limit,
                )
            )
        if record:
            self.sudo().create({"user_id": self.env.uid, "company_id": company.id})

    @api.model
    def _coop_serialize(self):
        """Serialize the counted lookups of the current user: update their user's row. A
        concurrent lookup of theirs waits for this transaction, then fails to serialize and
        Odoo retries it, counting what this one wrote. A lock alone would not do: the
        waiting transaction would count on its snapshot, taken before this one's row."""
        self.env.cr.execute(
            "UPDATE res_users SET write_date = write_date WHERE id = %s", [self.env.uid]
        )

    @api.model
    def _coop_limit(self):
        value = self.env["ir.config_parameter"].sudo().get_param(LIMIT_PARAM, LIMIT_DEFAULT)
        try:
            return max(int(value), 1)
        except (TypeError, ValueError):
            return LIMIT_DEFAULT

    @api.autovacuum
    def _gc_coop_lookups(self):
        """The rows count only for a minute: those older than a day go."""
        old = fields.Datetime.now() - timedelta(days=1)
        self.sudo().search([("create_date", "<", old)]).unlink()
