"""Cashback expiry, per credit.

Each credit (an accrual, a positive adjustment, cashback given back by a refund, the birthday
bonus) carries its own ``expiry_date``, set when it is recorded: its date plus the company's
expiry period then, or the caller's own validity (the birthday bonus's days). A later change
of the company's period applies to new credits only: the date is the promise made when the
cashback was earned.

What a person used (spends, entry fees, cashback taken back) is taken from the credits they
had at the time (entries before it in date order) that expire soonest; an expiry takes from
its own credit (``expiry:<credit id>``); a debt (a sale synced after the balance moved) is
covered by the next credits first. ``_coop_cashback_left`` computes what is left of each
credit; the nightly job and the personal page both read it.

An expiry never takes a person below zero: capped by what they have available (a purchase
took cashback still on hold), it leaves the rest of its credit, and the person is marked
(``res.partner.coop_cashback_expiry_capped``); each next run expires what is left of their
overdue credits as far as the balance allows (``expiry:<credit id>:<n>``), until none is left.

A debit synced after the run that expired a credit, but dated before (an offline till), was
paid by that credit: the next run gives back what the expiry took beyond it, as an entry of
its own kind, ``expiry_back`` ("Expiry corrected", ``expiry-back:<expiry id>``), booked as the
reversal of the expiry (the same accounts, the other way: Cr cashback liability / Dr cashback
expense, per person). What is given back expires as the credit it restores would have: the
credit the excess ate (held then, soonest-expiring first) or, when the person had nothing left
then (the excess made a debt), the next credit that covered that debt. When that date is past
(the credit expired since), it is due at once: the run that gives it back expires it again, as
far as it is still left. When the excess ate nothing but a debt still open, what is given back
covers that debt and takes its expired credit's own date (past: nothing of it is left to
expire). It never expires only when the credit it restores never does.
"""

import heapq
from collections import defaultdict
from datetime import date as Date

from odoo import api, fields, models
from odoo.tools import format_date, split_every

from .coop_cashback_move import expired_credit_id

NEVER = Date.max


