from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_amount

from odoo.addons.coop_membership.models.coop_format import coop_money
from odoo.addons.coop_membership.models.coop_state_event import coop_company_env


class ResPartner(models.Model):
    _inherit = "res.partner"

    def coop_pay_entry_fee_from_cashback(self, confirmed=False, channel="pos"):
        """At the till, a shopper whose available cashback reaches the entry fee asks to pay
        the fee from it (``confirmed``: the person's explicit yes). The fee is posted against
        the cashback liability (Dr 76.09 / Cr 86.01), the cashback ledger records it, and the
        person becomes an applicant; the application is completed at the desk. Repeating the
        call changes nothing. Callable over RPC by the Cashier group. ``channel``: "pos", or
        "portal" when the person's own page calls it: with ``sudo()`` after its own checks,
        the user still the person's own (the ledger and the chatter name them)."""
        self.ensure_one()
        self._coop_check_entry_fee_channel(channel)
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
        # the person's row lock first (the ledger's own), then their status read afresh: a
        # freeze or another payment committed meanwhile is seen
        partner._coop_cashback_lock_and_available(company)
        partner.invalidate_recordset()
        events = len(partner.coop_state_event_ids)
        key = f"res.partner:{partner.id}:entry-fee:{events}"
        # asked again once paid: the payment added one status change (to applicant), so it is
        # the entry keyed one change back while nothing has changed since; an older payment
        # (an earlier application, refused, then a fee paid at the desk) is not this one
        paid = f"res.partner:{partner.id}:entry-fee:{events - 1}"
        Move = self.env["coop.cashback.move"]
        done = Move.sudo().search(
            [("company_id", "=", company.id), ("source_key", "=", key)], limit=1
        ) or Move.sudo().search(
            [("company_id", "=", company.id), ("source_key", "=", paid)], limit=1,
        ).filtered(lambda m: partner.coop_state == "applicant")  # fmt: skip
        if done:
            Contribution = self.env["coop.contribution"].sudo()
            contribution = Contribution.search(
                [("company_id", "=", company.id), ("source_key", "=", done.source_key)], limit=1
            )
            return partner._coop_entry_fee_result(contribution)
        if partner.coop_frozen:
            raise UserError(
                self.env._("The account of %(person)s is frozen (death registered): no entry fee "
                           "is paid from it.", person=partner.display_name)
            )  # fmt: skip
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
            partner, "entry_fee", -fee, key, channel=channel, company=company,
            reason=coop_company_env(partner, company)._(
                "Entry fee paid from cashback at the person's request"
            ),
        )  # fmt: skip
        partner._coop_set_state(
            "applicant",
            coop_company_env(partner, company)._(
                "Entry fee %(fee)s paid from cashback at the person's request",
                fee=coop_money(coop_company_env(partner, company), fee, company.currency_id),
            ),
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
                    "note": coop_company_env(partner, company)._("Paid from cashback"),
                }
            )
        )
        contribution.action_post()
        ledger.sudo().write(
            {"account_move_id": contribution.move_id.id,
             "source_ref": f"coop.contribution,{contribution.id}"}
        )  # fmt: skip
        return partner._coop_entry_fee_result(contribution)

    def _coop_check_entry_fee_channel(self, channel):
        """The till's cashier, or the person themselves on their own page (as the system from
        the page's controller, which checked the user is this person), may pay the fee."""
        own = self.env.user.partner_id == self
        if channel not in ("pos", "portal") or (channel == "portal" and not (self.env.su and own)):
            raise AccessError(
                self.env._("The entry fee is paid from cashback at the till or on the person's "
                           "own page only.")
            )  # fmt: skip
        if channel == "pos" and not self.env.user.has_group("coop_membership.group_cashier"):
            raise AccessError(
                self.env._("Paying the entry fee needs the Cooperative / Cashier group.")
            )

    def _coop_entry_fee_result(self, contribution):
        """What the till shows and prints once the fee is paid: the person's status and
        cashback left, and the fee receipt (amount, document, the next steps to membership,
        in the cashier's language)."""
        self.invalidate_recordset(["coop_cashback_balance", "coop_cashback_pending"])
        company = contribution.company_id or self.company_id or self.env.company
        return {
            "partner_id": self.id,
            "coop_state": self.coop_state,
            "coop_cashback_balance": self.coop_cashback_balance,
            "amount": contribution.amount,
            "date": fields.Date.to_string(contribution.date),
            "reference": contribution.move_id.name or contribution.name or "",
            "person": self.coop_phone_masked or self.coop_member_number or "",
            "next_steps": self._coop_entry_fee_next_steps(company),
        }

    def _coop_entry_fee_next_steps(self, company):
        """The way from applicant to member, as the fee receipt tells it."""
        share = self.env["coop.fee.version"].sudo().search(
            [("company_id", "=", company.id), ("kind", "=", "mandatory_share"),
             ("date_from", "<=", fields.Date.context_today(self))],
            order="date_from desc", limit=1,
        )  # fmt: skip
        steps = [
            self.env._("Complete the membership application at the desk: full name, birth "
                       "date, residence and the declaration."),
            self.env._("The council decides within %(days)s days of the application; if it "
                       "refuses, the entry fee goes back to the cashback balance.",
                       days=company.coop_council_deadline_days),
        ]  # fmt: skip
        if share:
            steps.append(
                self.env._("Once admitted, pay the mandatory share of %(amount)s: membership "
                           "starts then.",
                           amount=format_amount(self.env, share.amount, company.currency_id))
            )  # fmt: skip
        else:
            steps.append(
                self.env._("Once admitted, pay the mandatory share: membership starts then.")
            )
        return steps

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
            # only a fee the ledger says was paid from cashback goes back to it
            paid_from_cashback = self.env["coop.cashback.move"].sudo().search(
                [("kind", "=", "entry_fee"),
                 ("source_ref", "in", [f"coop.contribution,{fee.id}" for fee in fees])]
            )  # fmt: skip
            paid_ids = {m.source_ref.id for m in paid_from_cashback if m.source_ref}
            fees = fees.filtered(lambda c, paid_ids=paid_ids: c.id in paid_ids)
            for fee in fees:
                key = f"coop.contribution:{fee.id}:returned"
                reversal = fee.move_id.sudo()._reverse_moves(
                    [{"date": fields.Date.context_today(self),
                      "ref": coop_company_env(partner, company)._(
                          "Entry fee returned to cashback: %(name)s", name=fee.name)}],
                    cancel=True,
                )  # fmt: skip
                self.env["coop.cashback.move"]._coop_record(
                    partner, "reversal", fee.amount, key, channel="manual", company=company,
                    reason=coop_company_env(partner, company)._(
                        "Entry fee returned: the application was not accepted"
                    ),
                    account_move_id=reversal.id, source_ref=f"coop.contribution,{fee.id}",
                )  # fmt: skip
                fee.sudo().write({"state": "returned"})
