"""Partner businesses import their transactions over XML-RPC (coop_partner_sync), driven with
the client partners copy, as the demo business's API user ``partner-demo``.

The contract (coop.partner.transaction.import_transactions): each row answered created,
unmatched, duplicate or rejected ("<field>: <reason>"), in input order; cashback accrued once
whatever is resent or sent at once; unmatched rows matched when the person registers; dry runs
store nothing; calls refused for anything but a list of at most 10,000 rows from a partner
business's API user, who sees nothing else.

Demo cooperative: the rule "Partner businesses: 3%" applies to everyone registered and the hold
period is 0 days, so a sale of 1000.00 puts 30.00 on the person's balance at once.
"""

import datetime
import json
import threading
import uuid
import xmlrpc.client
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from partner_fixtures import (
    REJECTION,
    TXN,
    cashback_of,
    client_module,
    demo_client,
    fresh_digits,
    new_id,
    new_person,
    phone_forms,
    refund,
    register,
    sale,
    today,
    transactions,
    utc_now,
    xmlid,
)

FIELDS_FOR_PARTNERS = [
    "external_id",
    "member_ref",
    "amount",
    "date",
    "kind",
    "refund_of_id",
    "state",
    "cashback",
    "settled",
]


@pytest.fixture(scope="module")
def api(odoo_server):
    """The demo partner business's system."""
    client = demo_client(odoo_server)
    client.authenticate()
    return client


def send(api, rows, **options):
    """import_transactions without the client's retries: what the server answered."""
    return api.import_transactions(rows, retries=0, **options)


def one(api, row, **options):
    [result] = send(api, [row], **options)
    return result


def field_of(result):
    assert result["status"] == "rejected", result
    assert isinstance(result["error"], str) and ":" in result["error"], result
    return result["error"].split(":", 1)[0].strip()


def reason_of(result):
    return result["error"].split(":", 1)[1].lower()


def by_external_id(admin, external_id, fields=("partner_id", "state", "amount", "cashback")):
    [record] = transactions(admin, [external_id], fields)
    return record


@pytest.fixture(scope="module")
def demo_agreement(admin):
    return xmlid(admin, "coop_partner_sync", "agreement_plumbing_demo")


@pytest.fixture(scope="module")
def other_business(odoo_server, admin):
    """A second partner business (5 % agreed), its API user made by the manager, and one sale
    it imported: {"agreement", "login", "password", "api_key", "user_id", "client", "sale",
    "sale_id"}."""
    tag = uuid.uuid4().hex[:8]
    business = admin(
        "res.partner",
        "create",
        {"name": f"Автомойка {tag}", "is_company": True, "phone": "+7 4932 31-00-00"},
    )
    agreement = admin(
        "coop.partner.agreement",
        "create",
        {
            "partner_id": business,
            "cashback_mode": "percent",
            "cashback_percent": 5.0,
            "commission_percent": 2.0,
        },
    )
    login, password = f"car-wash-{tag}", f"pw-{uuid.uuid4().hex}"
    created = admin(
        "coop.partner.agreement",
        "coop_create_api_user",
        [agreement],
        login=login,
        password=password,
    )
    client = client_module.CoopPartnerClient(odoo_server.url, odoo_server.db, login, password)
    row = sale("+7 910 000-00-01", "200.00")
    [result] = client.import_transactions([row], retries=0)
    assert result["status"] == "created" and result["cashback"] == 10.0, result
    return {
        "agreement": agreement,
        "login": login,
        "password": password,
        "api_key": created["api_key"],
        "user_id": created["user_id"],
        "created": created,
        "client": client,
        "sale": row,
        "sale_id": result["id"],
    }


# ---------------------------------------------------------------------- the contract, row by row


def test_a_sale_of_a_registered_person_is_created_with_3_percent_cashback(api, admin):
    person, digits = new_person(admin, "Сидорова Мария")
    row = sale(phone_forms(digits)["international"], 1000)
    result = one(api, row)
    assert result == {
        "external_id": row["external_id"],
        "status": "created",
        "id": result["id"],
        "cashback": 30.0,
        "error": False,
    }
    assert isinstance(result["id"], int) and result["id"] > 0
    stored = by_external_id(admin, row["external_id"])
    assert stored["partner_id"][0] == person
    assert (stored["state"], stored["amount"], stored["cashback"]) == ("matched", 1000.0, 30.0)
    assert cashback_of(admin, person) == {
        "coop_cashback_balance": 30.0,
        "coop_cashback_pending": 0.0,
        "coop_cashback_lifetime": 30.0,
    }
    # The business reads back what it sent (not who the person is).
    [mine] = api.execute(
        TXN, "search_read", [("id", "=", result["id"])], fields=FIELDS_FOR_PARTNERS
    )
    assert mine["external_id"] == row["external_id"]
    assert (mine["kind"], mine["state"], mine["cashback"], mine["amount"]) == (
        "sale",
        "matched",
        30.0,
        1000.0,
    )
    assert mine["refund_of_id"] is False and mine["settled"] is False
    assert mine["date"].startswith(row["date"])


