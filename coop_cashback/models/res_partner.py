from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.coop_membership.models.coop_state_event import coop_changed_fields

# Written by the nightly expiry only (as the system): cleared by hand, the rest of a capped
# expiry would never expire.
JOB_FIELDS = {"coop_cashback_expiry_capped"}


class ResPartner(models.Model):
    _inherit = "res.partner"

    coop_cashback_move_ids = fields.One2many(
        "coop.cashback.move", "partner_id", string="Cashback ledger"
    )
    coop_cashback_balance = fields.Monetary(
        string="Cashback available",
        compute="_compute_coop_cashback",
        currency_field="coop_currency_id",
        help="Cashback the person can spend now.",
    )
    coop_cashback_pending = fields.Monetary(
        string="Cashback pending",
        compute="_compute_coop_cashback",
        currency_field="coop_currency_id",
        help="Earned, spendable once the hold period is over.",
    )
    coop_cashback_lifetime = fields.Monetary(
        string="Cashback earned in all",
        compute="_compute_coop_cashback",
        currency_field="coop_currency_id",
    )
    coop_cashback_expiry_capped = fields.Boolean(
        string="Overdue cashback not all expired",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Set by the expiry job: cashback of theirs is overdue but had less available to "
        "expire (a purchase took cashback still on hold); the next runs expire the rest once "
        "it is available.",
    )

    coop_entry_fee_due = fields.Monetary(
        string="Entry fee to pay",
        compute="_compute_coop_entry_fee_due",
        currency_field="coop_currency_id",
        help="The entry fee in force today, for a shopper or former member (0 otherwise).",
    )

    def write(self, vals):
        if not self.env.su:
            for partner, fname in coop_changed_fields(self, vals, JOB_FIELDS):
                raise UserError(partner._coop_job_field_error(partner.display_name, fname))
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                fname = next((f for f in sorted(JOB_FIELDS) if vals.get(f)), None)
                if fname:
                    raise UserError(self._coop_job_field_error(vals.get("name") or "—", fname))
        return super().create(vals_list)

    def _coop_job_field_error(self, person, fname):
        return self.env._(
            "%(person)s: %(field)s is set by the cashback expiry only.",
            person=person,
            field=self._fields[fname].string,
        )

    def _compute_coop_entry_fee_due(self):
        # one look-up per company, not per person: the till loads many people at once
        Version = self.env["coop.fee.version"].sudo()
        today = fields.Date.context_today(self)
        fees = {}
        for partner in self:
            company = partner.company_id or self.env.company
            if company not in fees:
                version = Version.search(
                    [
                        ("company_id", "=", company.id),
                        ("kind", "=", "entry_fee"),
                        ("date_from", "<=", today),
                    ],
                    order="date_from desc",
                    limit=1,
                )
                fees[company] = version.amount
            due = partner.coop_state in ("shopper", "former")
            partner.coop_entry_fee_due = fees[company] if due else 0.0

    @api.model
    def _load_pos_data_fields(self, config_id):
        """What the till shows of a person: status, member number, phone masked (for the
        receipt, whoever works the till), cashback available, and the entry fee it can offer
        to pay from cashback."""
        return [
            *super()._load_pos_data_fields(config_id),
            "coop_state",
            "coop_member_number",
            "coop_phone_masked",
            "coop_cashback_balance",
            "coop_entry_fee_due",
        ]

    def _coop_cashback_sums(self, company=None, today=None):
        """{partner_id: (available, pending, lifetime)} from the ledger, in one query
        (``today``: the day the hold periods are counted to; the user's today by default)."""
        if not self.ids:
            return {}
        today = today or fields.Date.context_today(self)
        domain_company = company.id if company else None
        self.env["coop.cashback.move"].flush_model()
        self.env.cr.execute(
            """
            SELECT partner_id,
                   COALESCE(SUM(amount) FILTER (
                       WHERE kind != 'accrual' OR available_date IS NULL
                          OR available_date <= %(today)s), 0),
                   COALESCE(SUM(amount) FILTER (
                       WHERE kind = 'accrual' AND available_date > %(today)s), 0),
                   COALESCE(SUM(amount) FILTER (WHERE kind = 'accrual'), 0)
              FROM coop_cashback_move
             WHERE partner_id IN %(ids)s
               AND (%(company)s IS NULL OR company_id = %(company)s)
             GROUP BY partner_id
            """,
            {"today": today, "ids": tuple(self.ids), "company": domain_company},
        )
        return {row[0]: row[1:] for row in self.env.cr.fetchall()}

    @api.depends("coop_cashback_move_ids")
    def _compute_coop_cashback(self):
        sums = self._coop_cashback_sums()
        for partner in self:
            available, pending, lifetime = sums.get(partner.id, (0.0, 0.0, 0.0))
            partner.coop_cashback_balance = available
            partner.coop_cashback_pending = pending
            partner.coop_cashback_lifetime = lifetime

    def _coop_state_on(self, day):
        """The person's status on ``day``, from their status history: the last change dated
        on or before it; before their first change, the status that change left (none for a
        change from nothing); their status now when they have no history."""
        self.ensure_one()
        events = self.sudo().coop_state_event_ids.sorted(lambda e: (e.date, e.id))
        before = events.filtered(lambda e: e.date <= day)
        if before:
            return before[-1].to_state
        return events[:1].from_state if events else self.coop_state

    def _coop_cashback_lock_and_available(self, company):
        """Serialize spends of one person: update their row (a concurrent spend waits, then
        fails to serialize and Odoo retries it with fresh data), then read what is available."""
        self.ensure_one()
        self.env.cr.execute(
            "UPDATE res_partner SET write_date = write_date WHERE id = %s", [self.id]
        )
        available, _pending, _lifetime = self._coop_cashback_sums(company).get(
            self.id, (0.0, 0.0, 0.0)
        )
        return available

    def _coop_personal_data_sections(self):
        sections = super()._coop_personal_data_sections()
        sections["cashback_ledger"] = (
            "coop.cashback.move",
            "partner_id",
            ["date", "kind", "amount", "channel", "reason", "coop_state", "source_key"],
        )
        return sections
