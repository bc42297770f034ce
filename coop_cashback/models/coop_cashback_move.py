from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_round

from odoo.addons.coop_membership.models.coop_format import coop_money
from odoo.addons.coop_membership.models.coop_state_event import COOP_STATES

KINDS = [
    ("accrual", "Accrual"),
    ("spend", "Spend"),
    ("entry_fee", "Entry fee payment"),
    ("reversal", "Reversal"),
    ("expiry", "Expiry"),
    ("expiry_back", "Expiry corrected"),
    ("adjustment", "Manual adjustment"),
]
# The sign each kind may have: accruals add, spends / fees / expiries take away, an expiry
# corrected gives back (what an expiry took beyond its credit); reversals and adjustments go
# either way.
SIGNS = {"accrual": 1, "spend": -1, "entry_fee": -1, "expiry": -1, "expiry_back": 1}
LOG_COLUMNS = ("create_uid", "create_date", "write_uid", "write_date")


def expired_credit_id(kind, key):
    """The credit an expiry entry expired (``expiry:<credit id>``, or ``expiry:<credit id>:<n>``
    for what was left of it after an expiry capped by the balance), else None."""
    if kind != "expiry" or not (key or "").startswith("expiry:"):
        return None
    parts = key.split(":")
    return int(parts[1]) if len(parts) in (2, 3) and parts[1].isdigit() else None


