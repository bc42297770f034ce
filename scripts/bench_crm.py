"""Benchmark of the customer classes (coop_crm) of a cooperative of 100,000 people.

Run by ``scripts/bench.py`` (``make bench``, or ``.venv/bin/python scripts/bench.py --only
crm`` after ``scripts/setup.sh``). In one run, on a fresh database ``coop_bench_crm`` (dropped
first, created by ``coopctl.py ensure-db``: the demo cooperative with the coop addons):

1. 100,000 shoppers inserted in bulk with SQL (``bench_lookup.populate``);
2. a new session of the demo till (``coop_cashback.pos_config_store_demo``) opened through the
   ORM, and ORDERS paid orders of the people in it inserted with one INSERT ... SELECT (every
   column not specific to an order copied from an order created through the ORM in that
   session), over the 400 days up to today, a few of them refunds (negative totals), the people
   skewed so that a few buy much and many little;
3. PARTNER_TXNS matched sales and refunds of the demo plumbing shop
   (``coop_partner_sync.agreement_plumbing_demo``) inserted likewise, copied from a demo
   transaction; then ANALYZE;
4. ``res.company._coop_compute_classes(today)`` of the main company, timed twice (the first run
   classifies everyone, the second finds the same classes), each with its COMMIT, the peak
   resident memory of this process (``resource.getrusage``) and of its PostgreSQL backend
   before and after;
5. the checks: the number classified against an independent SQL count of the people with a
   purchase, segment counts, the share of the spend of classes A, B and C;
6. the baseline: what an ORM loop over people would do (two ``search_read`` and Python sums,
   one ``write`` per person) on a random sample of BASELINE people, projected to 100,000, then
   rolled back.

Times are wall-clock times in process (``time.perf_counter()``), admin user (uid 2). Returns
its section of BENCHMARKS.md. Databases touched: coop_bench_crm only.
"""

import random
import resource
import time
from contextlib import closing
from datetime import timedelta

from bench_common import coopctl, open_env
from bench_lookup import make_phones, populate

from odoo import fields
from odoo.tools import SQL

TITLE = "Customer classes (RFM, ABC, XYZ) of 100,000 people with a year of purchases"
DB = "coop_bench_crm"

PEOPLE = 100_000
ORDERS = 900_000  # paid till orders over DAYS days
PARTNER_TXNS = 100_000  # matched partner business transactions over DAYS days
DAYS = 400  # the purchases go back this far: some people bought only before the year
REFUNDS = 0.03  # share of orders that are refunds (negative totals)
BASELINE = 500  # people classified by the ORM loop of the baseline
TARGET_S = 60.0  # the issue: under 60 s for 100,000 people on the 2-core machine
SEED = 15
SHOP = "coop_cashback.pos_config_store_demo"
AGREEMENT = "coop_partner_sync.agreement_plumbing_demo"


# --- memory ----------------------------------------------------------------------------------


