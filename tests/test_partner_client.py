"""The client partner businesses copy (coop_partner_sync/static/client/coop_partner_client.py):
reading CSV files, the command line against the real server (summary, per-row results, exit
codes), batching, and its retries, which only the retry tests drive with a local stub server
that fails on purpose."""

import csv
import decimal
import http.server
import itertools
import os
import socket
import subprocess
import sys
import threading
import time
import xmlrpc.client
from contextlib import contextmanager

import pytest
from partner_fixtures import (
    CLIENT_PATH,
    DEMO_KEY,
    DEMO_LOGIN,
    cashback_of,
    client_module,
    demo_client,
    fresh_digits,
    new_person,
    phone_forms,
    refund,
    sale,
    transactions,
    utc_now,
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---------------------------------------------------------------------- read_csv


def write(path, text, encoding="utf-8"):
    path.write_text(text, encoding=encoding)
    return path


def test_read_csv_keeps_strings_and_leaves_out_empty_cells(tmp_path):
    path = write(
        tmp_path / "sales.csv",
        "external_id,member_ref,amount,date,kind,refund_of,currency\n"
        "S-1,+7 910 000-00-01,1000.00,2025-03-01,,,\n"
        "\n"
        "S-2, 89100000002 ,249.90,2025-03-01T14:05:00,sale,,RUB\n"
        ",,,,,,\n"
        'R-1,"+7 910 000-00-01",400,2025-03-02,refund,S-1,\n',
    )
    assert client_module.read_csv(path) == [
        {
            "external_id": "S-1",
            "member_ref": "+7 910 000-00-01",
            "amount": "1000.00",
            "date": "2025-03-01",
        },
        {
            "external_id": "S-2",
            "member_ref": "89100000002",
            "amount": "249.90",
            "date": "2025-03-01T14:05:00",
            "kind": "sale",
            "currency": "RUB",
        },
        {
            "external_id": "R-1",
            "member_ref": "+7 910 000-00-01",
            "amount": "400",
            "date": "2025-03-02",
            "kind": "refund",
            "refund_of": "S-1",
        },
    ]


def test_read_csv_excel_files_bom_and_semicolons(tmp_path):
    path = write(
        tmp_path / "excel.csv",
        "external_id;member_ref;amount;date\r\nS-1;9100000001;1 000,00;2025-03-01\r\n",
        encoding="utf-8-sig",
    )
    # Values are sent as written: the server answers "1 000,00" as a rejected amount.
    assert client_module.read_csv(path) == [
        {
            "external_id": "S-1",
            "member_ref": "9100000001",
            "amount": "1 000,00",
            "date": "2025-03-01",
        }
    ]


def test_read_csv_a_column_unknown_to_the_contract_is_sent_for_the_server_to_reject(tmp_path):
    path = write(tmp_path / "extra.csv", "external_id,member_ref,amount,date,note\nS,1,2,3,x\n")
    assert client_module.read_csv(path) == [
        {"external_id": "S", "member_ref": "1", "amount": "2", "date": "3", "note": "x"}
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no header"),
        ("external_id,amount,amount\nS,1,2\n", "named twice"),
        ("external_id,,amount\nS,1,2\n", "no name"),
        ("external_id,amount\nS,1,2\n", "line 2: 3 cells for 2 columns"),
    ],
    ids=["empty", "column twice", "unnamed column", "too many cells"],
)
def test_read_csv_refuses_files_it_cannot_read_faithfully(tmp_path, text, message):
    path = write(tmp_path / "bad.csv", text)
    with pytest.raises(ValueError, match=message):
        client_module.read_csv(path)


def test_arguments_checked_before_sending():
    client = client_module.CoopPartnerClient("http://127.0.0.1:9", "db", "login", "key")
    with pytest.raises(TypeError, match="list of dicts"):
        client.import_transactions({"external_id": "x"})
    with pytest.raises(ValueError, match="between 1 and 10000"):
        client.import_transactions([], batch_size=10001)
    with pytest.raises(ValueError, match="between 1 and 10000"):
        client.import_transactions([], batch_size=0)


# ---------------------------------------------------------------------- retries (stub server)


_real_sleep = time.sleep  # the stub's own delays are not the client's pauses


class _Stub(http.server.ThreadingHTTPServer):
    """A stand-in for the cooperative's server that answers ``authenticate`` and, for each
    ``import_transactions`` call, does the next scripted thing: ("ok",), ("http", code),
    ("fault", code, text), ("drop",) (close without answering), ("slow", seconds)."""

    daemon_threads = True

    def __init__(self, script):
        super().__init__(("127.0.0.1", 0), _StubHandler)
        self.script = list(script)
        self.calls = []  # the rows of each import call
        self.lock = threading.Lock()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"


