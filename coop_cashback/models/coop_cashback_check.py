import uuid

from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from odoo.addons.coop_membership.models.coop_format import coop_money
from odoo.addons.coop_membership.models.coop_state_event import coop_company_env

from .coop_cashback_move import expired_credit_id


class CoopCashbackCheck(models.AbstractModel):
    """Checks and manager's operations on the cashback ledger as a whole."""

    _name = "coop.cashback.check"
    _description = "Cashback ledger checks"

    @api.model
    def coop_check(self, company_id=None):
        """For every person: cashback in the ledger that is in the books = balance of the
        cashback liability account for that person. Returns the differences (empty when all
        agree) and the ledger amount not in the books yet (sessions still open)."""
        company = self._coop_company(company_id)
        if not company._coop_is_cooperative():
            return {"differences": [], "duplicate_source_keys": [], "not_booked_yet": 0.0,
                    "people": 0, "cooperative": False}  # fmt: skip
        account = company._coop_cashback_account("coop_cashback_liability_account_id")
        cr = self.env.cr
        self.env["coop.cashback.move"].flush_model()
        self.env["account.move.line"].flush_model()
        cr.execute(
            """
            SELECT partner_id,
                   SUM(amount) FILTER (WHERE account_move_id IS NOT NULL
                                          OR pos_session_id IS NOT NULL),
                   SUM(amount) FILTER (WHERE account_move_id IS NULL AND pos_session_id IS NULL)
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
            "cooperative": True,
        }

    @api.model
    def _coop_company(self, company_id):
        """The company to check, after the user's right to see its books."""
        if not self.env.user.has_group("coop_membership.group_manager"):
            raise AccessError(
                self.env._("The cashback check needs the Cooperative / Manager group.")
            )
        company = self.env["res.company"].browse(company_id) if company_id else self.env.company
        if not company.exists() or (not self.env.su and company not in self.env.user.company_ids):
            raise AccessError(
                self.env._("You cannot check the books of company #%(company)s.",
                           company=company.id)
            )  # fmt: skip
        return company

    @api.model
    def action_coop_check(self):
        """Button: run the check and say the result."""
        result = self.coop_invariants()
        if result["problems"]:
            message = self.env._(
                "%(count)s problems in the cooperative's books: %(problems)s",
                count=len(result["problems"]),
                problems=" ".join(result["problems"][:20]),
            )
            kind = "danger"
        else:
            message = self.env._(
                "The books agree for all %(count)s people: cashback ledger and liability "
                "account, shares and share fund, entry fees; every ledger entry has its source "
                "(%(pending)s of cashback not in the books yet: sessions still open, partner "
                "imports not booked yet).",
                count=result["figures"]["people"],
                pending=result["figures"]["cashback_not_booked_yet"],
            )
            kind = "success"
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"message": message, "type": kind, "sticky": kind == "danger"},
        }

    @api.model
    def coop_invariants(self, company_id=None):
        """The cooperative's money as a whole, for ``make check``, the manager's button and the
        end of every test scenario. For every person: cashback in the ledger = cashback
        liability account (what is booked; the rest is reported as not booked yet), never
        below zero; share capital from the contributions = share fund account; entry fees =
        entry fee account. Every ledger entry has its source; no source counts twice.

        :return: ``{"ok": bool, "problems": [text], "figures": {name: number}}``
        """
        result = self.coop_check(company_id)
        company = self._coop_company(company_id)
        if not result["cooperative"]:
            return {
                "ok": True,
                "cooperative": False,
                "problems": [],
                "message": self.env._(
                    "%(company)s is not a cooperative: it has no people and no cooperative "
                    "books to check.",
                    company=company.name,
                ),
                "figures": {"people": 0, "cashback_not_booked_yet": 0.0, "overdrafts": []},
            }
        problems = [
            self.env._(
                "Cashback of person #%(id)s: %(ledger)s in the ledger, %(books)s in the "
                "liability account.",
                id=d["partner_id"],
                ledger=d["ledger"],
                books=d["books"],
            )
            for d in result["differences"]
        ]
        problems += [
            self.env._("Source %(key)s counted more than once in the cashback ledger.", key=key)
            for key in result["duplicate_source_keys"]
        ]
        overdrafts, unexplained = self._coop_overdrafts(company)
        problems += unexplained
        problems += self._coop_contributions_vs_books(company)
        problems += self._coop_entries_without_source(company)
        problems += self._coop_closed_session_entries(company)
        problems += self._coop_invariant_problems(company)
        return {
            "ok": not problems,
            "cooperative": True,
            "problems": problems,
            "figures": {
                "people": result["people"],
                "cashback_not_booked_yet": result["not_booked_yet"],
                "overdrafts": overdrafts,
            },
        }

    @api.model
    def _coop_closed_session_entries(self, company):
        """The till's entries once its session closed: each in a journal entry, or booked by
        the session itself only when Odoo made no entry for it (closed, no journal entry,
        netting to zero per person in that session)."""
        self.env["coop.cashback.move"].flush_model()
        self.env["pos.session"].flush_model(["state", "move_id"])
        self.env.cr.execute(
            """
            SELECT s.name, m.partner_id FROM coop_cashback_move m
              JOIN pos_session s ON s.id = m.pos_session_id
             WHERE m.company_id = %s
             GROUP BY s.id, s.name, m.partner_id
            HAVING ROUND(SUM(m.amount)::numeric, 2) != 0 OR BOOL_OR(
                   s.state != 'closed' OR s.move_id IS NOT NULL OR m.account_move_id IS NOT NULL)
            """,
            [company.id],
        )
        problems = [
            self.env._("Session %(session)s books cashback of person #%(id)s without a journal "
                       "entry, but it is not closed empty or does not net to zero.",
                       session=name, id=pid)
            for name, pid in self.env.cr.fetchall()
        ]  # fmt: skip
        self.env.cr.execute(
            """
            SELECT m.source_key, s.name FROM coop_cashback_move m
              JOIN pos_order o ON m.source_ref = 'pos.order,' || o.id
              JOIN pos_session s ON s.id = o.session_id
             WHERE m.company_id = %s AND s.state = 'closed'
               AND m.account_move_id IS NULL AND m.pos_session_id IS NULL
            """,
            [company.id],
        )
        problems += [
            self.env._("Ledger entry %(key)s is not booked though its session %(session)s is "
                       "closed.", key=key, session=name)
            for key, name in self.env.cr.fetchall()
        ]  # fmt: skip
        return problems

    @api.model
    def _coop_invariant_problems(self, company):
        """More checks of addons building on the ledger (e.g. partner businesses)."""
        return []

    @api.model
    def _coop_overdrafts(self, company):
        """People whose cashback is below zero. A recorded overdraft (a sale synced after the
        balance moved) explains it up to its amount; anything beyond is a problem.

        :return: ``([{"partner_id", "name", "balance", "recorded"}], [problem])``
        """
        self.env["coop.cashback.move"].flush_model()
        self.env.cr.execute(
            "SELECT partner_id, SUM(amount), SUM(COALESCE(overdraft_amount, 0)) "
            "FROM coop_cashback_move WHERE company_id = %s "
            "GROUP BY partner_id HAVING SUM(amount) < -0.005 ORDER BY partner_id",
            [company.id],
        )
        rows = self.env.cr.fetchall()
        names = dict(self.env["res.partner"].sudo().browse([r[0] for r in rows]).mapped(
            lambda p: (p.id, p.display_name)))  # fmt: skip
        overdrafts, problems = [], []
        for pid, balance, recorded in rows:
            overdrafts.append(
                {"partner_id": pid, "name": names.get(pid), "balance": balance,
                 "recorded": recorded}
            )  # fmt: skip
            if -balance > recorded + 0.005:
                problems.append(
                    self.env._("Cashback of person #%(id)s is below zero: %(amount)s, more than "
                               "the overdrafts recorded (%(recorded)s).",
                               id=pid, amount=balance, recorded=recorded)
                )  # fmt: skip
        return overdrafts, problems

    @api.model
    def _coop_contributions_vs_books(self, company):
        """Per person: shares (due, less refunds) = share fund account; entry fees paid = entry
        fee account."""
        self.env["coop.contribution"].flush_model()
        self.env["account.move.line"].flush_model()
        problems = []
        for account, kinds, signed, label in (
            (
                company.coop_share_fund_account_id,
                ("mandatory_share", "additional_share", "share_refund"),
                SQL("CASE WHEN c.kind = 'share_refund' THEN -c.amount ELSE c.amount END"),
                self.env._("Share capital"),
            ),
            (
                company.coop_entry_fee_account_id,
                ("entry_fee",),
                SQL("c.amount"),
                self.env._("Entry fees"),
            ),
        ):
            if not account:
                continue
            self.env.cr.execute(
                SQL(
                    """
                    WITH contributions AS (
                        SELECT c.partner_id, SUM(%(signed)s) AS amount FROM coop_contribution c
                         WHERE c.company_id = %(company)s AND c.kind IN %(kinds)s
                           AND c.state IN ('posted', 'paid')
                         GROUP BY c.partner_id
                    ), books AS (
                        SELECT l.partner_id, -SUM(l.balance) AS amount FROM account_move_line l
                         WHERE l.account_id = %(account)s AND l.parent_state = 'posted'
                           AND l.company_id = %(company)s
                         GROUP BY l.partner_id
                    )
                    SELECT COALESCE(c.partner_id, b.partner_id), COALESCE(c.amount, 0),
                           COALESCE(b.amount, 0)
                      FROM contributions c FULL JOIN books b ON b.partner_id = c.partner_id
                     WHERE ABS(COALESCE(c.amount, 0) - COALESCE(b.amount, 0)) > 0.005
                    """,
                    signed=signed,
                    company=company.id,
                    kinds=kinds,
                    account=account.id,
                )
            )
            problems += [
                self.env._(
                    "%(what)s of person #%(id)s: %(ours)s from the contributions, %(books)s in "
                    "account %(account)s.",
                    what=label,
                    id=pid,
                    ours=ours,
                    books=books,
                    account=account.code,
                )
                for pid, ours, books in self.env.cr.fetchall()
            ]
        return problems

    @api.model
    def _coop_entries_without_source(self, company):
        """Every ledger entry names an existing source document, except adjustments (a reason)
        and expiries (the accrual that expired)."""
        Move = self.env["coop.cashback.move"].sudo()
        Move.flush_model()
        problems = []
        self.env.cr.execute(
            "SELECT source_key, source_ref FROM coop_cashback_move "
            "WHERE company_id = %s AND kind NOT IN ('adjustment', 'expiry')",
            [company.id],
        )
        by_model = {}
        for key, ref in self.env.cr.fetchall():
            model, _sep, res_id = (ref or "").partition(",")
            if not model or not res_id.isdigit() or model not in self.env:
                problems.append(self.env._("Ledger entry %(key)s has no source document.", key=key))
                continue
            by_model.setdefault(model, []).append((key, int(res_id), ref))
        for model, entries in by_model.items():
            existing = set(self.env[model].sudo().browse({e[1] for e in entries}).exists().ids)
            problems += [
                self.env._(
                    "Ledger entry %(key)s: its source %(ref)s no longer exists.", key=key, ref=ref
                )
                for key, res_id, ref in entries
                if res_id not in existing
            ]
        adjustments = Move.search(
            [("company_id", "=", company.id), ("kind", "=", "adjustment"), ("reason", "=", False)]
        )
        problems += [
            self.env._("Adjustment %(key)s has no reason.", key=m.source_key) for m in adjustments
        ]
        expiries = Move.search([("company_id", "=", company.id), ("kind", "=", "expiry")])
        credit_ids = {m.id: expired_credit_id(m.kind, m.source_key) for m in expiries}
        found = set(Move.browse({i for i in credit_ids.values() if i}).exists().ids)
        problems += [
            self.env._("Expiry %(key)s does not name an existing accrual.", key=m.source_key)
            for m in expiries
            if credit_ids[m.id] not in found
        ]
        return problems

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
        if company not in self.env.user.company_ids:
            raise AccessError(
                self.env._("Person %(id)s belongs to another cooperative.", id=partner_id)
            )
        key = f"adjustment:{partner.id}:{uuid.uuid4()}"
        if amount < 0:
            available = partner._coop_cashback_lock_and_available(company)
            if company.currency_id.compare_amounts(-amount, available) > 0:
                raise UserError(
                    self.env._("%(person)s has %(available)s of cashback available, less than "
                               "%(amount)s.", person=partner.display_name,
                               available=coop_money(self.env, available, company.currency_id),
                               amount=coop_money(self.env, -amount, company.currency_id))
                )  # fmt: skip
        move = self.env["coop.cashback.move"]._coop_record(
            partner, "adjustment", amount, key, company=company, channel="manual", reason=reason
        )
        company._coop_post_cashback_moves(
            move,
            ref=coop_company_env(self, company)._("Cashback adjustment: %(reason)s", reason=reason),
        )
        return move.id
