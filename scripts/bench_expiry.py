"""Benchmark of the daily cashback expiry (``_coop_cron_expire``) over 100,000 people.

Run by ``scripts/bench.py`` (``--only expiry``). A fresh database ``coop_bench_expiry``
(``coopctl.py ensure-db --without-demo``; expiry after 365 days, no hold) with 100,000 shoppers
inserted with SQL (as ``lookup`` does) and their ledger, in SQL too (12 credits a person over 13
months, the oldest past the expiry, and some spends); a copy of it, ``coop_bench_expiry_single``
(``CREATE DATABASE ... TEMPLATE``), where the baseline expires everything in ONE transaction;
then the cron job run in ``coop_bench_expiry`` as the scheduler runs it (``ir.cron._process_job``
until done: chunks of 250 people, each its own transaction), timed per chunk with the memory;
then what expired, against the ledger, and the manager's check. Both runs are processes of their
own (``python scripts/bench_expiry.py chunked|single DB``). Returns the section of BENCHMARKS.md.
Databases touched: coop_bench_expiry (kept) and coop_bench_expiry_single (dropped at the end).
"""

import json
import os
import random
import statistics
import subprocess
import sys
import time
from contextlib import closing, suppress
from pathlib import Path

from bench_common import ADMIN_UID, ROOT, coopctl, open_env
from bench_lookup import make_phones, populate

import odoo
from odoo import SUPERUSER_ID, fields

TITLE = "Expiring unspent cashback of 100,000 people (the daily scheduled action)"
# chunked, one transaction; another name and fewer people for a quick run (the full run takes
# long): COOP_BENCH_EXPIRY_DB=coop_x_expiry COOP_BENCH_EXPIRY_PEOPLE=10000
DB = os.environ.get("COOP_BENCH_EXPIRY_DB", "coop_bench_expiry")
COPY = f"{DB}_single"
PEOPLE = int(os.environ.get("COOP_BENCH_EXPIRY_PEOPLE", 100_000))
CREDITS, SLOT = 12, 33  # credits a person, the n-th in the n-th slot of SLOT days back
SPEND_CHANCE = 0.25  # a credit followed a few days later by a spend of 5-35% of it
EXPIRY_DAYS = 365
CHUNK = 250  # people per transaction: _coop_cron_expire's default
CRON = "coop_cashback.ir_cron_coop_cashback_expire"
BASELINE_TIMEOUT = 3600  # seconds; the one-transaction run is stopped beyond
SEED = 18
TARGET_TX_S, TARGET_MEM_MB, TARGET_FLAT, TARGET_TOTAL_S = 5.0, 100, 2.0, 600

# --- data ------------------------------------------------------------------------------------

LEDGER = """
SELECT setseed(%(seed)s);
CREATE TEMP TABLE bench_credits ON COMMIT DROP AS
SELECT p.id AS partner_id, n, round((20 + random() * 280)::numeric, 2) AS amount,
       current_date - %(days)s + (n - 1) * %(slot)s + floor(random() * 30)::int AS date,
       random() AS draw, random() AS share, floor(random() * %(slot)s)::int AS delay
  FROM res_partner p, generate_series(1, %(credits)s) n
 WHERE p.company_id = %(company)s AND p.coop_state = 'shopper' ORDER BY p.id, n;
INSERT INTO coop_cashback_move (partner_id, company_id, user_id, create_uid, write_uid,
       create_date, write_date, kind, channel, coop_state, source_key, reason, date,
       available_date, amount, expiry_date)
SELECT partner_id, %(company)s, %(uid)s, %(uid)s, %(uid)s, now() at time zone 'UTC',
       now() at time zone 'UTC', 'adjustment', 'manual', 'shopper', key, reason, d, d, amount,
       CASE WHEN amount > 0 THEN d + %(expiry)s END
  FROM (SELECT partner_id, 'bench:credit:' || partner_id || ':' || n AS key,
               'Cashback before (benchmark)' AS reason, date AS d, amount FROM bench_credits
        UNION ALL
        SELECT partner_id, 'bench:spend:' || partner_id || ':' || n, 'Spent (benchmark)',
               LEAST(date + delay, current_date - 1),
               -round(amount * (0.05 + 0.3 * share)::numeric, 2)
          FROM bench_credits WHERE draw < %(spend)s) s
 ORDER BY partner_id, d;
"""


