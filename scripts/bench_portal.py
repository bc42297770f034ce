"""Benchmark of the person's own page (coop_portal) for a person with 10,000 ledger entries.

Run by ``scripts/bench.py`` (``make bench``, or ``.venv/bin/python scripts/bench.py --only
portal`` after ``scripts/setup.sh``). In one run, on a fresh database ``coop_bench_portal``
(dropped first, created by ``coopctl.py ensure-db``: the demo cooperative with the coop
addons):

1. OTHERS shoppers inserted in bulk (``bench_lookup.populate``) with HISTORY ledger entries,
   so that the ledger table is not the measured people's alone; then two shoppers registered
   at the till (``coop_register_shopper``), each with a portal user;
2. their cashback ledgers inserted with SQL, as ``_coop_record`` writes entries (the columns of
   ``bench_pos.grow_ledger``, a unique source key each): LEDGER entries of the first person and
   LEDGER_BASELINE of the second (the baseline), over the last year; the entries from the till
   point at paid orders of the person, inserted in a new session of the demo till
   (``bench_crm.insert_like``), so that the ledger shows their store and receipt;
3. an Odoo server started on a free loopback port (threaded, ``--log-handler werkzeug:INFO``:
   each request is logged with its query count, query time and other time in the server);
4. each person logs in over HTTP (``/web/login`` with its CSRF token), then GETs each route
   WARMUP times untimed and CALLS times timed, one request at a time.

Server time is Odoo's own per request: the query time plus the remaining time of the werkzeug
log line (from the WSGI call to the response's headers, the page rendered); the time the client
waited over loopback is reported beside it. Each answer is checked: 200, the person's available
cashback (computed here from the ledger) on ``/my/coop``, on the ledger pages the person's own
entries of that page in the ledger's order. Returns its section of BENCHMARKS.md. Databases
touched: coop_bench_portal only.
"""

import os
import random
import re
import statistics
import subprocess
import sys
import time
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import requests
from bench_common import CONF, ROOT, Series, coopctl, ms, open_env
from bench_crm import insert_like, open_session
from bench_import import free_port
from bench_lookup import make_phones, populate
from lxml import html

from odoo import Command, fields

TITLE = "The person's own page (/my/coop) with 10,000 cashback ledger entries"
DB = "coop_bench_portal"

LEDGER = 10_000  # entries of the person measured
LEDGER_BASELINE = 10  # entries of the baseline person
OTHERS = 2_000  # other shoppers with entries in the same ledger table
HISTORY = 190_000  # their entries
SEED = 16
DAYS = 365  # the entries are spread over this many days up to today
FILTER_DAYS = 30  # /my/coop/ledger?date_from=<today - FILTER_DAYS>
STEP = 50  # entries per ledger page (coop_portal.controllers.portal.LEDGER_STEP)
WARMUP = 5
CALLS = 50
TARGET_MS = 300.0  # the issue: pages answer in under 300 ms server time
PEOPLE = (  # (key, phone, name, ledger entries)
    ("big", "+7 921 300-00-01", "Бенчмарк Большой Леджер", LEDGER),
    ("small", "+7 921 300-00-02", "Бенчмарк Малый Леджер", LEDGER_BASELINE),
)
LOG_LINE = re.compile(
    r'werkzeug: \S+ - - \[[^\]]*\] "GET (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d{3}) \S+ '
    r"(?P<queries>\d+) (?P<query_time>[\d.]+) (?P<other_time>[\d.]+)\s*$"
)


# --- people and their ledgers ----------------------------------------------------------------


def portal_person(env, phone, name):
    """A shopper registered at the till, with a portal user (password = login)."""
    result = env["res.partner"].coop_register_shopper(
        {"phone": phone, "name": name, "consent_processing": True, "channel": "till"}
    )
    if not result["created"]:
        raise SystemExit(f"{phone} was not registered as a new shopper: {result}")
    person = env["res.partner"].browse(result["partner_id"])
    login = f"bench-portal-{person.id}"
    company = person.company_id or env.company
    env["res.users"].with_context(no_reset_password=True).create(
        {
            "login": login,
            "password": login,
            "partner_id": person.id,
            "groups_id": [Command.set([env.ref("base.group_portal").id])],
            "company_id": company.id,
            "company_ids": [Command.set(company.ids)],
        }
    )
    return person, login


