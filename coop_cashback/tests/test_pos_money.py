import copy

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .pos_common import CoopPosCommon


@tagged("post_install", "-at_install")
class TestPosMoney(CoopPosCommon):
    """The till as the till sends it (``sync_from_ui``, by a cashier), then the session
    closed and the cashback liability of each person read from the journal items."""

    def setUp(self):
        super().setUp()
        self.open_new_session()
        self.sync([(self.milk, 4)], [(self.cash_pm1, 400)])  # earns 20

    def available(self, person=None):
        person = person or self.person
        person.invalidate_recordset()
        return person.coop_cashback_balance

    def assert_books_agree(self, *people):
        for person in people or (self.person,):
            ledger = sum(self.ledger(person=person).mapped("amount"))
            self.assertAlmostEqual(-self.balance(self.liability, person), ledger)
        result = self.env["coop.cashback.check"].with_user(self.manager).coop_invariants()
        self.assertTrue(result["ok"], result["problems"])
        return result

    def test_a_spend_the_balance_no_longer_covers_is_recorded_with_its_batch(self):
        # two orders of a till that was offline, sent in one call: the first pays 50 of
        # cashback when the person has 20 left
        spend = self.order_data([(self.milk, 1)], [(self.cashback_pm, 50), (self.cash_pm1, 50)])
        other = self.order_data([(self.milk, 1)], [(self.cash_pm1, 100)])
        Order = self.env["pos.order"].with_user(self.cashier)
        Order.sync_from_ui([spend, other])
        Order.sync_from_ui([spend, other])  # sent again: nothing counts twice
        orders = Order.search([("uuid", "in", [spend["uuid"], other["uuid"]])])
        self.assertEqual(orders.mapped("state"), ["paid", "paid"])
        entry = self.ledger("spend")
        self.assertEqual((entry.amount, entry.overdraft_amount), (-50.0, 30.0))
        # the sale paid half with cashback earns 2.50, the other 5: they cover the overdraft
        self.assertEqual(self.available(), 20 - 50 + 2.5 + 5)
        activity = self.person.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.manager)
        self.assertIn(spend["name"], activity.note)
        self.close_session()
        result = self.assert_books_agree()
        [overdraft] = result["figures"]["overdrafts"]
        self.assertEqual(overdraft["partner_id"], self.person.id)
        self.assertEqual((overdraft["balance"], overdraft["recorded"]), (-22.5, 30.0))

    def test_later_cashback_covers_an_overdraft_first(self):
        self.sync([(self.milk, 1)], [(self.cashback_pm, 60), (self.cash_pm1, 40)])  # earns 2
        self.assertEqual(self.available(), -38.0)
        self.sync([(self.milk, 10)], [(self.cash_pm1, 1000)])  # earns 50
        self.assertEqual(self.available(), 12.0)
        self.close_session()
        result = self.assert_books_agree()
        self.assertEqual(result["figures"]["overdrafts"], [])

    def test_cashback_without_a_person_of_this_cooperative_is_refused(self):
        other_company = self.env["res.company"].create({"name": "ПО «Соседи»"})
        stranger = self.env["res.partner"].create({"name": "Покупатель", "phone": "89005556677"})
        neighbour = self.env["res.partner"].create(
            {"name": "Сосед", "company_id": other_company.id}
        )
        neighbour.sudo().write({"coop_state": "shopper"})
        frozen = self.register("89007778899", "Пётр")
        frozen.sudo().write({"coop_frozen": True})
        cases = [
            (False, "has no customer"),
            (stranger, "not registered in the cooperative"),
            (neighbour, "another cooperative"),
        ]
        for customer, why in cases:
            with self.subTest(customer=customer and customer.name):
                data = self.order_data(
                    [(self.milk, 1)], [(self.cashback_pm, 10), (self.cash_pm1, 90)],
                    customer=customer,
                )  # fmt: skip
                with self.assertRaises(UserError) as refused:
                    self.env["pos.order"].with_user(self.cashier).sync_from_ui([data])
                self.assertRegex(str(refused.exception), why)
                self.assertIn(data["name"], str(refused.exception))
                self.assertFalse(self.env["pos.order"].search([("uuid", "=", data["uuid"])]))
        # the account was frozen (a death) after a till that was offline sold with it: the
        # sale is recorded and a manager told
        order = self.sync([(self.milk, 1)], [(self.cashback_pm, 10), (self.cash_pm1, 90)],
                          customer=frozen)  # fmt: skip
        self.assertEqual(order.state, "paid")
        self.assertEqual(frozen.activity_ids.user_id, self.manager)
        self.close_session()  # nothing left behind that blocks the close
        self.assert_books_agree(frozen)

    def test_an_invoiced_sale_paid_partly_with_cashback_is_paid_in_full(self):
        order = self.sync(
            [(self.milk, 1)], [(self.cashback_pm, 15), (self.cash_pm1, 85)], to_invoice=True
        )
        self.assertEqual(order.state, "invoiced")
        self.assertIn(order.account_move.payment_state, ("paid", "in_payment"))
        self.assertTrue(self.ledger("spend").account_move_id)
        self.close_session()
        self.assertEqual(order.account_move.amount_residual, 0.0)
        self.assertAlmostEqual(-self.balance(self.liability), 20 - 15 + 4.25)
        self.assert_books_agree()

    def test_draft_then_paid_sent_again_and_refunded(self):
        draft = self.order_data([(self.milk, 1)], [], state="draft")
        Order = self.env["pos.order"].with_user(self.cashier)
        Order.sync_from_ui([draft])
        order = Order.search([("uuid", "=", draft["uuid"])])
        self.assertEqual(self.ledger("spend"), self.env["coop.cashback.move"])
        paid = self.order_data([(self.milk, 2)], [(self.cashback_pm, 15), (self.cash_pm1, 185)])
        line = paid["lines"][0][2]
        paid.update(uuid=draft["uuid"], name=draft["name"], state="paid",
                    access_token=order.access_token, lines=[(1, order.lines.id, line)])  # fmt: skip
        Order.sync_from_ui([copy.deepcopy(paid)])
        Order.sync_from_ui([paid])  # sent again (the till did not get the answer)
        order.invalidate_recordset()
        self.assertEqual((order.state, len(order.lines), order.lines.qty), ("paid", 1, 2))
        self.assertEqual(self.ledger("spend").amount, -15.0)
        earned = order.coop_cashback_earned  # 5 % of the 185 not paid with cashback
        self.assertEqual(earned, 9.25)
        refund_line = {
            "product": self.milk,
            "quantity": -2,
            "refunded_orderline_id": order.lines.id,
        }
        self.sync([refund_line], [(self.cashback_pm, -15), (self.cash_pm1, -185)],
                  refunded_order_id=order.id)  # fmt: skip
        self.assertEqual(self.available(), 20.0, "the spend given back, the accrual taken back")
        self.close_session()
        self.assert_books_agree()

    def test_preview_and_entry_fee_stay_in_the_cashiers_cooperative(self):
        other = self.env["res.company"].create({"name": "ПО «Соседи»"})
        other_cashier = self._coop_user(
            "coop_other_cashier", "point_of_sale.group_pos_user,coop_membership.group_cashier",
            company=other,
        )  # fmt: skip
        Rule = self.env["coop.cashback.rule"].with_user(other_cashier)
        with self.assertRaises(AccessError):
            Rule.coop_preview(self.person.id, [[self.milk.id, 100.0]])
        with self.assertRaises(AccessError):
            self.person.with_user(other_cashier).coop_pay_entry_fee_from_cashback(True)
        self.assertEqual(self.person.coop_state, "shopper")
        preview = (
            self.env["coop.cashback.rule"]
            .with_user(self.cashier)
            .coop_preview(self.person.id, [[self.milk.id, 100.0]])
        )
        self.assertEqual(preview["total"], 5.0)

    def test_the_check_of_a_company_that_is_no_cooperative(self):
        shop = self.env["res.company"].create({"name": "ООО «Магазин»"})
        manager = self._coop_user("coop_shop_manager", "coop_membership.group_manager", shop)
        result = self.env["coop.cashback.check"].with_user(manager).coop_invariants(shop.id)
        self.assertFalse(result["cooperative"])
        self.assertTrue(result["ok"])
        self.assertIn("not a cooperative", result["message"])
        self.assertFalse(shop.coop_journal_id, "checking it set nothing up")

    def test_an_order_paid_in_the_back_office_spends_and_earns_as_at_the_till(self):
        draft = self.order_data([(self.milk, 1)], [], state="draft")
        self.env["pos.order"].with_user(self.cashier).sync_from_ui([draft])
        order = self.env["pos.order"].search([("uuid", "=", draft["uuid"])])

        def pay(method, amount):
            Wizard = self.env["pos.make.payment"].with_user(self.manager)
            wizard = Wizard.with_context(active_id=order.id).create(
                {"payment_method_id": method.id, "amount": amount, "config_id": self.config.id}
            )
            return wizard.check()

        with self.assertRaises(UserError) as refused:
            pay(self.cashback_pm, 30)
        self.assertIn("less than", str(refused.exception))
        pay(self.cashback_pm, 15)
        pay(self.cash_pm1, 85)
        self.assertEqual(order.state, "paid")
        self.assertEqual(self.ledger("spend").amount, -15.0)
        self.assertEqual(self.available(), 20 - 15 + 4.25)
        self.close_session()
        self.assert_books_agree()

    def test_cashback_taken_outside_the_till_never_overdraws(self):
        # a draft order paid by direct calls, not by the till's sync: no overdraft then
        draft = self.order_data([(self.milk, 5)], [], state="draft")
        Order = self.env["pos.order"].with_user(self.cashier)
        Order.sync_from_ui([draft])
        order = Order.search([("uuid", "=", draft["uuid"])])
        order.add_payment({"pos_order_id": order.id, "amount": 500.0,
                           "payment_method_id": self.cashback_pm.id})  # fmt: skip
        with self.assertRaisesRegex(UserError, "less than"):
            order.action_pos_order_paid()
        self.assertEqual(self.available(), 20.0)
        paid = self.sync([(self.milk, 1)], [(self.cash_pm1, 100)])
        # synced by an earlier request (here all runs in the test's one transaction)
        self.env.cr.execute(
            "UPDATE pos_order SET create_date = create_date - interval '1 minute' WHERE id = %s",
            [paid.id],
        )
        paid.invalidate_recordset(["create_date"])
        with self.assertRaisesRegex(UserError, "already paid"):
            paid.add_payment({"pos_order_id": paid.id, "amount": 10.0,
                              "payment_method_id": self.cashback_pm.id})  # fmt: skip

    def test_the_close_records_an_order_paid_by_a_direct_write_and_no_other_again(self):
        synced = self.env["pos.order"].search([("session_id", "=", self.pos_session.id)])
        draft = self.order_data([(self.milk, 2)], [], state="draft")
        self.env["pos.order"].with_user(self.cashier).sync_from_ui([draft])
        order = self.env["pos.order"].search([("uuid", "=", draft["uuid"])])
        order.add_payment({"pos_order_id": order.id, "amount": 200.0,
                           "payment_method_id": self.cash_pm1.id})  # fmt: skip
        order.write({"state": "paid"})  # as a direct write over RPC would: no hook ran
        entries = self.env["coop.cashback.move"].search(
            [("source_ref", "=", f"pos.order,{order.id}")]
        )
        self.assertFalse(entries)
        # only the order without a ledger entry is computed again at the close
        self.assertEqual(self.pos_session._coop_orders_not_in_ledger(), order)
        self.assertEqual(len(synced), 1)
        self.close_session()
        entries = self.env["coop.cashback.move"].search(
            [("source_ref", "=", f"pos.order,{order.id}")]
        )
        self.assertEqual(entries.mapped("amount"), [10.0])
        self.assertEqual(len(self.ledger("accrual")), 2)
        self.assert_books_agree()

    def test_a_refund_gives_back_no_more_cashback_than_its_sale_took(self):
        cash_sale = self.sync([(self.milk, 1)], [(self.cash_pm1, 100)])
        line = {"product": self.milk, "quantity": -1, "refunded_orderline_id": cash_sale.lines.id}
        cases = [
            ([line], {"refunded_order_id": cash_sale.id}, "has only"),
            ([(self.milk, -5)], {}, "refunds no order"),
        ]
        for lines, values, why in cases:
            with self.subTest(why=why):
                total = -100.0 * -sum(
                    (ln["quantity"] if isinstance(ln, dict) else ln[1]) for ln in lines
                )
                payments = [(self.cashback_pm, -100), (self.cash_pm1, total + 100)]
                data = self.order_data(lines, payments, **values)
                with self.assertRaises(UserError) as refused:
                    self.env["pos.order"].with_user(self.cashier).sync_from_ui([data])
                self.assertIn(why, str(refused.exception))
        self.assertEqual(self.available(), 25.0)

    def test_returned_goods_take_back_their_cashback_even_once_spent(self):
        sale = self.sync([(self.milk, 10)], [(self.cash_pm1, 1000)])  # earns 50: 70 in all
        self.sync([(self.milk, 1)], [(self.cashback_pm, 70), (self.cash_pm1, 30)])  # earns 1.5
        line = {"product": self.milk, "quantity": -10, "refunded_orderline_id": sale.lines.id}
        # returned without the customer set: the sale's person still gives back its cashback
        self.sync([line], [(self.cash_pm1, -1000)], customer=False, refunded_order_id=sale.id)
        self.assertEqual(self.available(), 1.5 - 50)
        reversal = self.ledger("reversal")
        self.assertEqual((reversal.amount, reversal.overdraft_amount), (-50.0, 48.5))
        self.close_session()
        result = self.assert_books_agree()
        self.assertEqual(result["figures"]["overdrafts"][0]["partner_id"], self.person.id)

    def test_back_office_cashback_payments_are_counted_together(self):
        draft = self.order_data([(self.milk, 1)], [], state="draft")
        self.env["pos.order"].with_user(self.cashier).sync_from_ui([draft])
        order = self.env["pos.order"].search([("uuid", "=", draft["uuid"])])
        Wizard = (
            self.env["pos.make.payment"].with_user(self.manager).with_context(active_id=order.id)
        )

        def pay(amount):
            values = {"payment_method_id": self.cashback_pm.id, "amount": amount,
                      "config_id": self.config.id}  # fmt: skip
            return Wizard.create(values).check()

        pay(15)
        with self.assertRaisesRegex(UserError, "less than"):
            pay(15)  # 30 in all, 20 available

    def test_the_person_of_an_order_with_cashback_stays(self):
        order = self.sync([(self.milk, 1)], [(self.cash_pm1, 100)])
        other = self.register("89001113344", "Борис")
        with self.assertRaisesRegex(UserError, "cannot change"):
            order.with_user(self.cashier).write({"partner_id": other.id})
