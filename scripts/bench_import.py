"""Benchmark of partner businesses' transactions imported over XML-RPC.

In one run, on a fresh database ``coop_bench_import`` (the demo cooperative with the coop
addons, plus 20,000 registered shoppers inserted with SQL as in the lookup benchmark):

1. a real Odoo server is started (threaded, then ``--workers 2``) and 100,000 transactions are
   sent by the demo business's system (``partner-demo``) with the partners' client, in calls of
   1,000 rows (after 4 untimed calls of 250 rows that warm the server up): 89 % sales to
   registered people (phones in the usual human forms), 10 % to phones nobody has
   (unmatched), 1 % refunds of earlier sales; wall time per call as the client sees it, end
   to end (XML-RPC, authentication, checks, storage, commit);
2. the same server answers 300 calls of one row each (the baseline the issue asks for);
3. the floors: a plain PostgreSQL ``COPY`` of the same 100,000 rows into a table of the same
   columns, in process, and (the floor of the issue) into a table with the same unique key and
   indexes as ``coop_partner_transaction`` (``LIKE ... INCLUDING ALL``, rolled back); each
   import mode's ratio to it;
4. the server's memory (resident set of the server process and its workers) after every call
   (idle: after the warm-up);
5. the same kind of rows uploaded as one CSV file of 100,000 rows in the back office (as
   admin, ``coop.partner.import.wizard``), imported in the background by the server's
   queue_job runner: how long the upload takes to answer, and how long until the import is
   done (rows/s, beside the XML-RPC calls of 1,000 of the same server);
6. afterwards: every transaction stored once, the cashback booked (timed) and the manager's
   check run: ledger = liability account for every person.

Databases touched: coop_bench_import only (``COOP_BENCH_IMPORT_DB`` to use another).
Quick runs: ``COOP_BENCH_IMPORT_ROWS=20000 COOP_BENCH_IMPORT_QUICK=1`` (fewer rows, no file
upload, no sweep of call sizes); ``COOP_BENCH_IMPORT_KEEP=1`` reuses the database of an earlier
run (its shoppers; update its addons yourself after a change) instead of making it again.
"""

import base64
import importlib.util
import io
import math
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import uuid
import xmlrpc.client
from contextlib import closing
from datetime import date, timedelta

from bench_common import CONF, ROOT, configure, coopctl, open_env
from bench_lookup import human, make_phones, populate

import odoo

TITLE = "Partner businesses' transactions imported over XML-RPC"
DB = os.environ.get("COOP_BENCH_IMPORT_DB", "coop_bench_import")
PEOPLE = 20_000
ROWS = int(os.environ.get("COOP_BENCH_IMPORT_ROWS", "100000"))
QUICK = os.environ.get("COOP_BENCH_IMPORT_QUICK") == "1"  # no file upload, no sweep
KEEP = os.environ.get("COOP_BENCH_IMPORT_KEEP") == "1"  # reuse the database and its shoppers
BATCH = 1_000
SINGLE_CALLS = 300
SWEEP = [(1, 200), (10, 1_000), (100, 5_000), (1_000, 10_000), (5_000, 20_000)]  # size, rows
CHART = ROOT / "BENCHMARKS-import.png"
TARGET_RATE = 2_000  # the issue: at least 2,000 transactions/s end to end, in calls of 1,000
FLOOR_RATIO = 36  # issue 17: within 36x of a COPY into a table indexed as the transactions
BATCH_GAIN = 150  # issue 17: calls of 1,000 at >= 150x the rate of one row per call
SEED = 5
LOGIN = PASSWORD = "partner-demo"


