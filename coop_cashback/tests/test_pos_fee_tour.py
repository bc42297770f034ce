from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon


@tagged("post_install", "-at_install")
class TestCoopPosFeeOffer(TestPointOfSaleHttpCommon):
    """The till offers the entry fee from cashback on selecting a shopper whose cashback
    reaches it, prints a receipt for it, shows what the basket will earn and names the person
    on the sale's receipt. Worked by a cashier with only the POS user and Cashier groups."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id += cls.env.ref("coop_membership.group_manager")  # set-up only
        company = cls.main_pos_config.company_id
        company._coop_setup()
        cls.env["coop.cashback.rule"].create(
            {"name": "5 %", "percent": 5, "company_id": company.id}
        )
        cls.env["coop.fee.version"].create(
            [
                {"kind": kind, "amount": amount, "date_from": "2020-01-01",
                 "meeting_ref": "GM 1", "company_id": company.id}
                for kind, amount in (("entry_fee", 1000), ("mandatory_share", 2000))
            ]
        )  # fmt: skip
        cls.bread = cls.env["product.product"].create(
            {"name": "Coop Test Bread", "type": "consu", "list_price": 55.0,
             "taxes_id": [Command.clear()], "available_in_pos": True}
        )  # fmt: skip
        cls.cashier = cls._coop_user(
            "coop_fee_cashier", "point_of_sale.group_pos_user,coop_membership.group_cashier"
        )
        cls.manager = cls._coop_user("coop_fee_manager", "coop_membership.group_manager")
        result = (
            cls.env["res.partner"]
            .with_user(cls.cashier)
            .coop_register_shopper(
                {"phone": "+7 900 111-22-55", "name": "Coop Lena", "consent_processing": True}
            )
        )
        cls.lena = cls.env["res.partner"].browse(result["partner_id"])
        cls.env["coop.cashback.check"].with_user(cls.manager).coop_adjust(
            cls.lena.id, 1200.0, "Opening balance"
        )

    @classmethod
    def _coop_user(cls, login, groups):
        company = cls.main_pos_config.company_id
        return new_test_user(
            cls.env, login=login, groups=f"base.group_user,{groups}", company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )  # fmt: skip

    def _tour(self, name):
        self.main_pos_config.with_user(self.cashier).open_ui()
        self.start_pos_tour(name, login=self.cashier.login)
        session = self.main_pos_config.current_session_id.with_user(self.cashier)
        session.post_closing_cash_details(0)
        self.assertTrue(session.close_session_from_ui()["successful"])
        self.lena.invalidate_recordset()

    def _books(self, account):
        """The person's balance on ``account`` from the posted journal items (credit > 0)."""
        lines = self.env["account.move.line"].search(
            [("account_id", "=", account.id), ("partner_id", "=", self.lena.id),
             ("parent_state", "=", "posted")]
        )  # fmt: skip
        return -sum(lines.mapped("balance"))

    def _sale(self):
        sale = self.env["pos.order"].search([("partner_id", "=", self.lena.id)])
        self.assertEqual(len(sale), 1)
        self.assertEqual(sale.state, "done", "posted with the closed session")
        return sale

    def _check_books(self, cashback, entry_fees):
        company = self.main_pos_config.company_id
        ledger = sum(self.lena.coop_cashback_move_ids.mapped("amount"))
        self.assertAlmostEqual(ledger, cashback)
        self.assertAlmostEqual(self.lena.coop_cashback_balance, cashback)
        self.assertAlmostEqual(self._books(company.coop_cashback_liability_account_id), cashback)
        self.assertAlmostEqual(self._books(company.coop_entry_fee_account_id), entry_fees)
        invariants = self.env["coop.cashback.check"].with_user(self.manager).coop_invariants()
        self.assertTrue(invariants["ok"], invariants)

    def test_not_now_pays_nothing_and_the_receipt_names_the_person(self):
        self._tour("coop_pos_fee_offer_not_now")
        self.assertEqual(self.lena.coop_state, "shopper")
        self.assertFalse(self.lena.coop_contribution_ids, "no entry fee paid")
        self.assertFalse(self.lena.coop_cashback_move_ids.filtered(lambda m: m.kind == "entry_fee"))
        sale = self._sale()
        self.assertAlmostEqual(sale.amount_total, 165.0)
        self.assertAlmostEqual(sale.coop_cashback_earned, 8.25, msg="what the till previewed")
        self._check_books(cashback=1208.25, entry_fees=0.0)

    def test_yes_pays_the_fee_and_prints_its_receipt(self):
        self._tour("coop_pos_fee_offer_yes")
        self.assertEqual(self.lena.coop_state, "applicant")
        fee = self.lena.coop_contribution_ids
        self.assertEqual((fee.kind, fee.amount, fee.state), ("entry_fee", 1000.0, "paid"))
        entry = self.lena.coop_cashback_move_ids.filtered(lambda m: m.kind == "entry_fee")
        self.assertEqual(entry.amount, -1000.0)
        self.assertEqual(entry.account_move_id, fee.move_id)
        self.assertAlmostEqual(self._sale().coop_cashback_earned, 5.5)
        self._check_books(cashback=205.5, entry_fees=1000.0)

    def test_the_fee_answer_carries_the_receipt_and_is_idempotent(self):
        Partner = self.env["res.partner"].with_user(self.cashier)
        first = Partner.browse(self.lena.id).coop_pay_entry_fee_from_cashback(confirmed=True)
        again = Partner.browse(self.lena.id).coop_pay_entry_fee_from_cashback(confirmed=True)
        self.assertEqual(first, again, "the till re-sending the yes pays nothing more")
        self.assertEqual(len(self.lena.coop_contribution_ids), 1)
        self.assertEqual(first["amount"], 1000.0)
        self.assertEqual(first["coop_cashback_balance"], 200.0)
        self.assertEqual(first["coop_state"], "applicant")
        self.assertEqual(first["person"], "+7900***-**-55")
        self.assertEqual(first["reference"], self.lena.coop_contribution_ids.move_id.name)
        self.assertEqual(len(first["next_steps"]), 3)
        self.assertIn("30 days", first["next_steps"][1])
        self.assertIn("2,000.00", first["next_steps"][2])