def peak_rss_mib():
    """The peak resident memory of this process so far (MiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def backend_peak_mib(env):
    """The peak resident memory of this cursor's PostgreSQL backend (VmHWM, MiB; shared
    buffers it touched included), or None when /proc does not show it."""
    env.cr.execute("SELECT pg_backend_pid()")
    [pid] = env.cr.fetchone()
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


# --- test data -------------------------------------------------------------------------------


def columns(cr, table, own):
    """The columns of ``table`` not in ``own`` (nor id): copied from the template row."""
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name = %s ORDER BY ordinal_position",
        [table],
    )
    return [name for (name,) in cr.fetchall() if name not in own and name != "id"]


def insert_like(cr, table, template_id, own, rows, params):
    """INSERT INTO ``table`` one row per row of the ``rows`` query (aliased ``s``, with its
    column ``g``): the ``own`` columns from their SQL expressions, every other column copied
    from the row ``template_id`` (``t``). Returns the number of rows inserted."""
    copied = columns(cr, table, own)
    names = SQL(", ").join(SQL.identifier(name) for name in [*own, *copied])
    values = SQL(", ").join(
        [*(SQL(value) for value in own.values()), *(SQL.identifier("t", c) for c in copied)]
    )
    query = SQL(
        "INSERT INTO %s (%s) SELECT %s FROM (%s) s, %s t WHERE t.id = %s",
        SQL.identifier(table),
        names,
        values,
        SQL(rows, **params),
        SQL.identifier(table),
        template_id,
    )
    cr.execute(query)
    return cr.rowcount


def open_session(env):
    """The open session of the demo till, or a new one opened as a cashier opens it (the
    demo's own session is closed)."""
    config = env.ref(SHOP)
    if not config.current_session_id:
        config.open_ui()
        config.current_session_id.set_opening_control(0, None)
        env.cr.commit()
    return config.current_session_id


def insert_orders(env, session, people, as_of):
    """ORDERS paid orders in ``session`` (its company, till, pricelist, journal and currency,
    copied from an order created through the ORM there). The person of each is drawn by
    random() * random() over ``people``: the first people of the list buy much, the last
    little. 12:00 UTC on ``as_of`` at the latest."""
    template = env["pos.order"].create(
        {
            "session_id": session.id,
            "company_id": session.company_id.id,
            "pricelist_id": session.config_id.pricelist_id.id,
            "user_id": env.uid,
            "amount_tax": 0.0,
            "amount_total": 0.0,
            "amount_paid": 0.0,
            "amount_return": 0.0,
        }
    )
    env.flush_all()
    own = {
        "name": "'Bench ' || s.g",
        "pos_reference": "'Bench ' || lpad(s.g::text, 7, '0')",
        "uuid": "gen_random_uuid()::text",
        "sequence_number": "s.g",
        "partner_id": "s.partner_id",
        "date_order": "s.ts",
        "amount_total": "s.amount",
        "amount_paid": "s.amount",
        "amount_tax": "0",
        "amount_return": "0",
        "state": "'paid'",
        "create_date": "s.ts",
        "write_date": "s.ts",
    }
    rows = """
        SELECT g, (%(people)s::int[])[1 + floor(random() * random() * %(count)s)::int]
                  AS partner_id,
               %(as_of)s::timestamp + interval '12 hours' - random() * %(days)s * interval '1 day'
                  AS ts,
               round((CASE WHEN random() < %(refunds)s THEN -1 ELSE 1 END
                      * (50 + random() * 2950))::numeric, 2) AS amount
          FROM generate_series(1, %(n)s) g
    """
    params = {
        "people": people,
        "count": len(people),
        "as_of": as_of,
        "days": DAYS,
        "refunds": REFUNDS,
        "n": ORDERS,
    }
    inserted = insert_like(env.cr, "pos_order", template.id, own, rows, params)
    template.unlink()
    if inserted != ORDERS:
        raise SystemExit(f"inserted {inserted} orders instead of {ORDERS}")


def insert_transactions(env, people, as_of):
    """PARTNER_TXNS matched transactions of the demo plumbing shop (5 % refunds), people
    drawn uniformly, copied from one of the shop's demo sales (cashback and commission in
    the same proportion to the amount)."""
    agreement = env.ref(AGREEMENT)
    template = env["coop.partner.transaction"].search(
        [("agreement_id", "=", agreement.id), ("state", "=", "matched"), ("kind", "=", "sale")],
        limit=1,
    )
    if not template:
        raise SystemExit(f"{agreement.name}: no matched demo sale to copy")
    own = {
        "external_id": "'bench-' || s.g",
        "member_ref": "'bench'",
        "member_ref_key": "'bench'",
        "fingerprint": "NULL",
        "partner_id": "s.partner_id",
        "kind": "s.kind",
        "amount": "s.amount",
        "cashback": f"round(s.amount * {template.cashback / template.amount:.6f}, 2)",
        "commission": f"round(s.amount * {template.commission / template.amount:.6f}, 2)",
        "date": "s.ts",
        "matched_date": "s.ts",
        "refund_of_id": "NULL",
        "settlement_move_id": "NULL",
        "settled": "false",
        "create_date": "s.ts",
        "write_date": "s.ts",
    }
    rows = """
        SELECT g, (%(people)s::int[])[1 + floor(random() * %(count)s)::int] AS partner_id,
               CASE WHEN random() < 0.05 THEN 'refund' ELSE 'sale' END AS kind,
               round((100 + random() * 4900)::numeric, 2) AS amount,
               %(as_of)s::timestamp + interval '12 hours' - random() * %(days)s * interval '1 day'
                  AS ts
          FROM generate_series(1, %(n)s) g
    """
    params = {
        "people": people,
        "count": len(people),
        "as_of": as_of,
        "days": DAYS,
        "n": PARTNER_TXNS,
    }
    inserted = insert_like(env.cr, "coop_partner_transaction", template.id, own, rows, params)
    if inserted != PARTNER_TXNS:
        raise SystemExit(f"inserted {inserted} partner transactions instead of {PARTNER_TXNS}")
    return agreement


def purchases(env, session, people, as_of):
    """The year of purchases of ``people``; returns the seconds it took."""
    start = time.perf_counter()
    env.cr.execute("SELECT setseed(%s)", [SEED / 100])
    insert_orders(env, session, people, as_of)
    insert_transactions(env, people, as_of)
    env.cr.commit()
    env.cr.execute("ANALYZE pos_order; ANALYZE coop_partner_transaction; ANALYZE res_partner")
    env.cr.commit()
    env.invalidate_all()
    seconds = time.perf_counter() - start
    print(f"[bench] crm: orders and partner transactions inserted in {seconds:.0f} s", flush=True)
    return seconds


def volumes(env, company):
    cr = env.cr
    cr.execute(
        "SELECT count(*), count(*) FILTER (WHERE amount_total < 0) FROM pos_order "
        "WHERE company_id = %s AND state IN ('paid', 'done', 'invoiced') "
        "AND partner_id IS NOT NULL",
        [company.id],
    )
    orders, refunds = cr.fetchone()
    cr.execute(
        "SELECT count(*), count(*) FILTER (WHERE kind = 'refund') FROM coop_partner_transaction "
        "WHERE company_id = %s AND state = 'matched' AND partner_id IS NOT NULL",
        [company.id],
    )
    txns, txn_refunds = cr.fetchone()
    cr.execute(
        "SELECT count(*) FROM res_partner WHERE company_id = %s AND coop_state IS NOT NULL",
        [company.id],
    )
    [people] = cr.fetchone()
    return {
        "people": people,
        "orders": orders,
        "order refunds": refunds,
        "partner transactions": txns,
        "partner refunds": txn_refunds,
    }


# --- measurements ----------------------------------------------------------------------------


def compute(env, company, as_of, label):
    """One computation of the company's classes with its COMMIT, timed, and the memory."""
    cr = env.cr
    cr.execute("SELECT count(*) FROM coop_rfm_history")
    [history_before] = cr.fetchone()
    rss_before, backend_before = peak_rss_mib(), backend_peak_mib(env)
    start = time.perf_counter()
    classified = company._coop_compute_classes(as_of)
    cr.commit()
    seconds = time.perf_counter() - start
    cr.execute("SELECT count(*) FROM coop_rfm_history")
    [history_after] = cr.fetchone()
    result = {
        "label": label,
        "classified": classified,
        "seconds": seconds,
        "history": history_after - history_before,
        "rss": (rss_before, peak_rss_mib()),
        "backend": (backend_before, backend_peak_mib(env)),
    }
    print(f"[bench] crm: {label}: {classified} classified in {seconds:.1f} s", flush=True)
    return result


def with_purchases(env, company, as_of):
    """People with a purchase that counts as a visit (a paid order with a total of 0 or more,
    a matched sale) on or before ``as_of`` in the company's time zone: the people to classify,
    counted here with EXISTS, independently of the addon's query."""
    tz = company.partner_id.tz or "UTC"
    env.cr.execute(
        """
        SELECT count(*) FROM res_partner p
         WHERE p.company_id = %(company)s AND p.coop_state IS NOT NULL
           AND (EXISTS (SELECT 1 FROM pos_order o
                         WHERE o.partner_id = p.id AND o.company_id = %(company)s
                           AND o.state IN ('paid', 'done', 'invoiced') AND o.amount_total >= 0
                           AND (o.date_order AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date
                               <= %(as_of)s)
                OR EXISTS (SELECT 1 FROM coop_partner_transaction t
                            WHERE t.partner_id = p.id AND t.company_id = %(company)s
                              AND t.state = 'matched' AND t.kind = 'sale'
                              AND (t.date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date
                                  <= %(as_of)s))
        """,
        {"company": company.id, "tz": tz, "as_of": as_of},
    )
    return env.cr.fetchone()[0]


def classes(env, company):
    """Segment counts, and per ABC class the people and their share of the positive spend."""
    cr = env.cr
    cr.execute(
        "SELECT coop_rfm_segment, count(*) FROM res_partner "
        "WHERE company_id = %s AND coop_rfm_segment IS NOT NULL GROUP BY 1 ORDER BY 2 DESC",
        [company.id],
    )
    segments = cr.fetchall()
    cr.execute(
        "SELECT coop_abc, count(*), SUM(GREATEST(coop_rfm_monetary, 0)) FROM res_partner "
        "WHERE company_id = %s AND coop_abc IS NOT NULL GROUP BY 1 ORDER BY 1",
        [company.id],
    )
    abc = cr.fetchall()
    total = sum(spend for _abc, _n, spend in abc) or 1
    cr.execute(
        "SELECT coop_xyz, count(*) FROM res_partner "
        "WHERE company_id = %s AND coop_xyz IS NOT NULL GROUP BY 1 ORDER BY 1",
        [company.id],
    )
    xyz = cr.fetchall()
    return {
        "segments": segments,
        "abc": [(c, n, float(spend) / float(total)) for c, n, spend in abc],
        "xyz": xyz,
    }


def checks(company, runs, expected, found):
    """What must hold of the answers, as ``[(what, ok)]``."""
    first, second = runs
    segmented = sum(n for _segment, n in found["segments"])
    shares = {c: share for c, _n, share in found["abc"]}
    return [
        (
            f"classified = people with a purchase (independent count): "
            f"{first['classified']:,} = {expected:,}",
            first["classified"] == expected,
        ),
        (
            f"second run classifies the same people: {second['classified']:,}",
            second["classified"] == first["classified"],
        ),
        (
            f"segment counts sum to the people classified: {segmented:,}",
            segmented == first["classified"],
        ),
        (
            f"first run: a history row per person classified: {first['history']:,}",
            first["history"] == first["classified"],
        ),
        (
            f"second run, same purchases: no segment changes, {second['history']} history rows",
            second["history"] == 0,
        ),
        (
            f"class A makes {company.coop_crm_abc_a:g} % of the spend or a little more: "
            f"{shares.get('a', 0):.3%}",
            0.80 <= shares.get("a", 0) < 0.81,
        ),
        (
            f"classes A and B make {company.coop_crm_abc_a + company.coop_crm_abc_b:g} % or a "
            f"little more: {shares.get('a', 0) + shares.get('b', 0):.3%} (B "
            f"{shares.get('b', 0):.3%}), class C the rest: {shares.get('c', 0):.3%}",
            0.95 <= shares.get("a", 0) + shares.get("b", 0) < 0.96,
        ),
    ]


def baseline(env, company, people, as_of, rng):
    """The ORM loop over people on a random sample of BASELINE: each person's orders and
    partner transactions read (``search_read``), the spend and visits of the period summed in
    Python and written (before any scores, quintiles or classes); rolled back. Returns the
    seconds and the peak memory."""
    sample = env["res.partner"].browse(rng.sample(people, BASELINE))
    start_day = as_of - timedelta(days=company.coop_crm_period_days - 1)
    env.invalidate_all()
    start = time.perf_counter()
    for person in sample:
        orders = env["pos.order"].search_read(
            [
                ("partner_id", "=", person.id),
                ("company_id", "=", company.id),
                ("state", "in", ("paid", "done", "invoiced")),
            ],
            ["date_order", "amount_total"],
        )
        txns = env["coop.partner.transaction"].search_read(
            [
                ("partner_id", "=", person.id),
                ("company_id", "=", company.id),
                ("state", "=", "matched"),
            ],
            ["date", "amount", "kind"],
        )
        rows = [(o["date_order"].date(), o["amount_total"]) for o in orders] + [
            (t["date"].date(), t["amount"] if t["kind"] == "sale" else -t["amount"]) for t in txns
        ]
        spend = sum(amount for day, amount in rows if start_day <= day <= as_of)
        visits = sum(1 for day, amount in rows if start_day <= day <= as_of and amount >= 0)
        person.write({"coop_rfm_monetary": spend, "coop_rfm_frequency": visits})
    env.flush_all()
    seconds = time.perf_counter() - start
    env.cr.rollback()
    env.invalidate_all()
    print(f"[bench] crm: baseline, {BASELINE} people by the ORM in {seconds:.1f} s", flush=True)
    return seconds, peak_rss_mib()


# --- report ----------------------------------------------------------------------------------


def target_line(runs):
    worst = max(run["seconds"] for run in runs)
    verdict = "MET" if worst < TARGET_S else "MISSED"
    times = ", ".join(f"{run['label']} {run['seconds']:.1f} s" for run in runs)
    return (
        f"Target (classes of {PEOPLE:,} people with a year of purchases under {TARGET_S:g} s): "
        f"{verdict} ({times})."
    )


def mib(value):
    return f"{value:.0f}" if value is not None else "n/a"


def report(data, runs, found, checked, base, insert_seconds):
    base_seconds, base_rss = base
    projected = base_seconds / BASELINE * data["people"]
    first = runs[0]
    rows = [
        f"| `_coop_compute_classes`, {run['label']} | {run['classified']:,} | "
        f"{run['history']:,} | {run['seconds']:.1f} | {mib(run['rss'][0])} → {mib(run['rss'][1])} "
        f"| {mib(run['backend'][0])} → {mib(run['backend'][1])} |"
        for run in runs
    ]
    segments = ", ".join(f"{segment} {n:,}" for segment, n in found["segments"])
    abc = ", ".join(
        f"{c.upper()} {n:,} people, {share:.1%} of the spend" for c, n, share in found["abc"]
    )
    xyz = ", ".join(f"{c.upper()} {n:,}" for c, n in found["xyz"])
    lines = [
        "Drops and recreates the database `coop_bench_crm` (the demo cooperative with the coop "
        "addons, `coopctl.py ensure-db`).",
        "",
        f"Data: {data['people']:,} people of the main company ({PEOPLE:,} shoppers inserted in "
        f"bulk with SQL as in the `lookup` benchmark, and the demo people); "
        f"{data['orders']:,} paid till orders ({data['order refunds']:,} of them refunds, "
        "negative totals) in a new session of the demo till, and "
        f"{data['partner transactions']:,} matched transactions of the demo plumbing shop "
        f"({data['partner refunds']:,} refunds), over the {DAYS} days up to today, inserted "
        "with one INSERT ... SELECT each (every column not specific to a row copied from an "
        "order created through the ORM in the session, or from a demo transaction), then "
        f"ANALYZE ({insert_seconds:.0f} s). The buyer of an order is drawn by "
        "`random() * random()` over the people, so that a few buy much and many little; of a "
        "partner transaction, uniformly.",
        "",
        "Wall-clock time in process (`time.perf_counter()`) of "
        "`res.company._coop_compute_classes(today)` of the main company and its COMMIT, admin "
        "user; memory: peak resident set of the bench process (`resource.getrusage`, "
        "`ru_maxrss`) and of its PostgreSQL backend (`VmHWM`, shared buffers it touched "
        "included), before → after, MiB.",
        "",
        "| measurement | people classified | history rows | seconds | peak RSS, bench process "
        "| peak RSS, PostgreSQL backend |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        *rows,
        f"| baseline: ORM loop per person, {BASELINE} people drawn at random "
        f"| {BASELINE} | — | {base_seconds:.1f} | → {mib(base_rss)} | — |",
        f"| baseline projected to {data['people']:,} people | — | — | {projected:,.0f} | — | — |",
        "",
        f"**{target_line(runs)}**",
        "",
        f"The baseline reads each person's orders and partner transactions with two "
        "`search_read`, sums the spend and visits of the period in Python and writes them, one "
        "person at a time (no scores, quintiles or classes yet, so the real cost is higher); "
        f"projected linearly it takes {projected:,.0f} s ({projected / 60:,.1f} min) for "
        f"{data['people']:,} people, "
        f"{projected / first['seconds']:,.0f} times the set-based SQL of the first run. The "
        "writes are rolled back.",
        "",
        f"Segments: {segments}. ABC: {abc}. XYZ: {xyz}.",
        "",
        "Checks:",
        "",
        *(f"- {'ok' if ok else 'FAILED'}: {what}" for what, ok in checked),
        "",
    ]
    return "\n".join(lines)


# --- run -------------------------------------------------------------------------------------


def run():
    """Run the benchmark; returns its section of BENCHMARKS.md and the target's verdict."""
    rng = random.Random(SEED)
    coopctl("drop-db", DB)
    coopctl("ensure-db", DB, "--lang", "en_US")
    env = open_env(DB)
    with closing(env.cr):
        company = env.ref("base.main_company")
        as_of = fields.Date.context_today(env.user.with_context(tz=company.partner_id.tz))
        phones = make_phones(env, rng, PEOPLE)
        people, _seconds = populate(env, phones, rng)
        ids = [people[e164][0] for e164 in phones]  # in the order of the draw
        session = open_session(env)
        if session.company_id != company:
            raise SystemExit(f"{session.name} is not of {company.name}")
        insert_seconds = purchases(env, session, ids, as_of)
        data = volumes(env, company)
        expected = with_purchases(env, company, as_of)
        runs = [compute(env, company, as_of, label) for label in ("first run", "second run")]
        found = classes(env, company)
        checked = checks(company, runs, expected, found)
        base = baseline(env, company, ids, as_of, rng)
    failed = [what for what, ok in checked if not ok]
    if failed:
        print("[bench] crm: checks FAILED: " + "; ".join(failed), flush=True)
    text = report(data, runs, found, checked, base, insert_seconds)
    return text, [target_line(runs)]
