from odoo import fields, models
from odoo.tools.translate import LazyTranslate

from odoo.addons.coop_membership.models.coop_state_event import coop_company_env

_lt = LazyTranslate(__name__)

# By the codes of the Russian chart (l10n_ru_coop); created with these codes when missing.
PARTNER_ACCOUNTS = {
    "coop_partner_settlement_account_id": (
        "76.10", _lt("Partner businesses: settlements"), "asset_current", True),
    "coop_partner_commission_account_id": (
        "90.04", _lt("Commission from partner businesses"), "income", False),
}  # fmt: skip

POST_CHUNK = 2_000  # people (lines) per journal entry when booking partner cashback


class ResCompany(models.Model):
    _inherit = "res.company"

    coop_partner_settlement_account_id = fields.Many2one(
        "account.account",
        string="Partner businesses: settlements (76.10)",
        check_company=True,
        help="What partner businesses owe for the cashback their sales earned people, until "
        "invoiced in a settlement.",
    )
    coop_partner_commission_account_id = fields.Many2one(
        "account.account",
        string="Commission from partner businesses (90.04)",
        check_company=True,
    )

    def _coop_setup(self):
        res = super()._coop_setup()
        for company in self.filtered("chart_template"):
            if vals := company._coop_ensure_accounts(PARTNER_ACCOUNTS):
                company.sudo().write(vals)
        return res

    def _coop_partner_account(self, fname):
        self.ensure_one()
        if not self[fname]:
            self._coop_setup()
        return self[fname] or self._coop_cashback_account(fname)

    def _coop_post_partner_cashback(self):
        """Book the partner businesses' cashback not in the books yet, one journal entry per
        batch of ledger entries: Cr cashback liability per person, Dr partner businesses'
        settlements per business. Returns the journal entries."""
        entries = self.env["account.move"]
        Move = self.env["coop.cashback.move"].sudo()
        for company in self:
            moves = Move.search(
                [
                    ("company_id", "=", company.id),
                    ("channel", "=", "partner"),
                    ("account_move_id", "=", False),
                ],
                order="id",
            )
            if not moves:
                continue
            settlements = company._coop_partner_account("coop_partner_settlement_account_id")
            # a journal entry has a line per person: chunks of people, not of ledger entries
            by_person = moves.grouped("partner_id")
            people = list(by_person)
            for start in range(0, len(people), POST_CHUNK):
                chunk = Move.concat(*(by_person[p] for p in people[start : start + POST_CHUNK]))
                entries |= company._coop_post_cashback_moves(
                    chunk,
                    coop_company_env(company, company)._("Cashback from partner businesses"),
                    counterpart=settlements,
                    counterpart_partner=lambda move: move.coop_partner_transaction_id.business_id,
                )
        return entries

    def _coop_cron_post_partner_cashback(self):
        self.search([])._coop_post_partner_cashback()