class CoopCashbackMove(models.Model):
    """One entry of a person's cashback ledger. Entries are never changed or deleted: a
    correction is a new entry. ``source_key`` is unique per company, so the same source (a
    POS order, a partner transaction, an adjustment) never counts twice."""

    _name = "coop.cashback.move"
    _description = "Cashback ledger entry"
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Person", required=True, index=True, ondelete="restrict",
        check_company=True,
    )  # fmt: skip
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    kind = fields.Selection(KINDS, required=True, index=True)
    amount = fields.Monetary(
        required=True, currency_field="currency_id", help="Positive: owed to the person."
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    available_date = fields.Date(
        string="Spendable from", help="An accrual can be spent from this date (hold period)."
    )
    expiry_date = fields.Date(
        string="Expires on",
        readonly=True,
        index=True,
        help="A credit's own expiry: what is left of it expires on this day (its date plus the "
        "cooperative's expiry period when it was recorded, or the bonus's own validity). Empty: "
        "does not expire.",
    )
    channel = fields.Selection(
        [
            ("pos", "Store"),
            ("partner", "Partner business"),
            ("manual", "Back office"),
            ("portal", "Personal page"),
        ],
        required=True,
        default="manual",
    )
    source_key = fields.Char(required=True, readonly=True, index=True)
    source_ref = fields.Reference(
        selection="_selection_source_ref", string="Source document", readonly=True, index=True
    )  # the till reads the cashback each synced order earned by it
    reason = fields.Char()
    account_move_id = fields.Many2one(
        "account.move", string="Journal entry", readonly=True, index="btree_not_null",
        help="The accounting entry this ledger entry is posted in (per session or batch).",
    )  # fmt: skip
    pos_session_id = fields.Many2one(
        "pos.session", string="Booked by session", readonly=True, index="btree_not_null",
        help="A closed till session whose entries net to zero per person: Odoo makes no journal "
        "entry for it, the session itself books them (nothing to post).",
    )  # fmt: skip
    user_id = fields.Many2one(
        "res.users", string="By", required=True, default=lambda self: self.env.user
    )
    overdraft_amount = fields.Monetary(
        string="Overdraft",
        currency_field="currency_id",
        readonly=True,
        help="A sale synced after the balance moved (two tills, a till offline) is recorded all "
        "the same: how far this spend took the person's balance below zero. Later cashback "
        "covers it first.",
    )
    coop_state = fields.Selection(
        COOP_STATES,
        string="Status then",
        readonly=True,
        help="The person's status when the entry was made (for reports by status).",
    )

    _sql_constraints = [
        (
            "source_key_unique",
            "UNIQUE(company_id, source_key)",
            "This source has already been counted in the cashback ledger.",
        ),
        ("amount_not_zero", "CHECK(amount != 0)", "A cashback entry cannot be zero."),
    ]

    def init(self):
        res = super().init()
        # a person's balance is a sum over their entries: read from this index only, however
        # many entries they have and wherever the rows lie in the table
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS coop_cashback_move_partner_sums_index "
            "ON coop_cashback_move (partner_id, company_id) "
            "INCLUDE (kind, available_date, amount)"
        )
        return res

    @api.model
    def _selection_source_ref(self):
        return [
            ("pos.order", "POS order"),
            ("coop.contribution", "Contribution"),
            ("coop.cashback.move", "Ledger entry"),
        ]

    @api.depends("kind", "amount", "partner_id")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for move in self:
            move.display_name = f"{kinds.get(move.kind)} {move.amount:+.2f} {move.partner_id.name}"

    @api.constrains("kind", "amount")
    def _check_sign(self):
        for move in self:
            sign = SIGNS.get(move.kind)
            if sign and sign * move.amount < 0:
                kinds = dict(self._fields["kind"]._description_selection(self.env))
                raise ValidationError(
                    self.env._("A cashback %(kind)s of %(person)s cannot be %(amount)s.",
                               kind=kinds[move.kind].lower(),
                               person=move.partner_id.display_name,
                               amount=coop_money(self.env, move.amount, move.currency_id))
                )  # fmt: skip

    def write(self, vals):
        if set(vals) - {"account_move_id", "source_ref", "pos_session_id"} or not self.env.su:
            raise UserError(
                self.env._("Cashback ledger entries cannot be changed; record a correction.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Cashback ledger entries cannot be deleted."))

    # ------------------------------------------------------------------ posting

    @api.model
    def _coop_record(self, partner, kind, amount, source_key, overdraft=False, **values):
        """Record one entry, once per ``source_key``: returns the existing entry when the
        same source comes again (a POS re-sending an order, a retried import). A spend beyond
        the balance is refused, unless ``overdraft`` (a sale the till already made): then it
        is recorded with its ``overdraft_amount``. A credit expires on its date plus
        ``valid_days`` (in ``values``) or the company's expiry period, or on the ``expiry_date``
        given."""
        company = values.pop("company", None) or partner.company_id or self.env.company
        existing = self.sudo().search(
            [("company_id", "=", company.id), ("source_key", "=", source_key)], limit=1
        )
        if existing:
            return existing
        currency = company.currency_id
        amount = currency.round(amount)
        if currency.is_zero(amount):
            return self.browse()
        if kind in ("spend", "entry_fee") or (overdraft and amount < 0):
            available = partner._coop_cashback_lock_and_available(company)
            if currency.compare_amounts(-amount, available) > 0 and overdraft:
                # a sale that happened is recorded: the balance goes below zero
                values["overdraft_amount"] = -amount - max(available, 0.0)
            elif currency.compare_amounts(-amount, available) > 0:
                raise UserError(
                    self.env._(
                        "%(person)s has %(available)s of cashback available, less than %(amount)s.",
                        person=partner.display_name,
                        available=coop_money(self.env, available, currency),
                        amount=coop_money(self.env, -amount, currency),
                    )
                )
        date = values.pop("date", None) or fields.Date.context_today(self)
        values["expiry_date"] = self._coop_expiry_date(
            company, amount, date, values.pop("valid_days", None), values.get("expiry_date")
        )
        if kind == "accrual" and "available_date" not in values:
            values["available_date"] = date + relativedelta(days=company.coop_cashback_hold_days)
        return self.sudo().create(
            {
                "coop_state": partner.coop_state,
                "partner_id": partner.id,
                "company_id": company.id,
                "kind": kind,
                "amount": amount,
                "date": date,
                "source_key": source_key,
                "user_id": self.env.uid,
                **values,
            }
        )

    @api.model
    def _coop_expiry_date(self, company, amount, date, valid_days=None, expiry_date=None):
        """When a credit of ``amount`` dated ``date`` expires: ``expiry_date`` when the caller
        gives one, else ``date`` plus ``valid_days`` (the caller's own validity) or the
        company's expiry period now; None for a debit or when it does not expire."""
        if amount <= 0:
            return None
        if expiry_date:
            return fields.Date.to_date(expiry_date)
        days = company.coop_cashback_expiry_days if valid_days is None else valid_days
        if not days or days <= 0:
            return None
        return fields.Date.to_date(date) + relativedelta(days=days)

    @api.model
    def _coop_record_many(self, company, entries):
        """The bulk path of ``_coop_record`` for entries that only add or take back cashback
        (a partner import's accruals and reversals, thousands a call): ``entries`` are dicts
        with ``partner_id``, ``kind``, ``amount``, ``source_key`` and the same other columns
        each (``date``, ``channel``, ``source_ref``, ``valid_days`` or ``expiry_date``, ...).
        As ``_coop_record`` does: once per source key (a key already counted is left as it
        is), the amount rounded, no entry for zero, the accrual's spendable date after the
        hold, a credit's expiry date, the person's status then,
        the sign of each kind checked; in one INSERT. No spend here (it needs the balance).
        The caller has checked the user's right to record them. Returns the new ids."""
        rounding = company.currency_id.rounding
        today = fields.Date.context_today(self)
        hold = relativedelta(days=company.coop_cashback_hold_days)
        spendable = {}  # by date
        expiries = {}  # by what decides a credit's expiry date: computed once, not per entry
        company_id, uid = company.id, self.env.uid
        rows = []
        for entry in entries:
            # once rounded, an amount is zero or at least the rounding: no second rounding
            amount = float_round(entry["amount"], precision_rounding=rounding)
            if amount == 0.0:
                continue
            kind = entry["kind"]
            if kind not in ("accrual", "reversal") or SIGNS.get(kind, 0) * amount < 0:
                raise ValidationError(
                    self.env._(
                        "Cannot record a cashback %(kind)s of %(amount)s (%(key)s) in bulk: "
                        "only accruals (not negative) and reversals can be; record spends one "
                        "by one, with the balance checked.",
                        kind=kind,
                        amount=amount,
                        key=entry["source_key"],
                    )
                )
            date = fields.Date.to_date(entry.get("date")) or today
            if date not in spendable:
                spendable[date] = date + hold
            entry = dict(entry)
            valid_days = entry.pop("valid_days", None)
            expiry_key = (amount > 0, date, valid_days, entry.get("expiry_date"))
            if expiry_key not in expiries:
                expiries[expiry_key] = self._coop_expiry_date(
                    company, amount, date, valid_days, entry.get("expiry_date")
                )
            rows.append(
                {
                    **entry,
                    "expiry_date": expiries[expiry_key],
                    "available_date": spendable[date] if kind == "accrual" else None,
                    "amount": amount,
                    "date": date,
                    "company_id": company_id,
                    "user_id": uid,
                }
            )
        self._coop_check_bulk_rows(company, rows)
        return self._coop_insert_many(rows) if rows else []

    def _coop_check_bulk_rows(self, company, rows):
        """The same columns in every row (one INSERT), and only people of ``company``."""
        if any(row.keys() != rows[0].keys() for row in rows):
            raise ValidationError(self.env._("Bulk ledger entries must all have the same fields."))
        # one query, not the company of every person read through the ORM (thousands a call);
        # archived people and people of no company are strangers too
        strangers = (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("id", "in", list({row["partner_id"] for row in rows})),
                    "|",
                    ("company_id", "=", False),
                    ("company_id", "!=", company.id),
                ]
            )
        )
        if strangers:
            raise ValidationError(
                self.env._(
                    "Cannot record cashback of %(people)s in %(company)s: they are not its people.",
                    people=", ".join(strangers.mapped("display_name")),
                    company=company.name,
                )
            )

    def _coop_insert_many(self, rows):
        """INSERT the entries ``rows`` (dicts of the same columns) with the people's status
        and the log columns, in one statement; a source key already counted is skipped.
        Returns the new ids."""
        people = self.env["res.partner"].sudo().browse({row["partner_id"] for row in rows})
        states = {person.id: person.coop_state for person in people}
        uid, now = self.env.uid, self.env.cr.now()
        # one typed array per column (quoted by psycopg2 in C), not a tuple per row
        columns = [*rows[0], "coop_state"]
        arrays = [[row[name] for row in rows] for name in columns[:-1]]
        arrays.append([states[row["partner_id"]] for row in rows])
        self.flush_model()
        self.env.cr.execute(
            SQL(
                "INSERT INTO coop_cashback_move (%s) SELECT %s, %s, %s, %s, %s "
                'FROM unnest(%s) WITH ORDINALITY AS u(%s, "ordinality") ORDER BY "ordinality" '
                'ON CONFLICT (company_id, source_key) DO NOTHING RETURNING "id"',
                SQL(", ").join(map(SQL.identifier, [*columns, *LOG_COLUMNS])),
                SQL(", ").join(SQL.identifier("u", name) for name in columns),
                uid, now, uid, now,
                SQL(", ").join(
                    SQL(f"%s::{self._fields[name].column_type[1]}[]", values)
                    for name, values in zip(columns, arrays, strict=True)
                ),
                SQL(", ").join(map(SQL.identifier, columns)),
            )
        )  # fmt: skip
        ids = sorted(row[0] for row in self.env.cr.fetchall())
        # the ORM did not see these rows: nothing it cached about the ledger may be trusted
        self.env.invalidate_all()
        return ids