def load_client():
    path = ROOT / "coop_partner_sync" / "static" / "client" / "coop_partner_client.py"
    spec = importlib.util.spec_from_file_location("coop_partner_client", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """An Odoo server on ``DB``, threaded or with workers, on a free loopback port."""

    def __init__(self, workers):
        self.workers = workers
        self.port = free_port()
        self.log = ROOT / ".data" / "logs" / f"{DB}-{workers}w-server.log"
        self.log.parent.mkdir(parents=True, exist_ok=True)
        odoo_bin = os.environ.get("ODOO_SRC", "/opt/odoo/18.0") + "/odoo-bin"
        cmd = [sys.executable, odoo_bin, "-c", str(CONF), "-d", DB, "--db-filter", f"^{DB}$",
               "--http-interface", "127.0.0.1", "--http-port", str(self.port),
               "--gevent-port", str(free_port()), "--max-cron-threads", "0",
               "--log-level", "warn", "--workers", str(workers)]  # fmt: skip
        if workers:
            cmd += ["--limit-time-real", "600", "--limit-time-cpu", "600"]
        with open(self.log, "w") as out:
            self.process = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/common").version()
                return
            except OSError:
                time.sleep(0.5)
        raise SystemExit(f"the server did not start; see {self.log}")

    def rss_mib(self):
        """Resident memory of the server and its worker processes, MiB."""
        pids = [self.process.pid]
        try:
            children = subprocess.run(
                ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True
            ).stdout.split()
            pids += [int(pid) for pid in children]
        except OSError:
            pass
        total = 0
        for pid in pids:
            try:
                for line in open(f"/proc/{pid}/status"):
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except OSError:
                continue
        return total / 1024

    def tracebacks(self):
        """Tracebacks in the server's log so far: a process of the server that fails and is
        restarted in a loop (e.g. the gevent one of ``--workers``) eats a core unseen."""
        return self.log.read_text(errors="replace").count("Traceback (most recent call last)")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def make_rows(rng, phones, count, run):
    """``count`` rows as a partner's system sends them; refunds refund earlier sales."""
    today = date.today()
    rows, sales = [], []
    for i in range(count):
        external_id = f"{run}-{i:06d}"
        day = (today - timedelta(days=rng.randrange(30))).isoformat()
        draw = rng.random()
        if draw < 0.01 and sales:
            sale = sales.pop(rng.randrange(len(sales)))
            rows.append({"external_id": external_id, "member_ref": sale["member_ref"],
                         "amount": f"{float(sale['amount']) / 2:.2f}", "date": sale["date"],
                         "kind": "refund", "refund_of": sale["external_id"]})  # fmt: skip
            continue
        if draw < 0.11:
            ref = f"+7 901 {rng.randrange(1000):03d}-{rng.randrange(100):02d}-{i % 100:02d}"
        else:
            ref = human(rng.choice(phones), rng.randrange(3))
        row = {"external_id": external_id, "member_ref": ref,
               "amount": f"{rng.randrange(100, 500_000) / 100:.2f}", "date": day}  # fmt: skip
        rows.append(row)
        if len(sales) < 5_000:
            sales.append(row)
    return rows


def import_batched(client_module, server, rows):
    client = client_module.CoopPartnerClient(server.url, DB, LOGIN, PASSWORD)
    seconds, memory, answers = [], [], []
    start = time.perf_counter()
    for begin in range(0, len(rows), BATCH):
        batch = rows[begin : begin + BATCH]
        t = time.perf_counter()
        answers += client.import_transactions(batch, batch_size=BATCH)
        seconds.append(time.perf_counter() - t)
        memory.append(server.rss_mib())
    return time.perf_counter() - start, seconds, memory, answers


def import_file(server, rows):
    """``rows`` uploaded as one CSV file by admin and imported in the background: seconds
    until the upload answered, seconds until the import was done, its counts."""
    common = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/common")
    uid = common.authenticate(DB, "admin", "admin", {})
    proxy = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/object", allow_none=True)

    def call(model, method, *args):
        return proxy.execute_kw(DB, uid, "admin", model, method, list(args))

    agreement = call(
        "ir.model.data", "check_object_reference", "coop_partner_sync", "agreement_plumbing_demo"
    )[1]
    lines = ["external_id,member_ref,amount,date,kind,refund_of"]
    lines += [
        f"{r['external_id']},{r['member_ref']},{r['amount']},{r['date']},"
        f"{r.get('kind', 'sale')},{r.get('refund_of', '')}"
        for r in rows
    ]
    data = base64.b64encode("\n".join(lines).encode()).decode()
    start = time.perf_counter()
    wizard = call(
        "coop.partner.import.wizard",
        "create",
        {"agreement_id": agreement, "file": data, "filename": "bench.csv"},
    )
    record = call("coop.partner.import.wizard", "action_import", [wizard])["res_id"]
    answered = time.perf_counter() - start
    fields = ["state", "failure", "created", "unmatched", "duplicate", "rejected"]
    while True:
        [values] = call("coop.partner.import", "read", [record], fields)
        if values["state"] == "done" or values["failure"]:
            break
        time.sleep(0.25)
    done = time.perf_counter() - start
    if values["failure"]:
        raise SystemExit(f"the background import failed: {values['failure']}")
    return answered, done, {key: values[key] for key in fields[2:] if values[key]}


def import_single(client_module, server, rows):
    client = client_module.CoopPartnerClient(server.url, DB, LOGIN, PASSWORD)
    seconds, answers = [], []
    for row in rows:
        t = time.perf_counter()
        answers += client.import_transactions([row], batch_size=1)
        seconds.append(time.perf_counter() - t)
    return seconds, answers


def copy_floor(rows):
    """A plain COPY of the same rows into a table of the same columns (rolled back)."""
    env = open_env(DB)
    try:
        cr = env.cr
        cr.execute(
            "CREATE TEMP TABLE bench_copy (external_id varchar, member_ref varchar, "
            "amount numeric, date timestamp, kind varchar, refund_of varchar)"
        )
        data = io.StringIO()
        null = "\\N"
        for row in rows:
            data.write(
                f"{row['external_id']}\t{row['member_ref']}\t{row['amount']}\t{row['date']}\t"
                f"{row.get('kind', 'sale')}\t{row.get('refund_of', null)}\n"
            )
        data.seek(0)
        start = time.perf_counter()
        cr.copy_expert("COPY bench_copy FROM STDIN", data)
        cr.execute("SELECT COUNT(*) FROM bench_copy")
        copied = cr.fetchone()[0]
        seconds = time.perf_counter() - start
        cr.rollback()
        return seconds, copied
    finally:
        env.cr.close()


def copy_indexed_floor(rows):
    """The issue's floor: a COPY of the same rows into a table with the same columns, unique
    key, checks and indexes as ``coop_partner_transaction`` (``LIKE ... INCLUDING ALL``; a
    logged table like it, created and dropped in a rolled back transaction), the columns the
    import writes filled as it fills them. Returns (seconds, rows copied)."""
    env = open_env(DB)
    try:
        cr = env.cr
        agreement = env.ref("coop_partner_sync.agreement_plumbing_demo")
        cr.execute("CREATE TABLE bench_copy_indexed (LIKE coop_partner_transaction INCLUDING ALL)")
        columns = ("agreement_id", "business_id", "company_id", "external_id", "member_ref",
                   "member_ref_key", "amount", "date", "kind", "state", "cashback", "commission",
                   "fingerprint", "source", "settled", "create_uid", "create_date", "write_uid",
                   "write_date")  # fmt: skip
        fixed = (agreement.id, agreement.partner_id.id, agreement.company_id.id)
        data = io.StringIO()
        for row in rows:
            ref = row["member_ref"]
            values = (*fixed, row["external_id"], ref, ref.strip(), row["amount"], row["date"],
                      row.get("kind", "sale"), "matched", "1.00", "0.10",
                      f"{ref}|{row['amount']}|{row['date']}", "rpc", "f", 2, "now", 2,
                      "now")  # fmt: skip
            data.write("\t".join(map(str, values)) + "\n")
        data.seek(0)
        start = time.perf_counter()
        cr.copy_expert(f"COPY bench_copy_indexed ({', '.join(columns)}) FROM STDIN", data)
        cr.execute("SELECT COUNT(*) FROM bench_copy_indexed")
        copied = cr.fetchone()[0]
        seconds = time.perf_counter() - start
        cr.rollback()
        return seconds, copied
    finally:
        env.cr.close()


def check_and_book(run_ids):
    """Every row stored once; the cashback booked (timed); the manager's check."""
    env = open_env(DB)
    try:
        cr = env.cr
        cr.execute(
            "SELECT COUNT(*), COUNT(DISTINCT external_id) FROM coop_partner_transaction "
            "WHERE split_part(external_id, '-', 1) = ANY(%s)",
            [list(run_ids)],
        )
        stored, distinct = cr.fetchone()
        cr.execute(
            "SELECT COUNT(*), COUNT(DISTINCT source_key) FROM coop_cashback_move "
            "WHERE channel = 'partner'"
        )
        ledger, keys = cr.fetchone()
        start = time.perf_counter()
        entries = env.company._coop_post_partner_cashback()
        env.flush_all()
        cr.commit()
        booking = time.perf_counter() - start
        lines = sum(len(entry.line_ids) for entry in entries)
        check = env["coop.cashback.check"].coop_check()
        cr.rollback()
        return {
            "stored": stored,
            "distinct": distinct,
            "ledger": ledger,
            "ledger_keys": keys,
            "booking_seconds": booking,
            "journal_entries": len(entries),
            "journal_lines": lines,
            "differences": len(check["differences"]),
            "duplicate_keys": len(check["duplicate_source_keys"]),
            "not_booked": check["not_booked_yet"],
            "people": check["people"],
        }
    finally:
        env.cr.close()


def counts(answers):
    result = {}
    for answer in answers:
        result[answer["status"]] = result.get(answer["status"], 0) + 1
    return result


def kept_phones():
    """The shoppers of an earlier run on ``DB`` (``KEEP``), or None when it has none."""
    configure()
    with closing(odoo.sql_db.db_connect("postgres").cursor()) as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB])
        if not cr.fetchone():
            return None
    env = open_env(DB)  # a database that does not load stops the run: it is not dropped
    try:
        env.cr.execute(
            "SELECT coop_phone_normalized FROM res_partner WHERE name LIKE 'Покупатель %%' "
            "AND coop_phone_normalized != '' ORDER BY id"
        )
        phones = [row[0] for row in env.cr.fetchall()]
        return phones if len(phones) == PEOPLE else None
    finally:
        env.cr.close()