def populate_ledger(env):
    """Every shopper's ledger, in SQL, not booked: credits (positive adjustments, as the
    manager's check wants an existing source document, a POS order, for every accrual) and
    spends (negative ones), each after its credit and smaller, so that no balance is ever below
    zero; returns (rows, seconds)."""
    start, company = time.perf_counter(), env.company
    company.write({"coop_cashback_expiry_days": EXPIRY_DAYS, "coop_cashback_hold_days": 0})
    env.flush_all()
    env.cr.execute(LEDGER, {"seed": SEED / 100, "days": CREDITS * SLOT, "slot": SLOT,
                            "credits": CREDITS, "company": company.id, "uid": ADMIN_UID,
                            "spend": SPEND_CHANCE, "expiry": EXPIRY_DAYS})  # fmt: skip
    env.cr.commit()
    env.cr.execute("ANALYZE coop_cashback_move")
    env.cr.execute("SELECT count(*) FROM coop_cashback_move")
    rows = env.cr.fetchone()[0]
    env.cr.commit()  # the statistics of ANALYZE are rolled back with its transaction
    return rows, time.perf_counter() - start


# --- the runs, each in a process of its own ---------------------------------------------------


def rss_mb(key="VmRSS", reset=False, pid="self"):
    """A process's resident memory, or its peak (``VmHWM``); ``reset``: the peak restarted
    from the current RSS first (Linux: 5 > /proc/self/clear_refs)."""
    if reset:
        Path("/proc/self/clear_refs").write_text("5")
    status = Path(f"/proc/{pid}/status").read_text().splitlines()
    return next(int(line.split()[1]) / 1024 for line in status if line.startswith(key + ":"))


class Probe:
    """Each chunk's transaction as ``ir.cron._run_job`` runs it, from the start of the server
    action (``_callback``) to the next progress record (``_add_progress``) or the end of
    ``_process_job`` (after its COMMIT): [seconds, RSS then, people, seconds of the people
    query (which locks them), of posting the journal entry]. Wraps the methods in this
    process's registry."""

    PARTS = {"coop.cashback.check": "_coop_expiry_people",
             "res.company": "_coop_post_cashback_moves"}  # fmt: skip

    def __init__(self, registry):
        self.chunks, self.started, self.parts = [], None, {}
        self.wrap(registry["ir.cron"], "_callback", before=self.open)
        self.wrap(registry["ir.cron"], "_add_progress", before=self.close)
        for model, name in self.PARTS.items():
            self.wrap(registry[model], name, timed=True)

    def wrap(self, cls, name, before=None, timed=False):
        method = getattr(cls, name)

        def wrapper(*args, **kwargs):
            if before:
                before()
            start = time.perf_counter()
            result = method(*args, **kwargs)
            if timed:
                self.parts[name] = self.parts.get(name, 0.0) + time.perf_counter() - start
            if name == "_coop_expiry_people":  # the chunk's people ids
                self.parts["people"] = len(result)
            return result

        setattr(cls, name, wrapper)

    def open(self):
        self.started, self.parts = time.perf_counter(), {}

    def close(self):  # after the chunk's COMMIT
        if self.started is not None:
            parts = [self.parts.get(name, 0) for name in ("people", *self.PARTS.values())]
            self.chunks.append([time.perf_counter() - self.started, rss_mb(), *parts])
            self.started = None


def run_chunked(db):
    """The cron job as the scheduler's worker runs it: acquired and processed (up to 10
    chunks, each committed with its progress), again while it is still due."""
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        cron_id = odoo.api.Environment(cr, SUPERUSER_ID, {}).ref(CRON).id
        cr.execute("UPDATE ir_cron SET nextcall = now() at time zone 'UTC' - interval '1 minute' "
                   "WHERE id = %s", [cron_id])  # fmt: skip
    cron, probe, conn, calls = registry["ir.cron"], Probe(registry), odoo.sql_db.db_connect(db), 0
    start_mb, start = rss_mb(reset=True), time.perf_counter()
    while True:
        with conn.cursor() as cron_cr:
            if not (job := cron._acquire_one_job(cron_cr, cron_id)):
                break
            cron._process_job(conn, cron_cr, job)
            calls += 1
        probe.close()
    return {"total": time.perf_counter() - start, "chunks": probe.chunks, "calls": calls,
            "start_mb": start_mb, "peak_mb": rss_mb("VmHWM")}  # fmt: skip


def run_single(db):
    """The baseline: everything due expired in one transaction, one chunk for all people."""
    with odoo.modules.registry.Registry(db).cursor() as cr:
        check = odoo.api.Environment(cr, SUPERUSER_ID, {})["coop.cashback.check"]
        company = check.env["res.company"].search([("coop_cashback_expiry_days", ">", 0)])
        limit = fields.Date.context_today(check)  # credits expiring by today
        start_mb, start = rss_mb(reset=True), time.perf_counter()
        check._coop_expire_chunk(company, limit, 10**9)
        cr.commit()
        return {"total": time.perf_counter() - start, "start_mb": start_mb,
                "peak_mb": rss_mb("VmHWM")}  # fmt: skip


