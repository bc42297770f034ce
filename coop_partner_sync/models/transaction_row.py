"""Checking one row of a partner business's import against the XML-RPC contract.

Pure functions (no database): ``parse_row`` turns a row into clean values or says which
field is wrong and why. The checks that need the database (duplicates, the sale a refund
refunds, the person) are in ``coop.partner.transaction``.
"""

import math
import re
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from odoo.tools.translate import LazyGettext, LazyTranslate

_lt = LazyTranslate(__name__)

KEYS = ("external_id", "member_ref", "amount", "date", "kind", "refund_of", "currency")
MAX_ROWS = 10_000
MAX_ID = 64
MAX_AMOUNT = Decimal("1000000")
AMOUNT_RE = re.compile(r"^[0-9]+(\.[0-9]+)?$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


class RowError(Exception):
    """A row breaks the contract: ``field`` is the key concerned, ``message`` says why (a
    lazy translation: ``text(env)`` says it in ``env``'s language, so that the business's
    answer is in its user's language and the rejected row kept in the cooperative's).
    ``values`` fill a lazy message without arguments of its own; a callable value is given
    the env, to write an amount or a date as that language does (``coop_money``)."""

    def __init__(self, field, message, **values):
        super().__init__(field, message)
        self.field = field
        self.message = message
        self.values = values

    def text(self, env):
        text = env._(self.message) if isinstance(self.message, LazyGettext) else self.message
        if not self.values:
            return text
        values = {k: v(env) if callable(v) else v for k, v in self.values.items()}
        source = getattr(self.message, "_source", self.message)
        for template in (text, source):  # a faulty translation falls back to the source
            try:
                return template % values
            except (KeyError, ValueError, TypeError):
                continue
        return source


def _text(row, key, required=True, max_len=MAX_ID):
    value = row.get(key)
    if value is None or value is False:
        if required:
            raise RowError(key, _lt("is required"))
        return None
    if not isinstance(value, str):
        raise RowError(key, _lt("must be a text (got %(type)s)", type=type(value).__name__))
    if not value.strip():
        raise RowError(key, _lt("must not be empty"))
    if len(value) > max_len:
        raise RowError(
            key,
            _lt("must be at most %(max)s characters (got %(len)s)", max=max_len, len=len(value)),
        )
    if CONTROL_RE.search(value):
        raise RowError(key, _lt("must not contain control characters"))
    return value


def parse_amount(value):
    """The amount as a Decimal with at most 2 decimals, 0 < amount <= 1,000,000."""
    if isinstance(value, bool) or value is None:
        raise RowError(
            "amount",
            _lt("is required, a number") if value is None
            else _lt("must be a number, not true/false"),
        )  # fmt: skip
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise RowError("amount", _lt("must be a finite number"))
        number = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip()
        sign = ""
        if text.startswith("-"):
            sign, text = "-", text[1:]
        if not AMOUNT_RE.match(text):
            raise RowError(
                "amount",
                _lt("must be a number such as 1234.50 (got %(value)r)", value=value[:40]),
            )
        try:
            number = Decimal(sign + text)
        except InvalidOperation as error:  # pragma: no cover - the pattern guards this
            raise RowError("amount", _lt("is not a number")) from error
    else:
        raise RowError(
            "amount",
            _lt("must be a number or a decimal text (got %(type)s)", type=type(value).__name__),
        )
    if number <= 0:
        raise RowError("amount", _lt("must be greater than 0 (got %(value)s)", value=number))
    if number.as_tuple().exponent < -2 and number != number.quantize(Decimal("0.01")):
        raise RowError("amount", _lt("must have at most 2 decimals (got %(value)s)", value=number))
    if number > MAX_AMOUNT:
        raise RowError("amount", _lt("must be at most 1,000,000 (got %(value)s)", value=number))
    return number.quantize(Decimal("0.01"))


def parse_date(value, now):
    """A naive UTC datetime from ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM:SS``."""
    if value is None or value is False:
        raise RowError("date", _lt("is required"))
    if not isinstance(value, str):
        raise RowError("date", _lt("must be a text (got %(type)s)", type=type(value).__name__))
    if DATE_RE.match(value):
        fmt = "%Y-%m-%d"
    elif DATETIME_RE.match(value):
        fmt = "%Y-%m-%dT%H:%M:%S"
    else:
        raise RowError(
            "date",
            _lt(
                "must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS in UTC, without a time zone "
                "(got %(value)r)",
                value=value[:40],
            ),
        )
    try:
        date = _parse_datetime(value, fmt)
    except ValueError as error:
        raise RowError("date", _lt("is not a real date (%(value)s)", value=value)) from error
    if date > now + timedelta(days=1):
        raise RowError("date", _lt("is more than one day in the future (%(value)s)", value=value))
    return date


def _parse_datetime(value, fmt):
    """``strptime(value, fmt)``, through ``fromisoformat`` (much faster) when it reads it:
    on the two forms the patterns let through, both read the same dates; strptime still
    decides whatever fromisoformat refuses."""
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return datetime.strptime(value, fmt)


def parse_row(row, currency_code, now):
    """Clean values of ``row`` (a dict) or a RowError for the first field that is wrong."""
    unknown = sorted((str(key) for key in row if key not in KEYS), key=str)
    if unknown:
        raise RowError(
            unknown[0],
            _lt("unknown key (allowed: %(keys)s)", keys=", ".join(KEYS)),
        )
    values = {
        "external_id": _text(row, "external_id"),
        "member_ref": _text(row, "member_ref"),
        "amount": parse_amount(row.get("amount")),
        "date": parse_date(row.get("date"), now),
    }
    kind = row.get("kind", "sale")
    if kind not in ("sale", "refund"):
        raise RowError("kind", _lt('must be "sale" or "refund" (got %(value)r)', value=kind))
    values["kind"] = kind
    refund_of = _text(row, "refund_of", required=kind == "refund")
    if kind == "sale" and refund_of:
        raise RowError("refund_of", _lt("is only for refunds"))
    values["refund_of"] = refund_of
    currency = row.get("currency")
    if currency is not None and currency is not False:
        if not isinstance(currency, str):
            raise RowError(
                "currency",
                _lt("must be an ISO code text (got %(type)s)", type=type(currency).__name__),
            )
        if currency != currency_code:
            raise RowError(
                "currency",
                _lt(
                    "must be %(code)s, the cooperative's currency (got %(value)r)",
                    code=currency_code,
                    value=currency[:10],
                ),
            )
    return values