def shoppers(rng):
    """The database ``DB`` with its ``PEOPLE`` shoppers; their phones (E.164)."""
    phones = kept_phones() if KEEP else None
    if phones:
        return phones
    coopctl("drop-db", DB)
    coopctl("ensure-db", DB, "--lang", "en_US")
    env = open_env(DB)
    try:
        phones = make_phones(env, rng, PEOPLE)
        populate(env, phones, rng)
    finally:
        env.cr.close()
    return phones


def run():
    rng = random.Random(SEED)
    phones = shoppers(rng)
    client_module = load_client()
    modes = []
    run_ids = set()
    for workers in (0, 2):
        run = uuid.uuid4().hex[:8]
        run_ids.add(run)
        rows = make_rows(rng, phones, ROWS, run)
        single_rows = make_rows(rng, phones, SINGLE_CALLS, run + "s")
        run_ids.add(run + "s")
        server = Server(workers)
        try:
            # untimed: every worker loads the registry and warms its caches on first calls
            warm = client_module.CoopPartnerClient(server.url, DB, LOGIN, PASSWORD)
            for part in range(4):
                warm.import_transactions(
                    make_rows(rng, phones, 250, f"{run}w{part}"), batch_size=BATCH
                )
                run_ids.add(f"{run}w{part}")
            idle = server.rss_mib()
            print(f"[bench] import: {ROWS:,} rows in calls of {BATCH} ({workers} workers)")
            total, seconds, memory, answers = import_batched(client_module, server, rows)
            print(f"[bench] import: {SINGLE_CALLS} calls of one row ({workers} workers)")
            single_seconds, single_answers = import_single(client_module, server, single_rows)
            upload = None
            if not QUICK:
                print(f"[bench] import: a file of {ROWS:,} rows in the background ({workers} w)")
                file_run = uuid.uuid4().hex[:8]
                run_ids.add(file_run)
                upload = import_file(server, make_rows(rng, phones, ROWS, file_run))
            again = client_module.CoopPartnerClient(server.url, DB, LOGIN, PASSWORD)
            resent = counts(again.import_transactions(rows[:BATCH], batch_size=BATCH))
            sweep = {}
            if not workers and not QUICK:
                for size, count in SWEEP:
                    sweep_rows = make_rows(rng, phones, count, f"{run}b{size}")
                    run_ids.add(f"{run}b{size}")
                    start = time.perf_counter()
                    client_module.CoopPartnerClient(
                        server.url, DB, LOGIN, PASSWORD
                    ).import_transactions(sweep_rows, batch_size=size)
                    sweep[size] = count / (time.perf_counter() - start)
                    print(f"[bench] import: calls of {size}: {sweep[size]:,.0f} rows/s")
            tracebacks = server.tracebacks()
        finally:
            server.stop()
        swept = sum(count for _size, count in SWEEP) if sweep else 0
        modes.append(
            {
                "workers": workers,
                "total": total,
                "seconds": seconds,
                "memory": memory,
                "idle": idle,
                "answers": counts(answers),
                "single": single_seconds,
                "single_answers": counts(single_answers),
                "resent": resent,
                "rows": rows,
                "sweep": sweep,
                "upload": upload,
                "tracebacks": tracebacks,
                "log": server.log,
                "sent": (1 if QUICK else 2) * ROWS + SINGLE_CALLS + 1_000 + swept,
            }
        )
    if modes[0]["sweep"]:
        chart(modes[0]["sweep"], CHART)
    copy_seconds, copied = copy_floor(modes[0]["rows"])
    indexed = copy_indexed_floor(modes[0]["rows"])
    books = check_and_book(run_ids)
    return report(modes, (copy_seconds, copied), indexed, books)