def till_orders(env, session, person, count):
    """``count`` paid orders of ``person`` in ``session`` (SQL, copied from an order created
    through the ORM there); their ids, oldest first."""
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
    prefix = f"Bench {person.id}/"
    own = {
        "name": f"'{prefix}' || s.g",
        "pos_reference": f"'{prefix}' || lpad(s.g::text, 5, '0')",
        "uuid": "gen_random_uuid()::text",
        "sequence_number": "s.g",
        "partner_id": str(person.id),
        "amount_total": "s.amount",
        "amount_paid": "s.amount",
        "amount_tax": "0",
        "amount_return": "0",
        "state": "'paid'",
    }
    rows = "SELECT g, (200 + mod(g, 1800))::numeric AS amount FROM generate_series(1, %(n)s) g"
    inserted = insert_like(env.cr, "pos_order", template.id, own, rows, {"n": count})
    template.unlink()
    if inserted != count:
        raise SystemExit(f"inserted {inserted} orders instead of {count}")
    env.cr.execute(
        "SELECT id FROM pos_order WHERE partner_id = %s AND name LIKE %s ORDER BY id",
        [person.id, prefix + "%"],
    )
    return [row[0] for row in env.cr.fetchall()]


def grow_ledger(env, session, person, count):
    """``count`` ledger entries of ``person`` over the last DAYS days in one INSERT ... SELECT,
    as ``_coop_record`` writes them: every third from a partner business, the others from a
    paid order at the till (``source_ref``); every fifth a spend, the others accruals
    spendable after the company's hold period."""
    company = person.company_id or env.company
    today = fields.Date.context_today(person)
    pos = [n for n in range(1, count + 1) if n % 3]
    orders = dict(zip(pos, till_orders(env, session, person, len(pos)), strict=True))
    env.cr.execute(
        """
        INSERT INTO coop_cashback_move
               (partner_id, company_id, user_id, create_uid, write_uid, create_date, write_date,
                kind, channel, source_key, source_ref, reason, coop_state, date, available_date,
                amount)
        SELECT %(person)s, %(company)s, %(uid)s, %(uid)s, %(uid)s,
               now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC',
               x.kind, CASE WHEN n %% 3 = 0 THEN 'partner' ELSE 'pos' END,
               'bench-portal:' || %(person)s || ':' || n,
               CASE WHEN n %% 3 != 0 THEN 'pos.order,' || (%(orders)s::int[])[n] END,
               CASE WHEN n %% 3 = 0 THEN 'Plumbing shop sale ' || n ELSE 'bench' END,
               'shopper', x.day, CASE WHEN x.kind = 'accrual' THEN x.day + %(hold)s END,
               CASE WHEN x.kind = 'accrual' THEN ((10 + n %% 40) * 100 + n %% 100) / 100.0
                    ELSE -(5 + n %% 20) END
          FROM generate_series(1, %(count)s) AS n,
       LATERAL (SELECT CASE WHEN n %% 5 = 0 THEN 'spend' ELSE 'accrual' END AS kind,
                       %(today)s::date - (%(count)s - n) * %(days)s / %(count)s AS day) AS x
        """,
        {
            "person": person.id,
            "company": company.id,
            "uid": env.uid,
            "hold": company.coop_cashback_hold_days,
            "orders": [orders.get(n, 0) for n in range(1, count + 1)],
            "count": count,
            "today": today,
            "days": DAYS,
        },
    )
    if env.cr.rowcount != count:
        raise SystemExit(f"inserted {env.cr.rowcount} ledger entries instead of {count}")
    env.cr.commit()


