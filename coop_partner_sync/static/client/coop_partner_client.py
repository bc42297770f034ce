#!/usr/bin/env python3
"""Send a partner business's sales and refunds to the cooperative over XML-RPC.

A self-contained client for the partner's IT: Python 3.8 or later, standard library only.
Copy this one file; see README.md beside it for the whole story.

The server call
===============

``execute_kw(db, uid, key, "coop.partner.transaction", "import_transactions", [rows],
{"dry_run": False})`` where ``rows`` is a list of at most 10,000 dicts:

============  ==========================================================================
key           value
============  ==========================================================================
external_id   string of 1-64 characters, required; your own id of the sale or refund,
              unique within your business and *stable* (the same sale always gets the same
              id: that is what makes resending safe)
member_ref    string, required: the shopper's phone in any usual form (+7 900 123-45-67,
              89001234567, 9001234567), member number or card barcode
amount        number (int, float or decimal string such as "1234.50"), > 0, at most two
              decimals, at most 1,000,000
date          "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS" (UTC), at most one day in the future
kind          "sale" (default) or "refund"
refund_of     for a refund, required: the external_id of the sale it refunds
currency      optional ISO code; must be the cooperative's currency (e.g. "RUB")
============  ==========================================================================

It answers with one result per row, in input order::

    {"external_id": str or False, "status": "created" | "duplicate" | "unmatched" | "rejected",
     "id": int or False, "cashback": float, "error": str or False}

- ``created``: stored, the shopper was found, cashback accrued (maybe 0.0); for a refund,
  ``cashback`` is the (negative) cashback taken back.
- ``unmatched``: stored, but nobody is registered with that reference yet; when the shopper
  registers with that phone, the cashback is accrued automatically.
- ``duplicate``: you already sent this external_id with the same data: nothing changed
  (``id`` is the stored transaction). The same external_id with *different* data is
  ``rejected`` and the stored one stays as it was.
- ``rejected``: invalid; ``error`` reads ``"<field>: <reason>"``. The cooperative's staff
  see rejected rows too.

``dry_run=True`` checks and answers the same way without storing anything. A whole call is
refused (an XML-RPC Fault) when ``rows`` is not a list of dicts, has more than 10,000 rows,
or the login is not a partner business's API user.

This client
===========

:class:`CoopPartnerClient` splits the rows into batches (1,000 by default), sends them one
after the other and joins the answers in input order. A batch that fails for a *transient*
reason (connection refused or reset, timeout, HTTP 5xx, a database concurrency failure) is
sent again after a pause that doubles each time; that is safe because the server recognises
rows it already stored (``duplicate``). A refusal (wrong key, no access, invalid call) is
never retried. :func:`read_csv` reads a CSV file whose header holds the keys above.

As a library::

    from coop_partner_client import CoopPartnerClient, read_csv

    client = CoopPartnerClient("https://coop.example.org", "coop", "shop-api", API_KEY)
    results = client.import_transactions(read_csv("sales.csv"))
    rejected = [r for r in results if r["status"] == "rejected"]

From the command line::

    export COOP_PARTNER_KEY=...   # or --key
    python coop_partner_client.py --url https://coop.example.org --db coop \\
        --login shop-api --csv sales.csv --results results.csv [--dry-run] [--batch-size 1000]

It prints the count of each status and writes one result per row to ``--results``. Exit code
0: no row rejected; 1: some rows rejected (see the results); 2: the call was refused or the
server could not be reached (nothing more was sent: fix the cause and send the whole file
again; rows already stored come back as ``duplicate``), or the CSV file could not be read.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import decimal
import http.client
import io
import logging
import os
import random
import sys
import time
import xmlrpc.client

__all__ = [
    "CONTRACT_KEYS",
    "MAX_ROWS_PER_CALL",
    "STATUSES",
    "CoopPartnerClient",
    "CoopPartnerError",
    "RefusedError",
    "TransientError",
    "is_transient",
    "main",
    "read_csv",
    "write_results",
]
__version__ = "1.0"

_logger = logging.getLogger("coop_partner_client")

MODEL = "coop.partner.transaction"
METHOD = "import_transactions"
MAX_ROWS_PER_CALL = 10000
CONTRACT_KEYS = ("external_id", "member_ref", "amount", "date", "kind", "refund_of", "currency")
STATUSES = ("created", "duplicate", "unmatched", "rejected")
RESULT_COLUMNS = ("row", "external_id", "status", "id", "cashback", "error")
MAX_BACKOFF = 60.0

# Application faults (XML-RPC fault code 1, the server's traceback as the fault string) that
# are worth another try: the database gave up on a transaction because of a concurrent one,
# the server was out of database connections, or lost its database for a moment (restarted).
_TRANSIENT_FAULT_MARKERS = (
    "could not serialize access",
    "serializationfailure",
    "serialization failure",
    "serialization_failure",
    "transactionrollbackerror",
    "deadlock detected",
    "deadlockdetected",
    "locknotavailable",
    "could not obtain lock",
    "concurrent update",
    "connection pool is full",
    "server closed the connection unexpectedly",
    "terminating connection due to administrator command",
    "connection already closed",
    "the database system is starting up",
    "the database system is shutting down",
    "could not connect to server",
    "connection to server at",
)
# Odoo's fault codes on /xmlrpc/2: 2 warning or validation error, 3 access denied (login or
# key), 4 access error. These are answers, not accidents: never retried.
_REFUSAL_FAULT_CODES = (2, 3, 4)


class CoopPartnerError(Exception):
    """The import stopped. ``results`` holds the answers of the rows sent before the failure
    (in input order, from the first row): those rows are stored (unless dry run), the rest
    were not sent."""

    def __init__(self, message, results=None, cause=None):
        super().__init__(message)
        self.results = list(results or [])
        self.cause = cause


class RefusedError(CoopPartnerError):
    """The server refused the call: wrong login or key, no access, or an invalid call.
    Sending it again will not help."""


class TransientError(CoopPartnerError):
    """The server could not be reached or kept failing for a transient reason after all the
    retries. The same rows can be sent again later."""


class _TimeoutMixin:
    """A socket timeout for xmlrpc.client's transports (they have none by default)."""

    def __init__(self, timeout, **kwargs):
        super().__init__(**kwargs)
        self._timeout = timeout

    def make_connection(self, host):
        connection = super().make_connection(host)
        connection.timeout = self._timeout
        return connection