class _StubHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _answer(self, body, code=200):
        data = body.encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        params, method = xmlrpc.client.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.path.endswith("/common"):
            assert method == "authenticate"
            return self._answer(xmlrpc.client.dumps((7,), methodresponse=True))
        assert self.path.endswith("/xmlrpc/2/object") and method == "execute_kw"
        _db, _uid, _key, model, name, args, kwargs = params
        assert (model, name) == ("coop.partner.transaction", "import_transactions")
        assert set(kwargs) == {"dry_run"}
        rows = args[0]
        with self.server.lock:
            self.server.calls.append(rows)
            step = self.server.script.pop(0) if self.server.script else ("ok",)
        if step[0] == "http":
            return self._answer("busy", code=step[1])
        if step[0] == "fault":
            fault = xmlrpc.client.Fault(step[1], step[2])
            return self._answer(xmlrpc.client.dumps(fault, methodresponse=True))
        if step[0] == "drop":
            self.close_connection = True
            return None
        if step[0] == "slow":
            _real_sleep(step[1])
        results = [
            {
                "external_id": row["external_id"],
                "status": "created",
                "id": index,
                "cashback": 0.0,
                "error": False,
            }
            for index, row in enumerate(rows, 1)
        ]
        return self._answer(xmlrpc.client.dumps((results,), methodresponse=True))


@contextmanager
def stub_server(script):
    server = _Stub(script)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def pauses(monkeypatch):
    """The client's pauses between tries (still taken, they are short)."""
    taken = []
    real_sleep = time.sleep

    def sleep(seconds):
        taken.append(seconds)
        real_sleep(seconds)

    monkeypatch.setattr(client_module.time, "sleep", sleep)
    return taken


def rows_for_stub(count):
    return [sale("9100000001", "10.00", external_id=f"stub-{i}") for i in range(count)]


SERIALIZATION_FAULT = (
    1,
    "Traceback (most recent call last):\n  ...\npsycopg2.errors.SerializationFailure: "
    "could not serialize access due to concurrent update\n",
)


def test_transient_failures_are_retried_with_growing_pauses(pauses):
    rows = rows_for_stub(3)
    # xmlrpc.client itself sends again at once when the connection is closed without an
    # answer (for stale keep-alive connections): two drops in a row reach the client.
    script = [
        ("http", 503),
        ("fault", *SERIALIZATION_FAULT),
        ("drop",),
        ("drop",),
        ("http", 502),
        ("ok",),
    ]
    with stub_server(script) as stub:
        client = client_module.CoopPartnerClient(stub.url, "db", "login", "key")
        results = client.import_transactions(rows, retries=5, backoff=0.01)
    assert [r["status"] for r in results] == ["created"] * 3
    assert [r["external_id"] for r in results] == [r["external_id"] for r in rows]
    assert len(stub.calls) == 6
    assert all(call == rows for call in stub.calls)  # the very same batch each time
    assert len(pauses) == 4
    assert all(later > earlier for earlier, later in itertools.pairwise(pauses))
    assert 0.01 <= pauses[0] <= 0.0125 and pauses[3] <= 0.08 * 1.25


def test_a_timeout_is_retried(pauses):
    with stub_server([("slow", 3), ("ok",)]) as stub:
        client = client_module.CoopPartnerClient(stub.url, "db", "login", "key", timeout=0.5)
        results = client.import_transactions(rows_for_stub(2), retries=1, backoff=0.01)
    assert [r["status"] for r in results] == ["created", "created"]
    assert len(stub.calls) == 2
    assert len(pauses) == 1


@pytest.mark.parametrize(
    "step",
    [
        ("fault", 4, "You are not allowed to import transactions: not a partner API user."),
        ("fault", 3, "Access Denied"),
        ("fault", 2, "rows must be a list of dicts"),
        ("fault", 1, "Traceback (most recent call last):\nKeyError: 'amount'\n"),
        ("http", 404),
        ("http", 403),
    ],
    ids=["access error", "access denied", "validation", "server bug", "http 404", "http 403"],
)
def test_refusals_are_never_retried(pauses, step):
    with stub_server([step]) as stub:
        client = client_module.CoopPartnerClient(stub.url, "db", "login", "key")
        with pytest.raises(client_module.RefusedError) as refused:
            client.import_transactions(rows_for_stub(2), retries=5, backoff=0.01)
    assert len(stub.calls) == 1
    assert pauses == []
    assert refused.value.results == []
    if step[0] == "fault":
        assert isinstance(refused.value.cause, xmlrpc.client.Fault)