def in_process(mode, db, timeout=None):
    """``run_<mode>(db)`` in a process of its own: its result, with ``seen_mb`` the highest RSS
    seen from here (every 2 s); past ``timeout`` it is stopped: ``{"seen_mb", "stopped"}``."""
    cmd = [sys.executable, __file__, mode, db]
    print("[bench] " + " ".join(cmd), flush=True)
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    deadline, seen = time.monotonic() + (timeout or 10**9), 0.0
    while proc.poll() is None and time.monotonic() < deadline:
        with suppress(OSError, StopIteration):  # the process may end meanwhile
            seen = max(seen, rss_mb(pid=proc.pid))
        time.sleep(2)
    if proc.poll() is None:
        proc.kill()
        proc.wait()
        return {"seen_mb": seen, "stopped": f"stopped past {timeout} s"}
    if proc.returncode:
        return {"seen_mb": seen, "stopped": f"failed (exit {proc.returncode}, see the log)"}
    return {**json.loads(proc.stdout.read().strip().splitlines()[-1]), "seen_mb": seen}


# --- results and report ----------------------------------------------------------------------

EXPECTED = """
SELECT count(*) FILTER (WHERE due > 0), COALESCE(SUM(GREATEST(due, 0)), 0),
       count(*) FILTER (WHERE balance < -0.005)
  FROM (SELECT SUM(amount) FILTER (WHERE amount > 0 AND date <= %s)
               + COALESCE(SUM(amount) FILTER (WHERE amount < 0 AND kind != 'expiry'), 0) AS due,
               SUM(amount) AS balance
          FROM coop_cashback_move GROUP BY partner_id) s
"""


def expired(db, limit, check=False):
    """What expired in ``db``; with ``check``, what the ledger says should have (a person's
    credits up to ``limit`` less all they used, as used cashback is taken from the oldest
    credits first; not below 0), balances below zero and the manager's check."""
    env = open_env(db)
    with closing(env.cr) as cr:
        cr.execute("SELECT count(*), count(DISTINCT partner_id), COALESCE(-SUM(amount), 0), "
                   "count(DISTINCT account_move_id), count(*) - count(account_move_id) "
                   "FROM coop_cashback_move WHERE kind = 'expiry'")  # fmt: skip
        found = dict(zip(("entries", "people", "amount", "journal", "unbooked"), cr.fetchone(),
                         strict=True))  # fmt: skip
        if check:
            cr.execute(EXPECTED, [limit])
            found["due_people"], found["due"], found["below_zero"] = cr.fetchone()
            start = time.perf_counter()
            result = env["coop.cashback.check"].coop_invariants()
            found["check"] = "ok" if result["ok"] else " ".join(result["problems"][:5])
            found["check_s"] = time.perf_counter() - start
    odoo.sql_db.close_db(db)
    return found


def targets(chunked):
    """The verdict lines, over the chunks of CHUNK people (not the last, smaller one)."""
    full = [c[0] for c in chunked["chunks"] if c[2] == CHUNK] or [0.0]
    longest, growth = max(c[0] for c in chunked["chunks"]), chunked["peak_mb"] - chunked["start_mb"]
    return [
        f"{text}: {'MET' if met else 'MISSED'}"
        for met, text in (
            (longest <= TARGET_TX_S, f"longest transaction {longest:.1f} s ≤ {TARGET_TX_S:g} s"),
            (growth <= TARGET_MEM_MB, f"memory growth {growth:.0f} MB ≤ {TARGET_MEM_MB} MB"),
            (full[-1] <= TARGET_FLAT * full[0], f"chunk times flat: last {full[-1]:.1f} s ≤ "
             f"{TARGET_FLAT:g}× the first ({full[0]:.1f} s)"),
            (chunked["total"] < TARGET_TOTAL_S, f"total {chunked['total'] / 60:.1f} min < "
             f"{TARGET_TOTAL_S // 60} min for {PEOPLE:,} people"),
        )
    ]  # fmt: skip