def test_an_unknown_phone_is_stored_unmatched(api, admin):
    row = sale(phone_forms(fresh_digits())["eight"], "250.00")
    result = one(api, row)
    assert result["status"] == "unmatched"
    assert isinstance(result["id"], int) and result["id"] > 0
    assert (result["cashback"], result["error"]) == (0.0, False)
    stored = by_external_id(admin, row["external_id"])
    assert (stored["state"], stored["partner_id"], stored["cashback"]) == ("unmatched", False, 0.0)


def test_sending_a_row_again_is_a_duplicate_and_changes_nothing(api, admin):
    person, digits = new_person(admin)
    row = sale(digits, "100.00")
    first = one(api, row)
    assert (first["status"], first["cashback"]) == ("created", 3.0)
    for _ in range(2):
        again = one(api, row)
        assert again["status"] == "duplicate"
        assert again["id"] == first["id"]
        assert again["error"] is False
    assert cashback_of(admin, person)["coop_cashback_balance"] == 3.0
    assert len(transactions(admin, [row["external_id"]])) == 1


def test_the_same_external_id_with_other_data_is_rejected_and_the_original_kept(api, admin):
    person, digits = new_person(admin)
    row = sale(digits, "1000.00")
    first = one(api, row)
    assert first["status"] == "created"
    for changed in (
        {**row, "amount": "2000.00"},
        {**row, "member_ref": "+7 910 000-00-01"},
        {**row, "kind": "refund", "refund_of": row["external_id"]},
    ):
        conflict = one(api, changed)
        assert field_of(conflict) == "external_id", conflict
        assert conflict["id"] in (False, first["id"])
    stored = by_external_id(admin, row["external_id"])
    assert (stored["amount"], stored["cashback"], stored["partner_id"][0]) == (1000.0, 30.0, person)
    assert cashback_of(admin, person)["coop_cashback_balance"] == 30.0


def test_the_same_data_written_another_way_is_still_a_duplicate(api, admin):
    person, digits = new_person(admin)
    row = sale(digits, "1000.00")
    first = one(api, row)
    assert first["status"] == "created"
    for same in ({**row, "amount": 1000}, {**row, "amount": 1000.0}, {**row, "kind": "sale"}):
        again = one(api, same)
        assert (again["status"], again["id"]) == ("duplicate", first["id"]), (same, again)
    assert cashback_of(admin, person)["coop_cashback_balance"] == 30.0


def test_a_repeated_external_id_within_one_call(api, admin):
    person, digits = new_person(admin)
    row, other = sale(digits, "100"), sale(digits, "100")
    results = send(api, [row, dict(row), other, {**other, "amount": "999"}])
    assert [r["status"] for r in results] == ["created", "duplicate", "created", "rejected"]
    assert results[1]["id"] == results[0]["id"]
    assert field_of(results[3]) == "external_id"
    assert by_external_id(admin, other["external_id"])["amount"] == 100.0
    assert cashback_of(admin, person)["coop_cashback_balance"] == 6.0


def test_refunds_take_cashback_back_in_proportion_up_to_the_sale(api, admin):
    person, digits = new_person(admin)
    the_sale = sale(digits, "1000.00")
    assert one(api, the_sale)["cashback"] == 30.0
    first = one(api, refund(the_sale, "400.00"))
    assert (first["status"], first["cashback"]) == ("created", -12.0)
    assert cashback_of(admin, person)["coop_cashback_balance"] == 18.0
    second = one(api, refund(the_sale, 600))
    assert (second["status"], second["cashback"]) == ("created", -18.0)
    third = refund(the_sale, "0.01")
    too_much = one(api, third)
    assert field_of(too_much) == "amount"
    assert too_much["id"] is False and too_much["cashback"] == 0.0
    assert transactions(admin, [third["external_id"]]) == []
    assert cashback_of(admin, person)["coop_cashback_balance"] == 0.0
    [stored] = api.execute(
        TXN, "search_read", [("id", "=", first["id"])], fields=["kind", "refund_of_id"]
    )
    assert stored["kind"] == "refund"
    assert stored["refund_of_id"][0] == one(api, the_sale)["id"]


def test_refunds_in_one_call_may_not_total_more_than_the_sale(api, admin):
    person, digits = new_person(admin)
    the_sale = sale(digits, "1000")
    results = send(api, [the_sale, refund(the_sale, "600"), refund(the_sale, "600")])
    assert [(r["status"], r["cashback"]) for r in results[:2]] == [
        ("created", 30.0),
        ("created", -18.0),
    ]
    assert field_of(results[2]) == "amount"
    assert cashback_of(admin, person)["coop_cashback_balance"] == 12.0


def test_refunds_together_never_take_back_more_than_the_sale_earned(api, admin):
    person, digits = new_person(admin)
    # 3 % of 0.34 = 0.0102 -> 0.01; each half's share is exactly 0.005, which rounds up.
    the_sale = sale(digits, "0.34")
    assert one(api, the_sale)["cashback"] == 0.01
    halves = send(api, [refund(the_sale, "0.17"), refund(the_sale, "0.17")])
    assert [r["status"] for r in halves] == ["created", "created"]
    assert all(r["cashback"] <= 0 for r in halves)
    assert round(sum(r["cashback"] for r in halves), 2) == -0.01
    assert cashback_of(admin, person)["coop_cashback_balance"] == 0.0