def chart(sweep, path):
    """A PNG bar chart of rows/s by rows per call (log scale), drawn with Pillow (Odoo's)."""
    from PIL import Image, ImageDraw, ImageFont  # noqa: PLC0415 - only for the chart

    width, height, left, bottom, top = 760, 420, 90, 60, 50
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.truetype("DejaVuSans.ttf", 14)
    except OSError:
        font = ImageFont.load_default()
    draw.text((left, 15), "Partner import: rows/s end to end by rows per call (threaded)",
              fill="black", font=font)  # fmt: skip
    peak = max(sweep.values())
    scale = math.log10(peak * 2)
    plot_h = height - bottom - top
    draw.line([(left, top), (left, height - bottom), (width - 20, height - bottom)], fill="black")
    for tick in (1, 10, 100, 1_000, 10_000):
        if tick > peak * 2:
            break
        y = height - bottom - plot_h * math.log10(tick) / scale
        draw.line([(left - 5, y), (width - 20, y)], fill="#dddddd")
        draw.text((10, y - 8), f"{tick:,}", fill="black", font=font)
    slot = (width - 20 - left) / len(sweep)
    for index, (size, value) in enumerate(sorted(sweep.items())):
        x0 = left + index * slot + slot * 0.2
        x1 = x0 + slot * 0.6
        y = height - bottom - plot_h * max(math.log10(max(value, 1)), 0) / scale
        draw.rectangle([x0, y, x1, height - bottom], fill="#4c72b0")
        draw.text((x0, y - 18), f"{value:,.0f}", fill="black", font=font)
        draw.text((x0, height - bottom + 8), f"{size:,}", fill="black", font=font)
    draw.text((left, height - 25), "rows per call; rows/s on a log scale", fill="black", font=font)
    image.save(path)


