import base64

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import TurnkeyCase, example, files


@tagged("post_install", "-at_install")
class TestTurnkeyApply(TurnkeyCase):
    """The example file makes a cooperative; the same file again changes nothing; a changed
    value changes only that."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.changes = cls.apply_example()

    def of_company(self, model, domain=()):
        return (
            self.env[model]
            .sudo()
            .with_context(active_test=False)
            .search([("company_id", "=", self.company.id), *domain])
        )

    def test_company_with_its_chart_and_settings(self):
        company = self.company.with_company(self.company)  # account codes are per company
        self.assertEqual(company.name, "Потребительское общество «Тест файла»")
        self.assertEqual(company.coop_legal_form, "Потребительское общество")
        self.assertEqual(
            (company.vat, company.coop_kpp, company.company_registry),
            ("3702001233", "370201001", "1023700123457"),
        )
        self.assertEqual((company.city, company.zip), ("Иваново", "153000"))
        self.assertEqual(company.currency_id, self.env.ref("base.RUB"))
        self.assertEqual(company.partner_id.lang, "ru_RU")
        self.assertEqual(company.chart_template, "ru_coop")
        self.assertEqual(company.coop_cashback_liability_account_id.code, "76.09")
        self.assertEqual(company.coop_share_fund_account_id.code, "80.01")
        self.assertEqual(company.coop_journal_id.company_id, company)
        self.assertEqual(
            (
                company.coop_cashback_hold_days,
                company.coop_cashback_expiry_days,
                company.coop_refund_days,
            ),
            (14, 365, 90),
        )
        self.assertIn(company, self.manager.company_ids, "the manager can work in it")

    def test_fee_versions_and_rules(self):
        self.assertEqual(self.fee_amount("entry_fee"), 1000)
        self.assertEqual(self.fee_amount("mandatory_share"), 500)
        rules = self.of_company("coop.cashback.rule")
        self.assertEqual(
            sorted((r.coop_state, r.channel, r.percent) for r in rules),
            [("any", "partner", 3.0), ("member", "all", 5.0), ("shopper", "all", 2.0)],
        )

    def test_store_with_its_payment_methods(self):
        pos = self.of_company("pos.config")
        self.assertEqual(pos.name, "Кооперативный магазин")
        self.assertTrue(pos.is_header_or_footer)
        self.assertIn("ул. Кооперативная, 1", pos.receipt_header)
        methods = pos.payment_method_ids
        self.assertEqual(len(methods), 3)
        cash = methods.filtered(lambda m: m.journal_id.type == "cash")
        card = methods.filtered(lambda m: m.journal_id.type == "bank")
        cashback = methods.filtered("coop_is_cashback")
        self.assertEqual((len(cash), len(card), len(cashback)), (1, 1, 1))
        self.assertTrue(cashback.split_transactions)
        self.assertFalse(cashback.journal_id)
        self.assertEqual(methods.company_id, self.company)

    def test_staff_with_the_groups_of_their_role(self):
        users = {
            user.login: user
            for user in self.env["res.users"].search([("login", "=like", "tk\\_%")])
        }
        cashier, officer = users["tk_orlova"], users["tk_belova"]
        manager, accountant = users["tk_grigoriev"], users["tk_zaitseva"]
        self.assertTrue(cashier.has_group("coop_membership.group_cashier"))
        self.assertTrue(cashier.has_group("point_of_sale.group_pos_user"))
        self.assertFalse(cashier.has_group("coop_membership.group_officer"))
        self.assertTrue(officer.has_group("coop_membership.group_officer"))
        self.assertFalse(officer.has_group("coop_membership.group_manager"))
        self.assertTrue(manager.has_group("coop_membership.group_manager"))
        self.assertTrue(accountant.has_group("account.group_account_user"))
        self.assertFalse(accountant.has_group("coop_membership.group_cashier"))
        for user in users.values():
            self.assertEqual(user.company_ids, self.company)
            self.assertEqual((user.lang, user.tz), ("ru_RU", "Europe/Moscow"))
        passwords = [line for line in self.changes if "tk_orlova" in line and "password" in line]
        self.assertEqual(len(passwords), 1, self.changes)

    def test_same_file_twice_changes_nothing(self):
        before = self.counts()
        changes = self.apply(example())
        self.assertEqual(len(changes), 1)
        self.assertIn("Unchanged", changes[0])
        self.assertEqual(self.counts(), before)

    def test_new_fee_amount_is_a_new_version_old_kept(self):
        before = self.counts()
        old = self.of_company("coop.fee.version", [("kind", "=", "entry_fee")])
        changes = self.apply(example(("amount = 1000", "amount = 1200")))
        self.assertEqual(len(changes), 1, changes)
        self.assertIn("1200", changes[0])
        after = self.counts()
        self.assertEqual(after.pop("coop.fee.version"), before.pop("coop.fee.version") + 1)
        self.assertEqual(after, before)
        self.assertEqual(old.amount, 1000, "the version in force is not edited")
        today = fields.Date.context_today(self.env.user)
        self.assertEqual(self.fee_amount("entry_fee", today), 1200)
        self.assertEqual(self.fee_amount("entry_fee", old.date_from), 1000)
        self.assertEqual(
            self.apply(example(("amount = 1000", "amount = 1200")))[0][:9], "Unchanged"
        )

    def test_store_renamed_only(self):
        pos = self.of_company("pos.config")
        before = self.counts()
        changes = self.apply(
            example(('name = "Кооперативный магазин"', 'name = "Магазин на Кооперативной"'))
        )
        self.assertEqual(len(changes), 1, changes)
        self.assertIn("Магазин на Кооперативной", changes[0])
        self.assertEqual(self.counts(), before)
        self.assertEqual(self.of_company("pos.config"), pos)
        self.assertEqual(pos.name, "Магазин на Кооперативной")

    def test_role_changed_changes_the_groups(self):
        changes = self.apply(example(('role = "cashier"', 'role = "officer"')))
        self.assertEqual(len(changes), 1, changes)
        user = self.env["res.users"].search([("login", "=", "tk_orlova")])
        self.assertTrue(user.has_group("coop_membership.group_officer"))

    def test_wizard_applies_the_uploaded_file(self):
        """The manager's wizard (Cooperative > Configuration > New cooperative) applies an
        uploaded file and shows what changed; an officer cannot open it."""
        text = example(('name = "Кооперативный магазин"', 'name = "Магазин №1"'))
        wizard = (
            self.env["coop.turnkey.wizard"]
            .with_user(self.manager)
            .create(
                {
                    "config_file": base64.b64encode(text.encode()),
                    "config_filename": "ivanovo.toml",
                    "products_file": base64.b64encode(files()["products.csv"].encode()),
                    "products_filename": "my products.csv",
                    "logo_file": base64.b64encode(files()["logo.png"]),
                }
            )
        )
        action = wizard.action_apply()
        self.assertEqual(wizard.state, "done")
        self.assertIn("Магазин №1", wizard.with_context(**action["context"]).changes)
        self.assertFalse(wizard.config_file, "the uploaded file is not kept")
        self.assertFalse(wizard.products_file, "nor the products file")
        self.assertEqual(self.of_company("pos.config").name, "Магазин №1")
        officer = new_test_user(
            self.env,
            login="coop_tk_officer",
            groups="base.group_user,coop_membership.group_officer",
        )
        with self.assertRaises(AccessError):
            self.env["coop.turnkey.wizard"].with_user(officer).create({"config_file": b"eA=="})