class _TimeoutTransport(_TimeoutMixin, xmlrpc.client.Transport):
    """HTTP transport with a socket timeout."""


class _SafeTimeoutTransport(_TimeoutMixin, xmlrpc.client.SafeTransport):
    """HTTPS transport with a socket timeout."""


def is_transient(error):
    """True when ``error`` (raised by an XML-RPC call) is worth another try."""
    if isinstance(error, xmlrpc.client.Fault):
        if error.faultCode in _REFUSAL_FAULT_CODES:
            return False
        text = f"{error.faultCode} {error.faultString}".lower()
        return any(marker in text for marker in _TRANSIENT_FAULT_MARKERS)
    if isinstance(error, xmlrpc.client.ProtocolError):
        # 5xx: the server or a proxy in front of it failed; 429: too many requests.
        return error.errcode >= 500 or error.errcode in (408, 429)
    # Connection refused or reset, timeouts, a response cut short.
    return isinstance(error, (OSError, http.client.HTTPException))


def _describe(error):
    if isinstance(error, xmlrpc.client.Fault):
        text = str(error.faultString).strip() or str(error.faultCode)
        # An application fault carries the server's traceback: its last line says it all.
        lines = [line for line in text.splitlines() if line.strip()]
        return lines[-1].strip() if lines else text
    if isinstance(error, xmlrpc.client.ProtocolError):
        return f"HTTP {error.errcode} {error.errmsg} from {error.url}"
    return f"{type(error).__name__}: {error}"


