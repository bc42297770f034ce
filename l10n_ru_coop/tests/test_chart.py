from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestRussianCoopChart(TransactionCase):
    """A new cooperative in Russia gets the Russian chart, in roubles, with the coop accounts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create(
            {"name": "ПО «Тест»", "country_id": cls.env.ref("base.ru").id}
        )
        cls.env["account.chart.template"].try_loading("ru_coop", cls.company, install_demo=False)

    def account(self, code):
        return (
            self.env["account.account"]
            .with_company(self.company)
            .search([("company_ids", "in", self.company.id), ("code", "=", code)])
        )

    def test_company_keeps_books_in_rubles_in_russia(self):
        self.assertEqual(self.company.chart_template, "ru_coop")
        self.assertEqual(self.company.currency_id, self.env.ref("base.RUB"))
        self.assertEqual(self.company.account_fiscal_country_id, self.env.ref("base.ru"))

    def test_cooperative_accounts_have_the_right_nature(self):
        expected = {
            "75.01": "asset_receivable",  # members' share contributions due
            "75.03": "liability_payable",  # share refunds payable
            "76.09": "liability_current",  # cashback owed to people
            "80.01": "equity",  # share fund
            "86.01": "equity",  # entry fees (targeted receipts)
            "90.01": "income",
            "99.01": "equity_unaffected",
        }
        for code, account_type in expected.items():
            account = self.account(code)
            self.assertEqual(len(account), 1, f"account {code} exists once")
            self.assertEqual(account.account_type, account_type, code)
        self.assertTrue(self.account("75.01").reconcile)

    def test_customers_suppliers_and_till_use_russian_accounts(self):
        partner = self.env["res.partner"].with_company(self.company).create({"name": "Покупатель"})
        self.assertEqual(partner.property_account_receivable_id, self.account("62.01"))
        self.assertEqual(partner.property_account_payable_id, self.account("60.01"))
        self.assertEqual(
            self.company.account_default_pos_receivable_account_id, self.account("62.04")
        )

    def test_new_bank_and_cash_journals_get_accounts_51_and_50(self):
        journals = self.env["account.journal"].with_company(self.company)
        bank = journals.create(
            {"name": "Сбербанк", "type": "bank", "code": "SBR", "company_id": self.company.id}
        )
        cash = journals.create(
            {"name": "Касса 2", "type": "cash", "code": "CS2", "company_id": self.company.id}
        )
        self.assertRegex(bank.default_account_id.code, r"^51\.\d\d$")
        self.assertRegex(cash.default_account_id.code, r"^50\.\d\d$")

    def test_vat_taxes_are_included_in_price_and_post_to_68_02(self):
        tax = self.env["account.tax"].search(
            [
                ("company_id", "=", self.company.id),
                ("type_tax_use", "=", "sale"),
                ("amount", "=", 20.0),
            ]
        )
        self.assertEqual(len(tax), 1)
        self.assertEqual(tax.price_include_override, "tax_included")
        result = tax.compute_all(120.0)
        self.assertAlmostEqual(result["total_excluded"], 100.0)
        self.assertEqual(result["taxes"][0]["account_id"], self.account("68.02").id)
