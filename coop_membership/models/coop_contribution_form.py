"""The fee or share as staff see it: its title, the amount in force filled in, amounts and
dates in the reader's language, and totals that never add fees, shares and refunds up."""

from odoo import api, models
from odoo.exceptions import UserError

from .coop_format import coop_date, coop_money

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
        return coop_money(self.env, amount, self.currency_id or self.env.company.currency_id)

    def _coop_format_date(self, date):
        """``date`` as the reader writes it (30.11.2026 in Russian); empty for no date."""
        return coop_date(self.env, date)

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        """Amounts total within a kind only: grouped by kind, or with one kind in the search.
        Groups that mix kinds (by person or month alone, the pivot's totals across kinds, its
        grand total) have no amount, so the list and the pivot show none: an entry fee, a
        share and a refund do not add up (lists, pivot and graph all read groups here)."""
        groups = super().read_group(domain, fields, groupby, offset, limit, orderby, lazy)
        if groups and not self._coop_totals_one_kind(domain, groupby, lazy):
            grouped = {spec.split(":")[0] for spec in ([groupby] if isinstance(groupby, str)
                                                        else groupby or [])}  # fmt: skip
            names = {spec.split(":")[0] for spec in fields or [] if "amount" in spec}
            for group in groups:
                for name in (names | {"amount"}) - grouped:  # a group's own value stays
                    group.pop(name, None)
        return groups

    @api.model
    def _coop_totals_one_kind(self, domain, groupby, lazy=True):
        groupby = [groupby] if isinstance(groupby, str) else list(groupby or [])
        first = groupby[:1] if lazy else groupby
        if "kind" in [spec.split(":")[0] for spec in first]:
            return True
        return len(self._read_group(domain or [], ["kind"], limit=2)) <= 1
