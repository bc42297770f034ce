from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon


@tagged("post_install", "-at_install")
class TestCoopPosTour(TestPointOfSaleHttpCommon):
    """The Odoo POS opens and sells with the coop addons installed (headless Chromium)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bread = cls.env["product.product"].create(
            {
                "name": "Coop Test Bread",
                "type": "consu",
                "list_price": 55.0,
                "taxes_id": [Command.clear()],
                "available_in_pos": True,
            }
        )

    def test_pos_opens_and_sells(self):
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("coop_pos_sale", login="pos_user")

        order = self.env["pos.order"].search(
            [("session_id", "=", self.main_pos_config.current_session_id.id)]
        )
        self.assertEqual(len(order), 1, "the sale made in the till reached the server")
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.lines.product_id, self.bread)
        self.assertEqual(order.lines.qty, 2)
        self.assertAlmostEqual(order.amount_total, 110.0)
        self.assertEqual(order.payment_ids.payment_method_id, self.bank_payment_method)

    def _coop_person(self, name, phone, balance):
        self.env.user.groups_id += self.env.ref("coop_membership.group_manager")
        company = self.main_pos_config.company_id
        company._coop_setup()
        self.env["coop.cashback.rule"].create(
            {"name": "5 %", "percent": 5, "company_id": company.id}
        )
        # registered on the till's day: the till's user is in New York, so between 00:00 and
        # 05:00 UTC a UTC registration would fall on the day after the sale
        result = (
            self.env["res.partner"]
            .with_company(company)
            .with_context(tz=self.pos_user.tz)
            .coop_register_shopper({"phone": phone, "name": name, "consent_processing": True})
        )
        person = self.env["res.partner"].browse(result["partner_id"])
        if balance:
            self.env["coop.cashback.move"]._coop_record(
                person, "adjustment", balance, f"tour:opening:{person.id}", company=company
            )
        return person

    def test_receipt_shows_cashback_earned_and_balance(self):
        anna = self._coop_person("Coop Anna", "+7 900 111-22-33", 10.0)
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("coop_pos_cashback_receipt", login="pos_user")
        order = self.env["pos.order"].search([("partner_id", "=", anna.id)])
        self.assertEqual(order.coop_cashback_earned, 5.5)
        anna.invalidate_recordset()
        self.assertEqual(anna.coop_cashback_balance, 15.5)

    def test_paying_with_cashback_at_the_till(self):
        boris = self._coop_person("Coop Boris", "+7 900 111-22-44", 10.0)
        cashback = self.env["pos.payment.method"].create(
            {
                "name": "Cashback",
                "coop_is_cashback": True,
                "split_transactions": True,
                "company_id": self.main_pos_config.company_id.id,
            }
        )
        self.main_pos_config.payment_method_ids |= cashback
        # the till asks the server what the person has: a cashier's act
        self.pos_user.groups_id += self.env.ref("coop_membership.group_cashier")
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("coop_pos_pay_with_cashback", login="pos_user")
        order = self.env["pos.order"].search([("partner_id", "=", boris.id)])
        self.assertEqual(
            order.payment_ids.filtered("payment_method_id.coop_is_cashback").amount, 10
        )
        spend = boris.coop_cashback_move_ids.filtered(lambda m: m.kind == "spend")
        self.assertEqual(spend.amount, -10.0)
        boris.invalidate_recordset()
        self.assertEqual(boris.coop_cashback_balance, 5.0)

    def test_entry_fee_paid_from_cashback_at_the_till(self):
        clara = self._coop_person("Coop Clara", "+7 900 111-22-55", 1200.0)
        self.env["coop.fee.version"].create(
            {
                "kind": "entry_fee",
                "amount": 1000,
                "date_from": "2020-01-01",
                "meeting_ref": "GM 1",
                "company_id": self.main_pos_config.company_id.id,
            }
        )
        self.pos_user.groups_id += self.env.ref("coop_membership.group_cashier")
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("coop_pos_entry_fee", login="pos_user")
        self.assertEqual(clara.coop_state, "applicant")
        self.assertEqual(clara.coop_contribution_ids.kind, "entry_fee")
        clara.invalidate_recordset()
        self.assertEqual(clara.coop_cashback_balance, 200.0)

    def test_refund_at_the_till_takes_back_cashback_in_proportion(self):
        dora = self._coop_person("Coop Dora", "+7 900 111-22-66", 0.0)
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("coop_pos_refund", login="pos_user")
        reversal = dora.coop_cashback_move_ids.filtered(lambda m: m.kind == "reversal")
        self.assertEqual(reversal.amount, -2.75)
        dora.invalidate_recordset()
        self.assertEqual(dora.coop_cashback_balance, 2.75)

    def test_quick_registration_at_the_till(self):
        company = self.main_pos_config.company_id
        company.country_id = self.env.ref("base.ru")  # a Russian phone in its national form
        company._coop_setup()
        self.pos_user.groups_id += self.env.ref("coop_membership.group_cashier")
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("coop_pos_register_shopper", login="pos_user")
        eva = self.env["res.partner"].search([("coop_phone_normalized", "=", "+79005556677")])
        self.assertEqual((eva.name, eva.coop_state), ("Coop Eva", "shopper"))
        consents = eva.sudo().coop_consent_ids
        self.assertEqual((consents.kind, consents.channel), ("processing", "till"))

    def test_cashier_sees_phones_masked_and_finds_people_by_phone(self):
        company = self.main_pos_config.company_id
        company.country_id = self.env.ref("base.ru")  # phones typed in the national form
        self._coop_person("Coop Fedor", "+7 900 111-22-77", 0.0)
        self.pos_user.groups_id += self.env.ref("coop_membership.group_cashier")
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("coop_pos_find_by_phone", login="pos_user")

    def test_variant_found_by_its_barcode_is_the_one_sold(self):
        shirt = self.env["product.template"].create(
            {
                "name": "Coop Shirt",
                "available_in_pos": True,
                "list_price": 10.0,
                "taxes_id": [Command.clear()],
            }
        )
        colour, size = self.env["product.attribute"].create(
            [
                {
                    "name": "Coop Colour",
                    "create_variant": "always",
                    "value_ids": [
                        Command.create({"name": "Red"}),
                        Command.create({"name": "Blue"}),
                    ],
                },
                {
                    "name": "Coop Size",
                    "create_variant": "always",
                    "value_ids": [Command.create({"name": "S"}), Command.create({"name": "M"})],
                },
            ]
        )
        self.env["product.template.attribute.line"].create(
            [
                {
                    "product_tmpl_id": shirt.id,
                    "attribute_id": attribute.id,
                    "value_ids": [Command.set(attribute.value_ids.ids)],
                    "sequence": sequence,
                }
                for sequence, attribute in enumerate((colour, size))
            ]
        )
        codes = {"Red": "1", "Blue": "2", "S": "1", "M": "2"}
        for variant in shirt.product_variant_ids:
            values = variant.product_template_attribute_value_ids
            values = values.sorted(lambda v: v.attribute_line_id.sequence)
            variant.barcode = "460000" + "".join(codes[v.name] for v in values)
        barcodes = sorted(shirt.product_variant_ids.mapped("barcode"))
        self.assertEqual(barcodes, ["46000011", "46000012", "46000021", "46000022"])
        self.main_pos_config.with_user(self.pos_user).open_ui()
        self.start_pos_tour("coop_pos_variant_barcode", login="pos_user")

        order = self.env["pos.order"].search(
            [("session_id", "=", self.main_pos_config.current_session_id.id)]
        )
        self.assertEqual(order.state, "paid")
        self.assertEqual(
            sorted((line.product_id.barcode, line.qty) for line in order.lines),
            [(barcode, 1.0) for barcode in barcodes],
            "each variant sold once, the one whose barcode the cashier typed",
        )

    # ---------------------------------------------------------- the till checks cashback online

    def _coop_cashback_till(self):
        """The till takes cashback; its session opened by a cashier with only the POS user and
        Cashier groups, who works it in the tours."""
        company = self.main_pos_config.company_id
        cashback = self.env["pos.payment.method"].create(
            {
                "name": "Cashback",
                "coop_is_cashback": True,
                "split_transactions": True,
                "company_id": company.id,
            }
        )
        self.main_pos_config.payment_method_ids |= cashback
        self.cashier = self._coop_user(
            "coop_till_cashier", "point_of_sale.group_pos_user,coop_membership.group_cashier"
        )
        self.main_pos_config.with_user(self.cashier).open_ui()
        return cashback

    def _coop_user(self, login, groups):
        company = self.main_pos_config.company_id
        return new_test_user(
            self.env,
            login=login,
            groups=f"base.group_user,{groups}",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    def _coop_person_with_books(self, name, phone, balance):
        """A registered person whose opening cashback a manager books at once."""
        person = self._coop_person(name, phone, 0.0)
        if balance:
            self.env["coop.cashback.check"].with_user(self._coop_manager()).coop_adjust(
                person.id, balance, "Opening balance"
            )
        return person

    def _coop_close_session(self):
        """The cashier closes the day; an order left unpaid on the till is cancelled first,
        as the closing screen does."""
        session = self.main_pos_config.current_session_id.with_user(self.cashier)
        unpaid = session.order_ids.filtered(lambda o: o.state == "draft")
        if unpaid:
            unpaid.action_pos_order_cancel()
        session.post_closing_cash_details(0)
        result = session.close_session_from_ui()
        self.assertTrue(result["successful"], result)

    def _coop_figures(self, person):
        """(ledger, books): the person's cashback in the ledger, and in the books (the
        cashback liability account for that person, posted entries)."""
        account = self.main_pos_config.company_id.coop_cashback_liability_account_id
        lines = self.env["account.move.line"].search(
            [
                ("account_id", "=", account.id),
                ("partner_id", "=", person.id),
                ("parent_state", "=", "posted"),
            ]
        )
        return sum(person.coop_cashback_move_ids.mapped("amount")), -sum(lines.mapped("balance"))

    def _coop_manager(self):
        manager = self.env["res.users"].search([("login", "=", "coop_till_manager")])
        return manager or self._coop_user("coop_till_manager", "coop_membership.group_manager")

    def _coop_invariants(self):
        return self.env["coop.cashback.check"].with_user(self._coop_manager()).coop_invariants()

    def test_till_refuses_cashback_another_till_spent_meanwhile(self):
        gleb = self._coop_person_with_books("Coop Gleb", "+7 900 111-22-88", 300.0)
        cashback = self._coop_cashback_till()
        self.start_pos_tour("coop_pos_cashback_check_refuses", login=self.cashier.login)

        orders = self.env["pos.order"].search([("partner_id", "=", gleb.id)])
        paid = orders.filtered(lambda o: o.state in ("paid", "done", "invoiced"))
        self.assertEqual(len(paid), 1, "only the other till's sale is paid, not the refused one")
        self.assertEqual(paid.payment_ids.payment_method_id, cashback)
        self.assertEqual(paid.payment_ids.amount, 220.0)
        self._coop_close_session()
        self.assertEqual(self._coop_figures(gleb), (80.0, 80.0), "ledger and books: 300 - 220")
        self.assertTrue(self._coop_invariants()["ok"])

    def test_customer_changed_after_a_cashback_payment(self):
        hana = self._coop_person_with_books("Coop Hana", "+7 900 111-22-89", 100.0)
        ivan = self._coop_person_with_books("Coop Ivan", "+7 900 111-22-90", 40.0)
        plain = self.env["res.partner"].create({"name": "Coop Plain Customer"})
        self._coop_cashback_till()
        self.start_pos_tour("coop_pos_cashback_customer_changed", login=self.cashier.login)

        order = self.env["pos.order"].search(
            [("session_id", "=", self.main_pos_config.current_session_id.id)]
        )
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.partner_id, plain)
        self.assertEqual(order.payment_ids.payment_method_id, self.bank_payment_method)
        self.assertEqual(order.payment_ids.amount, 110.0)
        self._coop_close_session()
        self.assertEqual(self._coop_figures(hana), (100.0, 100.0), "Hana's cashback untouched")
        self.assertEqual(self._coop_figures(ivan), (40.0, 40.0), "Ivan's cashback untouched")
        self.assertTrue(self._coop_invariants()["ok"])

    def test_offline_till_sale_beyond_the_balance_is_saved_as_an_overdraft(self):
        jana = self._coop_person_with_books("Coop Jana", "+7 900 111-22-91", 300.0)
        cashback = self._coop_cashback_till()
        self.start_pos_tour("coop_pos_cashback_offline_overdraft", login=self.cashier.login)

        sales = self.env["pos.order"].search([("partner_id", "=", jana.id)], order="id")
        self.assertEqual(sales.mapped("state"), ["paid", "paid"], "both tills' sales are saved")
        spent = sales.payment_ids.filtered(lambda p: p.payment_method_id == cashback)
        self.assertEqual(sorted(spent.mapped("amount")), [220.0, 300.0])
        jana.invalidate_recordset()
        self.assertLess(jana.coop_cashback_balance, 0, "the person owes the overdraft")
        overdrafts = self._coop_invariants()["figures"]["overdrafts"]
        self.assertIn(jana.id, [o["partner_id"] for o in overdrafts])
        self._coop_close_session()
        ledger, books = self._coop_figures(jana)
        # 300 - 220 - 300, and what the 30 paid by card earned
        self.assertAlmostEqual(ledger, -220.0 + sales[1].coop_cashback_earned)
        self.assertLess(ledger, 0)
        self.assertAlmostEqual(books, ledger, msg="the books have the overdraft too")

    # ------------------------------------------- what the server tells the till (no browser)

    def _coop_available(self, user, person, **context):
        Partner = self.env["res.partner"].with_user(user).with_context(**context)
        return Partner.coop_pos_cashback_available(person.id, self.main_pos_config.id)

    def test_cashier_is_told_the_cashback_in_the_ledger_now(self):
        kira = self._coop_person_with_books("Coop Kira", "+7 900 111-22-92", 300.0)
        cashier = self._coop_user(
            "coop_till_cashier", "point_of_sale.group_pos_user,coop_membership.group_cashier"
        )
        company = self.main_pos_config.company_id
        result = self._coop_available(cashier, kira)
        self.assertEqual(result["available"], 300.0)
        self.assertEqual(result["currency_id"], company.currency_id.id)
        # another till's sale, in the ledger: the next answer has it
        self.env["coop.cashback.move"]._coop_record(
            kira, "spend", -120.0, "tour:another-till", company=company, channel="pos"
        )
        self.assertEqual(self._coop_available(cashier, kira)["available"], 180.0)

    def test_cashback_is_told_only_to_a_cashier_for_a_person_of_the_till(self):
        kira = self._coop_person_with_books("Coop Kira", "+7 900 111-22-92", 300.0)
        with self.assertRaisesRegex(AccessError, "Cashier group"):
            self._coop_available(self.pos_user, kira)  # POS user without the Cashier group
        company = self.main_pos_config.company_id
        other = self.env["res.company"].create({"name": "Coop Other"})
        cashier = self._coop_user(
            "coop_till_cashier", "point_of_sale.group_pos_user,coop_membership.group_cashier"
        )
        cashier.company_ids += other
        stranger = (
            self.env["res.partner"]
            .sudo()
            .create({"name": "Coop Stranger", "company_id": other.id, "coop_state": "shopper"})
        )
        with self.assertRaises(AccessError):  # a person the cashier cannot see
            self._coop_available(cashier, stranger)
        with self.assertRaisesRegex(AccessError, "Coop Stranger is not a person of"):
            self._coop_available(cashier, stranger, allowed_company_ids=[company.id, other.id])
        plain = self.env["res.partner"].create({"name": "Coop Plain"})
        with self.assertRaisesRegex(UserError, "Coop Plain holds no cashback"):
            self._coop_available(cashier, plain)
        kira.sudo().coop_frozen = True  # as when a death is registered
        with self.assertRaisesRegex(UserError, "Coop Kira holds no cashback"):
            self._coop_available(cashier, kira)
