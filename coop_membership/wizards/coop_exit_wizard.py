from odoo import fields, models
from odoo.exceptions import UserError


class CoopExitWizard(models.TransientModel):
    """A member leaves: voluntary exit, expulsion by the general meeting, or death. The share
    becomes a refund payable, due within the charter's period; the entry fee is never refunded."""

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
    heir_id = fields.Many2one("res.partner", help="For a death: who the share is paid out to.")

    def action_confirm(self):
        self.ensure_one()
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
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        reason = f"{kinds[self.kind]}: {self.reason}"
        if self.decision_ref:
            reason += f" ({self.decision_ref})"
        if self.heir_id:
            reason += self.env._(", heir: %(heir)s", heir=self.heir_id.display_name)
        partner.sudo().write({"coop_exit_kind": self.kind, "coop_frozen": self.kind == "death"})
        partner._coop_set_state("leaving", reason, date=self.date)
        capital = partner.coop_share_capital
        if partner.coop_currency_id.compare_amounts(capital, 0.0) > 0:
            refund = self.env["coop.contribution"].create(
                {
                    "partner_id": partner.id,
                    "company_id": partner.company_id.id,
                    "kind": "share_refund",
                    "amount": capital,
                    "date": self.date,
                    "note": reason,
                }
            )
            refund.action_post()
        else:
            partner._coop_check_membership()
        return {"type": "ir.actions.act_window_close"}