def test_a_refund_of_a_sale_that_earned_nothing_takes_nothing_back(api, admin):
    the_sale = sale(fresh_digits(), "500")  # unmatched: earned nothing
    assert one(api, the_sale)["status"] == "unmatched"
    result = one(api, refund(the_sale, "500"))
    assert result["status"] in ("created", "unmatched")
    assert result["cashback"] == 0.0


def test_a_refund_before_its_sale_in_one_call_is_rejected_after_it_works(api, admin):
    person, digits = new_person(admin)
    early_sale = sale(digits, "1000")
    results = send(api, [refund(early_sale, "100"), early_sale])
    assert field_of(results[0]) == "refund_of"
    assert (results[1]["status"], results[1]["cashback"]) == ("created", 30.0)
    in_order = sale(digits, "200")
    results = send(api, [in_order, refund(in_order, "100")])
    assert [(r["status"], r["cashback"]) for r in results] == [("created", 6.0), ("created", -3.0)]
    assert cashback_of(admin, person)["coop_cashback_balance"] == 33.0


def test_a_phone_in_any_usual_form_finds_the_same_person(api, admin):
    person, digits = new_person(admin)
    forms = phone_forms(digits)
    rows = [sale(form, "100") for form in forms.values()]
    results = send(api, rows)
    assert [(r["status"], r["cashback"]) for r in results] == [("created", 3.0)] * len(forms)
    stored = transactions(admin, [r["external_id"] for r in rows], ["partner_id"])
    assert {s["partner_id"][0] for s in stored} == {person}
    assert cashback_of(admin, person)["coop_cashback_balance"] == 3.0 * len(forms)


def test_a_demo_person_by_phone_and_a_member_by_member_number(api, admin):
    shopper = xmlid(admin, "coop_membership", "partner_shopper_demo")
    result = one(api, sale("+7 910 000-00-01", "100"))
    assert (result["status"], result["cashback"]) == ("created", 3.0)
    assert by_external_id(admin, result["external_id"])["partner_id"][0] == shopper

    member = xmlid(admin, "coop_membership", "partner_member_demo")
    [values] = admin("res.partner", "read", [member], fields=["coop_member_number"])
    assert values["coop_member_number"]
    before = cashback_of(admin, member)["coop_cashback_balance"]
    result = one(api, sale(values["coop_member_number"], "1000"))
    # The partner-business rule (3 %) beats the members' rule for everywhere (5 %).
    assert (result["status"], result["cashback"]) == ("created", 30.0)
    assert by_external_id(admin, result["external_id"])["partner_id"][0] == member
    assert cashback_of(admin, member)["coop_cashback_balance"] == round(before + 30.0, 2)


def test_a_card_barcode_finds_the_person(api, admin):
    person, _digits = new_person(admin)
    barcode = f"2{uuid.uuid4().int % 10**12:012d}"  # EAN-13, in-store range
    admin("res.partner", "write", [person], {"barcode": barcode})
    result = one(api, sale(barcode, "100"))
    assert (result["status"], result["cashback"]) == ("created", 3.0)
    assert by_external_id(admin, result["external_id"])["partner_id"][0] == person


def test_a_card_barcode_that_reads_like_a_phone_nobody_has_finds_the_person(api, admin):
    """The till's lookup (res.partner.coop_find_person) tries the phone, then the member
    number, then the card barcode; a partner business's member_ref must find the same
    person."""
    person, _digits = new_person(admin)
    barcode = f"CARD{fresh_digits()}"  # the digits make a valid phone, of nobody
    admin("res.partner", "write", [person], {"barcode": barcode})
    assert admin("res.partner", "coop_find_person", barcode)["partner_id"] == person
    result = one(api, sale(barcode, "100"))
    assert (result["status"], result["cashback"]) == ("created", 3.0), result
    assert by_external_id(admin, result["external_id"])["partner_id"][0] == person


def test_date_forms_amount_forms_and_the_currency(api, admin):
    person, digits = new_person(admin)
    now = utc_now()
    tomorrow = (now + datetime.timedelta(days=1)).date().isoformat()
    rows = [
        sale(digits, "100.00", date=now.date().isoformat()),
        sale(digits, "100.00", date=(now - datetime.timedelta(hours=1)).isoformat()),
        sale(digits, "100.00", date=(now + datetime.timedelta(hours=12)).isoformat()),
        sale(digits, "100.00", date=tomorrow),
        sale(digits, 100),
        sale(digits, 100.0),
        sale(digits, "100"),
        sale(digits, "100.5"),
        sale(digits, 0.01),
        sale(digits, "1000000.00"),
        sale(digits, "100.00", currency="RUB"),
        sale(digits, "100.00", kind="sale"),
    ]
    results = send(api, rows)
    assert [r["status"] for r in results] == ["created"] * len(rows), results
    assert [r["cashback"] for r in results] == [
        *[3.0] * 7,
        3.02,  # 3 % of 100.50 = 3.015, rounded half up
        0.0,  # 3 % of 0.01, rounded
        30000.0,
        3.0,
        3.0,
    ]
    assert cashback_of(admin, person)["coop_cashback_balance"] == 30030.02