class CoopCashbackCheck(models.AbstractModel):
    _inherit = "coop.cashback.check"

    # ------------------------------------------------------------------ what is left

    @api.model
    def _coop_ledgers(self, company, partner_ids):
        """The whole ledger of ``partner_ids`` in ``company``, in one query: ``{partner_id:
        [(id, amount, date, expiry_date, kind, source_key)]}`` in date order."""
        self.env["coop.cashback.move"].flush_model()
        self.env.cr.execute(
            """
            SELECT partner_id, id, amount, date, expiry_date, kind, source_key
              FROM coop_cashback_move
             WHERE company_id = %s AND partner_id IN %s
             ORDER BY partner_id, date, id
            """,
            [company.id, tuple(partner_ids)],
        )
        ledgers = defaultdict(list)
        for row in self.env.cr.fetchall():
            ledgers[row[0]].append(row[1:])
        return ledgers

    @api.model
    def _coop_cashback_left(self, company, partner_ids):
        """What is left of each credit of ``partner_ids`` in ``company``, from their whole
        ledger in one query: ``{partner_id: [(credit id, expiry_date, date, left)]}`` (every
        credit, in date order; ``left`` 0 when used or expired)."""
        if not partner_ids:
            return {}
        ledgers = self._coop_ledgers(company, partner_ids)
        currency = company.currency_id
        return {
            partner_id: self._coop_allocate(entries, currency)
            for partner_id, entries in ledgers.items()
        }

    @api.model
    def _coop_allocate(self, entries, currency):
        """One person's pass over their ledger ``entries`` [(id, amount, date, expiry_date,
        kind, source_key)] in date order: returns [(credit id, expiry_date, date, left)]."""
        left, held, soonest = {}, [], []  # soonest: a heap of the credits held so far
        debt = 0.0
        for move_id, amount, on, expiry_date, kind, source_key in entries:
            if amount > 0:
                cover = min(debt, amount)  # a debt is covered by the next credits first
                debt -= cover
                left[move_id] = currency.round(amount - cover)
                held.append((move_id, expiry_date, on))
                heapq.heappush(soonest, (expiry_date or NEVER, on, move_id))
                continue
            need, own = -amount, expired_credit_id(kind, source_key)
            if own:
                take = min(left.get(own, 0.0), need)
                if own in left:
                    left[own] = currency.round(left[own] - take)
                need -= take
            while currency.compare_amounts(need, 0.0) > 0 and soonest:
                credit_id = soonest[0][2]
                take = min(left[credit_id], need)
                left[credit_id] = currency.round(left[credit_id] - take)
                need -= take
                if currency.is_zero(left[credit_id]):
                    heapq.heappop(soonest)
            if currency.compare_amounts(need, 0.0) > 0:
                debt += need
        return [(move_id, expiry, on, left[move_id]) for move_id, expiry, on in held]

    # ------------------------------------------------------------------ the nightly job

    @api.model
    def _coop_cron_expire(self, chunk=250):
        """Scheduled: what is left of each credit whose expiry date has come expires, never
        more than the person has available (nobody goes below zero). People are done
        ``chunk`` at a time, each chunk committed by the scheduler with its progress, so a
        run over 100,000 people is many short transactions and resumes where it stopped
        (``coop_cashback_expiry_cursor``). The run's limit is an expiry date (credits expiring
        on or before it are due)."""
        today = fields.Date.context_today(self)
        for company in self.env["res.company"].search([]):
            limit = today
            if company.coop_cashback_expiry_cursor and company.coop_cashback_expiry_limit:
                limit = company.coop_cashback_expiry_limit  # a run begun before midnight
            while self._coop_expire_chunk(company, limit, chunk):
                if self.env.context.get("ir_cron_progress_id"):
                    # the scheduler commits this chunk and calls again for the rest
                    self.env["ir.cron"]._notify_progress(done=chunk, remaining=1)
                    return

    @api.model
    def _coop_expiry_people(self, company, window, limit, cursor, chunk):
        """The next ``chunk`` people after id ``cursor`` with a credit due by ``limit`` and not
        checked yet (expiring after ``window["since"]``, or recorded after
        ``window["checked_at"]``) or not all expired by an earlier run (capped by what they
        had available), locked (a spend of theirs waits) in one query."""
        self.env["coop.cashback.move"].flush_model()
        self.env.cr.execute(
            """
            UPDATE res_partner SET write_date = write_date WHERE id IN (
                SELECT DISTINCT partner_id FROM coop_cashback_move
                 WHERE company_id = %(company)s AND expiry_date <= %(limit)s AND amount > 0
                   AND (%(since)s::date IS NULL OR expiry_date > %(since)s::date
                        OR create_date >= %(checked_at)s::timestamp
                        -- what a run could not expire for want of balance, again
                        OR partner_id IN (SELECT id FROM res_partner
                                           WHERE coop_cashback_expiry_capped))
                   AND partner_id > %(cursor)s
                 ORDER BY partner_id LIMIT %(chunk)s
            ) RETURNING id
            """,
            {"company": company.id, "limit": limit, "cursor": cursor, "chunk": chunk,
             **window},
        )  # fmt: skip
        return sorted(row[0] for row in self.env.cr.fetchall())

    @api.model
    def _coop_late_debit_people(self, company, window):
        """The people with a debit recorded since the last run (``window["checked_at"]``) but
        dated before an expiry of theirs recorded earlier (a sale of an offline till synced
        after the run), locked, in one query (once per run: it reads every expiry)."""
        self.env["coop.cashback.move"].flush_model()
        self.env.cr.execute(
            """
            UPDATE res_partner SET write_date = write_date WHERE id IN (
                SELECT d.partner_id FROM coop_cashback_move e
                  JOIN coop_cashback_move d
                    ON d.company_id = e.company_id AND d.partner_id = e.partner_id
                   AND d.date < e.date AND d.create_date > e.create_date
                  JOIN res_partner p ON p.id = d.partner_id
                 WHERE e.company_id = %(company)s AND e.kind = 'expiry'
                   -- a person since moved to another cooperative is not corrected here
                   AND (p.company_id IS NULL OR p.company_id = %(company)s)
                   AND d.amount < 0 AND d.kind != 'expiry'
                   AND (%(checked_at)s::timestamp IS NULL
                        OR d.create_date >= %(checked_at)s::timestamp)
            ) RETURNING id
            """,
            {"company": company.id, **window},
        )
        return sorted(row[0] for row in self.env.cr.fetchall())

    @api.model
    def _coop_expire_chunk(self, company, limit, chunk):
        """Expire what is due for the next ``chunk`` people; True while people remain."""
        window = {
            "since": company.coop_cashback_expired_until or None,
            "checked_at": company.coop_cashback_expiry_checked_at or None,
        }
        env = self.with_context(lang=company.partner_id.lang).env
        today = format_date(env, fields.Date.context_today(self))
        if not company.coop_cashback_expiry_cursor:  # a new run
            company.sudo().write(
                {"coop_cashback_expiry_started_at": self.env.cr.now(),
                 "coop_cashback_expiry_limit": limit}
            )  # fmt: skip
            # first what expiries took too much (what they give back may be due in this run)
            late = self._coop_late_debit_people(company, window)
            restored = self._coop_restore_late_debits(company, late)
            if restored:
                company._coop_post_cashback_moves(
                    restored, ref=env._("Cashback expiry corrected on %(date)s", date=today)
                )
        people = self._coop_expiry_people(
            company, window, limit, company.coop_cashback_expiry_cursor, chunk
        )
        expired = self._coop_expire_people(company, people, limit)
        if expired:
            company._coop_post_cashback_moves(
                expired, ref=env._("Cashback expired on %(date)s", date=today)
            )
        more = len(people) >= chunk
        if more:
            company.sudo().coop_cashback_expiry_cursor = max(people)
        else:
            company.sudo().write({
                "coop_cashback_expiry_cursor": 0,
                "coop_cashback_expired_until": max(limit, window["since"] or limit),
                "coop_cashback_expiry_checked_at": company.coop_cashback_expiry_started_at,
            })  # fmt: skip
        return more

    @api.model
    def _coop_expire_people(self, company, partner_ids, limit):
        """Expire, for the (locked) people ``partner_ids``, what is left of each credit due by
        ``limit``, soonest first, never more than each has available; in one INSERT. Once per
        credit (``expiry:<credit id>``), again for what a capped expiry left of it once the
        balance is back (``expiry:<credit id>:<n>``): the people left with overdue cashback
        are marked (``coop_cashback_expiry_capped``) for the next runs. Returns the new
        expiry entries."""
        Move = self.env["coop.cashback.move"]
        if not partner_ids:
            return Move
        people = self.env["res.partner"].sudo().browse(partner_ids)
        available = {pid: sums[0] for pid, sums in people._coop_cashback_sums(company).items()}
        ledgers = self._coop_ledgers(company, partner_ids)
        currency, today = company.currency_id, fields.Date.context_today(self)
        rows, capped = [], []
        for person in people:
            ledger = ledgers.get(person.id, [])
            due = [c for c in self._coop_allocate(ledger, currency) if c[1] and c[1] <= limit]
            due = [c for c in due if currency.compare_amounts(c[3], 0.0) > 0]
            if not due:
                continue
            times = defaultdict(int)  # expiries of each credit so far
            for _id, _amount, _on, _exp, kind, key in ledger:
                if credit_id := expired_credit_id(kind, key):
                    times[credit_id] += 1
            balance = available.get(person.id, 0.0)
            env = person.with_context(lang=person.lang or company.partner_id.lang).env
            for credit_id, _expiry, on, left in sorted(due, key=lambda c: (c[1], c[2], c[0])):
                amount = currency.round(min(left, balance))
                if currency.compare_amounts(amount, left) < 0:
                    capped.append(person.id)
                if currency.compare_amounts(amount, 0.0) <= 0:
                    continue
                balance -= amount
                key = f"expiry:{credit_id}" + (f":{times[credit_id]}" if times[credit_id] else "")
                rows.append({
                    "partner_id": person.id, "kind": "expiry", "amount": -amount,
                    "date": today, "channel": "manual", "source_key": key,
                    "source_ref": f"coop.cashback.move,{credit_id}",
                    "reason": env._("Cashback of %(date)s expired", date=format_date(env, on)),
                    "company_id": company.id, "user_id": self.env.uid,
                })  # fmt: skip
        self._coop_mark_capped(partner_ids, capped)
        if not rows:
            return Move
        Move._coop_check_bulk_rows(company, rows)
        return Move.browse(Move._coop_insert_many(rows))

    @api.model
    def _coop_mark_capped(self, partner_ids, capped):
        """Of the (locked) people ``partner_ids``, mark those left with overdue cashback
        (``capped``), unmark the others, in one UPDATE (NULL, not false: the index holds the
        marked only)."""
        self.env.cr.execute(
            """
            UPDATE res_partner SET coop_cashback_expiry_capped = CASE WHEN id = ANY(%(capped)s)
                                                                      THEN TRUE END
             WHERE id = ANY(%(people)s)
               AND coop_cashback_expiry_capped IS DISTINCT FROM
                   CASE WHEN id = ANY(%(capped)s) THEN TRUE END
            """,
            {"capped": sorted(set(capped)), "people": list(partner_ids)},
        )
        self.env["res.partner"].invalidate_model(["coop_cashback_expiry_capped"])

    @api.model
    def _coop_mark_overdue_left(self, chunk=1000):
        """Mark (``coop_cashback_expiry_capped``) the people with cashback left of a credit
        that a finished run had due (expiring by the company's ``coop_cashback_expired_until``):
        a run capped them by their balance. Before the marker (18.0.1.3.0) such a rest was
        left for ever; marked, the next runs expire it as far as the balance allows (and
        unmark whoever has nothing left). Run by the upgrade, ``chunk`` people at a time."""
        self.env["coop.cashback.move"].flush_model()
        companies = self.env["res.company"].search([("coop_cashback_expired_until", "!=", False)])
        for company in companies:
            until, currency = company.coop_cashback_expired_until, company.currency_id
            self.env.cr.execute(
                """
                SELECT DISTINCT partner_id FROM coop_cashback_move
                 WHERE company_id = %s AND amount > 0 AND expiry_date <= %s
                 ORDER BY partner_id
                """,
                [company.id, until],
            )
            partner_ids = [row[0] for row in self.env.cr.fetchall()]
            for batch in split_every(chunk, partner_ids, list):
                left = self._coop_cashback_left(company, batch)
                marked = [
                    partner_id
                    for partner_id, credits in left.items()
                    if any(
                        expiry and expiry <= until and currency.compare_amounts(rest, 0.0) > 0
                        for _id, expiry, _on, rest in credits
                    )
                ]
                if marked:
                    self.env.cr.execute(
                        "UPDATE res_partner SET coop_cashback_expiry_capped = TRUE "
                        "WHERE id = ANY(%s)",
                        [marked],
                    )
        self.env["res.partner"].invalidate_model(["coop_cashback_expiry_capped"])

    # ------------------------------------------------------------------ late debits

    @api.model
    def _coop_restore_late_debits(self, company, partner_ids):
        """Give back, for the (locked) people ``partner_ids``, what an expiry took beyond what
        was left of its credit on the credit's expiry date, once debits synced after the run
        (a till offline) are counted at their own date: the sale was paid by the credit that
        then expired, not by the next one. One compensating credit per expiry
        (``expiry-back:<expiry id>``), expiring when the credit the excess ate would have
        (idempotent: what was given back before counts). Returns the new entries."""
        Move = self.env["coop.cashback.move"]
        if not partner_ids:
            return Move
        ledgers = self._coop_ledgers(company, partner_ids)
        people = self.env["res.partner"].sudo().browse(partner_ids)
        rows = []
        for person in people:
            env = person.with_context(lang=person.lang or company.partner_id.lang).env
            ledger = ledgers.get(person.id, [])
            for expiry_id, on, excess, times, until in self._coop_expiry_excess(
                ledger, company.currency_id
            ):
                key = f"expiry-back:{expiry_id}" + (f":{times + 1}" if times else "")
                rows.append({
                    "partner_id": person.id, "kind": "expiry_back", "amount": excess,
                    "date": fields.Date.context_today(self), "expiry_date": until,
                    "channel": "manual", "source_key": key,
                    "source_ref": f"coop.cashback.move,{expiry_id}",
                    "reason": env._(
                        "Expiry of %(date)s corrected: cashback spent before it expired",
                        date=format_date(env, on),
                    ),
                    "company_id": company.id, "user_id": self.env.uid,
                })  # fmt: skip
        if not rows:
            return Move
        Move._coop_check_bulk_rows(company, rows)
        return Move.browse(Move._coop_insert_many(rows))

    @api.model
    def _coop_expiry_excess(self, entries, currency):
        """One person's ledger ``entries`` (as ``_coop_allocate``) replayed with each expiry
        at its credit's expiry date (that day's debits after it), each debit at its own date:
        for each expiry that took more than was left of its credit then, less what was
        already given back for it, ``(expiry id, its date, amount to give back, times given
        back, expiry date of what it ate)``."""
        by_id = {entry[0]: entry for entry in entries}
        given_back = defaultdict(list)
        for _id, amount, _on, _exp, kind, key in entries:
            if kind == "expiry_back":
                given_back[int(key.split(":")[1])].append(amount)

        def own_credit(kind, key):
            own = by_id.get(expired_credit_id(kind, key))
            return own if own and own[3] else None

        def when(entry):
            own = own_credit(entry[4], entry[5])
            return (own[3], 0, entry[0]) if own else (entry[2], 1, entry[0])

        left, soonest, found, debt = {}, [], [], 0.0
        for move_id, amount, on, expiry_date, kind, key in sorted(entries, key=when):
            if amount > 0:
                cover = min(debt, amount)  # a debt is covered by the next credits first
                debt -= cover
                left[move_id] = currency.round(amount - cover)
                heapq.heappush(soonest, (expiry_date or NEVER, on, move_id))
                continue
            need, own = -amount, own_credit(kind, key)
            if own:  # takes from its credit only: beyond it, it should not have been taken
                take = min(left.get(own[0], 0.0), need)
                left[own[0]] = currency.round(left.get(own[0], 0.0) - take)
                back = currency.round(need - take - sum(given_back[move_id]))
                if currency.compare_amounts(back, 0.0) > 0:
                    found.append((move_id, on, back, len(given_back[move_id]), own[3]))
                continue
            while currency.compare_amounts(need, 0.0) > 0 and soonest:
                credit_id = soonest[0][2]
                take = min(left[credit_id], need)
                left[credit_id] = currency.round(left[credit_id] - take)
                need -= take
                if currency.is_zero(left[credit_id]):
                    heapq.heappop(soonest)
            if currency.compare_amounts(need, 0.0) > 0:
                debt += need
        if not found:
            return found
        until = self._coop_restored_until(entries, left, currency)
        return [(*item[:4], item[4] if until is False else until) for item in found]

    @api.model
    def _coop_restored_until(self, entries, corrected, currency):
        """When what the expiries took beyond their credits expires again: as the credit it
        restores would have, i.e. the soonest expiry date of the credits that have less left
        in the ledger as it is (``_coop_allocate``) than once corrected (``corrected``: what
        is left of each credit with each expiry taking from its own credit only). That is the
        credit the excess ate (held then, soonest first) or, when the person had no credit
        left (the excess made a debt), the next credit that covered the debt. None when that
        credit never expires; the expired credit's own date (past: due at the run that gives
        it back) when the excess ate nothing but a debt still open (what is given back covers
        that debt first and nothing of it is left to expire)."""
        actual = {credit_id: left for credit_id, _exp, _on, left in
                  self._coop_allocate(entries, currency)}  # fmt: skip
        by_id = {entry[0]: entry for entry in entries}
        eaten = [
            by_id[credit_id][3] or NEVER
            for credit_id, left in corrected.items()
            if by_id[credit_id][4] != "expiry_back"
            and currency.compare_amounts(left, actual.get(credit_id, 0.0)) > 0
        ]
        if not eaten:
            return False  # each its own credit's date
        until = min(eaten)
        return None if until == NEVER else until
