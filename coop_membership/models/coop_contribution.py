from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .coop_format import coop_date
from .coop_state_event import coop_changed_fields, coop_company_env

KINDS = [
    ("entry_fee", "Entry fee"),
    ("mandatory_share", "Mandatory share"),
    ("additional_share", "Additional share"),
    ("share_refund", "Share refund"),
]
SHARES = ("mandatory_share", "additional_share")
# Set by the actions only (as the system, after their checks): what the books say happened.
ACTION_FIELDS = {"state", "move_id", "payment_move_id", "cancel_move_id"}
# What was posted: a correction is another contribution, never an edit.
POSTED_FIELDS = {
    "partner_id",
    "company_id",
    "kind",
    "amount",
    "date",
    "debit_account_id",
    "due_date",
    "payee_id",
}
PAID_FIELDS = {"payment_date", "payment_journal_id"}
# Set by the cooperative's own actions only (the entry fee from cashback, the exit): a fee
# "paid" from another account, or a refund paid to someone else, would move money unseen.
SYSTEM_FIELDS = {"debit_account_id", "payee_id", "source_key"}


class CoopContribution(models.Model):
    """Money between a person and the cooperative's funds, each posted in accounting:

    ============== ============================================== ===============================
    kind           posted when recorded                           settled by ``_coop_pay``
    ============== ============================================== ===============================
    entry fee      Dr cash/bank (or the given debit account)      (paid when recorded)
                   / Cr entry fees (86.01)
    share          Dr share contributions due (75.01)             Dr cash/bank / Cr 75.01,
                   / Cr share fund (80.01)                        reconciled with the due line
    share refund   Dr share fund (80.01) / Cr share refunds       Dr 75.03 / Cr cash/bank,
                   payable (75.03), due after the refund period   reconciled with the payable
    ============== ============================================== ===============================

    Every line carries the person, except a refund's payable and payout, which carry whom it is
    paid to (``payee_id``: the heir on a death). A share still due when its member leaves is
    cancelled (``_coop_cancel_unpaid``: Dr 80.01 / Cr 75.01, reconciled with the due line). A
    ``source_key`` makes each posting unique, so a retried call never posts twice. The state
    and the entries change only through the actions (see ``write``)."""

    _name = "coop.contribution"
    _description = "Entry fee, share contribution or share refund"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Person",
        required=True,
        check_company=True,
        index=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    kind = fields.Selection(KINDS, required=True)
    amount = fields.Monetary(required=True, currency_field="currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today)
    due_date = fields.Date(
        string="Due by", help="For a share refund: the date it must be paid by (charter)."
    )
    payment_journal_id = fields.Many2one(
        "account.journal",
        string="Paid through",
        check_company=True,
        domain="[('type', 'in', ('cash', 'bank'))]",
        help="Cash or bank journal the money went through. Leave empty for a share that is due "
        "but not paid yet, or a refund not paid out yet.",
    )
    debit_account_id = fields.Many2one(
        "account.account",
        check_company=True,
        help="For an entry fee paid otherwise than in cash or by bank (e.g. from cashback): the "
        "account debited instead of the payment journal's.",
    )
    payee_id = fields.Many2one(
        "res.partner",
        string="Paid to",
        check_company=True,
        help="For a share refund: who it is owed and paid to, when not the person (the heir on "
        "a death). The refund payable and its payout are in their name.",
    )
    move_id = fields.Many2one("account.move", string="Entry", readonly=True, copy=False)
    payment_move_id = fields.Many2one(
        "account.move", string="Payment entry", readonly=True, copy=False
    )
    cancel_move_id = fields.Many2one(
        "account.move",
        string="Cancellation entry",
        readonly=True,
        copy=False,
        help="For a share due but unpaid when its member left: the entry that cancelled it.",
    )
    payment_date = fields.Date(
        copy=False, help="Date the money of a due share or of a refund was received or paid out."
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("posted", "Posted"),
            ("paid", "Paid"),
            ("cancelled", "Cancelled unpaid on leaving"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    source_key = fields.Char(
        readonly=True,
        copy=False,
        help="Unique key of what caused this contribution, so that it is never posted twice.",
    )
    note = fields.Char()

    _sql_constraints = [
        ("amount_positive", "CHECK(amount > 0)", "A contribution's amount must be positive."),
        (
            "source_key_unique",
            "UNIQUE(company_id, source_key)",
            "This contribution has already been recorded (same source).",
        ),
    ]

    @api.depends("kind", "partner_id", "date")
    def _compute_name(self):
        for rec in self:
            # the entries' label: in the cooperative's language, whoever records it
            book = rec._coop_book_env()
            kinds = dict(self._fields["kind"]._description_selection(book))
            person = rec.partner_id.display_name or ""
            rec.name = f"{kinds.get(rec.kind, '')} {person} {coop_date(book, rec.date)}"

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                self._coop_check_system_values(vals)
                fname = next((f for f in ACTION_FIELDS if vals.get(f) and vals[f] != "draft"), None)
                if fname:
                    person = self.env["res.partner"].browse(vals.get("partner_id"))
                    raise UserError(
                        self.env._(
                            "A new contribution of %(person)s cannot be created with %(field)s "
                            "set: create it as a draft, then Post it and Register its payment.",
                            person=person.display_name,
                            field=self._fields[fname].string,
                        )
                    )
        return super().create(vals_list)

    def _coop_check_system_values(self, vals):
        person = self.env["res.partner"].browse(vals.get("partner_id")).display_name or "—"
        if vals.get("kind") == "share_refund":
            raise UserError(
                self.env._(
                    "A share refund of %(person)s is made by their exit (Leaving), for the share "
                    "capital they paid: it cannot be created by hand.",
                    person=person,
                )
            )
        fname = next((f for f in sorted(SYSTEM_FIELDS) if vals.get(f)), None)
        if fname:
            raise UserError(
                self.env._(
                    "A contribution of %(person)s cannot be created with %(field)s: it is set "
                    "by the cooperative's own actions (the entry fee from cashback, the exit).",
                    person=person,
                    field=self._fields[fname].string,
                )
            )

    def write(self, vals):
        if not self.env.su:
            for rec, fname in coop_changed_fields(self, vals, SYSTEM_FIELDS):
                raise UserError(
                    self.env._(
                        "%(record)s: %(field)s is set by the cooperative's own actions (the "
                        "entry fee from cashback, the exit), not by hand.",
                        record=rec.display_name,
                        field=self._fields[fname].string,
                    )
                )
            for rec, fname in coop_changed_fields(self, vals, ACTION_FIELDS):
                raise UserError(
                    self.env._(
                        "%(record)s: %(field)s changes only through the actions (Post, Register "
                        "payment, leaving), so that it always says what the books say.",
                        record=rec.display_name,
                        field=self._fields[fname].string,
                    )
                )
        posted = self.filtered(lambda c: c.state != "draft")
        for rec, fname in coop_changed_fields(posted, vals, POSTED_FIELDS):
            raise UserError(
                self.env._(
                    "%(record)s is posted: its %(field)s cannot be changed; post a correcting "
                    "contribution.",
                    record=rec.display_name,
                    field=self._fields[fname].string,
                )
            )
        settled = self.filtered(lambda c: c.state not in ("draft", "posted"))
        for rec, fname in coop_changed_fields(settled, vals, PAID_FIELDS):
            raise UserError(
                self.env._(
                    "%(record)s: the payment of a paid contribution cannot be changed (%(field)s).",
                    record=rec.display_name,
                    field=self._fields[fname].string,
                )
            )
        return super().write(vals)

    def _coop_write_outcome(self, vals):
        """The actions' own writes of what happened (state, entries), as the system: only
        after the action's checks; tracked in the cooperative's language (now: Odoo tracks in
        the language of the call's first write)."""
        records = self.with_env(self[:1]._coop_book_env()).sudo()
        records.write(vals)
        records._track_finalize()
        return True

    @api.ondelete(at_uninstall=False)
    def _unlink_if_draft(self):
        if any(rec.state != "draft" for rec in self):
            raise UserError(self.env._("A posted contribution cannot be deleted."))

    # ------------------------------------------------------------------ posting

    def _coop_account(self, fname):
        if not self.company_id[fname]:
            self.company_id._coop_setup()
        account = self.company_id[fname]
        if not account:
            raise UserError(
                self.env._(
                    "The cooperative's accounts of %(company)s are not set (%(field)s). Open "
                    "Cooperative > Configuration > Settings.",
                    company=self.company_id.name,
                    field=self.company_id._fields[fname].string,
                )
            )
        return account

    def _liquidity_account(self, journal):
        """The cash or bank account of ``journal``, read as the system (officers hold no
        accounting rights) once it is known to be a cash or bank journal of this cooperative."""
        journal = journal.sudo()
        if journal.company_id != self.company_id or journal.type not in ("cash", "bank"):
            raise ValidationError(
                self.env._(
                    "%(name)s: %(journal)s is not a cash or bank journal of %(company)s (Paid "
                    "through).",
                    name=self.display_name,
                    journal=journal.display_name,
                    company=self.company_id.name,
                )
            )
        if not journal.default_account_id:
            raise UserError(
                self.env._("Journal %(journal)s has no default account.", journal=journal.name)
            )
        return journal.default_account_id

    def _line(self, account, debit, credit, label, partner=None, **extra):
        return Command.create(
            {
                "account_id": account.id,
                "partner_id": (partner or self.partner_id).id,
                "name": label,
                "debit": debit,
                "credit": credit,
                **extra,
            }
        )

    def _create_move(self, journal, date, lines, ref, partner=None):
        move = (
            self.env["account.move"]
            .sudo()
            .with_company(self.company_id)
            .create(
                {
                    "move_type": "entry",
                    "journal_id": journal.id,
                    "date": date,
                    "ref": ref,
                    "partner_id": (partner or self.partner_id).id,
                    "line_ids": lines,
                }
            )
        )
        move.action_post()
        self.partner_id.invalidate_recordset(["coop_share_capital"])
        return move

    def action_post(self):
        """Button: post each draft contribution in the books (and settle it at once when it
        says how it was paid)."""
        self.check_access("write")
        for rec in self:
            if rec.state != "draft":
                raise UserError(self.env._("%(name)s is already posted.", name=rec.display_name))
            rec._check_allowed()
            if rec.kind == "entry_fee":
                rec._coop_post_entry_fee()
            elif rec.kind in SHARES:
                rec._coop_post_share()
            elif rec.kind == "share_refund":
                rec._coop_post_refund()
        self.partner_id._coop_check_membership()
        return True

    def _coop_post_entry_fee(self):
        debit = self.debit_account_id or (
            self.payment_journal_id and self._liquidity_account(self.payment_journal_id)
        )
        if not debit:
            raise UserError(
                self.env._(
                    "Say how the entry fee of %(person)s was paid (Paid through).",
                    person=self.partner_id.display_name,
                )
            )
        fee = self._coop_account("coop_entry_fee_account_id")
        move = self._create_move(
            self.payment_journal_id or self.company_id._coop_journal(),
            self.date,
            [
                self._line(debit, self.amount, 0.0, self.name),
                self._line(fee, 0.0, self.amount, self.name),
            ],
            self.name,
        )
        self._coop_write_outcome({"move_id": move.id, "state": "paid", "payment_date": self.date})

    def _coop_post_share(self):
        due = self._coop_account("coop_share_receivable_account_id")
        fund = self._coop_account("coop_share_fund_account_id")
        move = self._create_move(
            self.company_id._coop_journal(),
            self.date,
            [
                self._line(due, self.amount, 0.0, self.name),
                self._line(fund, 0.0, self.amount, self.name),
            ],
            self.name,
        )
        self._coop_write_outcome({"move_id": move.id, "state": "posted"})
        if self.payment_journal_id:
            self._coop_pay(self.payment_journal_id, self.date)

    def _coop_post_refund(self):
        """Dr share fund (the person) / Cr refunds payable (whom it is owed to)."""
        fund = self._coop_account("coop_share_fund_account_id")
        payable = self._coop_account("coop_share_refund_account_id")
        due_date = self.due_date or self.date + relativedelta(days=self.company_id.coop_refund_days)
        payee = self.payee_id or self.partner_id
        move = self._create_move(
            self.company_id._coop_journal(),
            self.date,
            [
                self._line(fund, self.amount, 0.0, self.name),
                self._line(
                    payable, 0.0, self.amount, self.name, partner=payee, date_maturity=due_date
                ),
            ],
            self.name,
        )
        self._coop_write_outcome({"move_id": move.id, "state": "posted", "due_date": due_date})
        if self.payment_journal_id:
            self._coop_pay(self.payment_journal_id, self.date)

    def _coop_pay(self, journal, date=None):
        """Record the money of a posted share (received) or share refund (paid out, to whom it
        is owed), reconciled with what it settles. Callers check access and the journal."""
        for rec in self:
            if rec.state != "posted":
                raise UserError(
                    self.env._("%(name)s is not waiting for a payment.", name=rec.display_name)
                )
            date = date or fields.Date.context_today(self)
            cash = rec._liquidity_account(journal)
            label = rec._coop_book_env()._("Payment: %(name)s", name=rec.name)
            payee = rec.payee_id or rec.partner_id
            if rec.kind == "share_refund":
                account = rec._coop_account("coop_share_refund_account_id")
                lines = [
                    rec._line(account, rec.amount, 0.0, label, partner=payee),
                    rec._line(cash, 0.0, rec.amount, label, partner=payee),
                ]
            else:
                account = rec._coop_account("coop_share_receivable_account_id")
                lines = [
                    rec._line(cash, rec.amount, 0.0, label),
                    rec._line(account, 0.0, rec.amount, label),
                ]
            payment = rec._create_move(journal, date, lines, label, partner=payee)
            (rec.move_id | payment).sudo().line_ids.filtered(
                lambda line, acc=account: line.account_id == acc
            ).reconcile()
            rec._coop_write_outcome(
                {
                    "payment_move_id": payment.id,
                    "payment_journal_id": journal.id,
                    "payment_date": date,
                    "state": "paid",
                }
            )
        self.partner_id._coop_check_membership()
        return True

    def action_register_payment(self):
        """Button: the money of a due share came in, or a refund went out, through the journal
        and on the date given on the form (today if none)."""
        self.check_access("write")
        for rec in self:
            if not rec.payment_journal_id:
                raise UserError(
                    self.env._(
                        "Choose the cash or bank journal (Paid through) for %(name)s.",
                        name=rec.display_name,
                    )
                )
            rec._coop_pay(rec.payment_journal_id, rec.payment_date)
        return True

    def action_coop_pay(self, journal_id, date=False):
        """Register the payment of posted contributions over RPC (Officer group): the money of
        a due share came in, or a refund went out.

        :param int journal_id: a cash or bank journal of the contributions' cooperative
        :param str date: the payment date (``YYYY-MM-DD``; today if not given)
        """
        if not self.env.user.has_group("coop_membership.group_officer"):
            raise AccessError(
                self.env._("Registering payments needs the Cooperative / Officer group.")
            )
        self.check_access("write")
        if not isinstance(journal_id, int) or isinstance(journal_id, bool):
            raise ValidationError(self.env._("journal_id must be the id of a journal."))
        try:
            date = fields.Date.to_date(date) if date else None
        except ValueError as error:
            raise ValidationError(
                self.env._("date must be a date (YYYY-MM-DD), got %(date)s.", date=date)
            ) from error
        # checked as a cash or bank journal of each contribution's cooperative when paying
        journal = self.env["account.journal"].sudo().browse(journal_id).exists()
        if not journal:
            raise ValidationError(
                self.env._("Journal #%(journal)s does not exist.", journal=journal_id)
            )
        return self._coop_pay(journal, date)

    def _coop_cancel_unpaid(self, date, reason):
        """Shares still due (posted, not paid) when their member leaves: cancelled, Dr share
        fund / Cr 75.01 reconciled with the due line, so that only paid shares are refunded."""
        for rec in self:
            if rec.kind not in SHARES or rec.state != "posted":
                raise UserError(
                    self.env._("%(name)s is not a share due but unpaid.", name=rec.display_name)
                )
            due = rec._coop_account("coop_share_receivable_account_id")
            fund = rec._coop_account("coop_share_fund_account_id")
            label = rec._coop_book_env()._(
                "Cancelled, unpaid on leaving: %(name)s (%(reason)s)", name=rec.name, reason=reason
            )
            move = rec._create_move(
                rec.company_id._coop_journal(),
                max(date, rec.date),
                [
                    rec._line(fund, rec.amount, 0.0, label),
                    rec._line(due, 0.0, rec.amount, label),
                ],
                label,
            )
            (rec.move_id | move).sudo().line_ids.filtered(
                lambda line, acc=due: line.account_id == acc
            ).reconcile()
            rec._coop_write_outcome({"cancel_move_id": move.id, "state": "cancelled"})
        return True

    def _coop_book_env(self):
        """The environment in which texts stored with this contribution (entry labels) are
        written: the cooperative's language (its books), whoever records it."""
        return coop_company_env(self, self.company_id[:1])

    def _check_allowed(self):
        """Which contribution each state of the person allows."""
        self.ensure_one()
        state = self.partner_id.coop_state
        allowed = {
            # before the decision only from a non-cash source (cashback), which the refusal
            # gives back; in cash once admitted
            "entry_fee": ("applicant", "admitted") if self.debit_account_id else ("admitted",),
            "mandatory_share": ("admitted",),
            "additional_share": ("member",),
            "share_refund": ("leaving",),
        }[self.kind]
        if state not in allowed:
            states = dict(self.partner_id._fields["coop_state"]._description_selection(self.env))
            states[False] = self.env._("not registered")
            raise ValidationError(
                self.env._(
                    "%(kind)s of %(person)s cannot be recorded: the person is %(state)s "
                    "(allowed: %(allowed)s).",
                    kind=dict(self._fields["kind"]._description_selection(self.env))[self.kind],
                    person=self.partner_id.display_name,
                    state=states[state],
                    allowed=", ".join(states[s] for s in allowed),
                )
            )
        if self.kind == "entry_fee" and self.search_count(
            [
                ("partner_id", "=", self.partner_id.id),
                ("kind", "=", "entry_fee"),
                ("state", "!=", "draft"),
                ("id", "!=", self.id),
                ("date", ">=", self.partner_id._coop_application_date() or "1900-01-01"),
            ]
        ):
            raise ValidationError(
                self.env._(
                    "%(person)s has already paid the entry fee for this application.",
                    person=self.partner_id.display_name,
                )
            )
        if self.kind in ("entry_fee", "mandatory_share"):
            required = self.env["coop.fee.version"]._coop_amount(
                "entry_fee" if self.kind == "entry_fee" else "mandatory_share",
                self.date,
                self.company_id,
            )
            if self.currency_id.compare_amounts(self.amount, required):
                raise ValidationError(
                    self.env._(
                        "%(kind)s of %(person)s: the amount is %(amount)s but the general meeting "
                        "set %(required)s in force on %(date)s (Amount).",
                        kind=dict(self._fields["kind"]._description_selection(self.env))[self.kind],
                        person=self.partner_id.display_name,
                        amount=self._coop_format_amount(self.amount),
                        required=self._coop_format_amount(required),
                        date=self._coop_format_date(self.date),
                    )
                )
        if self.partner_id.coop_frozen and self.kind != "share_refund":
            raise ValidationError(
                self.env._(
                    "The account of %(person)s is frozen (death registered).",
                    person=self.partner_id.display_name,
                )
            )