# ---------------------------------------------------------------------- idempotency, concurrency


def test_the_same_batch_three_times_stores_and_accrues_once(api, admin):
    person, digits = new_person(admin)
    stranger = fresh_digits()
    rows = [
        sale(digits, "1000.00"),
        sale(phone_forms(digits)["eight"], "500.00"),
        sale(phone_forms(stranger)["international"], "300.00"),
        sale(digits, "-1"),
        sale(digits, "100", date="01.02.2025"),
    ]
    first = send(api, rows)
    assert [r["status"] for r in first] == [
        "created",
        "created",
        "unmatched",
        "rejected",
        "rejected",
    ]
    assert [r["cashback"] for r in first[:3]] == [30.0, 15.0, 0.0]
    assert [field_of(r) for r in first[3:]] == ["amount", "date"]
    balance = cashback_of(admin, person)
    assert balance["coop_cashback_balance"] == 45.0
    for _ in range(2):
        again = send(api, rows)
        assert [r["status"] for r in again] == [
            "duplicate",
            "duplicate",
            "duplicate",
            "rejected",
            "rejected",
        ]
        assert [r["id"] for r in again[:3]] == [r["id"] for r in first[:3]]
        assert [r["external_id"] for r in again] == [r["external_id"] for r in rows]
        assert cashback_of(admin, person) == balance
    assert len(transactions(admin, [r["external_id"] for r in rows])) == 3
    moves = admin(
        "coop.cashback.move",
        "search_read",
        [("partner_id", "=", person)],
        fields=["kind", "amount", "source_key", "channel"],
    )
    assert sorted(m["amount"] for m in moves) == [15.0, 30.0]
    assert {m["kind"] for m in moves} == {"accrual"}
    assert {m["channel"] for m in moves} == {"partner"}
    assert len({m["source_key"] for m in moves}) == 2


def test_four_systems_sending_the_same_200_rows_at_once_store_and_accrue_once(odoo_server, admin):
    people = [new_person(admin) for _ in range(8)]
    strangers = [fresh_digits() for _ in range(10)]
    rows = []
    for i in range(200):
        if i < 160:
            ref = phone_forms(people[i % 8][1])[("eight", "international", "ten_digits")[i % 3]]
        else:
            ref = strangers[i % 10]
        rows.append(sale(ref, str(100 + i)))
    clients = [demo_client(odoo_server) for _ in range(4)]
    for client in clients:
        client.authenticate()
    barrier = threading.Barrier(4)

    def run(client):
        barrier.wait()
        try:
            return client.import_transactions(rows, retries=0)
        except client_module.CoopPartnerError as error:
            return error

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(run, clients))
    assert not [a for a in answers if isinstance(a, Exception)], answers
    for index, row in enumerate(rows):
        statuses = sorted(answer[index]["status"] for answer in answers)
        stored = "created" if index < 160 else "unmatched"
        assert statuses == sorted(["duplicate"] * 3 + [stored]), (row, statuses)
        assert len({answer[index]["id"] for answer in answers}) == 1
        [creator] = [answer[index] for answer in answers if answer[index]["status"] == stored]
        expected = float(Decimal(100 + index) * 3 / 100) if index < 160 else 0.0
        assert creator["cashback"] == expected, (row, creator)
    stored = transactions(admin, [r["external_id"] for r in rows], ["external_id"])
    assert sorted(s["external_id"] for s in stored) == sorted(r["external_id"] for r in rows)
    for number, (person, _digits) in enumerate(people):
        expected = sum(Decimal(100 + i) * 3 / 100 for i in range(number, 160, 8))
        balance = cashback_of(admin, person)["coop_cashback_balance"]
        assert balance == pytest.approx(float(expected), abs=0.001)
        moves = admin("coop.cashback.move", "search_count", [("partner_id", "=", person)])
        assert moves == 20


def test_an_unmatched_sale_is_matched_when_the_person_registers(api, admin):
    digits = fresh_digits()
    row = sale(phone_forms(digits)["eight"], "1000.00")
    first = one(api, row)
    assert first["status"] == "unmatched"
    person = register(admin, phone_forms(digits)["international"], "Новый Покупатель")
    stored = by_external_id(admin, row["external_id"])
    assert (stored["state"], stored["partner_id"][0], stored["cashback"]) == (
        "matched",
        person,
        30.0,
    )
    assert cashback_of(admin, person)["coop_cashback_balance"] == 30.0
    again = one(api, row)
    assert (again["status"], again["id"]) == ("duplicate", first["id"])
    assert cashback_of(admin, person)["coop_cashback_balance"] == 30.0
    [mine] = api.execute(TXN, "read", [first["id"]], fields=["state", "cashback"])
    assert (mine["state"], mine["cashback"]) == ("matched", 30.0)


