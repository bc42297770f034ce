from odoo import api, fields, models
from odoo.exceptions import UserError

from .coop_format import coop_date, coop_money


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
        (
            "kind_date_unique",
            "UNIQUE(company_id, kind, date_from)",
            "There is already an amount of this kind in force from that date.",
        ),
        ("amount_positive", "CHECK(amount > 0)", "The amount must be greater than zero."),
    ]

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
