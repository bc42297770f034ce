"""`make run`'s database: `scripts/coopctl.py demo` on a new database gives the demo cooperative
of docs/coop.toml and its scenario, without Odoo's generic demo data (one database, made once
for this module: it is slow)."""

import base64
import os
import subprocess
import sys
import time
import tomllib

import pytest
from conftest import COOPCTL, DB, LOG_DIR, ROOT, Server, _wait_until_up, free_port, start_process

DEMO_DB = f"{DB}_demo"
CONFIG = tomllib.loads((ROOT / "docs" / "coop.toml").read_text(encoding="utf-8"))


def coopctl(*args):
    return subprocess.run(
        [sys.executable, COOPCTL, *args], capture_output=True, text=True, timeout=1800
    )


@pytest.fixture(scope="module")
def demo_server():
    """`coopctl.py demo` on a new database (timed), then a server serving it."""
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    if not os.environ.get("COOP_TEST_KEEP_DB"):
        subprocess.run([sys.executable, COOPCTL, "drop-db", DEMO_DB], check=True)
    start = time.monotonic()
    made = coopctl("demo", DEMO_DB)
    print(f"\n[demo] coopctl.py demo {DEMO_DB}: {time.monotonic() - start:.0f} s")
    assert made.returncode == 0, made.stdout + made.stderr
    again = coopctl("demo", DEMO_DB)
    assert again.returncode == 0, again.stdout + again.stderr
    port = free_port()
    log = LOG_DIR / f"{DEMO_DB}-server.log"
    server = Server(f"http://127.0.0.1:{port}", DEMO_DB, start_process(DEMO_DB, port, log), log)
    try:
        _wait_until_up(server)
        server.first_run, server.second_run = made.stdout, again.stdout
        yield server
    finally:
        server.process.terminate()
        server.process.wait(timeout=30)


def test_only_the_cooperatives_own_records(demo_server):
    admin = demo_server.client("admin", "admin")
    Partner = "res.partner"
    assert not admin(
        Partner, "search", [("name", "ilike", "Deco Addict")], context={"active_test": False}
    )
    assert not admin(
        Partner, "search", [("phone", "=", "+1 555-555-5556")], context={"active_test": False}
    )
    assert not admin("product.product", "search", [("name", "ilike", "Desk")])
    # the till's customer list, as the cashier the file made sees it
    login = next(p["login"] for p in CONFIG["staff"] if p["role"] == "cashier")
    cashier = demo_server.client(login, login)
    names = {p["name"] for p in cashier(Partner, "search_read", [], fields=["name"])}
    assert {"Смирнова Анна", "Волков Сергей"} <= names
    assert "Deco Addict" not in names


def test_the_company_and_the_receipt_from_the_file(demo_server):
    admin = demo_server.client("admin", "admin")
    coop = CONFIG["cooperative"]
    [company] = admin(
        "res.company",
        "search_read",
        [("name", "=", coop["name"])],
        fields=["phone", "vat", "logo", "uses_default_logo"],
    )
    assert (company["phone"], company["vat"]) == (coop["phone"], coop["inn"])
    assert company["logo"], "a logo of its own"
    # not Odoo's "Your logo": the file's, docs/logo.png beside docs/coop.toml
    assert not company["uses_default_logo"]
    logo = (ROOT / "docs" / coop["logo"]).read_bytes()
    assert base64.b64decode(company["logo"]) == logo, "the logo the file names"
    [store] = CONFIG["stores"]
    [pos] = admin(
        "pos.config",
        "search_read",
        [("company_id", "=", company["id"])],
        fields=["name", "receipt_header", "receipt_footer"],
    )
    assert (pos["name"], pos["receipt_header"]) == (store["name"], store["receipt_header"])
    # the scenario's day at the till: closed, with its orders
    sessions = admin(
        "pos.session", "search_read", [("config_id", "=", pos["id"])], fields=["state", "order_ids"]
    )
    assert [(s["state"], len(s["order_ids"])) for s in sessions] == [("closed", 5)]


def test_the_people_and_their_pages(demo_server):
    admin = demo_server.client("admin", "admin")
    states = {
        p["name"]: p["coop_state"]
        for p in admin(
            "res.partner",
            "search_read",
            [("coop_state", "!=", False)],
            fields=["name", "coop_state"],
        )
    }
    assert states["Попова Елена"] == "applicant"
    assert states["Лебедева Ольга"] == "admitted"
    assert states["Волков Сергей"] == "member"
    for login in ("anna", "olga", "sergey"):
        assert demo_server.login(login, login), login
    api = next(p["api_login"] for p in CONFIG["partners"])
    assert demo_server.login(api, api)


def test_run_again_changes_nothing_and_the_books_agree(demo_server):
    # one line from new-coop: "Unchanged" (in the cooperative's language)
    applied = [
        line for line in demo_server.second_run.splitlines() if line.startswith("[new-coop]")
    ]
    assert len(applied) == 1, demo_server.second_run
    checked = coopctl("check", DEMO_DB)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 problems" in checked.stdout