def test_a_sale_and_its_refund_both_unmatched_net_out_when_the_person_registers(api, admin):
    digits = fresh_digits()
    the_sale = sale(phone_forms(digits)["international"], "1000.00")
    results = send(api, [the_sale, refund(the_sale, "400.00")])
    assert [(r["status"], r["cashback"]) for r in results] == [("unmatched", 0.0)] * 2
    person = register(admin, phone_forms(digits)["eight"])
    stored = transactions(admin, [the_sale["external_id"]], ["state", "cashback"])
    assert [(s["state"], s["cashback"]) for s in stored] == [("matched", 30.0)]
    assert cashback_of(admin, person)["coop_cashback_balance"] == 18.0
    [taken_back] = api.execute(TXN, "read", [results[1]["id"]], fields=["state", "cashback"])
    assert (taken_back["state"], taken_back["cashback"]) == ("matched", -12.0)


def test_a_dry_run_answers_like_a_real_call_and_stores_nothing(api, admin):
    person, digits = new_person(admin)
    stored_before = sale(digits, "10")
    assert one(api, stored_before)["status"] == "created"
    marker = new_id("dry")
    new_sale = sale(digits, "1000")
    rows = [
        new_sale,
        sale(fresh_digits(), "50"),
        sale(digits, "1.001", external_id=marker),
        stored_before,
        refund(new_sale, "400"),
    ]
    ids = [r["external_id"] for r in rows]
    rejections_before = admin(REJECTION, "search_count", [("raw", "ilike", marker)])
    balance = cashback_of(admin, person)
    dry = send(api, rows, dry_run=True)
    assert [r["status"] for r in dry] == [
        "created",
        "unmatched",
        "rejected",
        "duplicate",
        "created",
    ]
    assert [r["id"] for r in dry] == [False, False, False, dry[3]["id"], False]
    assert [r["cashback"] for r in dry] == [30.0, 0.0, 0.0, 0.3, -12.0]
    assert field_of(dry[2]) == "amount"
    assert len(transactions(admin, ids)) == 1  # the one stored before
    assert admin(REJECTION, "search_count", [("raw", "ilike", marker)]) == rejections_before
    assert cashback_of(admin, person) == balance
    real = send(api, rows)
    assert [(r["status"], r["cashback"], r["error"]) for r in real] == [
        (r["status"], r["cashback"], r["error"]) for r in dry
    ]
    assert all(isinstance(r["id"], int) and r["id"] for r in [*real[:2], real[4]])
    assert real[3]["id"] == dry[3]["id"]
    assert len(transactions(admin, ids)) == 4
    after = cashback_of(admin, person)["coop_cashback_balance"]
    assert after == round(balance["coop_cashback_balance"] + 30.0 - 12.0, 2)


# ---------------------------------------------------------------------- bad input, kind by kind

REQUIRED = ("required", "missing")
NUMBER = ("number", "numeric", "decimal", "invalid", "type", "required", "missing", "not a")
POSITIVE = ("positive", "greater", "> 0", "more than 0", "above 0", "zero", "negative")
TOO_BIG = ("1,000,000", "1000000", "1 000 000", "at most", "exceed", "large", "max", "limit")
FORMAT = ("format", "yyyy", "invalid", "expected", "iso")
STRING = ("string", "text", "str", "type")
IMPOSSIBLE = ("invalid", "real", "exist", "day", "range", "format")
KIND = ("sale", "refund", "unknown", "invalid")
UNKNOWN_SALE = ("unknown", "not found", "no sale", "exist", "never", "not a sale", "no such")
CURRENCY = ("rub", "currency", "iso")
TOO_LONG = ("64", "long", "character")
_DROP = object()


