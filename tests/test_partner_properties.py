"""Property-based: random batches of valid and invalid rows (hypothesis), sent over XML-RPC as the
demo partner's system sends them. Whatever the mix, every valid row is stored once (and is a
duplicate when sent again), every invalid row is answered `rejected` naming a contract key and
is kept for review, and the answers come back in the order of the rows."""

import datetime
import uuid
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from partner_fixtures import REJECTION, TXN, demo_client, phone_forms

KEYS = ("external_id", "member_ref", "amount", "date", "kind", "refund_of", "currency")
# demo people (registered) and phones nobody has (unmatched): valid either way
KNOWN = ["9100000001", "9100000002", "9100000006", "9100000007"]


def _dates():
    today = datetime.datetime.now(datetime.UTC).date()
    day = st.integers(min_value=0, max_value=300).map(lambda n: today - datetime.timedelta(n))
    return st.one_of(
        day.map(datetime.date.isoformat),
        st.tuples(day, st.integers(0, 23), st.integers(0, 59)).map(
            lambda t: f"{t[0].isoformat()}T{t[1]:02d}:{t[2]:02d}:00"
        ),
    )


def _amounts():
    cents = st.integers(min_value=1, max_value=100_000_000)
    return st.one_of(
        cents.map(lambda c: f"{Decimal(c) / 100:.2f}"),
        st.integers(min_value=1, max_value=1_000_000),
        cents.map(lambda c: c / 100).filter(lambda f: Decimal(repr(f)).as_tuple().exponent >= -2),
    )


def _refs():
    known = st.sampled_from(KNOWN)
    unknown = st.integers(0, 999_999).map(lambda n: f"9169{n:06d}")
    form = st.sampled_from(["international", "e164", "eight", "ten_digits", "brackets"])
    return st.tuples(st.one_of(known, unknown), form).map(lambda t: phone_forms(t[0])[t[1]])


@st.composite
def valid_rows(draw):
    row = {
        "external_id": f"p-{uuid.uuid4().hex[:16]}",
        "member_ref": draw(_refs()),
        "amount": draw(_amounts()),
        "date": draw(_dates()),
    }
    if draw(st.booleans()):
        row["kind"] = "sale"
    if draw(st.booleans()):
        row["currency"] = "RUB"
    return row


# each breaks one rule of the contract: (the key that the error must name, how)
BREAKS = {
    "missing external_id": ("external_id", lambda r: r.pop("external_id")),
    "empty external_id": ("external_id", lambda r: r.update(external_id="")),
    "long external_id": ("external_id", lambda r: r.update(external_id="x" * 65)),
    "missing member_ref": ("member_ref", lambda r: r.pop("member_ref")),
    "garbage member_ref": ("member_ref", lambda r: r.update(member_ref="ref?!")),
    "missing amount": ("amount", lambda r: r.pop("amount")),
    "zero amount": ("amount", lambda r: r.update(amount=0)),
    "negative amount": ("amount", lambda r: r.update(amount="-5.00")),
    "three decimals": ("amount", lambda r: r.update(amount="1.005")),
    "huge amount": ("amount", lambda r: r.update(amount="1000000.01")),
    "text amount": ("amount", lambda r: r.update(amount="ten")),
    "boolean amount": ("amount", lambda r: r.update(amount=True)),
    "missing date": ("date", lambda r: r.pop("date")),
    "bad date": ("date", lambda r: r.update(date="23.11.2026")),
    "impossible date": ("date", lambda r: r.update(date="2026-02-30")),
    "future date": ("date", lambda r: r.update(date="2099-01-01")),
    "unknown kind": ("kind", lambda r: r.update(kind="gift")),
    "refund without refund_of": ("refund_of", lambda r: r.update(kind="refund")),
    "refund of nothing": (
        "refund_of",
        lambda r: r.update(kind="refund", refund_of=f"none-{uuid.uuid4().hex}"),
    ),
    "sale with refund_of": ("refund_of", lambda r: r.update(refund_of="x1")),
    "other currency": ("currency", lambda r: r.update(currency="EUR")),
    "extra key": ("shop", lambda r: r.update(shop="main")),
}


@st.composite
def invalid_rows(draw):
    row = draw(valid_rows())
    name = draw(st.sampled_from(sorted(BREAKS)))
    field, apply = BREAKS[name]
    apply(row)
    return row, field


@st.composite
def batches(draw):
    """A batch: valid rows, invalid rows, and valid rows sent twice in it."""
    items = draw(
        st.lists(
            st.one_of(valid_rows().map(lambda r: (r, None)), invalid_rows()),
            min_size=1,
            max_size=25,
        )
    )
    for index in draw(st.lists(st.integers(0, len(items) - 1), max_size=3)):
        row, field = items[index]
        if field is None:
            items.append((dict(row), None))  # the same row again, later in the batch
    return items


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch=batches())
def test_random_batches_every_valid_row_stored_once_every_invalid_row_kept(
    odoo_server, admin, batch
):
    client = demo_client(odoo_server)
    rows = [row for row, _field in batch]
    answers = client.import_transactions(rows)
    assert len(answers) == len(rows)
    seen = set()
    valid_ids = set()
    for (row, field), answer in zip(batch, answers, strict=True):
        if isinstance(row.get("external_id"), str) and row["external_id"]:
            assert answer["external_id"] == row["external_id"]
        if field is None:
            expected = {"duplicate"} if row["external_id"] in seen else {"created", "unmatched"}
            assert answer["status"] in expected, (row, answer)
            assert answer["id"] and answer["error"] is False
            seen.add(row["external_id"])
            valid_ids.add(row["external_id"])
        else:
            assert answer["status"] == "rejected", (row, answer)
            assert answer["id"] is False
            assert answer["error"].split(":")[0] == field, (row, answer)
    if valid_ids:
        stored = admin(TXN, "search_read", [("external_id", "in", list(valid_ids))],
                       fields=["external_id"])  # fmt: skip
        assert sorted(t["external_id"] for t in stored) == sorted(valid_ids)
    kept = {
        r["external_id"]
        for r in admin(
            REJECTION,
            "search_read",
            [("external_id", "in", [r.get("external_id") for r, f in batch if f])],
            fields=["external_id"],
        )
    }
    for row, field in batch:
        if field and isinstance(row.get("external_id"), str) and row["external_id"]:
            assert row["external_id"][:1000] in kept, row
    # the same batch again: stored rows are duplicates, invalid ones rejected again
    again = client.import_transactions(rows)
    for (_row, field), answer in zip(batch, again, strict=True):
        assert answer["status"] == ("rejected" if field else "duplicate")
