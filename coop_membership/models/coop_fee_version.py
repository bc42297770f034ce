from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.sql import SQL, index_exists

from .coop_format import coop_date, coop_money

# what a version that came into force keeps (what was charged and decided under it)
HISTORY = ("kind", "date_from", "amount", "company_id", "active")


class CoopFeeVersion(models.Model):
    """An amount set by the general meeting, in force from a date until the next version."""

    _name = "coop.fee.version"
    _description = "Entry fee or mandatory share amount (dated version)"
    _order = "company_id, kind, date_from desc"
    _check_company_auto = True

    kind = fields.Selection(
        [("entry_fee", "Entry fee"), ("mandatory_share", "Mandatory share")],
        required=True,
    )
    date_from = fields.Date(string="In force from", required=True, default=fields.Date.today)
    amount = fields.Monetary(required=True, currency_field="currency_id")
    meeting_ref = fields.Char(
        string="General meeting decision",
        required=True,
        help="Number and date of the general meeting's decision that set this amount.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    # archived: a version that never came into force (withdrawn before its date); one that
    # was in force stays, since what was charged under it was its amount
    active = fields.Boolean(default=True)

    _sql_constraints = [
        # a unique index over the active versions (init): an archived one never came into
        # force, so the day it would have started takes a new amount
        (
            "kind_date_unique",
            "",
            "There is already an amount of this kind in force from that date.",
        ),
        ("amount_positive", "CHECK(amount > 0)", "The amount must be greater than zero."),
    ]

    def init(self):
        res = super().init()
        if not index_exists(self.env.cr, "coop_fee_version_kind_date_unique"):
            self.env.cr.execute(
                SQL(
                    "CREATE UNIQUE INDEX coop_fee_version_kind_date_unique"
                    " ON coop_fee_version (company_id, kind, date_from) WHERE active"
                )
            )
        return res

    @api.model_create_multi
    def create(self, vals_list):
        # a version archived in this transaction leaves its day before a new one takes it
        self.flush_model(["active"])
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and any(f in vals for f in HISTORY):
            for version in self:
                version._coop_check_history(vals)
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            for version in self:
                version._coop_check_history({})
        return super().unlink()

    def _coop_check_history(self, vals):
        """A version that came into force is what was charged under it and what the general
        meeting decided for those days: its kind, date, amount and cooperative stay, and it
        is neither archived nor deleted (a new amount is a new version from a later day)."""
        if self.date_from > fields.Date.context_today(self):
            return
        changed = [
            name for name in HISTORY
            if name in vals and self._coop_differs(name, vals[name])
        ] if vals else ["active"]  # fmt: skip
        if changed:
            raise UserError(
                self.env._(
                    "%(version)s has been in force since %(date)s: its field %(field)s cannot "
                    "change, and it cannot be archived or deleted. Record the new amount as a "
                    "new version from the day the general meeting set.",
                    version=self.display_name,
                    date=coop_date(self.env, self.date_from),
                    field=self._fields[changed[0]]._description_string(self.env),
                )
            )

    def _coop_differs(self, name, value):
        field = self._fields[name]
        return self[name] != field.convert_to_record(field.convert_to_cache(value, self), self)

    @api.depends("kind", "date_from", "amount")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for version in self:
            amount = coop_money(self.env, version.amount, version.currency_id)
            since = coop_date(self.env, version.date_from)
            version.display_name = f"{kinds.get(version.kind)} {amount} ({since})"

    @api.model
    def _coop_amount(self, kind, date=None, company=None):
        """The amount of ``kind`` in force on ``date`` for ``company``; a clear error if none."""
        company = company or self.env.company
        date = date or fields.Date.context_today(self)
        version = self.sudo().search(
            [("company_id", "=", company.id), ("kind", "=", kind), ("date_from", "<=", date)],
            order="date_from desc",
            limit=1,
        )
        if not version:
            kinds = dict(self._fields["kind"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "No %(kind)s amount is in force on %(date)s for %(company)s. A manager sets "
                    "it in Cooperative > Configuration > Fees and shares amounts.",
                    kind=kinds[kind].lower(),
                    date=coop_date(self.env, date),
                    company=company.name,
                )
            )
        return version.amount