def test_gives_up_after_the_retries_keeping_the_answers_of_earlier_batches(pauses):
    rows = rows_for_stub(5)
    with stub_server([("ok",), ("http", 503), ("http", 503), ("http", 503)]) as stub:
        client = client_module.CoopPartnerClient(stub.url, "db", "login", "key")
        with pytest.raises(client_module.TransientError, match="after 3 attempts") as failed:
            client.import_transactions(rows, batch_size=2, retries=2, backoff=0.01)
    assert [len(call) for call in stub.calls] == [2, 2, 2, 2]
    assert [r["external_id"] for r in failed.value.results] == ["stub-0", "stub-1"]
    assert len(pauses) == 2


def test_batches_are_sent_one_after_the_other_in_input_order():
    rows = rows_for_stub(5)
    with stub_server([]) as stub:
        client = client_module.CoopPartnerClient(stub.url, "db", "login", "key")
        results = client.import_transactions(rows, batch_size=2)
    assert stub.calls == [rows[0:2], rows[2:4], rows[4:5]]
    assert [r["external_id"] for r in results] == [r["external_id"] for r in rows]


def test_cli_exit_code_2_when_the_server_cannot_be_reached(tmp_path):
    csv_path = write(tmp_path / "one.csv", "external_id,member_ref,amount,date\nS,1,1,2025-01-01\n")
    run = run_cli(
        f"http://127.0.0.1:{free_port()}", "db", csv_path, "--retries", "1", "--backoff", "0.01"
    )
    assert run.returncode == 2, run
    assert "failed after 2 attempts" in run.stderr


# ---------------------------------------------------------------------- against the server


def run_cli(url, db, csv_path, *options, key=DEMO_KEY, login=DEMO_LOGIN):
    env = {**os.environ, "COOP_PARTNER_KEY": key}
    server = ["--url", url, "--db", db, "--login", login]
    return subprocess.run(
        [sys.executable, CLIENT_PATH, *server, "--csv", csv_path, *options],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def write_rows(path, rows):
    keys = ["external_id", "member_ref", "amount", "date", "kind", "refund_of", "currency"]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=keys)
        writer.writeheader()
        writer.writerows(rows)
    return path


