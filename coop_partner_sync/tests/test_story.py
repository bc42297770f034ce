from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon

PHONE = "+79007000001"


@tagged("post_install", "-at_install")
class TestCooperativeStory(TestPointOfSaleHttpCommon):
    """One person's whole story, end to end, over the channels the cooperative really uses:
    XML-RPC for the partner shop and the entrance, the Odoo POS in headless Chromium for the
    till, the back office for the council and the accountant. After every step: the person's
    status, cashback, and the balances of the cashback liability (76.09), entry fee (86.01) and
    share fund (80.01) accounts for that person; and the invariants of the books."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.main_pos_config.company_id
        cls.company.country_id = cls.env.ref("base.ru")
        cls.env.user.groups_id += cls.env.ref("coop_membership.group_manager")
        cls.company._coop_setup()
        cls.env["product.product"].create(
            {"name": "Coop Story Bread", "type": "consu", "list_price": 55.0,
             "taxes_id": [Command.clear()], "available_in_pos": True}
        )  # fmt: skip
        cls.env["coop.cashback.rule"].create(
            {"name": "5 % everywhere", "percent": 5, "company_id": cls.company.id}
        )
        for kind, amount in (("entry_fee", 1000), ("mandatory_share", 500)):
            cls.env["coop.fee.version"].create(
                {"kind": kind, "amount": amount, "date_from": "2020-01-01",
                 "meeting_ref": "GM 1", "company_id": cls.company.id}
            )  # fmt: skip
        cls.pos_user.groups_id += cls.env.ref("coop_membership.group_cashier")
        shop = cls.env["res.partner"].create(
            {"name": "Story Plumbing", "is_company": True, "company_id": cls.company.id}
        )
        cls.agreement = cls.env["coop.partner.agreement"].create(
            {"partner_id": shop.id, "company_id": cls.company.id, "cashback_mode": "rules",
             "commission_percent": 2.0}
        )  # fmt: skip
        cls.agreement.coop_create_api_user("story-shop", password="story-shop-pw")
        cls.cash = cls.env["account.journal"].search(
            [("company_id", "=", cls.company.id), ("type", "=", "cash")], limit=1
        )
        accounts = cls.company.with_company(cls.company)
        cls.liability = accounts.coop_cashback_liability_account_id
        cls.fees = accounts.coop_entry_fee_account_id
        cls.fund = accounts.coop_share_fund_account_id

    def rpc(self, login, password, model, method, *args, **kwargs):
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, login, password, {})
        return self.xmlrpc_object.execute_kw(db, uid, password, model, method, list(args), kwargs)

    def account(self, account, person):
        """What the person has on ``account``: credit positive (what the cooperative owes or
        holds for them)."""
        self.env.flush_all()
        lines = self.env["account.move.line"].search(
            [("account_id", "=", account.id), ("partner_id", "=", person.id),
             ("parent_state", "=", "posted")]
        )  # fmt: skip
        return -sum(lines.mapped("balance"))

    def assert_step(self, person, state, cashback, booked_cashback, fee, shares):
        self.env.invalidate_all()
        self.assertEqual(person.coop_state, state)
        self.assertEqual(person.coop_cashback_balance, cashback)
        self.assertEqual(self.account(self.liability, person), booked_cashback)
        self.assertEqual(self.account(self.fees, person), fee)
        self.assertEqual(self.account(self.fund, person), shares)
        self.assertEqual(person.coop_share_capital, shares)
        result = self.env["coop.cashback.check"].coop_invariants(self.company.id)
        self.assertEqual(result["problems"], [])

    def test_a_persons_whole_story(self):
        today = fields.Date.context_today(self.env.user)
        # 1. They buy at the partner plumbing shop before registering: kept, unmatched.
        [answer] = self.rpc(
            "story-shop", "story-shop-pw", "coop.partner.transaction", "import_transactions",
            [{"external_id": "PL-1", "member_ref": "8 900 700-00-01", "amount": "19000.00",
              "date": fields.Date.to_string(today)}],
        )  # fmt: skip
        self.assertEqual((answer["status"], answer["cashback"]), ("unmatched", 0.0))

        # 2. They register at the entrance: the purchase is matched, 5 % accrued.
        result = self.rpc(
            "pos_user", "pos_user", "res.partner", "coop_register_shopper",
            {"phone": "8 (900) 700-00-01", "name": "Coop Story", "consent_processing": True},
        )  # fmt: skip
        person = self.env["res.partner"].browse(result["partner_id"])
        self.assertEqual(person.coop_phone_normalized, PHONE)
        transaction = self.env["coop.partner.transaction"].browse(answer["id"])
        self.assertEqual((transaction.state, transaction.cashback), ("matched", 950.0))
        self.assert_step(person, "shopper", 950.0, 0.0, 0.0, 0.0)
        self.company._coop_post_partner_cashback()  # the hourly job
        self.assert_step(person, "shopper", 950.0, 950.0, 0.0, 0.0)

        # 3. At the till: a purchase of 1,100 earns 55; with 1,005 they pay the entry fee of
        # 1,000 from cashback (their explicit yes at the till) and become an applicant.
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("coop_story_till", login="pos_user")
        fee = person.coop_contribution_ids.filtered(lambda c: c.kind == "entry_fee")
        self.assertEqual(fee.amount, 1000)
        # the till's accrual is booked when the session closes; the fee at once, from 76.09
        self.assert_step(person, "applicant", 5.0, -50.0, 1000.0, 0.0)

        # 4. The council admits them; they pay the mandatory share: a member with a number.
        application = self.env["coop.membership.application"].create(
            {"partner_id": person.id, "company_id": self.company.id, "date": today,
             "full_name": "Coop Story", "birthdate": "1985-06-01", "residence": "Иваново"}
        )  # fmt: skip
        application.action_submit()
        application.write({"decision_number": "С-42", "decision_date": today})
        application.action_admit()
        self.assertEqual(person.coop_state, "admitted")
        self._contribute(person, "mandatory_share", 500, today)
        self.assertTrue(person.coop_member_number)
        self.assert_step(person, "member", 5.0, -50.0, 1000.0, 500.0)

        # 5. An additional share.
        self._contribute(person, "additional_share", 1000, today)
        self.assert_step(person, "member", 5.0, -50.0, 1000.0, 1500.0)

        # 6. They leave: the shares are refunded (not the entry fee), then paid out.
        self.env["coop.exit.wizard"].create(
            {"partner_id": person.id, "kind": "exit", "date": today,
             "reason": "Заявление о выходе"}
        ).action_confirm()  # fmt: skip
        self.assert_step(person, "leaving", 5.0, -50.0, 1000.0, 0.0)
        refund = person.coop_contribution_ids.filtered(lambda c: c.kind == "share_refund")
        self.assertEqual(refund.amount, 1500)
        refund._coop_pay(self.cash, today)
        self.assert_step(person, "former", 5.0, -50.0, 1000.0, 0.0)

        # 7. The till's session closes: its cashback is booked; ledger = books, nothing left.
        session = self.main_pos_config.current_session_id
        session.action_pos_session_closing_control()
        self.assertEqual(session.state, "closed")
        self.assert_step(person, "former", 5.0, 5.0, 1000.0, 0.0)
        result = self.env["coop.cashback.check"].coop_invariants(self.company.id)
        self.assertEqual(result["figures"]["cashback_not_booked_yet"], 0.0)

    def _contribute(self, person, kind, amount, on):
        self.env["coop.contribution"].create(
            {"partner_id": person.id, "company_id": self.company.id, "kind": kind,
             "amount": amount, "date": on, "payment_journal_id": self.cash.id}
        ).action_post()  # fmt: skip