def _to_wire(value):
    """Values XML-RPC cannot carry, turned into what the contract expects: a Decimal into its
    decimal string, a date into YYYY-MM-DD, a datetime into YYYY-MM-DDTHH:MM:SS in UTC."""
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            utc = datetime.timezone.utc  # noqa: UP017 (datetime.UTC is Python 3.11+)
            value = value.astimezone(utc).replace(tzinfo=None)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _prepare_row(row):
    if isinstance(row, dict):
        return {key: _to_wire(value) for key, value in row.items()}
    return row  # sent as it is: the server refuses a call with a row that is not a dict


class CoopPartnerClient:
    """A partner business's connection to the cooperative.

    :param url: the cooperative's address, e.g. ``https://coop.example.org``
    :param db: the cooperative's database name
    :param login: the API user's login (given by the cooperative)
    :param key: the API key (or the API user's password)
    :param timeout: seconds to wait for one answer (a batch of 1,000 rows takes a few seconds)

    Each call opens its own connection, so one client may be used from several threads.
    """

    def __init__(self, url, db, login, key, timeout=120):
        self.url = url.rstrip("/")
        self.db = db
        self.login = login
        self.key = key
        self.timeout = timeout
        self._uid = None

    # ------------------------------------------------------------------ transport

    def _proxy(self, endpoint):
        transport_class = (
            _SafeTimeoutTransport if self.url.lower().startswith("https:") else _TimeoutTransport
        )
        return xmlrpc.client.ServerProxy(
            f"{self.url}/xmlrpc/2/{endpoint}",
            transport=transport_class(self.timeout),
            allow_none=True,
        )

    def _with_retries(self, what, call, retries, backoff, done=()):
        """``call()``, again after a pause on a transient failure, up to ``retries`` times."""
        attempt = 0
        while True:
            try:
                return call()
            except (xmlrpc.client.Error, OSError, http.client.HTTPException) as error:
                description = _describe(error)
                if not is_transient(error):
                    raise RefusedError(
                        f"{what} refused: {description}", results=done, cause=error
                    ) from error
                if attempt >= retries:
                    raise TransientError(
                        f"{what} failed after {attempt + 1} attempts: {description}",
                        results=done,
                        cause=error,
                    ) from error
                pause = min(backoff * (2**attempt), MAX_BACKOFF)
                pause *= 1 + random.random() / 4  # several senders do not retry in step
                attempt += 1
                _logger.warning(
                    "%s failed (%s); attempt %d of %d in %.1f s",
                    what,
                    description,
                    attempt + 1,
                    retries + 1,
                    pause,
                )
                time.sleep(pause)

    # ------------------------------------------------------------------ API

    def authenticate(self, retries=5, backoff=1.0):
        """The API user's id; :class:`RefusedError` when the login or key is wrong."""
        if self._uid is None:
            uid = self._with_retries(
                "login",
                lambda: self._proxy("common").authenticate(self.db, self.login, self.key, {}),
                retries,
                backoff,
            )
            if not uid:
                raise RefusedError(
                    f"login refused: wrong database, login or key for {self.login!r} on "
                    f"{self.url} (database {self.db!r})"
                )
            self._uid = uid
        return self._uid

    def execute(self, model, method, *args, **kwargs):
        """One raw ``execute_kw`` call as the API user, without retries; XML-RPC errors are
        raised as they are (e.g. to read your own transactions with ``search_read``)."""
        return self._proxy("object").execute_kw(
            self.db, self.authenticate(), self.key, model, method, list(args), kwargs
        )

    def import_transactions(self, rows, dry_run=False, batch_size=1000, retries=5, backoff=1.0):
        """Send ``rows`` (dicts with the contract keys) and return one result per row, in
        input order (see the module documentation for the result dicts).

        :param rows: a list (or tuple) of dicts; Decimal amounts and date / datetime values
            are sent as the contract's strings
        :param dry_run: check and answer without storing anything. Rows are sent batch by
            batch, so a refund whose sale is in an earlier batch of the same dry run is
            answered as if that sale did not exist.
        :param batch_size: rows per call, 1 to 10,000. Rows are sent in order, so a refund
            may follow its sale anywhere after it.
        :param retries: how many times a batch is sent again after a transient failure
        :param backoff: the first pause in seconds; it doubles on each retry (at most 60 s)
        :raises RefusedError: the server refused a call (nothing of that batch was stored)
        :raises TransientError: a batch kept failing; the batches before it were stored
            (their answers are in the error's ``results``); send all the rows again later
        """
        if not isinstance(rows, (list, tuple)):
            raise TypeError(f"rows must be a list of dicts, not {type(rows).__name__}")
        if isinstance(batch_size, bool) or not isinstance(batch_size, int):
            raise TypeError("batch_size must be an integer")
        if not 1 <= batch_size <= MAX_ROWS_PER_CALL:
            raise ValueError(f"batch_size must be between 1 and {MAX_ROWS_PER_CALL}")
        if retries < 0 or backoff < 0:
            raise ValueError("retries and backoff cannot be negative")
        results = []
        self.authenticate(retries, backoff)
        total = len(rows)
        for start in range(0, total, batch_size):
            batch = [_prepare_row(row) for row in rows[start : start + batch_size]]
            what = f"rows {start + 1}-{start + len(batch)} of {total}"

            def call(batch=batch):
                return self._proxy("object").execute_kw(
                    self.db,
                    self._uid,
                    self.key,
                    MODEL,
                    METHOD,
                    [batch],
                    {"dry_run": bool(dry_run)},
                )

            answer = self._with_retries(what, call, retries, backoff, done=results)
            if not isinstance(answer, list) or len(answer) != len(batch):
                raise CoopPartnerError(
                    f"{what}: the server did not answer one result per row: {answer!r:.200}",
                    results=results,
                )
            results.extend(answer)
            _logger.info("%s: %s", what, _count(answer))
        return results