def bad_cases(ctx):
    """{case id: (field, reason keywords, row)}: each row has exactly one defect, and something
    unique to find its rejection by (its external_id, else a phone nobody has)."""
    ref, day = ctx["ref"], today()
    future = (utc_now() + datetime.timedelta(days=3)).date().isoformat()

    def ok(**values):
        row = {"external_id": new_id("bad"), "member_ref": ref, "amount": "10.00", "date": day}
        if "external_id" in values:
            row["member_ref"] = "8" + fresh_digits()  # valid, and unique to this row
        row.update(values)
        return {key: value for key, value in row.items() if value is not _DROP}

    return {
        "missing external_id": ("external_id", REQUIRED, ok(external_id=_DROP)),
        "missing member_ref": ("member_ref", REQUIRED, ok(member_ref=_DROP)),
        "missing amount": ("amount", REQUIRED, ok(amount=_DROP)),
        "missing date": ("date", REQUIRED, ok(date=_DROP)),
        "extra key": ("note", ("unknown",), ok(note="paid by card")),
        "amount list": ("amount", NUMBER, ok(amount=[10])),
        "amount dict": ("amount", NUMBER, ok(amount={"value": 10})),
        "amount None": ("amount", NUMBER, ok(amount=None)),
        "amount True": ("amount", (*NUMBER, "bool"), ok(amount=True)),
        "amount False": ("amount", (*NUMBER, "bool"), ok(amount=False)),
        "amount negative": ("amount", POSITIVE, ok(amount=-5)),
        "amount negative string": ("amount", POSITIVE, ok(amount="-5.00")),
        "amount zero": ("amount", POSITIVE, ok(amount=0)),
        "amount zero string": ("amount", POSITIVE, ok(amount="0.00")),
        "amount 3 decimals string": ("amount", ("decimal",), ok(amount="10.001")),
        "amount 3 decimals float": ("amount", ("decimal",), ok(amount=10.005)),
        "amount over a million": ("amount", TOO_BIG, ok(amount="1000000.01")),
        "amount NaN string": ("amount", NUMBER, ok(amount="NaN")),
        "amount inf string": ("amount", NUMBER, ok(amount="inf")),
        "amount exponent string": ("amount", NUMBER, ok(amount="1e3")),
        "amount text": ("amount", NUMBER, ok(amount="ten")),
        "amount empty string": ("amount", (*NUMBER, "empty"), ok(amount="")),
        "amount comma decimal": ("amount", NUMBER, ok(amount="10,50")),
        "date bad format": ("date", FORMAT, ok(date="15.01.2025")),
        "date impossible": ("date", IMPOSSIBLE, ok(date="2026-02-30")),
        "date in the future": ("date", ("future",), ok(date=future)),
        "date with Z suffix": ("date", (*FORMAT, "zone", "utc"), ok(date=f"{day}T10:00:00Z")),
        "date with offset": ("date", (*FORMAT, "zone", "utc"), ok(date=f"{day}T10:00:00+03:00")),
        "date without seconds": ("date", FORMAT, ok(date=f"{day}T10:00")),
        "date empty": ("date", (*REQUIRED, *FORMAT, "empty"), ok(date="")),
        "date not a string": ("date", (*STRING, *FORMAT), ok(date=20250115)),
        "kind unknown": ("kind", KIND, ok(kind="return")),
        "kind not a string": ("kind", KIND, ok(kind=1)),
        "refund without refund_of": ("refund_of", REQUIRED, ok(kind="refund")),
        "refund_of unknown": (
            "refund_of",
            UNKNOWN_SALE,
            ok(kind="refund", refund_of=new_id("nowhere")),
        ),
        "refund_of a refund": (
            "refund_of",
            ("sale", "refund"),
            ok(kind="refund", refund_of=ctx["refund_id"]),
        ),
        "refund_of another business's sale": (
            "refund_of",
            UNKNOWN_SALE,
            ok(kind="refund", refund_of=ctx["foreign_sale_id"]),
        ),
        "currency other": ("currency", CURRENCY, ok(currency="USD")),
        "currency lowercase": ("currency", CURRENCY, ok(currency="rub")),
        "currency not a string": ("currency", (*CURRENCY, *STRING), ok(currency=643)),
        "external_id empty": (
            "external_id",
            (*REQUIRED, "empty", "character", "1-64", "1–64"),
            ok(external_id=""),
        ),
        "external_id of 65 characters": (
            "external_id",
            TOO_LONG,
            ok(external_id=new_id("long").ljust(65, "0")),
        ),
        "external_id of 10000 characters": (
            "external_id",
            TOO_LONG,
            ok(external_id=new_id("huge").ljust(10000, "x")),
        ),
        "external_id not a string": (
            "external_id",
            STRING,
            ok(external_id=10**9 + uuid.uuid4().int % 10**9),  # XML-RPC ints are 32-bit
        ),
        "member_ref empty": ("member_ref", (*REQUIRED, "empty"), ok(member_ref="")),
        "member_ref garbage": (
            "member_ref",
            ("phone", "member", "barcode", "invalid", "unknown", "recogn", "not"),
            ok(member_ref=f"?? {uuid.uuid4().hex} !!"),
        ),
        "member_ref not a string": ("member_ref", STRING, ok(member_ref=9100000 + 1)),
    }


def marker_of(row):
    """Text unique to ``row`` that its kept JSON contains."""
    external_id = row.get("external_id")
    if isinstance(external_id, str) and external_id:
        return external_id[:40]
    if isinstance(external_id, int):
        return str(external_id)
    return str(row["member_ref"])


BAD_CASE_IDS = list(bad_cases({"ref": "9100000001", "refund_id": "r", "foreign_sale_id": "s"}))


@pytest.fixture(scope="module")
def bad_input(api, admin, other_business):
    """Every kind of bad row sent in one call (after the sale and refund they refer to):
    {case id: (field, keywords, row, result)}."""
    _person, digits = new_person(admin)
    the_sale = sale(digits, "100")
    the_refund = refund(the_sale, "10")
    assert [r["status"] for r in send(api, [the_sale, the_refund])] == ["created", "created"]
    cases = bad_cases(
        {
            "ref": phone_forms(digits)["international"],
            "refund_id": the_refund["external_id"],
            "foreign_sale_id": other_business["sale"]["external_id"],
        }
    )
    results = send(api, [row for _field, _words, row in cases.values()])
    assert len(results) == len(cases)
    return {
        name: (*case, result) for (name, case), result in zip(cases.items(), results, strict=True)
    }


