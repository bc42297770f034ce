"""Black-box suite: a real Odoo server on a free loopback port with its own database, driven
over XML-RPC the way partner businesses and other systems will drive it.

The database (``COOP_TEST_DB``, default ``coop_test_blackbox``) is created afresh for each run
by ``scripts/coopctl.py``: the demo cooperative with the coop addons installed. Set
``COOP_TEST_KEEP_DB=1`` to reuse an existing one (quicker while writing tests).
"""

import configparser
import os
import socket
import subprocess
import sys
import time
import xmlrpc.client
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from coop_addons import ADDONS as COOP_ADDONS  # noqa: E402, F401  (the one list)
from coop_addons import TESTED  # noqa: E402, F401

CONF = Path(os.environ.get("COOP_ODOO_CONF", ROOT / ".odoo.conf"))
COOPCTL = ROOT / "scripts" / "coopctl.py"
DB = os.environ.get("COOP_TEST_DB", "coop_test_blackbox")
LOG_DIR = ROOT / ".data" / "logs"
ADMIN = ("admin", "admin")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def odoo_bin():
    """odoo-bin of the tree named in .odoo.conf's addons_path (written by scripts/setup.sh)."""
    parser = configparser.ConfigParser()
    parser.read(CONF)
    for path in parser["options"]["addons_path"].split(","):
        candidate = Path(path.strip()).parent / "odoo-bin"
        if candidate.exists():
            return candidate
    raise RuntimeError(f"no odoo-bin found from the addons_path of {CONF}; run scripts/setup.sh")


@dataclass
class Server:
    url: str
    db: str
    process: subprocess.Popen
    log: Path

    def proxy(self, endpoint):
        return xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/{endpoint}", allow_none=True)

    def login(self, login, password):
        return self.proxy("common").authenticate(self.db, login, password, {})

    def client(self, login, password):
        uid = self.login(login, password)
        assert uid, f"{login} could not log in to {self.db}"
        return RpcClient(self, uid, password)


@dataclass
class RpcClient:
    server: Server
    uid: int
    password: str

    def __call__(self, model, method, *args, **kwargs):
        return self.server.proxy("object").execute_kw(
            self.server.db, self.uid, self.password, model, method, list(args), kwargs
        )


def _wait_until_up(server, timeout=180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"the Odoo server stopped (exit {server.process.returncode}); see {server.log}"
            )
        try:
            server.proxy("common").version()
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the Odoo server did not answer within {timeout} s; see {server.log}")


def start_process(db, port, log, mode="w"):
    """An Odoo server process serving ``db`` on 127.0.0.1:``port``, its output in ``log``."""
    with open(log, mode) as out:
        return subprocess.Popen(
            [sys.executable, odoo_bin(), "-c", CONF, "-d", db, "--db-filter", f"^{db}$",
             "--http-interface", "127.0.0.1", "--http-port", str(port),
             "--gevent-port", str(free_port()), "--max-cron-threads", "0"],
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip


def pg_connection(dbname="postgres"):
    """An autocommit connection to PostgreSQL as the configuration's user (for what a test does
    to the database server itself, never for the data under test: that goes over XML-RPC)."""
    options = configparser.ConfigParser()
    options.read(CONF)
    conf = options["options"]
    connection = psycopg2.connect(
        dbname=dbname, host=conf["db_host"], port=conf["db_port"],
        user=conf["db_user"], password=conf["db_password"],
    )  # fmt: skip
    connection.autocommit = True
    return connection


def end_backends_of(pid, db, grace=5.0):
    """The database sessions a killed Odoo process left behind (``application_name`` is
    ``odoo-<pid>``). PostgreSQL ends a dead client's session only when it next reads from or
    writes to it: one in the middle of a statement runs on and keeps its locks (a background
    job's ``queue_job_lock`` row would keep queue_job from requeuing that job) until the
    statement ends. Wait ``grace`` seconds for them to go by themselves, then end those left, as
    the operator of a crashed server does; returns what was left (printed by the caller)."""
    query = (
        "SELECT pid, state, left(query, 120) FROM pg_stat_activity"
        " WHERE application_name = %s AND datname = %s"
    )
    connection = pg_connection()
    try:
        with connection.cursor() as cr:
            deadline = time.monotonic() + grace
            while True:
                cr.execute(query, [f"odoo-{pid}", db])
                left = cr.fetchall()
                if not left or time.monotonic() > deadline:
                    break
                time.sleep(0.1)
            for backend, _state, _query in left:
                cr.execute("SELECT pg_terminate_backend(%s)", [backend])
    finally:
        connection.close()
    return left


def kill_and_restart(server):
    """SIGKILL ``server``'s process (as a crash would) and start it again on the same port:
    the tests after go on with the same server. Sessions of the dead process still running a
    statement are ended first (see ``end_backends_of``)."""
    pid = server.process.pid
    server.process.kill()
    server.process.wait(timeout=30)
    left = end_backends_of(pid, server.db)
    if left:
        print(f"\n[kill] sessions of the killed server ended by hand: {left}")
    port = int(server.url.rsplit(":", 1)[1])
    server.process = start_process(server.db, port, server.log, mode="a")
    _wait_until_up(server)


def _serve(db, demo=True):
    """Create ``db`` afresh (unless COOP_TEST_KEEP_DB) and serve it; yields the Server."""
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    if not os.environ.get("COOP_TEST_KEEP_DB"):
        subprocess.run([sys.executable, COOPCTL, "drop-db", db], check=True)
    subprocess.run(
        [sys.executable, COOPCTL, "ensure-db", db, "--lang", "en_US"]
        + ([] if demo else ["--without-demo"]),
        check=True,
    )
    port = free_port()
    log = LOG_DIR / f"{db}-server.log"
    process = start_process(db, port, log)
    server = Server(f"http://127.0.0.1:{port}", db, process, log)
    try:
        _wait_until_up(server)
        yield server
    finally:
        server.process.terminate()  # the process of the day: a test may have restarted it
        try:
            server.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.process.kill()


@pytest.fixture(scope="session")
def odoo_server():
    """The demo cooperative."""
    yield from _serve(DB)


@pytest.fixture(scope="module")
def bare_server():
    """A cooperative without demo data (for install/uninstall)."""
    yield from _serve(DB + "_bare", demo=False)


@pytest.fixture(scope="session")
def admin(odoo_server):
    return odoo_server.client(*ADMIN)