def other_ledgers(env, rng):
    """OTHERS shoppers (``bench_lookup.populate``) with HISTORY accruals from the plumbing shop
    over the last DAYS days, in one INSERT ... SELECT: the ledger table is not the two people's
    alone."""
    phones = make_phones(env, rng, OTHERS)
    people, _seconds = populate(env, phones, rng)
    company = env.company
    env.cr.execute(
        """
        INSERT INTO coop_cashback_move
               (partner_id, company_id, user_id, create_uid, write_uid, create_date, write_date,
                kind, channel, source_key, reason, coop_state, date, available_date, amount)
        SELECT (%(people)s::int[])[1 + n %% %(count)s], %(company)s, %(uid)s, %(uid)s, %(uid)s,
               now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC', 'accrual', 'partner',
               'bench-portal-history:' || n, 'Plumbing shop sale ' || n, 'shopper', x.day,
               x.day + %(hold)s, ((10 + n %% 40) * 100 + n %% 100) / 100.0
          FROM generate_series(1, %(total)s) AS n,
       LATERAL (SELECT %(today)s::date - (%(total)s - n) * %(days)s / %(total)s AS day) AS x
        """,
        {
            "people": [pid for pid, _barcode in people.values()],
            "count": len(people),
            "company": company.id,
            "uid": env.uid,
            "hold": company.coop_cashback_hold_days,
            "total": HISTORY,
            "today": fields.Date.context_today(env.user),
            "days": DAYS,
        },
    )
    if env.cr.rowcount != HISTORY:
        raise SystemExit(f"inserted {env.cr.rowcount} ledger entries instead of {HISTORY}")
    env.cr.commit()


def expected_balance(env, person):
    """The person's available cashback, computed here from the ledger (not by the addon)."""
    today = fields.Date.context_today(person)
    env.cr.execute(
        "SELECT COALESCE(SUM(amount), 0) FROM coop_cashback_move WHERE partner_id = %s "
        "AND (kind != 'accrual' OR available_date IS NULL OR available_date <= %s)",
        [person.id, today],
    )
    return float(env.cr.fetchone()[0])