def report(chunked, single, found, base, setup, loads):
    rows, growth = chunked["chunks"], chunked["peak_mb"] - chunked["start_mb"]
    full = [c for c in rows if c[2] == CHUNK] or rows
    median = [statistics.median(c[k] for c in full) for k in range(5)]
    done = "total" in single
    one = f"{single['total']:.0f} s" if done else single["stopped"]
    one_mb = (f"{single['peak_mb'] - single['start_mb']:.0f} MB" if done
              else f"RSS {single['seen_mb']:.0f} MB when stopped")  # fmt: skip
    ratio = f"({single['total'] / chunked['total']:.2f}× the chunked)" if done else ""
    base = base or {"people": 0, "amount": 0, "journal": "—"}
    return "\n".join([
        f"Fresh database `{DB}` (`coopctl.py ensure-db --without-demo`; expiry after "
        f"{EXPIRY_DAYS} days, no hold), {PEOPLE:,} shoppers inserted with SQL as in `lookup`, "
        f"{setup[0]:,} ledger entries with SQL ({setup[1]:.0f} s): {CREDITS} credits a person, "
        f"the n-th in the n-th slot of {SLOT} days back (so the first is past the expiry), and "
        f"after about {SPEND_CHANCE:.0%} of them a spend of 5-35% of it; not booked (the "
        "manager's check compares what is booked: the expiries). They are manual adjustments "
        "with a reason, as the check wants a POS order behind every accrual and spend; the "
        "expiry takes them as credits, each with its expiry date. Chunked: the cron job made "
        "due, then "
        f"`ir.cron._process_job` until done ({chunked['calls']} calls of up to 10 chunks, each "
        "its own transaction with its progress). One transaction (baseline): on a copy made "
        "before (`CREATE DATABASE ... TEMPLATE`), `_coop_expire_chunk(company, limit, 10**9)`. "
        "Each in a process of its own; memory growth = peak RSS (VmHWM) less the RSS at the "
        f"start. Load average (1/5/15 min) before the baseline {loads[0]}, before the chunked "
        f"run {loads[1]}, after it {loads[2]}.",
        "",
        f"| measurement | chunked ({CHUNK:,} people per transaction) | one transaction |",
        "| --- | ---: | ---: |",
        f"| total time | {chunked['total']:.0f} s | {one} {ratio} |",
        f"| longest transaction | {max(c[0] for c in rows):.1f} s | {one} |",
        f"| memory growth | {growth:.0f} MB | {one_mb} |",
        f"| people expired / amount | {found['people']:,} / {found['amount']:,.2f} | "
        f"{base['people']:,} / {base['amount']:,.2f} |",
        f"| expiry journal entries | {found['journal']} | {base['journal']} |",
        "",
        f"Chunks: {len(rows)} transactions, {len(full)} of {CHUNK:,} people: first "
        f"{full[0][0]:.2f} s, median {median[0]:.2f} s, last {full[-1][0]:.2f} s, longest "
        f"{max(c[0] for c in full):.2f} s; of which (median) the people query (locking them) "
        f"{median[3]:.2f} s, posting the journal entry (`_coop_post_cashback_moves`) "
        f"{median[4]:.2f} s, the rest the ledger read, what is left of each credit and one "
        f"INSERT (`_coop_expire_people`). RSS (MB): "
        f"start {chunked['start_mb']:.0f}, after the first chunk {rows[0][1]:.0f}, highest "
        f"after a chunk {max(c[1] for c in rows):.0f}, after the last {rows[-1][1]:.0f}.",
        "",
        f"Checks after the chunked run: {found['entries']:,} expiry entries, {found['unbooked']} "
        f"not booked; expected from the ledger {found['due_people']:,} people / "
        f"{found['due']:,.2f}; balances below zero: {found['below_zero']}; manager's check "
        f"`coop_invariants()`: {found['check']} ({found['check_s']:.0f} s).",
        "",
        *(f"**Target: {line}.**  " for line in targets(chunked)),
    ]) + "\n"  # fmt: skip


# --- run -------------------------------------------------------------------------------------


def build():
    """The fresh database with its people and ledger: (expiry limit, (rows, seconds))."""
    coopctl("drop-db", DB)
    coopctl("ensure-db", DB, "--lang", "en_US", "--without-demo")
    env = open_env(DB)
    with closing(env.cr):
        rng = random.Random(SEED)
        populate(env, make_phones(env, rng, PEOPLE), rng)
        setup = populate_ledger(env)
        today = fields.Date.context_today(env["coop.cashback.check"])
    odoo.sql_db.close_db(DB)
    return fields.Date.subtract(today, days=EXPIRY_DAYS), setup


def run():
    """Run the benchmark; returns its section of BENCHMARKS.md and the targets' verdicts."""
    limit, setup = build()
    coopctl("drop-db", COPY)
    odoo.service.db.exp_duplicate_database(DB, COPY)
    odoo.sql_db.close_db(COPY)
    loads = [os.getloadavg()]
    single = in_process("single", COPY, timeout=BASELINE_TIMEOUT)
    base = expired(COPY, limit) if "total" in single else None
    coopctl("drop-db", COPY)
    loads.append(os.getloadavg())
    chunked = in_process("chunked", DB)
    if "stopped" in chunked:
        raise SystemExit(f"the chunked run {chunked['stopped']}")
    loads.append(os.getloadavg())
    loads = [" / ".join(f"{x:.2f}" for x in load) for load in loads]
    found = expired(DB, limit, check=True)
    return report(chunked, single, found, base, setup, loads), targets(chunked)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] in ("chunked", "single"):
        from bench_common import configure

        configure()
        result = {"chunked": run_chunked, "single": run_single}[sys.argv[1]](sys.argv[2])
        print(json.dumps(result), flush=True)
    else:
        raise SystemExit("run the benchmarks with scripts/bench.py (--only expiry)")
