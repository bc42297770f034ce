from odoo import api, fields, models


class CoopDemo(models.AbstractModel):
    _inherit = "coop.demo"

    @api.model
    def _coop_load_cashback_demo(self):
        """Real demo orders at the demo till, synced as the POS sends them, so that the demo
        people's cashback comes from sales (and one is partly paid with cashback); the session
        is closed, so the cashback is in the books."""
        self = self.with_user(self.env.ref("base.user_admin"))  # a cashier opens the till
        config = self.env.ref("coop_cashback.pos_config_store_demo")
        if config.session_ids:
            return
        config.open_ui()
        session = config.current_session_id
        session.set_opening_control(0, None)
        ref = self.env.ref
        bread, milk, buckwheat, honey = (
            ref(f"coop_cashback.product_{name}_demo")
            for name in ("bread", "milk", "buckwheat", "honey")
        )
        cash = ref("coop_cashback.payment_method_cash_demo")
        cashback = ref("coop_cashback.payment_method_cashback_demo")
        plan = [
            ("member", [(honey, 2), (bread, 1)], []),
            ("member2", [(buckwheat, 3), (milk, 4)], []),
            ("shopper", [(honey, 1), (milk, 2)], []),
            ("shopper2", [(bread, 2), (buckwheat, 1)], []),
            ("member", [(milk, 2)], [(cashback, 50.0)]),
        ]
        for index, (key, lines, paid_with) in enumerate(plan):
            person = ref(f"coop_membership.partner_{key}_demo")
            total = sum(product.lst_price * qty for product, qty in lines)
            payments = [*paid_with, (cash, total - sum(amount for _m, amount in paid_with))]
            self.env["pos.order"].sync_from_ui(
                [
                    {
                        "uuid": f"coop-demo-order-{index}",
                        "name": f"Demo {index + 1}",
                        "session_id": session.id,
                        "partner_id": person.id,
                        "user_id": self.env.uid,
                        "pricelist_id": config.pricelist_id.id,
                        "fiscal_position_id": False,
                        "sequence_number": index + 1,
                        "date_order": fields.Datetime.to_string(fields.Datetime.now()),
                        "amount_total": total,
                        "amount_paid": total,
                        "amount_tax": 0.0,
                        "amount_return": 0.0,
                        "to_invoice": False,
                        "last_order_preparation_change": "{}",
                        "lines": [
                            (
                                0,
                                0,
                                {
                                    "product_id": product.id,
                                    "qty": qty,
                                    "price_unit": product.lst_price,
                                    "price_subtotal": product.lst_price * qty,
                                    "price_subtotal_incl": product.lst_price * qty,
                                    "tax_ids": [(6, 0, [])],
                                },
                            )
                            for product, qty in lines
                        ],
                        "payment_ids": [
                            (
                                0,
                                0,
                                {
                                    "amount": amount,
                                    "payment_method_id": method.id,
                                    "name": fields.Datetime.to_string(fields.Datetime.now()),
                                },
                            )
                            for method, amount in payments
                            if amount
                        ],
                    }
                ]
            )
        session.action_pos_session_closing_control()
        return True
