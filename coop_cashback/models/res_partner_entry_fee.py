from odoo import fields, models
from odoo.exceptions import AccessError, UserError


class ResPartner(models.Model):
    _inherit = "res.partner"

    def coop_pay_entry_fee_from_cashback(self, confirmed=False):
        """At the till, a shopper whose available cashback reaches the entry fee asks to pay
        the fee from it (``confirmed``: the person's explicit yes). The fee is posted against
        the cashback liability (Dr 76.09 / Cr 86.01), the cashback ledger records it, and the
        person becomes an applicant; the application is completed at the desk. Repeating the
        call changes nothing. Callable over RPC by the Cashier group."""
        self.ensure_one()
        if not self.env.user.has_group("coop_membership.group_cashier"):
            raise AccessError(
                self.env._("Paying the entry fee needs the Cooperative / Cashier group.")
            )
        if confirmed is not True:
            raise UserError(
                self.env._("%(person)s must say yes to paying the entry fee from cashback.",
                           person=self.display_name)
            )  # fmt: skip
        self.check_access("read")
        company = self.company_id or self.env.company
        if company not in self.env.user.company_ids:
            raise AccessError(
                self.env._("%(person)s belongs to another cooperative (%(company)s).",
                           person=self.display_name, company=company.name)
            )  # fmt: skip
        partner = self.sudo()
        key = f"res.partner:{partner.id}:entry-fee:{len(partner.coop_state_event_ids)}"
        Move = self.env["coop.cashback.move"]
        done = Move.sudo().search(
            [("company_id", "=", company.id), ("source_key", "=", key)], limit=1
        ) or Move.sudo().search(
            [("company_id", "=", company.id),
             ("source_key", "=like", f"res.partner:{partner.id}:entry-fee:%")],
            order="id desc", limit=1,
        ).filtered(lambda m: partner.coop_state == "applicant")  # fmt: skip
        if done:
            return partner._coop_entry_fee_result()
        if partner.coop_state not in ("shopper", "former"):
            raise UserError(
                self.env._("%(person)s cannot pay an entry fee now (status: %(state)s).",
                           person=partner.display_name,
                           state=dict(partner._fields["coop_state"]._description_selection(
                               self.env)).get(partner.coop_state, "—"))
            )  # fmt: skip
        today = fields.Date.context_today(self)
        fee = self.env["coop.fee.version"]._coop_amount("entry_fee", today, company)
        ledger = Move._coop_record(
            partner, "entry_fee", -fee, key, channel="pos", company=company,
            reason=self.env._("Entry fee paid from cashback at the person's request"),
        )  # fmt: skip
        partner._coop_set_state(
            "applicant",
            self.env._("Entry fee %(fee)s paid from cashback at the person's request",
                       fee=fee),
        )  # fmt: skip
        contribution = (
            self.env["coop.contribution"]
            .sudo()
            .create(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "kind": "entry_fee",
                    "amount": fee,
                    "date": today,
                    "debit_account_id": company._coop_cashback_account(
                        "coop_cashback_liability_account_id"
                    ).id,
                    "source_key": key,
                    "note": self.env._("Paid from cashback"),
                }
            )
        )
        contribution.action_post()
        ledger.sudo().write(
            {"account_move_id": contribution.move_id.id,
             "source_ref": f"coop.contribution,{contribution.id}"}
        )  # fmt: skip
        return partner._coop_entry_fee_result()

    def _coop_entry_fee_result(self):
        self.invalidate_recordset(["coop_cashback_balance", "coop_cashback_pending"])
        return {
            "partner_id": self.id,
            "coop_state": self.coop_state,
            "coop_cashback_balance": self.coop_cashback_balance,
        }

    def _coop_return_entry_fee_to_cashback(self, since):
        """The council refused (or the application was withdrawn): an entry fee paid from
        cashback goes back to the cashback balance, in the ledger and in the books."""
        for partner in self:
            company = partner.company_id
            fees = partner.coop_contribution_ids.filtered(
                lambda c, since=since, company=company: (
                    c.kind == "entry_fee"
                    and c.state == "paid"
                    and c.debit_account_id == company.coop_cashback_liability_account_id
                    and c.date >= since
                )
            )
            for fee in fees:
                key = f"coop.contribution:{fee.id}:returned"
                reversal = fee.move_id.sudo()._reverse_moves(
                    [{"date": fields.Date.context_today(self),
                      "ref": self.env._("Entry fee returned to cashback: %(name)s",
                                        name=fee.name)}],
                    cancel=True,
                )  # fmt: skip
                self.env["coop.cashback.move"]._coop_record(
                    partner, "reversal", fee.amount, key, channel="manual", company=company,
                    reason=self.env._("Entry fee returned: the application was not accepted"),
                    account_move_id=reversal.id, source_ref=f"coop.contribution,{fee.id}",
                )  # fmt: skip
                fee.sudo().write({"state": "returned"})
