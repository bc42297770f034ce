"""Load: four partner systems importing and the till syncing paid orders, all for the same
people, at once for a minute (``COOP_LOAD_SECONDS``, default 60). Nothing is lost or counted
twice, no caller sees an error (conflicts between transactions are retried by the server), and
afterwards the books agree."""

import json
import os
import random
import threading
import time
import urllib.request
import uuid
from datetime import datetime

from partner_fixtures import demo_client, fresh_digits, new_id, phone_forms, today

SECONDS = float(os.environ.get("COOP_LOAD_SECONDS", "60"))
IMPORTERS = 4
PEOPLE = 10


def jsonrpc(server, uid, password, model, method, *args, **kwargs):
    """The till talks JSON-RPC (its answers carry nulls, which XML-RPC cannot)."""
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "params": {
            "service": "object",
            "method": "execute_kw",
            "args": [server.db, uid, password, model, method, list(args), kwargs],
        },
        "id": 1,
    }
    request = urllib.request.Request(
        f"{server.url}/jsonrpc",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        answer = json.loads(response.read())
    if "error" in answer:
        raise RuntimeError(answer["error"]["data"]["message"])
    return answer.get("result")  # Odoo leaves "result" out when a method returns None


class Till:
    """The demo store's till, selling a product without taxes to the registered people."""

    def __init__(self, server, admin, people):
        self.server, self.people, self.sequence = server, people, 0
        self.uid = server.login("admin", "admin")
        config = admin("pos.config", "search", [("active", "=", True)], limit=1)[0]
        self.call("pos.config", "open_ui", [config])
        [values] = admin(
            "pos.config", "read", [config],
            fields=["current_session_id", "pricelist_id", "payment_method_ids"],
        )  # fmt: skip
        self.session = values["current_session_id"][0]
        self.pricelist = values["pricelist_id"] and values["pricelist_id"][0]
        cash = admin(
            "pos.payment.method", "search_read",
            [("id", "in", values["payment_method_ids"]), ("is_cash_count", "=", True)],
            fields=["id"],
        )  # fmt: skip
        self.cash = cash[0]["id"]
        self.product = admin(
            "product.product", "create",
            {"name": f"Load test loaf {uuid.uuid4().hex[:4]}", "list_price": 100.0,
             "taxes_id": [(6, 0, [])], "available_in_pos": True, "type": "consu"},
        )  # fmt: skip
        [state] = admin("pos.session", "read", [self.session], fields=["state"])
        if state["state"] == "opening_control":
            self.call("pos.session", "set_opening_control", [self.session], 0, "")

    def call(self, model, method, *args, **kwargs):
        return jsonrpc(self.server, self.uid, "admin", model, method, *args, **kwargs)

    def close(self):
        """As the till closes: the cash counted as expected, then the closing control."""
        [session] = self.call(
            "pos.session", "read", [self.session], fields=["cash_register_balance_end"]
        )
        self.call(
            "pos.session", "post_closing_cash_details", [self.session],
            session["cash_register_balance_end"],
        )  # fmt: skip
        self.call("pos.session", "action_pos_session_closing_control", [self.session])
        [session] = self.call("pos.session", "read", [self.session], fields=["state"])
        return session["state"]

    def sell(self, rng):
        self.sequence += 1
        qty = rng.randint(1, 5)
        total = 100.0 * qty
        now = str(datetime.now().replace(microsecond=0))
        payload = {
            "amount_paid": total, "amount_return": 0, "amount_tax": 0, "amount_total": total,
            "date_order": now, "fiscal_position_id": False, "pricelist_id": self.pricelist,
            "name": f"Order {self.session:05d}-099-{self.sequence:04d}",
            "last_order_preparation_change": "{}",
            "lines": [[0, 0, {"id": self.sequence, "pack_lot_ids": [], "price_unit": 100.0,
                              "product_id": self.product, "price_subtotal": total,
                              "price_subtotal_incl": total, "qty": qty,
                              "tax_ids": [[6, 0, []]]}]],
            "partner_id": rng.choice(self.people), "session_id": self.session,
            "sequence_number": self.sequence,
            "payment_ids": [[0, 0, {"amount": total, "name": now,
                                    "payment_method_id": self.cash}]],
            "uuid": str(uuid.uuid4()), "user_id": self.uid, "to_invoice": False,
        }  # fmt: skip
        result = self.call("pos.order", "sync_from_ui", [payload])
        [order] = result["pos.order"]
        assert order["state"] == "paid"
        return payload["uuid"]


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
