"""Faults. A server killed (SIGKILL) in the middle of an import call and started again: the
partner's system, which got no answer, sends the same call again, and every transaction is
stored and earns its cashback exactly once, whatever the killed call had done. The
database cut off while a partner's system is importing (its connections terminated and refused
for a moment, as a PostgreSQL restart does): the server recovers by itself, the client sends
again what failed, nothing is lost or doubled."""

import signal
import threading
import time
import xmlrpc.client

from conftest import LOG_DIR, Server, _wait_until_up, free_port, pg_connection, start_process
from partner_fixtures import (
    DEMO_KEY,
    DEMO_LOGIN,
    TXN,
    demo_client,
    fresh_digits,
    new_id,
    phone_forms,
    today,
)
from psycopg2 import sql


def start_second_server(db, log_name):
    """Another server process on the same database (as a second application server would be)."""
    port = free_port()
    log = LOG_DIR / log_name
    process = start_process(db, port, log)
    server = Server(f"http://127.0.0.1:{port}", db, process, log)
    _wait_until_up(server)
    return server


def import_call(server, rows):
    uid = server.proxy("common").authenticate(server.db, DEMO_LOGIN, DEMO_KEY, {})
    return server.proxy("object").execute_kw(
        server.db, uid, DEMO_KEY, TXN, "import_transactions", [rows], {}
    )


def test_a_server_killed_during_an_import_then_the_same_call_again_counts_once(odoo_server, admin):
    known = [phone_forms(fresh_digits())["e164"] for _i in range(20)]
    for phone in known:
        admin("res.partner", "coop_register_shopper", {"phone": phone, "consent_processing": True})
    rows = [
        {"external_id": new_id("k"), "member_ref": known[i % 20] if i % 10 else
         phone_forms(fresh_digits())["eight"], "amount": f"{100 + i % 900}.50", "date": today()}
        for i in range(8_000)
    ]  # fmt: skip
    victim = start_second_server(odoo_server.db, f"{odoo_server.db}-killed-server.log")
    assert import_call(victim, []) == []  # the registry is loaded: the kill hits the import
    outcome = {}

    def send():
        try:
            outcome["answers"] = import_call(victim, rows)
        except (OSError, xmlrpc.client.Fault, xmlrpc.client.ProtocolError) as error:
            outcome["error"] = error

    thread = threading.Thread(target=send)
    thread.start()
    time.sleep(1.5)  # the call is being processed (8,000 rows take several seconds)
    victim.process.send_signal(signal.SIGKILL)
    victim.process.wait(timeout=30)
    thread.join(timeout=60)
    assert "error" in outcome, "the call had already answered: kill it earlier"

    restarted = start_second_server(odoo_server.db, f"{odoo_server.db}-restarted-server.log")
    try:
        answers = import_call(restarted, rows)
        again = import_call(restarted, rows)
    finally:
        restarted.process.terminate()
        restarted.process.wait(timeout=30)
    statuses = {answer["status"] for answer in answers}
    assert statuses <= {"created", "unmatched", "duplicate"}, statuses
    assert {answer["status"] for answer in again} == {"duplicate"}
    ids = [row["external_id"] for row in rows]
    stored = admin(TXN, "search_read", [("external_id", "in", ids)], fields=["external_id"])
    assert sorted(t["external_id"] for t in stored) == sorted(ids)
    entries = admin(
        "coop.cashback.move",
        "search_read",
        [("coop_partner_transaction_id", "in", [t["id"] for t in stored])],
        fields=["coop_partner_transaction_id"],
    )
    per_transaction = [e["coop_partner_transaction_id"][0] for e in entries]
    assert len(per_transaction) == len(set(per_transaction)), "a transaction accrued twice"
    matched = sum(1 for i in range(len(rows)) if i % 10)
    assert len(per_transaction) == matched


def cut_database(db, seconds=2.0):
    """What a restart of PostgreSQL does to the server's database, once a transaction of it is
    under way: every connection to it cut (``terminating connection due to administrator
    command``, as a fast shutdown sends), new ones refused for a moment, then accepted again.
    Only this database is cut, not the whole cluster: the machine's other databases (CI runs
    Odoo's own suites beside this one) are not touched."""
    connection = pg_connection()
    allow = sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS {}")
    busy = (
        "SELECT count(*) FROM pg_stat_activity WHERE datname = %s"
        " AND state IN ('active', 'idle in transaction')"
    )
    try:
        with connection.cursor() as cr:
            for _i in range(1000):  # cut while a transaction is under way (10 s at most)
                cr.execute(busy, [db])
                if cr.fetchone()[0]:
                    break
                time.sleep(0.01)
            cr.execute(allow.format(sql.Identifier(db), sql.SQL("false")))
            cr.execute(
                "SELECT count(*) FILTER (WHERE state <> 'idle'), count(pg_terminate_backend(pid))"
                " FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [db],
            )
            cut = cr.fetchone()[0]
            time.sleep(seconds)
    finally:
        with connection.cursor() as cr:  # whatever happened, the database accepts again
            cr.execute(allow.format(sql.Identifier(db), sql.SQL("true")))
        connection.close()
    return cut


def test_database_cut_off_under_load_the_server_recovers_and_nothing_is_lost(odoo_server):
    client = demo_client(odoo_server)
    phone = phone_forms(fresh_digits())["e164"]
    rows = [
        {"external_id": new_id("pg"), "member_ref": phone, "amount": "10.00", "date": today()}
        for _i in range(4_000)
    ]
    outcome = {}

    def send():
        try:  # calls of 100 rows, one after the other; the client retries transient failures
            outcome["answers"] = client.import_transactions(rows, batch_size=100, retries=8)
        except Exception as error:
            outcome["error"] = error

    thread = threading.Thread(target=send)
    thread.start()
    time.sleep(1.0)
    assert cut_database(odoo_server.db) > 0, "no transaction was under way when cut off"
    thread.join(timeout=300)
    assert "error" not in outcome, outcome.get("error")
    statuses = {answer["status"] for answer in outcome["answers"]}
    # a batch the restart cut off was rolled back (sent again: created) or had committed
    # before its answer was lost (sent again: duplicate)
    assert statuses <= {"unmatched", "duplicate"}, statuses
    admin = odoo_server.client("admin", "admin")
    ids = [row["external_id"] for row in rows]
    assert admin(TXN, "search_count", [("external_id", "in", ids)]) == len(ids)
