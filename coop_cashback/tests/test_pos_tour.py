from odoo import Command
from odoo.tests import tagged

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
        result = (
            self.env["res.partner"]
            .with_company(company)
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
