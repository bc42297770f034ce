import re

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import ANNA_PHONE, IntercoopCase


@tagged("post_install", "-at_install")
class TestIntercoopOwed(IntercoopCase):
    """B owes A only what it accepted and what its tills recorded: an agreed percentage (not
    A's own rules), the transactions of its tills (not those of a business the agreement
    named before), the amounts of those transactions (not A's edited invoice), whatever B
    accepts at settlement time; and nobody of A accepts for B."""

    def setUp(self):
        super().setUp()
        self.open_new_session()
        self.guest_contact = self.guest()
        self.accountant_a = self._coop_user(
            "coop_ic_a_accountant", "account.group_account_invoice", self.company_a
        )
        self.accountant_b = self._coop_user("coop_ic_b_accountant", "account.group_account_invoice")

    def sell_and_close(self):
        """Анна buys for 200 at B's till: 5 % cashback (10) and 1 % commission (2)."""
        self.sync([(self.milk, 2)], [(self.cash_pm1, 200)], customer=self.guest_contact)
        self.pos_session.with_user(self.cashier).action_pos_session_closing_control()

    def settle(self, agreement=None):
        agreement = agreement or self.agreement
        [invoice_id] = agreement.with_user(self.manager_a).coop_settle()
        invoice = self.env["account.move"].with_user(self.accountant_a).browse(invoice_id)
        return invoice, invoice.sudo().coop_intercoop_bill_id

    def payable_to_a(self):
        partner_a = self.company_a.partner_id.with_company(self.company_b)
        return self.balance(partner_a.property_account_payable_id, partner_a)

    def post_bill(self, bill):
        bill.with_user(self.accountant_b).action_post()
        self.assertEqual(bill.state, "posted")

    def test_a_cannot_put_bs_debt_under_its_own_cashback_rules(self):
        # fails on the old code: "rules" let A's rules, changed without B, decide B's debt
        Agreement = self.env["coop.partner.agreement"].with_user(self.manager_a)
        name = re.escape(self.agreement.display_name)
        with self.assertRaisesRegex(ValidationError, name), self.env.cr.savepoint():
            self.agreement.with_user(self.manager_a).write({"cashback_mode": "rules"})
        with self.assertRaisesRegex(ValidationError, "Cashback"), self.env.cr.savepoint():
            Agreement.create(
                {"partner_id": self.company_b.partner_id.id, "company_id": self.company_a.id}
            )
        shop = self.env["res.partner"].create(
            {"name": "ООО «Сантехника»", "is_company": True, "company_id": self.company_a.id}
        )
        by_rules = Agreement.create({"partner_id": shop.id, "company_id": self.company_a.id})
        with self.assertRaisesRegex(ValidationError, "Cashback"), self.env.cr.savepoint():
            by_rules.write({"partner_id": self.company_b.partner_id.id})
        self.env.invalidate_all()
        self.assertEqual(self.agreement.cashback_mode, "percent")
        self.assertTrue(self.agreement.coop_intercoop_accepted_by)
        offers = (
            self.env["coop.intercoop.offer"]
            .with_user(self.manager)
            .search_read([("id", "=", self.agreement.id)], ["cashback_mode", "cashback_percent"])
        )
        self.assertEqual(
            [(o["cashback_mode"], o["cashback_percent"]) for o in offers], [("percent", 5.0)]
        )

    def test_transactions_of_another_business_are_not_billed_to_b(self):
        # fails on the old code: a shop's transactions became B's debt with a new partner
        shop = self.env["res.partner"].create(
            {"name": "Shop X", "company_id": self.company_a.id, "is_company": True}
        )
        Agreement = self.env["coop.partner.agreement"].with_user(self.manager_a)
        shop_agreement = Agreement.create(
            {"partner_id": shop.id, "company_id": self.company_a.id,
             "cashback_mode": "percent", "cashback_percent": 10.0}
        )  # fmt: skip
        row = {"external_id": "x-1", "member_ref": ANNA_PHONE, "amount": "5000.00",
               "date": "2026-11-30T10:00:00"}  # fmt: skip
        shop_agreement.sudo()._coop_import([row], source="rpc")
        with self.assertRaisesRegex(UserError, "Partner business"), self.env.cr.savepoint():
            shop_agreement.write({"partner_id": self.company_b.partner_id.id})
        self.assertEqual(shop_agreement.partner_id, shop)
        self.assertFalse(shop_agreement.coop_intercoop_company_id)
        self.sell_and_close()
        agreement = self.agreement.with_user(self.manager_a)
        with self.assertRaisesRegex(UserError, "Partner business"), self.env.cr.savepoint():
            agreement.write({"partner_id": shop.id})
        self.assertEqual(agreement.coop_intercoop_company_id, self.company_b)
        # a shop's row put on the agreement before this check (old data): not billed to B
        Txn = self.env["coop.partner.transaction"].sudo()
        moved = Txn.search([("agreement_id", "=", shop_agreement.id)])
        self.env.cr.execute(
            "UPDATE coop_partner_transaction SET agreement_id = %s WHERE id = %s",
            [self.agreement.id, moved.id],
        )
        self.env.invalidate_all()
        # fails on the old code: A's invoice billed both rows (512), B's bill its own one (12)
        name = re.escape(self.agreement.display_name)
        with self.assertRaisesRegex(UserError, f"{name}.*1 transactions"), self.env.cr.savepoint():
            self.settle()
        self.assertFalse(Txn.search([("agreement_id", "=", self.agreement.id)]).settlement_move_id)
        self.env.cr.execute(
            "UPDATE coop_partner_transaction SET agreement_id = %s WHERE id = %s",
            [shop_agreement.id, moved.id],
        )  # put back where it came from
        self.env.invalidate_all()
        invoice, bill = self.settle()
        self.assertEqual((invoice.amount_total, bill.amount_total), (12.0, 12.0))
        self.assertEqual(bill.company_id, self.company_b)
        self.post_bill(bill)
        self.assertEqual(self.payable_to_a(), -12.0)

    def test_an_old_invoice_with_another_business_rows_is_not_posted_again(self):
        # fails on the old code: an invoice of before the check (both rows) was posted again
        self.sell_and_close()
        invoice, _bill = self.settle()
        shop = self.env["res.partner"].create(
            {"name": "Shop X", "company_id": self.company_a.id, "is_company": True}
        )
        shop_agreement = (
            self.env["coop.partner.agreement"]
            .with_user(self.manager_a)
            .create({"partner_id": shop.id, "company_id": self.company_a.id,
                     "cashback_mode": "percent", "cashback_percent": 10.0})
        )  # fmt: skip
        row = {"external_id": "x-1", "member_ref": ANNA_PHONE, "amount": "5000.00",
               "date": "2026-11-30T10:00:00"}  # fmt: skip
        shop_agreement.sudo()._coop_import([row], source="rpc")
        moved = (
            self.env["coop.partner.transaction"]
            .sudo()
            .search([("agreement_id", "=", shop_agreement.id)])
        )
        self.env.cr.execute(
            "UPDATE coop_partner_transaction SET agreement_id = %s, settled = TRUE, "
            "settlement_move_id = %s WHERE id = %s",
            [self.agreement.id, invoice.id, moved.id],
        )
        self.env.invalidate_all()
        invoice.button_draft()
        line = invoice.invoice_line_ids.filtered(lambda li: li.price_unit == 10.0)
        invoice.write({"invoice_line_ids": [Command.update(line.id, {"price_unit": 510.0})]})
        self.assertEqual(invoice.amount_total, 512.0)  # what all its rows come to
        with self.assertRaisesRegex(UserError, f"{re.escape(invoice.name)}.*1 of them"):
            invoice.action_post()

    def test_a_settlement_invoice_stays_in_as_currency_and_to_b(self):
        # fails on the old code: A's accountant reset the invoice, changed its currency or its
        # customer and posted it again; B got a bill in that currency for an invoice to others
        self.sell_and_close()
        invoice, bill = self.settle()
        ours = self.company_a.currency_id
        other = self.env.ref("base.EUR" if ours.name != "EUR" else "base.USD")
        other.sudo().active = True
        invoice.button_draft()
        invoice.write({"currency_id": other.id})
        self.assertEqual(invoice.amount_total, 12.0)  # the same figures, in another currency
        name = re.escape(invoice.name)
        with self.assertRaisesRegex(UserError, f"{name}.*Currency"), self.env.cr.savepoint():
            invoice.action_post()
        self.assertEqual(invoice.state, "draft")
        invoice.write({"currency_id": ours.id})
        shop = self.env["res.partner"].create(
            {"name": "Shop X", "company_id": self.company_a.id, "is_company": True}
        )
        invoice.write({"partner_id": shop.id})
        with self.assertRaisesRegex(UserError, f"{name}.*Partner"), self.env.cr.savepoint():
            invoice.action_post()
        self.assertEqual(invoice.sudo().coop_intercoop_bill_id, bill)  # no new bill
        invoice.write({"partner_id": self.company_b.partner_id.id})
        invoice.action_post()
        new_bill = invoice.sudo().coop_intercoop_bill_id
        self.assertNotEqual(new_bill, bill)
        self.assertEqual(
            (new_bill.currency_id, new_bill.state, new_bill.amount_total), (ours, "draft", 12.0)
        )
        self.post_bill(new_bill)
        self.assertEqual(self.payable_to_a(), -12.0)

    def test_an_edited_settlement_invoice_does_not_change_bs_bill(self):
        # fails on the old code: A reset its invoice, raised a line, and B got a new bill
        self.sell_and_close()
        invoice, bill = self.settle()
        self.assertEqual((invoice.amount_total, bill.amount_total), (12.0, 12.0))
        self.assertEqual(
            sorted(bill.invoice_line_ids.mapped("price_unit")), [2.0, 10.0]
        )  # its commission and cashback, from the transactions
        invoice.button_draft()
        self.assertEqual(bill.state, "cancel")
        line = invoice.invoice_line_ids.filtered(lambda li: li.price_unit == 10.0)
        invoice.write({"invoice_line_ids": [Command.update(line.id, {"price_unit": 100000})]})
        with self.assertRaisesRegex(UserError, invoice.name), self.env.cr.savepoint():
            invoice.action_post()
        self.assertEqual(invoice.state, "draft")
        self.assertEqual(invoice.sudo().coop_intercoop_bill_id, bill)  # no new bill
        invoice.write({"invoice_line_ids": [Command.update(line.id, {"price_unit": 10.0})]})
        invoice.action_post()
        new_bill = invoice.sudo().coop_intercoop_bill_id
        self.assertNotEqual(new_bill, bill)
        self.assertEqual((new_bill.state, new_bill.amount_total), ("draft", 12.0))
        self.post_bill(new_bill)
        self.assertEqual(self.payable_to_a(), -12.0)
        b_expense = self.company_b.coop_cashback_expense_account_id
        self.assertEqual(self.balance(b_expense, self.company_a.partner_id), 10.0)

    def test_b_owes_its_tills_sales_after_declining(self):
        # fails on the old code: B declined after its sales, and A's invoice made no bill
        self.sell_and_close()
        self.assertEqual(sum(self.ledger_a().mapped("amount")), 10.0)
        self.agreement.with_user(self.manager).action_coop_intercoop_decline()
        invoice, bill = self.settle()
        self.assertEqual(invoice.amount_total, 12.0)
        self.assertEqual(
            (bill.company_id, bill.partner_id, bill.state, bill.amount_total),
            (self.company_b, self.company_a.partner_id, "draft", 12.0),
        )
        self.post_bill(bill)
        self.assertEqual(self.payable_to_a(), -12.0)
        for company, manager in ((self.company_a, self.manager_a), (self.company_b, self.manager)):
            Check = self.env["coop.cashback.check"].with_user(manager)
            self.assertEqual(Check.coop_invariants(company.id)["problems"], [], company.name)

    def test_a_user_of_both_cooperatives_does_not_accept_for_b(self):
        # fails on the old code: A's manager who also works at B accepted A's terms for B
        both = new_test_user(
            self.env, login="coop_ic_both_manager", company_id=self.company_b.id,
            groups="base.group_user,coop_membership.group_manager",
            company_ids=[Command.set((self.company_b | self.company_a).ids)],
        )  # fmt: skip
        self.agreement.with_user(self.manager).action_coop_intercoop_decline()
        for action in ("action_coop_intercoop_accept", "action_coop_intercoop_decline"):
            with self.assertRaisesRegex(AccessError, "not also a user"):
                getattr(self.agreement.with_user(both), action)()
        self.assertFalse(self.agreement.coop_intercoop_accepted_by)
        self.assertEqual(self.agreement.coop_intercoop_withdrawn, "declined")
        self.assertEqual(self.find(ANNA_PHONE), [])