def read_results(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_cli_sends_a_csv_prints_the_summary_and_writes_each_rows_result(
    odoo_server, admin, tmp_path
):
    person, digits = new_person(admin)
    first = sale(phone_forms(digits)["eight"], "1000.00")
    rows = [
        first,
        sale(phone_forms(digits)["international"], "500.00"),
        sale(phone_forms(fresh_digits())["eight"], "100.00"),  # nobody registered
        refund(first, "400.00"),
        sale(phone_forms(digits)["eight"], "10.001"),
    ]
    csv_path = write_rows(tmp_path / "sales.csv", rows)
    out = tmp_path / "results.csv"
    run = run_cli(odoo_server.url, odoo_server.db, csv_path, "--results", out)
    assert run.returncode == 1, run  # a row was rejected
    assert "5 rows: created 3, duplicate 0, unmatched 1, rejected 1" in run.stdout
    assert f"row 5 ({rows[4]['external_id']}): amount:" in run.stderr
    results = read_results(out)
    assert [(r["row"], r["external_id"], r["status"]) for r in results] == [
        ("1", rows[0]["external_id"], "created"),
        ("2", rows[1]["external_id"], "created"),
        ("3", rows[2]["external_id"], "unmatched"),
        ("4", rows[3]["external_id"], "created"),
        ("5", rows[4]["external_id"], "rejected"),
    ]
    assert [float(r["cashback"]) for r in results[:4]] == [30.0, 15.0, 0.0, -12.0]
    assert all(r["id"].isdigit() for r in results[:4]) and results[4]["id"] == ""
    assert results[4]["error"].lower().startswith("amount:")
    assert cashback_of(admin, person)["coop_cashback_balance"] == 33.0

    # The same file again: every stored row is a duplicate, the rejected one still rejected.
    again = run_cli(odoo_server.url, odoo_server.db, csv_path, "--results", out)
    assert again.returncode == 1, again
    assert "5 rows: created 0, duplicate 4, unmatched 0, rejected 1" in again.stdout
    assert [r["id"] for r in read_results(out)][:4] == [r["id"] for r in results[:4]]

    # Without the bad row: exit code 0.
    valid = write_rows(tmp_path / "valid.csv", rows[:4])
    run = run_cli(odoo_server.url, odoo_server.db, valid)
    assert run.returncode == 0, run
    assert "4 rows: created 0, duplicate 4, unmatched 0, rejected 0" in run.stdout
    assert cashback_of(admin, person)["coop_cashback_balance"] == 33.0


def test_cli_dry_run_stores_nothing(odoo_server, admin, tmp_path):
    person, digits = new_person(admin)
    rows = [sale(digits, "1000"), sale(phone_forms(fresh_digits())["e164"], "20")]
    csv_path = write_rows(tmp_path / "dry.csv", rows)
    run = run_cli(odoo_server.url, odoo_server.db, csv_path, "--dry-run")
    assert run.returncode == 0, run
    assert "dry run: 2 rows: created 1, duplicate 0, unmatched 1, rejected 0" in run.stdout
    assert transactions(admin, [r["external_id"] for r in rows]) == []
    assert cashback_of(admin, person)["coop_cashback_lifetime"] == 0.0


def test_cli_batches_in_order_and_a_refund_may_follow_its_sale_in_a_later_batch(
    odoo_server, admin, tmp_path
):
    _person, digits = new_person(admin)
    first = sale(digits, "1000")
    rows = [first] + [sale(digits, "100") for _ in range(3)] + [refund(first, "1000")]
    csv_path = write_rows(tmp_path / "batches.csv", rows)
    out = tmp_path / "out.csv"
    run = run_cli(
        odoo_server.url, odoo_server.db, csv_path, "--batch-size", "2", "-v", "--results", out
    )
    assert run.returncode == 0, run
    batches = [line for line in run.stderr.splitlines() if " of 5: " in line]
    assert [line.split(" rows ")[1].split(":")[0] for line in batches] == [
        "1-2 of 5",
        "3-4 of 5",
        "5-5 of 5",
    ]
    results = read_results(out)
    assert [r["status"] for r in results] == ["created"] * 5
    assert [float(r["cashback"]) for r in results] == [30.0, 3.0, 3.0, 3.0, -30.0]


@pytest.mark.parametrize(
    ("login", "key", "message"),
    [
        (DEMO_LOGIN, "wrong-key", "login refused"),
        ("admin", "admin", "refused"),
    ],
    ids=["wrong key", "not an API user"],
)
def test_cli_exit_code_2_when_refused(odoo_server, tmp_path, login, key, message):
    rows = [sale("9100000001", "10")]
    csv_path = write_rows(tmp_path / "refused.csv", rows)
    run = run_cli(odoo_server.url, odoo_server.db, csv_path, login=login, key=key)
    assert run.returncode == 2, run
    assert message in run.stderr
    assert "Traceback" not in run.stderr


def test_cli_exit_code_2_on_an_unreadable_csv(odoo_server, tmp_path):
    run = run_cli(odoo_server.url, odoo_server.db, tmp_path / "missing.csv")
    assert run.returncode == 2, run
    assert "cannot read" in run.stderr


def test_decimal_amounts_and_dates_are_sent_as_contract_strings(odoo_server, admin):
    person, digits = new_person(admin)
    now = utc_now()
    rows = [
        sale(digits, decimal.Decimal("1000.00")) | {"date": now.date()},
        sale(digits, decimal.Decimal("210.00")) | {"date": now.replace(hour=0, minute=0)},
    ]
    results = demo_client(odoo_server).import_transactions(rows)
    assert [(r["status"], r["cashback"]) for r in results] == [
        ("created", 30.0),
        ("created", 6.3),
    ]
    assert cashback_of(admin, person)["coop_cashback_balance"] == 36.3


def test_import_in_several_calls_answers_in_input_order(odoo_server, admin, monkeypatch):
    _person, digits = new_person(admin)
    client = demo_client(odoo_server)
    calls = []
    real_proxy = client._proxy

    def proxy(endpoint):
        server_proxy = real_proxy(endpoint)
        if endpoint == "object":
            calls.append(1)
        return server_proxy

    monkeypatch.setattr(client, "_proxy", proxy)
    first = sale(digits, "100")
    rows = [first, *(sale(digits, str(10 * i)) for i in range(1, 6)), refund(first, "50")]
    results = client.import_transactions(rows, batch_size=3)
    assert len(calls) == 3
    assert [r["external_id"] for r in results] == [r["external_id"] for r in rows]
    assert [r["cashback"] for r in results] == [3.0, 0.3, 0.6, 0.9, 1.2, 1.5, -1.5]
    assert {r["status"] for r in results} == {"created"}