def _count(results):
    counts = dict.fromkeys(STATUSES, 0)
    for result in results:
        counts[result.get("status")] = counts.get(result.get("status"), 0) + 1
    return ", ".join(f"{status} {count}" for status, count in counts.items())


def read_csv(path, delimiter=None, encoding="utf-8-sig"):
    """Rows for :meth:`CoopPartnerClient.import_transactions` from a CSV file.

    The first line names the columns: the contract keys (external_id, member_ref, amount,
    date, kind, refund_of, currency). Every value stays a string (amounts as written, e.g.
    "1234.50"); blanks around a value are dropped and empty cells are left out of the row, so
    an empty ``kind`` means a sale. A column that is not a contract key is sent as it is
    (and the server rejects those rows naming it). Wholly empty lines are skipped.

    :param delimiter: ``,`` ``;`` or tab; found from the header line when not given
    :param encoding: UTF-8 by default (with or without the byte order mark Excel writes)
    :raises ValueError: no header, a column named twice, or a line with more cells than the
        header
    """
    with open(path, newline="", encoding=encoding) as handle:
        text = handle.read()
    header_line = text.splitlines()[0] if text.strip() else ""
    if not header_line.strip():
        raise ValueError(f"{path}: no header line (expected e.g. {','.join(CONTRACT_KEYS)})")
    if delimiter is None:
        delimiter = max((",", ";", "\t"), key=header_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip() for name in next(reader)]
    if "" in header:
        raise ValueError(f"{path}: a column of the header has no name")
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise ValueError(f"{path}: column named twice: {', '.join(repeated)}")
    rows = []
    for cells in reader:
        if len(cells) > len(header):
            raise ValueError(
                f"{path}, line {reader.line_num}: {len(cells)} cells for {len(header)} columns"
            )
        row = {header[i]: cell.strip() for i, cell in enumerate(cells) if cell.strip()}
        if row:
            rows.append(row)
    return rows


