from odoo import Command, api, fields, models
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)
# The cooperative's chart of accounts (l10n_ru_coop): a company that gets it is set up at once.
COOP_CHARTS = ("ru_coop",)
# The cooperative's accounts, by the codes of the Russian chart (l10n_ru_coop); created with
# these codes when a company's chart has no such account.
COOP_ACCOUNTS = {
    "coop_share_receivable_account_id": (
        "75.01",
        _lt("Members: share contributions due"),
        "asset_receivable",
        True,
    ),
    "coop_share_fund_account_id": ("80.01", _lt("Share fund"), "equity", False),
    "coop_share_refund_account_id": (
        "75.03",
        _lt("Members: share refunds payable"),
        "liability_payable",
        True,
    ),
    "coop_entry_fee_account_id": ("86.01", _lt("Targeted receipts: entry fees"), "equity", False),
}


class ResCompany(models.Model):
    _inherit = "res.company"

    coop_min_age = fields.Integer(
        string="Minimum age of members",
        default=16,
        help="Age a person must have reached on the application date (charter; 16 by law).",
    )
    coop_guardian_consent_under_18 = fields.Boolean(
        string="Under-18s need a guardian's consent",
        default=True,
    )
    coop_council_deadline_days = fields.Integer(
        string="Council decision deadline (days)",
        default=30,
        help="The council decides on an application within this many days of it.",
    )
    coop_refund_days = fields.Integer(
        string="Share refund period (days)",
        default=90,
        help="The share contribution is refunded within this many days of the exit (charter).",
    )
    coop_consent_text_version = fields.Char(
        string="Consent text version",
        default="1",
        help="Version of the consent texts the people sign now; stored with every consent.",
    )
    coop_journal_id = fields.Many2one(
        "account.journal",
        string="Cooperative journal",
        check_company=True,
        domain="[('type', '=', 'general')]",
        help="Journal of share contributions due, share refunds and other membership entries.",
    )
    coop_share_receivable_account_id = fields.Many2one(
        "account.account", string="Share contributions due (75.01)", check_company=True
    )
    coop_share_fund_account_id = fields.Many2one(
        "account.account", string="Share fund (80.01)", check_company=True
    )
    coop_share_refund_account_id = fields.Many2one(
        "account.account", string="Share refunds payable (75.03)", check_company=True
    )
    coop_entry_fee_account_id = fields.Many2one(
        "account.account", string="Entry fees (86.01)", check_company=True
    )
    coop_member_sequence_id = fields.Many2one(
        "ir.sequence", string="Member numbers", check_company=True, copy=False
    )

    def _coop_ensure_accounts(self, accounts):
        """Set each account field of ``accounts`` (``{field: (code, name, type, reconcile)}``)
        that is empty: to the company's account with that code, created when the chart has
        none. Returns the values to write."""
        self.ensure_one()
        Account = self.env["account.account"].sudo().with_company(self)
        vals = {}
        for fname, (code, name, account_type, reconcile) in accounts.items():
            if self[fname]:
                continue
            account = Account.search(
                [*Account._check_company_domain(self), ("code", "=", code)], limit=1
            ) or Account.create({
                "code": code,
                "name": str(name),
                "account_type": account_type,
                "reconcile": reconcile,
                "company_ids": [Command.link(self.id)],
            })  # fmt: skip
            vals[fname] = account.id
        return vals

    def _coop_setup(self):
        """Give each company with a chart of accounts the cooperative's accounts, journal and
        member-number sequence, where it has none yet (accounts by their codes, created when
        the chart has none). Safe to run again. Done when the cooperative's chart is loaded
        (``_coop_setup_all``); any other company gets them when it first needs them, so that a
        company that is no cooperative, in the same database, stays as Odoo made it."""
        for company in self.filtered("chart_template"):
            vals = company._coop_ensure_accounts(COOP_ACCOUNTS)
            if not company.coop_journal_id:
                journal = self.env["account.journal"].sudo().search(
                    [("company_id", "=", company.id), ("code", "=", "COOP")], limit=1
                ) or self.env["account.journal"].sudo().create(
                    {
                        "name": self.env._("Cooperative"),
                        "code": "COOP",
                        "type": "general",
                        "company_id": company.id,
                    }
                )
                vals["coop_journal_id"] = journal.id
            if not company.coop_member_sequence_id:
                vals["coop_member_sequence_id"] = (
                    self.env["ir.sequence"]
                    .sudo()
                    .create(
                        {
                            "name": self.env._("Member numbers (%s)", company.name),
                            "code": "coop.member",
                            "prefix": "",
                            "padding": 5,
                            "company_id": company.id,
                        }
                    )
                    .id
                )
            if vals:
                company.sudo().write(vals)

    @api.model
    def _coop_setup_all(self):
        """Set up the companies whose chart of accounts is the cooperative's."""
        self.search([("chart_template", "in", COOP_CHARTS)])._coop_setup()

    def _coop_journal(self):
        """The journal of the cooperative's entries (set up when first needed)."""
        self.ensure_one()
        if not self.coop_journal_id:
            self._coop_setup()
        return self.coop_journal_id

    def _coop_member_sequence(self):
        self.ensure_one()
        if not self.coop_member_sequence_id:
            self._coop_setup()
        return self.coop_member_sequence_id
