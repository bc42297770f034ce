"""A partner business's large file uploaded in the back office is imported in the background
(OCA queue_job, run by the server's job runner: queue_job is a server-wide module in the
configuration scripts/setup.sh writes): the upload answers at once, the import shows its
progress, and every row of the file gets its answer, the same as over XML-RPC."""

import base64
import time

from conftest import kill_and_restart, pg_connection
from partner_fixtures import TXN, fresh_digits, new_id, phone_forms, register, today, xmlid

IMPORT = "coop.partner.import"
LINE = "coop.partner.import.line"
ROWS = 10_000


def upload(admin, agreement, content, filename="sales.csv"):
    wizard = admin(
        "coop.partner.import.wizard",
        "create",
        {
            "agreement_id": agreement,
            "file": base64.b64encode(content.encode()).decode(),
            "filename": filename,
        },
    )
    started = time.monotonic()
    action = admin("coop.partner.import.wizard", "action_import", [wizard])
    return action["res_id"], time.monotonic() - started


def follow(admin, record, timeout=600):
    """Read the import until it is done; the progress figures seen on the way."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        [values] = admin(IMPORT, "read", [record], ["state", "progress", "rows_done", "failure"])
        assert not values["failure"], values["failure"]
        seen.append(values["progress"])
        if values["state"] == "done":
            return seen
        time.sleep(0.2)
    raise AssertionError(
        f"import {record} not done after {timeout} s (progress {seen[-5:]});\n"
        f"jobs not done: {jobs_not_done(admin)};\nsessions: {sessions(admin.server.db)}"
    )


def jobs_not_done(admin):
    fields = ["uuid", "state", "date_enqueued", "date_started", "eta", "retry", "exc_name"]
    return admin("queue.job", "search_read", [("state", "!=", "done")], fields, limit=20)


def sessions(db):
    """What PostgreSQL is doing for ``db``: who holds or waits for what (when a job is stuck)."""
    connection = pg_connection()
    try:
        with connection.cursor() as cr:
            cr.execute(
                "SELECT pid, application_name, state, wait_event_type, wait_event,"
                " now() - xact_start, left(query, 100) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                [db],
            )
            return cr.fetchall()
    finally:
        connection.close()


def test_a_large_file_is_imported_in_the_background_with_progress_and_answers(admin):
    agreement = xmlid(admin, "coop_partner_sync", "agreement_plumbing_demo")
    phones = [phone_forms(fresh_digits())["international"] for _i in range(10)]
    for phone in phones:
        register(admin, phone)
    tag = new_id("f")
    lines = ["external_id;member_ref;amount;date"]
    for number in range(1, ROWS + 1):
        if number % 1_000 == 0:  # ten rows with a mistake
            lines.append(f"{tag}-{number};{phones[0]};12,50;{today()}")
        elif number % 100 == 0:  # ninety for a phone nobody has registered
            lines.append(f"{tag}-{number};{phone_forms(fresh_digits())['eight']};100;{today()}")
        else:
            lines.append(f"{tag}-{number};{phones[number % 10]};100.00;{today()}")
    record, upload_seconds = upload(admin, agreement, "\n".join(lines))

    seen = follow(admin, record)
    assert seen[0] < 100, "the upload waited for the import: it must run in the background"
    assert seen == sorted(seen) and seen[-1] == 100
    [done] = admin(
        IMPORT,
        "read",
        [record],
        ["rows_total", "rows_done", "created", "unmatched", "duplicate", "rejected", "background"],
    )
    assert done["background"] and done["rows_total"] == done["rows_done"] == ROWS
    assert (done["created"], done["unmatched"], done["rejected"], done["duplicate"]) == (
        9_900,
        90,
        10,
        0,
    )
    # the answer to every row, on the line of the file it came from
    assert admin(LINE, "search_count", [("import_id", "=", record)]) == ROWS
    rejected = admin(
        LINE,
        "search_read",
        [("import_id", "=", record), ("status", "=", "rejected")],
        ["line", "external_id", "error"],
        order="line",
    )
    assert [r["line"] for r in rejected] == [n + 1 for n in range(1_000, ROWS + 1, 1_000)]
    assert all(r["error"].startswith("amount: ") for r in rejected)
    # stored once each, the same as over XML-RPC; rejected rows kept for review
    assert admin(TXN, "search_count", [("external_id", "=like", f"{tag}-%")]) == 9_990
    kept = admin("coop.partner.rejection", "search_count", [("external_id", "=like", f"{tag}-%")])
    assert kept == 10
    # run by queue_job's runner: one job per thousand rows, all done
    jobs = admin(
        "queue.job",
        "search_read",
        [("model_name", "=", IMPORT), ("name", "=like", "sales.csv: rows %")],
        ["state", "channel"],
        order="id desc",
        limit=10,
    )
    assert {job["state"] for job in jobs} == {"done"}
    assert {job["channel"] for job in jobs} == {"root.coop_partner_import"}
    print(f"\n[file import] upload answered in {upload_seconds:.2f} s; progress seen {seen[:3]}...")


def test_the_server_killed_during_a_background_import_then_started_again(odoo_server, admin):
    agreement = xmlid(admin, "coop_partner_sync", "agreement_plumbing_demo")
    phones = [phone_forms(fresh_digits())["e164"] for _i in range(5)]
    for phone in phones:
        register(admin, phone)
    tag = new_id("k")
    rows = 20_000
    lines = ["external_id,member_ref,amount,date"]
    lines += [f"{tag}-{n},{phones[n % 5]},{100 + n % 50}.00,{today()}" for n in range(rows)]
    record, _seconds = upload(admin, agreement, "\n".join(lines), filename="killed.csv")
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        [values] = admin(IMPORT, "read", [record], ["rows_done"])
        if values["rows_done"] >= 3_000:
            break
        time.sleep(0.05)
    assert 3_000 <= values["rows_done"] < rows, "kill it in the middle of the import"

    kill_and_restart(odoo_server)  # the job under way dies with it; queue_job requeues it

    follow(admin, record)
    [done] = admin(IMPORT, "read", [record], ["rows_done", "created", "duplicate", "rejected"])
    assert (done["rows_done"], done["created"], done["duplicate"], done["rejected"]) == (
        rows,
        rows,
        0,
        0,
    )
    answered = admin(LINE, "read_group", [("import_id", "=", record)], ["line"], ["line"])
    assert len(answered) == rows and {group["line_count"] for group in answered} == {1}
    stored = admin(TXN, "search", [("external_id", "=like", f"{tag}-%")])
    assert len(stored) == rows
    entries = admin(
        "coop.cashback.move", "search_count", [("coop_partner_transaction_id", "in", stored)]
    )
    assert entries == rows  # each accrued once