def page_ids(env, person, page, date_from=None):
    """The ids of the entries the ledger page should show: newest first, STEP a page, the page
    number kept within the pages there are (as the portal's pager does)."""
    where, params = "partner_id = %s", [person.id]
    if date_from:
        where, params = where + " AND date >= %s", [*params, date_from]
    env.cr.execute(f"SELECT count(*) FROM coop_cashback_move WHERE {where}", params)
    [total] = env.cr.fetchone()
    page = max(1, min(page, -(-total // STEP)))
    env.cr.execute(
        f"SELECT id FROM coop_cashback_move WHERE {where} ORDER BY date DESC, id DESC "
        "LIMIT %s OFFSET %s",
        [*params, STEP, (page - 1) * STEP],
    )
    return [row[0] for row in env.cr.fetchall()]


def prepare(env):
    """The two people, their ledgers and what each page must show; the other people's."""
    other_ledgers(env, random.Random(SEED))
    session = open_session(env)
    people = {}
    for key, phone, name, count in PEOPLE:
        person, login = portal_person(env, phone, name)
        env.cr.commit()
        grow_ledger(env, session, person, count)
        env.invalidate_all()
        balance = expected_balance(env, person)
        if abs(person.coop_cashback_balance - balance) > 0.005:
            raise SystemExit(f"{name}: the ORM reads {person.coop_cashback_balance}, not {balance}")
        date_from = fields.Date.context_today(person) - timedelta(days=FILTER_DAYS)
        routes = {
            "/my/coop": None,
            "/my/coop/ledger": page_ids(env, person, 1),
            "/my/coop/ledger/page/100": page_ids(env, person, 100),
            f"/my/coop/ledger?date_from={date_from}": page_ids(env, person, 1, date_from),
        }
        people[key] = {
            "name": name,
            "login": login,
            "entries": count,
            "balance": balance,
            "routes": routes,
        }
    return people


def analyze(env):
    """Statistics fresh, visibility map set, as autovacuum keeps them."""
    connection = env.cr._cnx
    connection.autocommit = True
    try:
        env.cr._obj.execute("VACUUM ANALYZE coop_cashback_move")
        env.cr._obj.execute("VACUUM ANALYZE pos_order")
    finally:
        connection.autocommit = False


# --- over HTTP -------------------------------------------------------------------------------


class Server:
    """An Odoo server on DB, threaded, on a free loopback port, logging each request with its
    times (werkzeug at INFO, everything else from warnings up)."""

    def __init__(self):
        self.port = free_port()
        self.log = ROOT / ".data" / "logs" / f"{DB}-server.log"
        self.log.parent.mkdir(parents=True, exist_ok=True)
        odoo_bin = os.environ.get("ODOO_SRC", "/opt/odoo/18.0") + "/odoo-bin"
        cmd = [sys.executable, odoo_bin, "-c", str(CONF), "-d", DB, "--db-filter", f"^{DB}$",
               "--http-interface", "127.0.0.1", "--http-port", str(self.port),
               "--gevent-port", str(free_port()), "--max-cron-threads", "0", "--workers", "0",
               "--log-level", "warn", "--log-handler", "werkzeug:INFO"]  # fmt: skip
        with open(self.log, "w") as out:
            self.process = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                requests.get(f"{self.url}/web/webclient/version_info", timeout=5)
                return
            except requests.ConnectionError:
                time.sleep(0.5)
        raise SystemExit(f"the server did not start; see {self.log}")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def login(url, login):
    """A browser session of the portal user, logged in through the login form."""
    session = requests.Session()
    page = session.get(f"{url}/web/login", timeout=60)
    token = html.fromstring(page.text).xpath("//input[@name='csrf_token']/@value")[0]
    answer = session.post(
        f"{url}/web/login",
        data={"login": login, "password": login, "csrf_token": token, "redirect": "/my/coop"},
        timeout=60,
    )
    if answer.status_code != 200 or "/web/login" in answer.url:
        raise SystemExit(f"{login} could not log in ({answer.status_code} {answer.url})")
    return session


def amount(text):
    """1,234.56 ₽ (or -12.00 ₽) as a number."""
    return float(re.sub(r"[^\d.\-]", "", text.replace("\u2212", "-")))


def right(response, person, route):
    """The page answered and shows what it must."""
    if response.status_code != 200:
        return False
    tree = html.fromstring(response.text)
    expected = person["routes"][route]
    if expected is None:
        shown = tree.xpath("string(//*[@id='coop_cashback_available'])").strip()
        return bool(shown) and abs(amount(shown) - person["balance"]) < 0.005
    ids = [int(i) for i in tree.xpath("//tr[contains(@class, 'o_coop_ledger_line')]/@data-id")]
    return ids == expected


def log_times(log, offset, count):
    """The server's times (ms) and query counts of the next ``count`` requests logged after
    ``offset``, with the path and status of each."""
    deadline = time.monotonic() + 10
    while True:
        with open(log, "rb") as handle:
            handle.seek(offset)
            text = handle.read().decode(errors="replace")
        found = [m for m in map(LOG_LINE.search, text.splitlines()) if m]
        if len(found) >= count or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    if len(found) != count:
        raise SystemExit(f"{len(found)} request lines in {log} instead of {count}")
    return [
        (
            m["path"],
            m["status"],
            (float(m["query_time"]) + float(m["other_time"])) * 1000,
            int(m["queries"]),
        )
        for m in found
    ]


def measure(server, people):
    """Each route of each person WARMUP times, then CALLS times timed."""
    results = {}
    log = Path(server.log)
    for key, person in people.items():
        session = login(server.url, person["login"])
        for route in person["routes"]:
            for _ in range(WARMUP):
                if session.get(server.url + route, timeout=120).status_code != 200:
                    raise SystemExit(f"{person['login']}: {route} did not answer 200")
            time.sleep(0.3)
            offset = log.stat().st_size
            client, correct = [], 0
            for _ in range(CALLS):
                start = time.perf_counter()
                response = session.get(server.url + route, timeout=120)
                client.append((time.perf_counter() - start) * 1000)
                correct += right(response, person, route)
            logged = log_times(log, offset, CALLS)
            if any(path != route or status != "200" for path, status, _t, _q in logged):
                raise SystemExit(f"the server logged other requests than {route}")
            server_ms = [t for _p, _s, t, _q in logged]
            results[key, route] = {
                "server": Series(route, server_ms, correct),
                "client": Series(route, client, correct),
                "queries": statistics.median(q for _p, _s, _t, q in logged),
            }
            print(
                f"[bench] portal: {key} {route}: server median "
                f"{ms(statistics.median(server_ms))} ms, {correct}/{CALLS} right",
                flush=True,
            )
    return results


# --- report ----------------------------------------------------------------------------------


def route_label(route):
    return route.split("?")[0] + ("?date_from=…" if "?" in route else "")


def target_line(results):
    big = {route: r["server"] for (key, route), r in results.items() if key == "big"}
    over = [f"{route_label(r)} {ms(s.median)} ms" for r, s in big.items() if s.median >= TARGET_MS]
    worst_route, worst = max(big.items(), key=lambda item: item[1].median)
    verdict = "MET" if not over else "MISSED"
    detail = (
        f"over {TARGET_MS:g} ms: {', '.join(over)}"
        if over
        else f"slowest {route_label(worst_route)} {ms(worst.median)} ms"
    )
    return (
        f"Target (every page under {TARGET_MS:g} ms server time, median, for a person with "
        f"{LEDGER:,} ledger entries): {verdict} ({detail})."
    )


def report(people, results, today):
    big, small = people["big"], people["small"]
    rows = []
    for route in big["routes"]:
        b, s = results["big", route], results["small", route]
        rows.append(
            f"| `{route_label(route)}` | {b['server'].correct + s['server'].correct}/"
            f"{b['server'].n + s['server'].n} | {ms(b['server'].median)} | {ms(b['server'].p95)} "
            f"| {b['queries']:.0f} | {ms(b['client'].median)} | {ms(s['server'].median)} "
            f"| {ms(s['server'].p95)} | {s['queries']:.0f} | "
            f"{b['server'].median / s['server'].median:.2f}× |"
        )
    lines = [
        "Drops and recreates the database `coop_bench_portal` (the demo cooperative with the "
        "coop addons, `coopctl.py ensure-db`).",
        "",
        f"Two shoppers registered at the till, each with a portal user: one with {LEDGER:,} "
        f"cashback ledger entries and the baseline with {LEDGER_BASELINE}, over the {DAYS} days "
        f"up to {today} (every fifth a spend, the others accruals with the hold period; two in "
        "three from a paid order at the demo till, whose store and receipt the ledger shows, "
        "the others from the plumbing shop), inserted with SQL as `_coop_record` writes them "
        "(the orders copied from one created through the ORM in a new session of the demo "
        f"till). The ledger table also holds {HISTORY:,} accruals of {OTHERS:,} other "
        "shoppers (inserted in bulk as in the `lookup` benchmark) over the same days, "
        f"inserted before; then VACUUM ANALYZE. Available cashback: {big['balance']:,.2f} and "
        f"{small['balance']:,.2f}.",
        "",
        "An Odoo server (threaded, `--max-cron-threads 0`) on a loopback port; each person logs "
        f"in through `/web/login`, then GETs each route {WARMUP} times untimed and {CALLS} times "
        "timed, one request at a time. **Server time** is Odoo's own per request, from its "
        "werkzeug log line (`--log-handler werkzeug:INFO`): query time + remaining time, from "
        "the WSGI call until the headers of the rendered page are sent; the client's time over "
        "loopback (`requests`, `time.perf_counter()`) is shown beside it. Milliseconds, p95 by "
        "nearest rank; queries: median SQL queries per request. `date_from=…` is today − "
        f"{FILTER_DAYS} days. Right answers: 200, on `/my/coop` the person's available "
        "cashback as computed in the bench from the ledger, on the ledger pages exactly the "
        "person's entries of that page in the ledger's order (the ledger pages do not show the "
        "balance); the baseline's page 100 is its only page.",
        "",
        f"| route | right answers | {LEDGER:,} entries: median | p95 | queries "
        f"| client median | {LEDGER_BASELINE} entries: median | p95 | queries | ratio |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        *rows,
        "",
        f"**{target_line(results)}**",
        "",
    ]
    return "\n".join(lines)


# --- run -------------------------------------------------------------------------------------


def run():
    """Run the benchmark; returns its section of BENCHMARKS.md and the target's verdict."""
    coopctl("drop-db", DB)
    coopctl("ensure-db", DB, "--lang", "en_US")
    env = open_env(DB)
    with closing(env.cr):
        people = prepare(env)
        today = fields.Date.context_today(env.user)
        env.cr.commit()
        analyze(env)
    server = Server()
    try:
        results = measure(server, people)
    finally:
        server.stop()
    return report(people, results, today), [target_line(results)]