@pytest.mark.parametrize("case", BAD_CASE_IDS)
def test_bad_input_is_rejected_naming_the_field_and_kept_for_review(
    bad_input, admin, demo_agreement, case
):
    field, keywords, row, result = bad_input[case]
    assert result["status"] == "rejected", (row, result)
    assert field_of(result) == field, (row, result)
    assert any(word.lower() in reason_of(result) for word in keywords), (row, result)
    assert (result["id"], result["cashback"]) == (False, 0.0), result
    external_id = row.get("external_id")
    if isinstance(external_id, str) and 0 < len(external_id) <= 64:
        assert result["external_id"] == external_id
        assert transactions(admin, [external_id], ["id"]) == []
    # Kept for the back office to review: the raw row, the field, the reason.
    domain = [("agreement_id", "=", demo_agreement), ("raw", "ilike", marker_of(row))]
    kept = admin(REJECTION, "search_read", domain, fields=["raw", "field", "error", "state"])
    kept = [k for k in kept if json.loads(k["raw"]) == row]
    assert kept, (row, result)
    assert (kept[-1]["field"], kept[-1]["state"]) == (field, "open")
    assert kept[-1]["error"]


def test_there_are_at_least_40_kinds_of_bad_input():
    assert len(BAD_CASE_IDS) >= 40


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"external_id": "x", "member_ref": "9100000001", "amount": 1}, "list"),
        ("external_id,member_ref,amount,date", "list"),
        (None, "list"),
        (42, "list"),
        ("too many", ("10,000", "10000", "10 000")),
        ("a list", "list"),
        ("a string", "list"),
        ("None", "list"),
        ("a number", "list"),
    ],
    ids=[
        "a dict",
        "a string",
        "None",
        "a number",
        "10,001 rows",
        "a row is a list",
        "a row is a string",
        "a row is None",
        "a row is a number",
    ],
)
def test_a_call_that_is_not_a_list_of_at_most_10000_dicts_is_refused(api, admin, payload, message):
    """Refused whole, nothing stored: a row that is not a dict refuses the call (the contract:
    "refused when rows is not a list of dicts"), whatever the valid rows around it."""
    ids = []
    if payload == "too many":
        payload = [sale("9100000001", "1.00") for _ in range(10001)]
    elif isinstance(payload, str) and payload in NOT_A_DICT:
        payload = [sale("9100000001", "1.00"), NOT_A_DICT[payload], sale("9100000001", "1.00")]
    if isinstance(payload, list):
        ids = [row["external_id"] for row in payload[:100] if isinstance(row, dict)]
    with pytest.raises(xmlrpc.client.Fault) as refused:
        api.execute(TXN, "import_transactions", payload)
    words = (message,) if isinstance(message, str) else message
    assert any(word in refused.value.faultString.lower() for word in words), refused.value
    if ids:
        assert transactions(admin, ids, ["id"]) == []


NOT_A_DICT = {
    "a list": ["S-1", "9100000001", "1.00"],
    "a string": "S-1",
    "None": None,
    "a number": 7,
}


def test_10000_rows_are_accepted(api, admin):
    rows = [sale(fresh_digits() if i == 0 else "9100000001", "0.01") for i in range(10000)]
    rows = [{**row, "external_id": f"{row['external_id']}-{i}"} for i, row in enumerate(rows)]
    results = api.execute(TXN, "import_transactions", rows, dry_run=True)
    assert len(results) == 10000
    assert results[0]["status"] == "unmatched"
    assert {r["status"] for r in results[1:]} == {"created"}


# ---------------------------------------------------------------------- access


def assert_access_error(call, *args, **kwargs):
    with pytest.raises(xmlrpc.client.Fault) as refused:
        call(*args, **kwargs)
    assert refused.value.faultCode == 4, refused.value  # odoo.exceptions.AccessError
    return refused.value


def test_the_api_user_cannot_read_the_cooperatives_people(api):
    assert_access_error(api.execute, "res.partner", "search_read", [], fields=["name", "phone"])
    assert_access_error(api.execute, "coop.cashback.move", "search_read", [], fields=["amount"])


def test_the_api_user_does_not_see_who_bought(api):
    result = one(api, sale("+7 910 000-00-01", "10"))
    assert result["status"] == "created"
    assert_access_error(api.execute, TXN, "read", [result["id"]], fields=["partner_id"])


