"""The fee or share as staff see it: its title, the amount in force filled in, amounts and
dates in the reader's language, and totals that never add fees, shares and refunds up."""

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import format_date
from odoo.tools.misc import formatLang

IN_FORCE = ("entry_fee", "mandatory_share")  # amounts the general meeting sets (fee versions)


class CoopContribution(models.Model):
    _inherit = "coop.contribution"

    @api.depends("kind", "partner_id", "date")
    @api.depends_context("lang")
    def _compute_display_name(self):
        """The kind, the person and the date, in the reader's language: "Entry fee — Иванов
        Иван — 30.11.2026"; nothing for a new one without a kind or a person."""
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for rec in self:
            parts = [kinds.get(rec.kind), rec.partner_id.display_name]
            if any(parts):
                parts.append(rec._coop_format_date(rec.date))
            rec.display_name = " — ".join(part for part in parts if part)

    @api.onchange("kind", "date", "company_id")
    def _onchange_coop_amount_in_force(self):
        """An entry fee or a mandatory share: the amount the general meeting set, in force on
        the date (it can be nothing else)."""
        if self.state != "draft" or self.kind not in IN_FORCE or not self.date:
            return None
        try:
            self.amount = self.env["coop.fee.version"]._coop_amount(
                self.kind, self.date, self.company_id
            )
        except UserError as error:
            return {"warning": {"title": self.env._("No amount in force"), "message": str(error)}}
        return None

    def _coop_format_amount(self, amount):
        """``amount`` in this contribution's currency, as the reader writes it (1 000,00 ₽)."""
        return formatLang(
            self.env, amount, currency_obj=self.currency_id or self.env.company.currency_id
        )

    def _coop_format_date(self, date):
        """``date`` as the reader writes it (30.11.2026 in Russian); empty for no date."""
        return format_date(self.env, date) if date else ""

    @api.model
    def web_read_group(
        self, domain, fields, groupby, limit=None, offset=0, orderby=False, lazy=True
    ):
        """Lists total amounts within a kind only: grouped by kind, or with one kind in the
        search; grouped otherwise (by person, month...) the groups show no amount total."""
        if not self._coop_totals_one_kind(domain, groupby, lazy):
            fields = [f for f in fields if f.split(":")[0] != "amount"]
        return super().web_read_group(domain, fields, groupby, limit, offset, orderby, lazy)

    @api.model
    def _coop_totals_one_kind(self, domain, groupby, lazy=True):
        groupby = [groupby] if isinstance(groupby, str) else list(groupby or [])
        first = groupby[:1] if lazy else groupby
        if "kind" in [spec.split(":")[0] for spec in first]:
            return True
        return len(self._read_group(domain or [], ["kind"], limit=2)) <= 1
