from collections import defaultdict

from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

# By the codes of the Russian chart (l10n_ru_coop); created with these codes when missing.
CASHBACK_ACCOUNTS = {
    "coop_cashback_liability_account_id": (
        "76.09", _lt("Cashback owed to shoppers and members"), "liability_current", False),
    "coop_cashback_expense_account_id": (
        "44.09", _lt("Cashback to shoppers and members"), "expense", False),
}  # fmt: skip


class ResCompany(models.Model):
    _inherit = "res.company"

    coop_cashback_liability_account_id = fields.Many2one(
        "account.account",
        string="Cashback liability (76.09)",
        check_company=True,
        help="What the cooperative owes people in cashback, per person (partner on every line).",
    )
    coop_cashback_expense_account_id = fields.Many2one(
        "account.account", string="Cashback expense (44.09)", check_company=True
    )
    coop_cashback_hold_days = fields.Integer(
        string="Cashback hold (days)",
        default=0,
        help="Days an accrual waits before it can be spent (e.g. the return period).",
    )
    coop_cashback_expiry_days = fields.Integer(
        string="Cashback expires after (days)",
        default=0,
        help="Cashback earned from now on expires this many days after it was earned; 0: "
        "never. Each credit keeps the expiry date it was given (a change applies to new "
        "cashback only).",
    )
    coop_cashback_overdraft_user_id = fields.Many2one(
        "res.users",
        string="Told of cashback overdrafts",
        help="Gets an activity on the person when a sale synced late took their cashback below "
        "zero. Empty: the first manager of the cooperative.",
    )
    coop_cashback_expired_until = fields.Date(
        string="Cashback expired until",
        readonly=True,
        help="Credits expiring up to this date have been checked for expiry.",
    )
    coop_cashback_expiry_started_at = fields.Datetime(
        readonly=True, help="When the expiry run in progress (or the last one) started."
    )
    coop_cashback_expiry_limit = fields.Date(
        readonly=True, help="Cashback earned up to this date expires in the run in progress."
    )
    coop_cashback_expiry_checked_at = fields.Datetime(
        readonly=True,
        help="Credits recorded since then are checked for expiry whatever their date (a "
        "partner's sale matched late carries the date of the sale).",
    )
    coop_cashback_expiry_cursor = fields.Integer(
        readonly=True,
        help="The expiry run in progress has done the people up to this id (0: none running).",
    )
    coop_cashback_excluded_categ_ids = fields.Many2many(
        "product.category",
        string="Never earn cashback",
        help="Product categories that never earn cashback (e.g. tobacco, alcohol).",
    )

    def _coop_setup(self):
        res = super()._coop_setup()
        for company in self.filtered("chart_template"):
            if vals := company._coop_ensure_accounts(CASHBACK_ACCOUNTS):
                company.sudo().write(vals)
        return res

    def _coop_is_cooperative(self):
        """A company is a cooperative once it has the cooperative's books or people; another
        company of the same database (a shop, a holding) is left as Odoo made it."""
        self.ensure_one()
        if self.coop_journal_id or self.coop_cashback_liability_account_id:
            return True
        return bool(
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search_count([("company_id", "=", self.id), ("coop_state", "!=", False)], limit=1)
        )

    def _coop_cashback_account(self, fname):
        """The company's cashback account ``fname``, set up when missing (a company whose
        chart came before this addon, or demo data loaded before the install hook)."""
        self.ensure_one()
        if not self[fname]:
            self._coop_setup()
        if not self[fname]:
            raise UserError(
                self.env._(
                    "%(company)s has no chart of accounts for cashback (%(field)s): load a chart "
                    "of accounts, then check Settings > Cooperative.",
                    company=self.name,
                    field=self._fields[fname].string,
                )
            )
        return self[fname]

    def _coop_post_cashback_moves(
        self, moves, ref, date=None, counterpart=None, counterpart_partner=None
    ):
        """Post cashback ledger entries in one journal entry of the cooperative journal: per
        person, Cr cashback liability for what they are owed more (Dr for less), against the
        cashback expense (or ``counterpart``), per person too, or per
        ``counterpart_partner(ledger entry)`` (e.g. the partner business funding it).
        Returns the journal entry."""
        self.ensure_one()
        liability = self._coop_cashback_account("coop_cashback_liability_account_id")
        counter = counterpart or self._coop_cashback_account("coop_cashback_expense_account_id")
        analytics = self._coop_analytics_apply()
        totals = defaultdict(float)
        counter_totals = defaultdict(float)
        for move in moves:
            totals[move.partner_id] += move.amount
            other = counterpart_partner(move) if counterpart_partner else move.partner_id
            counter_totals[other] += move.amount
        lines = []
        for account, sign, amounts in ((liability, 1, totals), (counter, -1, counter_totals)):
            for partner, amount in amounts.items():
                if self.currency_id.is_zero(amount):
                    continue
                line = {
                    "account_id": account.id,
                    "partner_id": partner.id,
                    "name": ref,
                    "debit": max(-sign * amount, 0.0),
                    "credit": max(sign * amount, 0.0),
                }
                if not analytics:
                    line["analytic_distribution"] = False
                lines.append(Command.create(line))
        if not lines:
            moves.sudo().write({"account_move_id": False})
            return self.env["account.move"]
        entry = (
            self.env["account.move"]
            .sudo()
            .with_company(self)
            .create({
                "move_type": "entry",
                "journal_id": self.coop_journal_id.id,
                "date": date or fields.Date.context_today(self),
                "ref": ref,
                "line_ids": lines,
            })
        )  # fmt: skip
        entry.action_post()
        moves.sudo().write({"account_move_id": entry.id})
        return entry

    def _coop_analytics_apply(self):
        """Whether an analytic distribution model could apply to the company's journal items.
        When none can, the cashback entries say so: Odoo would otherwise look for one per line
        (per person, as each line names its person), about a third of the time it takes to
        post the expiry of 500 people."""
        self.ensure_one()
        Model = self.env["account.analytic.distribution.model"].sudo()
        return bool(Model.search_count([("company_id", "in", [self.id, False])], limit=1))