def test_the_api_user_sees_only_its_own_businesss_transactions(api, admin, other_business):
    foreign_id, foreign = other_business["sale_id"], other_business["sale"]["external_id"]
    assert api.execute(TXN, "search", [("external_id", "=", foreign)]) == []
    assert api.execute(TXN, "search", [("id", "=", foreign_id)]) == []
    assert_access_error(api.execute, TXN, "read", [foreign_id], fields=["external_id"])
    # ... and the other business sees its own, not the demo business's.
    own = other_business["client"].execute(
        TXN, "search_read", [("external_id", "=", foreign)], fields=["cashback", "state"]
    )
    assert [(o["cashback"], o["state"]) for o in own] == [(10.0, "matched")]
    demo_row = one(api, sale("89100000002", "10"))
    assert other_business["client"].execute(TXN, "search", [("id", "=", demo_row["id"])]) == []
    # The same external_id may be used by two businesses (unique per business).
    theirs = sale("+7 910 000-00-01", "100")
    [first] = other_business["client"].import_transactions([theirs], retries=0)
    assert (first["status"], first["cashback"]) == ("created", 5.0)
    same = one(api, theirs)
    assert (same["status"], same["cashback"]) == ("created", 3.0)
    assert same["id"] != first["id"]
    assert len(transactions(admin, [theirs["external_id"]], ["id"])) == 2


@pytest.mark.parametrize(
    ("model", "method"),
    [
        ("coop.partner.agreement", "_coop_import"),
        (TXN, "_coop_import"),
        (TXN, "_process_rows"),
        (TXN, "_coop_process"),
    ],
)
def test_private_methods_cannot_be_called(api, admin, model, method):
    row = sale("+7 910 000-00-01", "10")
    with pytest.raises(xmlrpc.client.Fault):
        api.execute(model, method, [row])
    assert transactions(admin, [row["external_id"]], ["id"]) == []


@pytest.fixture(scope="module")
def cashier(odoo_server, admin):
    login = "partner_rpc_cashier"
    if not admin("res.users", "search", [("login", "=", login)]):
        groups = [
            xmlid(admin, "base", "group_user"),
            xmlid(admin, "coop_membership", "group_cashier"),
        ]
        admin(
            "res.users",
            "create",
            {"name": login, "login": login, "password": login, "groups_id": [(6, 0, groups)]},
        )
    return client_module.CoopPartnerClient(odoo_server.url, odoo_server.db, login, login)


@pytest.mark.parametrize("who", ["admin", "cashier"])
def test_only_a_partner_businesss_api_user_may_import(odoo_server, admin, cashier, who):
    caller = (
        client_module.CoopPartnerClient(odoo_server.url, odoo_server.db, "admin", "admin")
        if who == "admin"
        else cashier
    )
    row = sale("+7 910 000-00-01", "10")
    assert_access_error(caller.execute, TXN, "import_transactions", [row])
    with pytest.raises(client_module.RefusedError):
        caller.import_transactions([row], retries=3, backoff=0.01)
    assert transactions(admin, [row["external_id"]], ["id"]) == []


def test_the_api_key_and_the_password_both_work_over_xml_rpc(odoo_server, other_business):
    created = other_business["created"]
    assert created["login"] == other_business["login"]
    assert isinstance(created["api_key"], str) and len(created["api_key"]) >= 20
    for secret in (other_business["api_key"], other_business["password"]):
        uid = odoo_server.login(other_business["login"], secret)
        assert uid == created["user_id"]
        client = client_module.CoopPartnerClient(
            odoo_server.url, odoo_server.db, other_business["login"], secret
        )
        count = client.execute(TXN, "search_count", [])
        assert count >= 1
        result = client.import_transactions([sale("89100000002", "100")], retries=0)
        assert [(r["status"], r["cashback"]) for r in result] == [("created", 5.0)]
    assert odoo_server.login(other_business["login"], "not-the-key") is False


def test_the_api_user_has_the_partner_api_group_only(admin, other_business):
    [user] = admin("res.users", "read", [other_business["user_id"]], fields=["groups_id", "share"])
    group = xmlid(admin, "coop_partner_sync", "group_partner_api")
    assert group in user["groups_id"]
    implied = admin(
        "res.groups",
        "search",
        [("id", "in", user["groups_id"]), ("id", "!=", group)],
    )
    names = admin(
        "ir.model.data",
        "search_read",
        [("model", "=", "res.groups"), ("res_id", "in", implied)],
        fields=["module", "name"],
    )
    staff = {"base.group_user", "coop_membership.group_cashier", "coop_membership.group_manager"}
    assert not staff & {f"{n['module']}.{n['name']}" for n in names}


def test_a_fixed_rejected_row_is_processed_again_with_one_click(odoo_server, api, admin):
    """The back office fixes a rejected row and clicks Process again once, as the web client
    calls it (the fix saved, then the button: each call its own transaction), as the demo
    officer: the row is done with the transaction it stored, and no database error."""
    person, digits = new_person(admin)
    row = sale(phone_forms(digits)["eight"], "12,50")
    assert one(api, row)["status"] == "rejected"
    officer = odoo_server.client("officer", "officer")
    [rejection] = officer(REJECTION, "search", [("external_id", "=", row["external_id"])])
    officer(REJECTION, "write", [rejection], {"amount": "12.50"})
    assert officer(REJECTION, "action_reprocess", [rejection]) is True
    [stored] = transactions(admin, [row["external_id"]], ["amount", "partner_id"])
    assert (stored["amount"], stored["partner_id"][0]) == (12.5, person)
    [after] = officer(REJECTION, "read", [rejection], ["state", "transaction_id"])
    assert (after["state"], after["transaction_id"][0]) == ("fixed", stored["id"])
