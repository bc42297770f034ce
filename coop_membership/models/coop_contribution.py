from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

KINDS = [
    ("entry_fee", "Entry fee"),
    ("mandatory_share", "Mandatory share"),
    ("additional_share", "Additional share"),
    ("share_refund", "Share refund"),
]


class CoopContribution(models.Model):
    """Money between a person and the cooperative's funds, each posted in accounting:

    ============== ============================================== ===============================
    kind           posted when recorded                           settled by ``action_pay``
    ============== ============================================== ===============================
    entry fee      Dr cash/bank (or the given debit account)      (paid when recorded)
                   / Cr entry fees (86.01)
    share          Dr share contributions due (75.01)             Dr cash/bank / Cr 75.01,
                   / Cr share fund (80.01)                        reconciled with the due line
    share refund   Dr share fund (80.01) / Cr share refunds       Dr 75.03 / Cr cash/bank,
                   payable (75.03), due after the refund period   reconciled with the payable
    ============== ============================================== ===============================

    Every line carries the person. A ``source_key`` makes each posting unique, so a retried call
    never posts twice."""

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
    move_id = fields.Many2one("account.move", string="Entry", readonly=True, copy=False)
    payment_move_id = fields.Many2one(
        "account.move", string="Payment entry", readonly=True, copy=False
    )
    payment_date = fields.Date(
        copy=False, help="Date the money of a due share or of a refund was received or paid out."
    )
    state = fields.Selection(
        [("draft", "Draft"), ("posted", "Posted"), ("paid", "Paid")],
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
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for rec in self:
            rec.name = (
                f"{kinds.get(rec.kind, '')} {rec.partner_id.display_name or ''} {rec.date or ''}"
            )

    def write(self, vals):
        locked = {"partner_id", "company_id", "kind", "amount", "date", "debit_account_id"}
        if locked & vals.keys() and any(rec.state != "draft" for rec in self):
            raise UserError(
                self.env._("A posted contribution cannot be changed; post a correcting one.")
            )
        paid = {"payment_date", "payment_journal_id"}
        if paid & vals.keys() and any(rec.state == "paid" for rec in self):
            raise UserError(self.env._("The payment of a paid contribution cannot be changed."))
        return super().write(vals)

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
        if not journal.default_account_id:
            raise UserError(
                self.env._("Journal %(journal)s has no default account.", journal=journal.name)
            )
        return journal.default_account_id

    def _line(self, account, debit, credit, label, **extra):
        return Command.create(
            {
                "account_id": account.id,
                "partner_id": self.partner_id.id,
                "name": label,
                "debit": debit,
                "credit": credit,
                **extra,
            }
        )

    def _create_move(self, journal, date, lines, ref):
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
                    "partner_id": self.partner_id.id,
                    "line_ids": lines,
                }
            )
        )
        move.action_post()
        self.partner_id.invalidate_recordset(["coop_share_capital"])
        return move

    def action_post(self):
        for rec in self:
            if rec.state != "draft":
                raise UserError(self.env._("%(name)s is already posted.", name=rec.name))
            rec._check_allowed()
            label = rec.name
            if rec.kind == "entry_fee":
                debit = rec.debit_account_id or (
                    rec.payment_journal_id and rec._liquidity_account(rec.payment_journal_id)
                )
                if not debit:
                    raise UserError(
                        self.env._(
                            "Say how the entry fee of %(person)s was paid (Paid through).",
                            person=rec.partner_id.display_name,
                        )
                    )
                journal = rec.payment_journal_id or rec.company_id._coop_journal()
                fee = rec._coop_account("coop_entry_fee_account_id")
                move = rec._create_move(
                    journal,
                    rec.date,
                    [
                        rec._line(debit, rec.amount, 0.0, label),
                        rec._line(fee, 0.0, rec.amount, label),
                    ],
                    label,
                )
                rec.write({"move_id": move.id, "state": "paid", "payment_date": rec.date})
            elif rec.kind in ("mandatory_share", "additional_share"):
                due = rec._coop_account("coop_share_receivable_account_id")
                fund = rec._coop_account("coop_share_fund_account_id")
                move = rec._create_move(
                    rec.company_id._coop_journal(),
                    rec.date,
                    [
                        rec._line(due, rec.amount, 0.0, label),
                        rec._line(fund, 0.0, rec.amount, label),
                    ],
                    label,
                )
                rec.write({"move_id": move.id, "state": "posted"})
                if rec.payment_journal_id:
                    rec.action_pay(rec.payment_journal_id, rec.date)
            elif rec.kind == "share_refund":
                fund = rec._coop_account("coop_share_fund_account_id")
                payable = rec._coop_account("coop_share_refund_account_id")
                due_date = rec.due_date or rec.date + relativedelta(
                    days=rec.company_id.coop_refund_days
                )
                move = rec._create_move(
                    rec.company_id._coop_journal(),
                    rec.date,
                    [
                        rec._line(fund, rec.amount, 0.0, label),
                        rec._line(payable, 0.0, rec.amount, label, date_maturity=due_date),
                    ],
                    label,
                )
                rec.write({"move_id": move.id, "state": "posted", "due_date": due_date})
                if rec.payment_journal_id:
                    rec.action_pay(rec.payment_journal_id, rec.date)
        self.partner_id._coop_check_membership()

    def action_pay(self, journal, date=None):
        """Record the money of a posted share (received) or share refund (paid out)."""
        for rec in self:
            if rec.state != "posted":
                raise UserError(self.env._("%(name)s is not waiting for a payment.", name=rec.name))
            date = date or fields.Date.context_today(self)
            cash = rec._liquidity_account(journal)
            label = self.env._("Payment: %(name)s", name=rec.name)
            if rec.kind == "share_refund":
                account = rec._coop_account("coop_share_refund_account_id")
                lines = [
                    rec._line(account, rec.amount, 0.0, label),
                    rec._line(cash, 0.0, rec.amount, label),
                ]
            else:
                account = rec._coop_account("coop_share_receivable_account_id")
                lines = [
                    rec._line(cash, rec.amount, 0.0, label),
                    rec._line(account, 0.0, rec.amount, label),
                ]
            payment = rec._create_move(journal, date, lines, label)
            (rec.move_id.line_ids | payment.line_ids).sudo().filtered(
                lambda line, acc=account: line.account_id == acc
            ).reconcile()
            rec.write(
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
        for rec in self:
            if not rec.payment_journal_id:
                raise UserError(
                    self.env._(
                        "Choose the cash or bank journal (Paid through) for %(name)s.",
                        name=rec.name,
                    )
                )
            rec.action_pay(rec.payment_journal_id, rec.payment_date)
        return True

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
                        amount=self.amount,
                        required=required,
                        date=self.date,
                    )
                )
        if self.partner_id.coop_frozen and self.kind != "share_refund":
            raise ValidationError(
                self.env._(
                    "The account of %(person)s is frozen (death registered).",
                    person=self.partner_id.display_name,
                )
            )