def write_results(path, results):
    """Write one line per result to a CSV file: row (1-based position in the input),
    external_id, status, id, cashback, error."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(RESULT_COLUMNS)
        for index, result in enumerate(results, 1):
            writer.writerow(
                [
                    index,
                    result.get("external_id") or "",
                    result.get("status", ""),
                    result.get("id") or "",
                    result.get("cashback", ""),
                    result.get("error") or "",
                ]
            )


def _parser():
    parser = argparse.ArgumentParser(
        prog="coop_partner_client.py",
        description="Send a partner business's sales and refunds (CSV) to the cooperative.",
        epilog="Exit code: 0 no row rejected, 1 some rows rejected, 2 refused call, "
        "connection failure or unreadable CSV file.",
    )
    parser.add_argument("--url", required=True, help="the cooperative's address")
    parser.add_argument("--db", required=True, help="the cooperative's database")
    parser.add_argument("--login", required=True, help="your API user's login")
    parser.add_argument(
        "--key", help="your API key (default: the COOP_PARTNER_KEY environment variable)"
    )
    parser.add_argument("--csv", required=True, metavar="FILE", help="the rows to send")
    parser.add_argument(
        "--batch-size",
        type=int,
        default=1000,
        metavar="N",
        help="rows per call, 1 to 10000 (default 1000)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="check and answer only, store nothing"
    )
    parser.add_argument("--results", metavar="OUT.csv", help="write one result per row here")
    parser.add_argument(
        "--retries", type=int, default=5, help="retries of a batch on transient failures"
    )
    parser.add_argument(
        "--backoff", type=float, default=1.0, help="first pause between retries, seconds"
    )
    parser.add_argument("--timeout", type=float, default=120, help="seconds to wait per call")
    parser.add_argument("--delimiter", help="CSV delimiter (default: found from the header)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log each batch")
    return parser


def main(argv=None):
    """The command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(message)s",
    )
    key = args.key or os.environ.get("COOP_PARTNER_KEY")
    if not key:
        parser.error("give the API key with --key or the COOP_PARTNER_KEY environment variable")
    if not 1 <= args.batch_size <= MAX_ROWS_PER_CALL:
        parser.error(f"--batch-size must be between 1 and {MAX_ROWS_PER_CALL}")
    try:
        rows = read_csv(args.csv, delimiter=args.delimiter)
    except (OSError, ValueError, UnicodeDecodeError, csv.Error) as error:
        print(f"cannot read {args.csv}: {error}", file=sys.stderr)
        return 2
    client = CoopPartnerClient(args.url, args.db, args.login, key, timeout=args.timeout)
    try:
        results = client.import_transactions(
            rows,
            dry_run=args.dry_run,
            batch_size=args.batch_size,
            retries=args.retries,
            backoff=args.backoff,
        )
    except (CoopPartnerError, xmlrpc.client.Error, ValueError) as error:
        # ValueError: e.g. an answer that is not XML (a proxy's error page)
        print(f"error: {error}", file=sys.stderr)
        error_results = getattr(error, "results", None)
        if error_results:
            print(
                f"{len(error_results)} of {len(rows)} rows were answered before it "
                f"({_count(error_results)}). Send the whole file again once fixed: rows "
                "already stored come back as duplicate.",
                file=sys.stderr,
            )
            if args.results:
                write_results(args.results, error_results)
        return 2
    if args.results:
        write_results(args.results, results)
    print(("dry run: " if args.dry_run else "") + f"{len(results)} rows: {_count(results)}")
    rejected = [(i, r) for i, r in enumerate(results, 1) if r["status"] == "rejected"]
    for index, result in rejected[:20]:
        print(
            f"  row {index} ({result.get('external_id') or '-'}): {result.get('error')}",
            file=sys.stderr,
        )
    if len(rejected) > 20:
        print(f"  ... and {len(rejected) - 20} more rejected rows", file=sys.stderr)
    return 1 if rejected else 0


if __name__ == "__main__":
    sys.exit(main())
