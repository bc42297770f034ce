import uuid

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class CoopCashbackCheck(models.AbstractModel):
    """Checks and manager's operations on the cashback ledger as a whole."""

    _name = "coop.cashback.check"
    _description = "Cashback ledger checks"

    @api.model
    def coop_check(self, company_id=None):
        """For every person: cashback in the ledger that is in the books = balance of the
        cashback liability account for that person. Returns the differences (empty when all
        agree) and the ledger amount not in the books yet (sessions still open)."""
        if not self.env.user.has_group("coop_membership.group_manager"):
            raise AccessError(
                self.env._("The cashback check needs the Cooperative / Manager group.")
            )
        company = self.env["res.company"].browse(company_id) if company_id else self.env.company
        account = company._coop_cashback_account("coop_cashback_liability_account_id")
        cr = self.env.cr
        self.env["coop.cashback.move"].flush_model()
        self.env["account.move.line"].flush_model()
        cr.execute(
            """
            SELECT partner_id, SUM(amount) FILTER (WHERE account_move_id IS NOT NULL),
                   SUM(amount) FILTER (WHERE account_move_id IS NULL)
              FROM coop_cashback_move WHERE company_id = %s GROUP BY partner_id
            """,
            [company.id],
        )
        ledger = {pid: (booked or 0.0, pending or 0.0) for pid, booked, pending in cr.fetchall()}
        cr.execute(
            """
            SELECT partner_id, -SUM(balance) FROM account_move_line
             WHERE account_id = %s AND parent_state = 'posted' AND company_id = %s
             GROUP BY partner_id
            """,
            [account.id, company.id],
        )
        books = dict(cr.fetchall())
        currency = company.currency_id
        differences = []
        for pid in sorted(set(ledger) | set(books), key=lambda p: p or 0):
            booked = ledger.get(pid, (0.0, 0.0))[0]
            in_books = books.get(pid, 0.0)
            if not currency.is_zero(booked - in_books):
                differences.append(
                    {"partner_id": pid or False, "ledger": booked, "books": in_books}
                )
        cr.execute(
            "SELECT source_key, COUNT(*) FROM coop_cashback_move WHERE company_id = %s "
            "GROUP BY source_key HAVING COUNT(*) > 1",
            [company.id],
        )
        duplicates = [row[0] for row in cr.fetchall()]
        return {
            "differences": differences,
            "duplicate_source_keys": duplicates,
            "not_booked_yet": sum(p for _b, p in ledger.values()),
            "people": len(ledger),
        }

    @api.model
    def action_coop_check(self):
        """Button: run the check and say the result."""
        result = self.coop_check()
        if result["differences"] or result["duplicate_source_keys"]:
            message = self.env._(
                "%(count)s people differ between the cashback ledger and the liability "
                "account: %(rows)s",
                count=len(result["differences"]),
                rows=", ".join(
                    f"#{d['partner_id']}: {d['ledger']} / {d['books']}"
                    for d in result["differences"][:20]
                ),
            )
            kind = "danger"
        else:
            message = self.env._(
                "The cashback ledger and the liability account agree for all %(count)s people "
                "(%(pending)s not in the books yet: sessions still open).",
                count=result["people"],
                pending=result["not_booked_yet"],
            )
            kind = "success"
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"message": message, "type": kind, "sticky": kind == "danger"},
        }

    @api.model
    def coop_adjust(self, partner_id, amount, reason):
        """A manager's manual adjustment (reason required), booked at once:
        Dr cashback expense / Cr liability for a credit, the reverse for a debit."""
        if not self.env.user.has_group("coop_membership.group_manager"):
            raise AccessError(
                self.env._("Adjusting cashback needs the Cooperative / Manager group.")
            )
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason of the adjustment (Reason)."))
        partner = self.env["res.partner"].browse(partner_id).exists()
        if not partner or not partner.coop_state:
            raise UserError(self.env._("Person %(id)s is not registered.", id=partner_id))
        company = partner.company_id or self.env.company
        key = f"adjustment:{partner.id}:{uuid.uuid4()}"
        if amount < 0:
            available = partner._coop_cashback_lock_and_available(company)
            if company.currency_id.compare_amounts(-amount, available) > 0:
                raise UserError(
                    self.env._("%(person)s has %(available)s of cashback available, less than "
                               "%(amount)s.", person=partner.display_name,
                               available=available, amount=-amount)
                )  # fmt: skip
        move = self.env["coop.cashback.move"]._coop_record(
            partner, "adjustment", amount, key, company=company, channel="manual", reason=reason
        )
        company._coop_post_cashback_moves(
            move, ref=self.env._("Cashback adjustment: %(reason)s", reason=reason)
        )
        return move.id

    @api.model
    def _coop_cron_expire(self):
        """Scheduled: unspent cashback older than the company's expiry period expires. What a
        person spent is taken from their oldest accruals first."""
        today = fields.Date.context_today(self)
        for company in self.env["res.company"].search([("coop_cashback_expiry_days", ">", 0)]):
            limit = fields.Date.subtract(today, days=company.coop_cashback_expiry_days)
            Move = self.env["coop.cashback.move"].sudo()
            partners = Move.search(
                [("company_id", "=", company.id), ("kind", "=", "accrual"), ("date", "<=", limit)]
            ).partner_id
            expired = Move.browse()
            for partner in partners:
                moves = Move.search(
                    [("company_id", "=", company.id), ("partner_id", "=", partner.id)],
                    order="date, id",
                )
                used = -sum(m.amount for m in moves if m.amount < 0)  # spent, expired...
                for accrual in moves.filtered(lambda m: m.kind in ("accrual", "adjustment")
                                              and m.amount > 0):  # fmt: skip
                    take = min(used, accrual.amount)
                    used -= take
                    left = accrual.amount - take
                    if accrual.date <= limit and left > 0:
                        expired |= Move._coop_record(
                            partner, "expiry", -left, f"expiry:{accrual.id}", company=company,
                            channel="manual", date=today,
                            reason=self.env._("Cashback of %(date)s expired", date=accrual.date),
                        )  # fmt: skip
            expired = expired.filtered(lambda m: not m.account_move_id)
            if expired:
                company._coop_post_cashback_moves(
                    expired, ref=self.env._("Cashback expired on %(date)s", date=today)
                )