def rate(rows, seconds):
    return rows / seconds if seconds else 0.0


def report(modes, bare, indexed, books):
    copy_seconds, copied = bare
    floor = rate(indexed[1], indexed[0])
    lines = [
        f"The demo business's system (`{LOGIN}`, password authentication on every call, as "
        "`xmlrpc.client` does) sends its transactions with the partners' client "
        "(`coop_partner_sync/static/client/coop_partner_client.py`) to a real server on this "
        f"machine; client and server share its cores. {PEOPLE:,} registered shoppers; rows: "
        "89 % sales to them (phones in the three usual forms), 10 % to phones nobody has "
        "(unmatched), 1 % refunds of earlier sales. Times are wall-clock seconds per call as "
        "the client sees them (XML-RPC, authentication, checks, storage, commit).",
        "",
        "| server | rows | calls | median s/call | p95 s/call | rows/s end to end | one row per "
        "call: median ms, rows/s | batched / one row | indexed COPY floor / import | answers |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- |",
    ]
    verdicts = []
    for mode in modes:
        ordered = sorted(mode["seconds"])
        p95 = ordered[int(0.95 * len(ordered)) - 1]
        batched = rate(ROWS, mode["total"])
        single = rate(len(mode["single"]), sum(mode["single"]))
        server = "threaded" if not mode["workers"] else f"--workers {mode['workers']}"
        answers = ", ".join(f"{k} {v:,}" for k, v in sorted(mode["answers"].items()))
        lines.append(
            f"| {server} | {ROWS:,} | {len(mode['seconds'])} | "
            f"{statistics.median(mode['seconds']):.3f} | {p95:.3f} | **{batched:,.0f}** | "
            f"{statistics.median(mode['single']) * 1000:.1f} ms, {single:,.0f}/s | "
            f"{batched / single:.0f}× | {floor / batched:.0f}× | {answers} |"
        )
        verdict = "MET" if batched >= TARGET_RATE else "MISSED"
        verdicts.append(
            f"at least {TARGET_RATE:,} transactions/s in calls of {BATCH} ({server}): "
            f"{verdict} ({batched:,.0f}/s)"
        )
        verdict = "MET" if floor / batched <= FLOOR_RATIO else "MISSED"
        verdicts.append(
            f"within {FLOOR_RATIO}× of a COPY into a table indexed as the transactions "
            f"({server}): {verdict} ({floor / batched:.0f}×)"
        )
        verdict = "MET" if batched / single >= BATCH_GAIN else "MISSED"
        verdicts.append(
            f"calls of {BATCH:,} at ≥ {BATCH_GAIN}× the rate of one row per call ({server}): "
            f"{verdict} ({batched / single:.0f}×)"
        )
    uploads = [mode for mode in modes if mode["upload"]]
    lines += [
        "",
        f"A file of {ROWS:,} rows of the same kind uploaded in the back office (admin, "
        "`coop.partner.import.wizard`, CSV) on the same server, imported in the background by "
        "queue_job's runner (a job of 1,000 rows after another, each storing its rows and "
        "their answers):",
        "",
        "| server | upload answered in | imported in | rows/s | / XML-RPC calls of 1,000 | "
        "answers |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for mode in uploads:
        answered, done, found = mode["upload"]
        server = "threaded" if not mode["workers"] else f"--workers {mode['workers']}"
        answers = ", ".join(f"{k} {v:,}" for k, v in sorted(found.items()))
        in_file = rate(ROWS, done)
        lines.append(
            f"| {server} | {answered:.2f} s | {done:.1f} s | **{in_file:,.0f}** | "
            f"{in_file / rate(ROWS, mode['total']):.2f} | {answers} |"
        )
        verdicts.append(
            f"a {ROWS:,}-row file imported in the background ({server}): the upload answered "
            f"in {answered:.1f} s, done in {done:.0f} s ({in_file:,.0f} rows/s)"
        )
    sweep = modes[0]["sweep"]
    lines += (
        []
        if not sweep
        else [
            "",
            "Throughput by rows per call (threaded server, after the runs above; the chart: "
            f"[`{CHART.name}`]({CHART.name})):",
            "",
            "| rows per call | " + " | ".join(f"{size:,}" for size in sorted(sweep)) + " |",
            "| --- | " + " | ".join("---:" for _s in sweep) + " |",
            "| rows/s | " + " | ".join(f"{sweep[size]:,.0f}" for size in sorted(sweep)) + " |",
            "",
            f"![import throughput by rows per call]({CHART.name})",
        ]
    )
    lines += [
        "",
        f"Floor: a plain PostgreSQL `COPY` of the same {copied:,} rows (six text columns, no "
        f"check, no index) in {copy_seconds:.2f} s: **{rate(copied, copy_seconds):,.0f} rows/s**"
        f" ({rate(copied, copy_seconds) / rate(ROWS, modes[0]['total']):.0f}× the threaded "
        f"import). The issue's floor: a `COPY` of them into a table with the same unique key, "
        f"checks and indexes as `coop_partner_transaction` (`LIKE ... INCLUDING ALL`, the "
        f"columns the import fills) in {indexed[0]:.2f} s: **{floor:,.0f} rows/s**.",
        "",
        "Server memory (resident, server process and its workers, MiB) after each call of "
        "1,000 rows:",
        "",
        "| server | idle | after call 10 | after call 50 | after the last call | max | "
        "last / call 10 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for mode in modes:
        memory = mode["memory"]
        server = "threaded" if not mode["workers"] else f"--workers {mode['workers']}"
        at10, at50 = memory[min(9, len(memory) - 1)], memory[min(49, len(memory) - 1)]
        growth = memory[-1] / at10
        lines.append(
            f"| {server} | {mode['idle']:.0f} | {at10:.0f} | {at50:.0f} | "
            f"{memory[-1]:.0f} | {max(memory):.0f} | {growth:.2f} |"
        )
        verdicts.append(
            f"server memory flat across the run ({server}): "
            f"{'MET' if growth <= 1.10 else 'MISSED'} (last / call 10 = {growth:.2f})"
        )
        verdicts.append(
            f"no traceback in the server's log ({server}): "
            f"{'MET' if not mode['tracebacks'] else 'MISSED'} ({mode['tracebacks']} in "
            f"`{mode['log'].relative_to(ROOT)}`)"
        )
    resent = ", ".join(f"{k} {v:,}" for k, v in sorted(modes[0]["resent"].items()))
    lines += [
        "",
        f"Afterwards: {books['stored']:,} transactions stored for {books['distinct']:,} distinct "
        f"external IDs (sent: {sum(m['sent'] for m in modes):,} different rows, 1,000 of "
        "them per server to warm it up, untimed; rejected ones are not stored); "
        f"the first call re-sent at the end answered {resent}. {books['ledger']:,} cashback "
        f"ledger entries with {books['ledger_keys']:,} distinct source keys. Booking them "
        f"(`_coop_post_partner_cashback`, the hourly job) took {books['booking_seconds']:.1f} s:"
        f" {books['journal_entries']} journal entries, {books['journal_lines']:,} lines (one "
        "per person and per business, chunks of 2,000 people). The manager's check: "
        f"{books['differences']} people whose ledger and liability account differ, "
        f"{books['duplicate_keys']} duplicate source keys, {books['not_booked']:.2f} not booked, "
        f"{books['people']:,} people.",
    ]
    ok = books["stored"] == books["distinct"] and not books["differences"]
    verdicts.append(
        "every transaction stored once, the books agree: " + ("MET" if ok else "MISSED")
    )
    lines += ["", *(f"**{line}**" for line in verdicts)]
    return "\n".join(lines), verdicts
