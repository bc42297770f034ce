"""Load: four partner systems importing and the till syncing paid orders, all for the same
people, at once for a minute (``COOP_LOAD_SECONDS``, default 60). Nothing is lost or counted
twice, no caller sees an error (conflicts between transactions are retried by the server), and
afterwards the books agree."""

import os
import random
import threading
import time

from partner_fixtures import demo_client, fresh_digits, new_id, phone_forms, today
from till_fixtures import Till

SECONDS = float(os.environ.get("COOP_LOAD_SECONDS", "60"))
IMPORTERS = 4
PEOPLE = 10


def test_four_importers_and_the_till_for_a_minute(odoo_server, admin):
    people, phones = [], []
    for _i in range(PEOPLE):
        digits = fresh_digits()
        phones.append(phone_forms(digits))
        people.append(
            admin("res.partner", "coop_register_shopper",
                  {"phone": phones[-1]["e164"], "consent_processing": True})["partner_id"]
        )  # fmt: skip
    till = Till(odoo_server, admin, people)
    deadline = time.monotonic() + SECONDS
    sent, answers, orders, errors = set(), [], [], []
    lock = threading.Lock()

    def importer(number):
        rng = random.Random(number)
        client = demo_client(odoo_server)
        previous = []
        while time.monotonic() < deadline:
            batch = [
                {"external_id": new_id(f"load{number}"),
                 "member_ref": rng.choice(phones)[rng.choice(["e164", "eight", "ten_digits"])],
                 "amount": f"{rng.randint(100, 99_999) / 100:.2f}", "date": today()}
                for _i in range(50)
            ]  # fmt: skip
            if previous and rng.random() < 0.2:
                batch += previous[:10]  # a retry of rows already sent: duplicates
            try:
                result = client.import_transactions(batch)
            except Exception as error:
                with lock:
                    errors.append(repr(error))
                return
            with lock:
                sent.update(row["external_id"] for row in batch)
                answers.extend(result)
            previous = batch

    def cashier():
        rng = random.Random(99)
        while time.monotonic() < deadline:
            try:
                uuid_ = till.sell(rng)
            except Exception as error:
                with lock:
                    errors.append(repr(error))
                return
            with lock:
                orders.append(uuid_)

    threads = [threading.Thread(target=importer, args=(n,)) for n in range(IMPORTERS)]
    threads.append(threading.Thread(target=cashier))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SECONDS + 300)
    print(
        f"[load] {SECONDS:.0f} s: {len(sent)} transactions from {IMPORTERS} importers "
        f"({len(answers)} rows sent, {len(answers) - len(sent)} again), {len(orders)} till orders"
    )
    assert errors == []
    assert {a["status"] for a in answers} <= {"created", "duplicate"}
    assert sum(1 for a in answers if a["status"] == "created") == len(sent)
    assert len(orders) > 10 and len(sent) > 1000

    stored = admin("coop.partner.transaction", "search_count", [("external_id", "in", list(sent))])
    assert stored == len(sent)
    synced = admin("pos.order", "search_count", [("uuid", "in", orders)])
    assert synced == len(orders)
    accruals = admin(
        "coop.cashback.move", "search_count",
        [("partner_id", "in", people), ("kind", "=", "accrual")],
    )  # fmt: skip
    assert accruals == len(sent) + len(orders)  # every sale and order earned, once

    # the till's session closes and the partners' cashback is booked: the books agree
    assert till.close() == "closed"
    agreement = admin("coop.partner.agreement", "search", [])[0]
    admin("coop.partner.agreement", "action_post_cashback", [agreement])
    company = admin("res.users", "read", [2], fields=["company_id"])[0]["company_id"][0]
    result = admin("coop.cashback.check", "coop_invariants", company)
    assert result["problems"] == []
