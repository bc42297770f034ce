import base64

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ANNA_PHONE, IntercoopCase


@tagged("post_install", "-at_install")
class TestIntercoopAcceptance(IntercoopCase):
    """A cannot make B owe it: the agreement serves only once B's manager accepts it, any
    change of its terms by A withdraws the acceptance, B's bill waits in draft for B's
    accountant, and the agreement's transactions come from B's tills only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.offer = (
            cls.env["coop.partner.agreement"]
            .with_user(cls.manager_a)
            .create(
                {"partner_id": cls.company_b.partner_id.id, "company_id": cls.company_a.id,
                 "cashback_mode": "percent", "cashback_percent": 50.0,}
            )
        )  # fmt: skip
        # only the offer may serve: the accepted agreement of common.py is ended
        cls.agreement.sudo().write({"coop_intercoop_accepted_by": False})

    def test_before_bs_manager_accepts_bs_till_finds_nobody(self):
        # fails on the old code: the agreement served as soon as A's manager created it
        self.assertEqual(self.find(ANNA_PHONE), [])
        self.assertFalse(self.guest(), "no guest made: the till is told nobody is served")
        self.offer.with_user(self.manager).action_coop_intercoop_accept()
        [found] = self.find(ANNA_PHONE)
        self.assertEqual(found["agreement_id"], self.offer.id)
        self.assertEqual(self.offer.coop_intercoop_accepted_by, self.manager)
        self.assertTrue(self.offer.coop_intercoop_accepted_date)

    def test_a_cannot_accept_for_b(self):
        offer = self.offer.with_user(self.manager_a)
        with self.assertRaises(AccessError):
            offer.action_coop_intercoop_accept()
        with self.assertRaises(AccessError):
            offer.write({"coop_intercoop_accepted_by": self.manager.id})
        with self.assertRaises(AccessError):
            offer.create(
                {"partner_id": self.company_b.partner_id.id, "company_id": self.company_a.id,
                 "coop_intercoop_accepted_by": self.manager.id}
            )  # fmt: skip
        for user in (self.cashier, self.officer_b):  # B's staff below manager
            with self.assertRaises(AccessError, msg=user.login):
                self.offer.with_user(user).action_coop_intercoop_accept()
        self.assertFalse(self.offer.coop_intercoop_accepted_by)
        offers = self.env["coop.partner.agreement"].with_user(self.manager).coop_intercoop_offers()
        self.assertIn(self.offer.id, [offer["id"] for offer in offers])

    def test_a_change_of_the_terms_by_a_withdraws_the_acceptance(self):
        self.offer.with_user(self.manager).action_coop_intercoop_accept()
        today = fields.Date.today()
        for values in (
            {"cashback_percent": 90.0},
            {"commission_percent": 10.0},
            {"date_to": today},
            {"date_from": today},
        ):
            self.offer.with_user(self.manager).action_coop_intercoop_accept()
            self.offer.with_user(self.manager_a).write(values)
            self.assertFalse(self.offer.coop_intercoop_accepted_by, values)
            self.assertEqual(self.find(ANNA_PHONE), [], values)
        self.offer.with_user(self.manager).action_coop_intercoop_accept()
        self.offer.with_user(self.manager_a).write({"notes": "Called them"})  # not a term
        self.assertTrue(self.offer.coop_intercoop_accepted_by)

    def test_a_change_of_terms_after_bs_sales_still_bills_b_for_them(self):
        # fails on the old code: A's change withdrew the acceptance and B got no bill
        self.offer.with_user(self.manager).action_coop_intercoop_accept()
        self.open_new_session()
        guest = self.env["res.partner"].browse(
            self.env["res.partner"]
            .with_user(self.cashier)
            .coop_intercoop_guest(ANNA_PHONE, self.config.id, self.offer.id)
        )
        self.sync([(self.milk, 1)], [(self.cash_pm1, 100)], customer=guest)
        self.pos_session.with_user(self.cashier).action_pos_session_closing_control()
        self.offer.with_user(self.manager_a).commission_percent = 5.0  # withdrawn
        self.assertFalse(self.offer.coop_intercoop_accepted_by)
        [invoice_id] = self.offer.with_user(self.manager_a).coop_settle()
        invoice = self.env["account.move"].browse(invoice_id)
        bill = invoice.coop_intercoop_bill_id
        # at the terms of the sale: 50 % cashback, no commission (not the new 5 %)
        self.assertEqual((invoice.amount_total, bill.amount_total), (50.0, 50.0))
        self.assertEqual((bill.company_id, bill.state), (self.company_b, "draft"))
        self.assertEqual(self.find(ANNA_PHONE), [])  # B's till no longer serves

    def test_rows_for_an_agreement_between_cooperatives_come_from_bs_tills_only(self):
        # fails on the old code: A's API user, a file or a hand-made row made B owe A
        row = {"external_id": "FAKE-1", "member_ref": ANNA_PHONE, "amount": 10000,
               "date": fields.Date.to_string(fields.Date.today())}  # fmt: skip
        self.offer.with_user(self.manager).action_coop_intercoop_accept()
        api_user = self.env["res.users"].browse(
            self.offer.with_user(self.manager_a).coop_create_api_user(
                "coop_ic_api_offer", password="ic-api-password"
            )["user_id"]
        )
        Txn = self.env["coop.partner.transaction"]
        with self.assertRaisesRegex(UserError, "another cooperative of this database"):
            Txn.with_user(api_user).import_transactions([row])
        data = base64.b64encode(
            b"external_id,member_ref,amount,date\nF2,89005556677,10000,2026-11-20\n"
        )
        wizard = (
            self.env["coop.partner.import.wizard"]
            .with_user(self.manager_a)
            .create({"agreement_id": self.offer.id, "file": data, "filename": "rows.csv"})
        )
        with self.assertRaisesRegex(UserError, "another cooperative of this database"):
            wizard.action_import()
        with self.assertRaisesRegex(UserError, "another cooperative of this database"):
            Txn.sudo().create(
                {"agreement_id": self.offer.id, "external_id": "F3", "member_ref": ANNA_PHONE,
                 "amount": 10000, "date": row["date"]}
            )  # fmt: skip
        self.assertFalse(Txn.sudo().search([("agreement_id", "=", self.offer.id)]))
        self.assertFalse(self.ledger_a())
