"""The till in black-box tests: Odoo's POS talks JSON-RPC to the server (its answers carry
nulls, which XML-RPC cannot) and sends orders as ``pos.order.sync_from_ui`` payloads."""

import json
import urllib.request
import uuid
from datetime import datetime


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
    """The demo store's till, logged in as ``login`` (admin unless given), selling a product
    without taxes (100 a piece) to registered people."""

    def __init__(self, server, admin, people, login="admin", password="admin"):
        self.server, self.people, self.sequence = server, people, 0
        self.uid, self.password = server.login(login, password), password
        config = admin(
            "pos.config", "search", [("payment_method_ids.coop_is_cashback", "=", True)], limit=1
        ) or admin("pos.config", "search", [("active", "=", True)], limit=1)
        config = config[0]
        self.call("pos.config", "open_ui", [config])
        [values] = admin(
            "pos.config", "read", [config],
            fields=["current_session_id", "pricelist_id", "payment_method_ids"],
        )  # fmt: skip
        self.session = values["current_session_id"][0]
        self.pricelist = values["pricelist_id"] and values["pricelist_id"][0]
        methods = admin(
            "pos.payment.method", "search_read", [("id", "in", values["payment_method_ids"])],
            fields=["is_cash_count", "coop_is_cashback"],
        )  # fmt: skip
        self.cash = next(m["id"] for m in methods if m["is_cash_count"])
        self.cashback = next((m["id"] for m in methods if m["coop_is_cashback"]), None)
        self.product = admin(
            "product.product", "create",
            {"name": f"Load test loaf {uuid.uuid4().hex[:4]}", "list_price": 100.0,
             "taxes_id": [(6, 0, [])], "available_in_pos": True, "type": "consu"},
        )  # fmt: skip
        [state] = admin("pos.session", "read", [self.session], fields=["state"])
        if state["state"] == "opening_control":
            self.call("pos.session", "set_opening_control", [self.session], 0, "")

    def call(self, model, method, *args, **kwargs):
        return jsonrpc(self.server, self.uid, self.password, model, method, *args, **kwargs)

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

    def payload(self, partner, qty, payments=None, **values):
        """An order as the till sends it; ``payments``: [(method id, amount)], else cash."""
        self.sequence += 1
        total = 100.0 * qty
        now = str(datetime.now().replace(microsecond=0))
        payments = payments or [(self.cash, total)]
        return {
            "amount_paid": sum(a for _m, a in payments), "amount_return": 0, "amount_tax": 0,
            "amount_total": total, "date_order": now, "fiscal_position_id": False,
            "pricelist_id": self.pricelist,
            "name": f"Order {self.session:05d}-0{self.uid % 100:02d}-{self.sequence:04d}",
            "last_order_preparation_change": "{}",
            "lines": [[0, 0, {"id": self.sequence, "pack_lot_ids": [], "price_unit": 100.0,
                              "product_id": self.product, "price_subtotal": total,
                              "price_subtotal_incl": total, "qty": qty,
                              "tax_ids": [[6, 0, []]]}]],
            "partner_id": partner, "session_id": self.session,
            "sequence_number": self.sequence,
            "payment_ids": [[0, 0, {"amount": amount, "name": now, "payment_method_id": m}]
                            for m, amount in payments],
            "uuid": str(uuid.uuid4()), "user_id": self.uid, "to_invoice": False, **values,
        }  # fmt: skip

    def sync(self, *payloads):
        """The till's call: every pending order at once. {uuid: state}."""
        result = self.call("pos.order", "sync_from_ui", list(payloads))
        return {order["uuid"]: order["state"] for order in result["pos.order"]}

    def sell(self, rng):
        payload = self.payload(rng.choice(self.people), rng.randint(1, 5))
        [state] = self.sync(payload).values()
        assert state == "paid"
        return payload["uuid"]
