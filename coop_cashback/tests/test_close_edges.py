from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .pos_common import CoopPosCommon


@tagged("post_install", "-at_install")
class TestCloseEdges(CoopPosCommon):
    """Money paths at the edges of a session's close: a session whose cashback nets to zero,
    a till in another currency, the entry fee paid from cashback under the person's lock."""

    def check(self):
        return self.env["coop.cashback.check"].with_user(self.manager).coop_invariants()

    def test_a_session_netting_to_zero_books_its_entries_by_the_session(self):
        self.open_new_session()
        sale = self.sync([(self.milk, 2)], [(self.pay_later_pm, 200)], to_invoice=True)  # earns 10
        refund = {"product": self.milk, "quantity": -2, "refunded_orderline_id": sale.lines.id}
        back = self.sync([refund], [(self.pay_later_pm, -200)], refunded_order_id=sale.id,
                         to_invoice=True)  # fmt: skip
        ledger = self.ledger()
        self.assertEqual(sorted(ledger.mapped("amount")), [-10.0, 10.0])
        self.assertEqual((sale | back).mapped("state"), ["invoiced", "invoiced"])
        self.pos_session.with_user(self.cashier).action_pos_session_closing_control()
        self.assertEqual(self.pos_session.state, "closed")
        self.assertFalse(self.pos_session.move_id, "Odoo made no entry: nothing to post")
        self.assertFalse(ledger.account_move_id)
        self.assertEqual(ledger.pos_session_id, self.pos_session, "booked by the session")
        self.assertFalse(self.balance(self.liability))
        result = self.check()
        self.assertTrue(result["ok"], result["problems"])
        self.assertFalse(result["figures"]["cashback_not_booked_yet"])

    def test_the_check_accepts_a_session_booking_only_a_zero_net(self):
        self.open_new_session()
        self.sync([(self.milk, 2)], [(self.cash_pm1, 200)])  # earns 10
        accrual = self.ledger("accrual")
        # an entry of a closed session left out of its journal entry: reported
        self.pos_session.action_pos_session_closing_control()
        accrual.sudo().write({"account_move_id": False})
        problems = self.check()["problems"]
        self.assertTrue([p for p in problems if "is not booked though its session" in p])
        # said booked by a session that did make an entry and does not net to zero: reported
        accrual.sudo().write({"pos_session_id": self.pos_session.id})
        problems = self.check()["problems"]
        self.assertTrue([p for p in problems if "without a journal entry" in p], problems)

    def test_a_till_in_another_currency_takes_no_cashback_method(self):
        usd = self.env.ref("base.USD")
        usd.active = True
        currency = usd if self.env.company.currency_id != usd else self.env.ref("base.EUR")
        journal = self.env["account.journal"].create(
            {"name": "Sales abroad", "code": "SABR", "type": "sale", "currency_id": currency.id}
        )
        till = self.env["pos.config"].create(
            {"name": "Till abroad", "journal_id": journal.id, "payment_method_ids": False}
        )
        self.assertEqual(till.currency_id, currency)
        with self.assertRaisesRegex(ValidationError, r"Till abroad.*Cashback"):
            till.payment_method_ids |= self.cashback_pm
        with self.assertRaisesRegex(ValidationError, r"Till abroad.*Cashback"):
            self.cashback_pm.config_ids |= till
        # a till in the company's currency keeps it
        self.assertIn(self.cashback_pm, self.config.payment_method_ids)

    def test_the_entry_fee_reads_a_freeze_committed_before_the_persons_lock(self):
        self.env["coop.fee.version"].create(
            {"kind": "entry_fee", "amount": 1000, "date_from": "2020-01-01",
             "meeting_ref": "GM 1", "company_id": self.env.company.id}
        )  # fmt: skip
        self.env["coop.cashback.move"]._coop_record(
            self.person, "accrual", 5000, "test:fee-funds", available_date=fields.Date.today()
        )
        Partner = type(self.env["res.partner"])  # the registry's class
        lock = Partner._coop_cashback_lock_and_available
        person_id = self.person.id

        def lock_after_a_freeze(partner, company):
            # another transaction froze the account and committed just before our lock
            partner.env.cr.execute(
                "UPDATE res_partner SET coop_frozen = TRUE WHERE id = %s", [person_id]
            )
            return lock(partner, company)

        with (
            patch.object(Partner, "_coop_cashback_lock_and_available", lock_after_a_freeze),
            self.assertRaisesRegex(UserError, "frozen"),
        ):
            self.person.with_user(self.cashier).coop_pay_entry_fee_from_cashback(True)
        self.assertFalse(self.ledger("entry_fee"))
        self.assertEqual(self.person.coop_state, "shopper")

    def test_the_close_earns_an_order_paid_outside_the_till_by_the_rules_of_its_day(self):
        """Registered last week, bought yesterday (paid by a direct write: no hook ran), an
        applicant since today when the session closes: the shopper's rate of the sale's day."""
        self.env["coop.cashback.rule"].create(
            {"name": "Applicants 20 %", "percent": 20, "coop_state": "applicant",
             "company_id": self.env.company.id}
        )  # fmt: skip
        today = fields.Date.context_today(self.person)
        self.env.cr.execute(
            "UPDATE coop_state_event SET date = %s WHERE partner_id = %s",
            [today - timedelta(days=7), self.person.id],
        )
        self.env.invalidate_all()
        self.open_new_session()
        draft = self.order_data([(self.milk, 2)], [], state="draft")
        self.env["pos.order"].with_user(self.cashier).sync_from_ui([draft])
        order = self.env["pos.order"].search([("uuid", "=", draft["uuid"])])
        order.date_order = fields.Datetime.now() - timedelta(days=1)
        order.add_payment({"pos_order_id": order.id, "amount": 200.0,
                           "payment_method_id": self.cash_pm1.id})  # fmt: skip
        order.write({"state": "paid"})
        self.person._coop_set_state("applicant", "Application at the desk")
        self.assertFalse(self.ledger())
        self.pos_session.with_user(self.cashier).action_pos_session_closing_control()
        self.assertEqual(self.pos_session.state, "closed")
        accrual = self.ledger("accrual")
        self.assertEqual(accrual.mapped("amount"), [10.0], "5 % as a shopper, not 20 %")
        self.assertEqual(accrual.date, today - timedelta(days=1))
        self.assertAlmostEqual(-self.balance(self.liability), 10.0)
        result = self.check()
        self.assertTrue(result["ok"], result["problems"])

    def test_a_sale_at_a_till_in_another_currency_earns_in_the_companys(self):
        self.config = self.other_currency_config
        self.open_new_session()
        method = self.config.payment_method_ids.filtered("is_cash_count")[:1]
        data = self.order_data([(self.milk, 2)], [(method, 100.0)])
        self.env["pos.order"].with_user(self.cashier).sync_from_ui([data])
        order = self.env["pos.order"].search([("uuid", "=", data["uuid"])])
        company = self.env.company
        self.assertNotEqual(order.currency_id, company.currency_id)
        total = order.currency_id._convert(
            order.amount_total, company.currency_id, company, order.date_order.date()
        )
        self.assertNotAlmostEqual(total, order.amount_total)
        self.assertEqual(
            self.ledger("accrual").mapped("amount"), [company.currency_id.round(total * 0.05)]
        )

    def test_a_cashier_cannot_create_change_or_delete_ledger_entries_over_rpc(self):
        self.open_new_session()
        self.sync([(self.milk, 2)], [(self.cash_pm1, 200)])  # earns 10
        entry = self.ledger("accrual").with_user(self.cashier)
        Move = self.env["coop.cashback.move"].with_user(self.cashier)
        with self.assertRaises(AccessError):
            Move.create({"partner_id": self.person.id, "kind": "adjustment", "amount": 500,
                         "source_key": "rpc:gift", "reason": "gift"})  # fmt: skip
        for values in ({"amount": 500}, {"account_move_id": False}, {"pos_session_id": False}):
            with self.subTest(values=values), self.assertRaises(UserError):
                entry.write(values)
        with self.assertRaises(AccessError):
            entry.unlink()
        self.assertEqual(self.ledger().mapped("amount"), [10.0])
