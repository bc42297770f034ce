from odoo import fields, models
from odoo.exceptions import UserError

from ..models.coop_state_event import coop_company_env


class CoopExitWizard(models.TransientModel):
    """A member leaves: voluntary exit, expulsion by the general meeting, or death. Shares due
    but unpaid are cancelled; the share capital paid becomes a refund payable, due within the
    charter's period, owed to the member or, on a death, to the heir; the entry fee is never
    refunded."""

    _name = "coop.exit.wizard"
    _description = "Member leaving the cooperative"

    partner_id = fields.Many2one("res.partner", string="Member", required=True)
    kind = fields.Selection(
        [("exit", "Voluntary exit"), ("expulsion", "Expulsion"), ("death", "Death")],
        required=True,
        default="exit",
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    reason = fields.Char(
        required=True, help="The member's application, the meeting's reason, or the death record."
    )
    decision_ref = fields.Char(
        string="General meeting decision",
        help="Number and date of the general meeting's decision (required for an expulsion).",
    )
    heir_id = fields.Many2one(
        "res.partner",
        domain="[('id', '!=', partner_id), ('company_id', 'in', (False, company_id))]",
        help="For a death (required): the heir the share's value is owed and paid out to; the "
        "refund payable is in their name.",
    )
    company_id = fields.Many2one(related="partner_id.company_id")

    def action_confirm(self):
        self.ensure_one()
        partner = self.partner_id
        self.env["coop.contribution"].check_access("create")
        partner.check_access("read")
        self._check_confirm()
        reason = self._coop_reason()
        partner.sudo().write({"coop_exit_kind": self.kind, "coop_frozen": self.kind == "death"})
        partner._coop_set_state("leaving", reason, date=self.date)
        unpaid = partner.coop_contribution_ids.filtered(
            lambda c: c.kind in ("mandatory_share", "additional_share") and c.state == "posted"
        )
        unpaid._coop_cancel_unpaid(self.date, reason)
        partner.invalidate_recordset(["coop_share_capital"])
        capital = partner.coop_share_capital
        if partner.coop_currency_id.compare_amounts(capital, 0.0) > 0:
            # as the system, after the checks above: a refund is made by the exit only
            refund = (
                self.env["coop.contribution"]
                .sudo()
                .create(
                    {
                        "partner_id": partner.id,
                        "company_id": partner.company_id.id,
                        "kind": "share_refund",
                        "amount": capital,
                        "date": self.date,
                        "payee_id": self.heir_id.id if self.kind == "death" else False,
                        "note": reason,
                    }
                )
            )
            refund.with_env(self.env).action_post()
        else:
            partner._coop_check_membership()
        return {"type": "ir.actions.act_window_close"}

    def _check_confirm(self):
        partner = self.partner_id
        if partner.coop_state != "member":
            raise UserError(self.env._("%(person)s is not a member.", person=partner.display_name))
        if self.kind == "expulsion" and not self.decision_ref:
            raise UserError(
                self.env._(
                    "Only the general meeting expels a member: give its decision (General "
                    "meeting decision) for %(person)s.",
                    person=partner.display_name,
                )
            )
        if self.kind == "death" and not self.heir_id:
            raise UserError(
                self.env._(
                    "The share of %(person)s is owed to the heir: choose the heir (Heir).",
                    person=partner.display_name,
                )
            )
        heir = self.heir_id
        if self.kind == "death" and (
            heir == partner or (heir.company_id and heir.company_id != partner.company_id)
        ):
            raise UserError(
                self.env._(
                    "%(heir)s cannot be the heir of %(person)s: choose another person of "
                    "%(company)s (Heir).",
                    heir=heir.display_name,
                    person=partner.display_name,
                    company=partner.company_id.name,
                )
            )

    def _coop_reason(self):
        """Why the member leaves, in the words of the person's history (the cooperative's
        language, whoever records it)."""
        partner = self.partner_id
        wizard = self.with_env(coop_company_env(self, partner.company_id))
        kinds = dict(wizard._fields["kind"]._description_selection(wizard.env))
        reason = f"{kinds[self.kind]}: {self.reason}"
        if self.decision_ref:
            reason += f" ({self.decision_ref})"
        if self.kind == "death":
            reason += wizard.env._(", heir: %(heir)s", heir=self.heir_id.display_name)
        return reason
