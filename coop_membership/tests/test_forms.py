import io
from datetime import date

import openpyxl
from lxml import etree

from odoo.exceptions import AccessDenied, ValidationError
from odoo.tests import Form, TransactionCase, tagged

from .common import CoopCase

NBSP = "\N{NO-BREAK SPACE}"


@tagged("post_install", "-at_install")
class TestContributionForm(CoopCase):
    """The fee or share form and list as an officer uses them."""

    def setUp(self):
        super().setUp()
        self.person, _result = self.register("+7 900 555-66-77", name="Иван Петров")
        self.admit(self.apply(self.person))
        self.Contribution = self.as_user(self.officer, "coop.contribution")

    def test_the_amount_in_force_is_filled_in_with_the_kind(self):
        with Form(self.Contribution) as form:
            form.partner_id = self.person
            form.date = date(2026, 7, 1)
            form.kind = "entry_fee"
            self.assertEqual(form.amount, 1500)  # the version in force from 2026-06-01
            form.date = date(2026, 5, 31)
            self.assertEqual(form.amount, 1000)
            form.kind = "mandatory_share"
            self.assertEqual(form.amount, 500)
            form.kind = "additional_share"
            form.amount = 2000
            form.date = date(2026, 8, 1)
            self.assertEqual(form.amount, 2000, "an additional share's amount is the member's")
            form.kind = "mandatory_share"
            form.payment_journal_id = self.cash
        share = form.record
        share.action_post()
        self.assertEqual((share.amount, share.state), (500, "paid"))

    def test_no_amount_in_force_is_a_warning_naming_the_kind(self):
        with Form(self.Contribution) as form:
            form.partner_id = self.person
            form.kind = "additional_share"
            form.amount = 100
            form.date = date(2019, 12, 31)  # before any general meeting's decision
            with self.assertLogs("odoo.tests.form.onchange", "WARNING") as logs:
                form.kind = "entry_fee"
            self.assertIn("No amount in force", logs.output[0])
            self.assertIn("No entry fee amount is in force", logs.output[0])
            self.assertEqual(form.amount, 100, "nothing in force: the amount stays as typed")
            form.kind = "additional_share"

    def test_title_is_kind_person_and_date_in_the_readers_language(self):
        fee = self.Contribution.create(
            {"partner_id": self.person.id, "kind": "entry_fee", "amount": 1000,
             "date": date(2026, 3, 25)}
        )  # fmt: skip
        self.assertEqual(fee.display_name, "Entry fee — Иван Петров — 03/25/2026")
        self.env["res.lang"]._activate_lang("ru_RU")
        self.assertTrue(fee.with_context(lang="ru_RU").display_name.endswith(" — 25.03.2026"))
        self.assertEqual(self.Contribution.new({}).display_name, "")
        self.assertIn(fee, self.Contribution.search([("name", "ilike", "Иван Петров")]))

    def test_errors_write_amounts_and_dates_as_the_reader_does(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        fee = self.Contribution.with_context(lang="ru_RU").create(
            {"partner_id": self.person.id, "kind": "entry_fee", "amount": 1000,
             "date": date(2026, 11, 30), "payment_journal_id": self.cash.id}
        )  # fmt: skip
        with self.assertRaises(ValidationError) as caught:
            fee.action_post()
        message = str(caught.exception)
        symbol = self.rub.symbol
        self.assertIn(f"1{NBSP}000,00{NBSP}{symbol}", message)  # what was typed
        self.assertIn(f"1{NBSP}500,00{NBSP}{symbol}", message)  # what the meeting set
        self.assertIn("30.11.2026", message)
        self.assertIn("Иван Петров", message)
        self.assertNotIn("2026-11-30", message)
        self.assertNotIn("1000.0", message)

    def test_the_list_totals_by_kind_only(self):
        self.contribute(self.person, "entry_fee", 1000, date(2026, 3, 25))
        self.contribute(self.person, "mandatory_share", 500, date(2026, 3, 26))
        other = self.make_member("+7 900 555-66-88")
        domain = [("partner_id", "in", (self.person | other).ids)]
        by_kind = self.Contribution.web_read_group(domain, ["amount:sum"], ["kind"])["groups"]
        self.assertEqual(
            {g["kind"]: g["amount"] for g in by_kind}, {"entry_fee": 2000, "mandatory_share": 1000}
        )
        # grouped otherwise, a group mixing fees and shares shows no total
        by_person = self.Contribution.web_read_group(domain, ["amount:sum"], ["partner_id"])
        self.assertEqual(len(by_person["groups"]), 2)
        self.assertFalse([g for g in by_person["groups"] if "amount" in g])
        # ... unless the search keeps one kind: the entry fees of each person
        fees = self.Contribution.web_read_group(
            [*domain, ("kind", "=", "entry_fee")], ["amount:sum"], ["partner_id"]
        )["groups"]
        self.assertEqual([g["amount"] for g in fees], [1000, 1000])
        # the list has no grand total; the menu's list opens grouped by kind
        views = self.Contribution.get_views([(False, "list")])
        amount = etree.fromstring(views["views"]["list"]["arch"]).find(".//field[@name='amount']")
        self.assertIsNone(amount.get("sum"))
        action = self.env.ref("coop_membership.coop_contribution_action")
        self.assertIn("'search_default_groupby_kind': 1", action.context)


@tagged("post_install", "-at_install")
class TestRegisterAddress(CoopCase):
    """The member register's address: the place of residence from the application."""

    def test_the_register_shows_the_residence_of_the_application(self):
        member = self.make_member("+7 900 777-88-99")
        member.write({"street": "ул. Почтовая, 9", "city": "Шуя", "zip": "155900"})
        app = member.coop_application_ids
        self.assertEqual(app.residence, "Иваново, ул. Ленина, 1")
        People = self.as_user(self.officer, "res.partner")
        self.assertEqual(People.browse(member.id)._coop_register_address(), app.residence)
        html, _kind = self.as_user(self.officer, "ir.actions.report")._render_qweb_html(
            "coop_membership.report_coop_member_register", member.ids
        )
        self.assertIn("Иваново, ул. Ленина, 1", html.decode())
        self.assertNotIn("Почтовая", html.decode())
        content = People.browse(member.id)._coop_member_register_xlsx()
        cells = openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)
        self.assertIn("Иваново, ул. Ленина, 1", [value for row in cells for value in row])

    def test_without_a_residence_the_contact_address(self):
        company = self.env["res.partner"].create(
            {"name": "ООО «Ромашка»", "is_company": True, "company_id": self.company.id,
             "street": "ул. Садовая, 3", "city": "Иваново"}
        )  # fmt: skip
        self.assertEqual(company._coop_register_address(), "ул. Садовая, 3, Иваново")


@tagged("post_install", "-at_install")
class TestDemoStaff(TransactionCase):
    """The demo cooperative's staff: one user per role, password = login (README), each with
    their role's groups and nothing more; in a database without demo data, none of them."""

    ROLES = {
        "cashier": "coop_membership.group_cashier",
        "officer": "coop_membership.group_officer",
        "manager": "coop_membership.group_manager",
        "accountant": "account.group_account_user",
    }

    def test_demo_staff(self):
        demo = self.env["ir.module.module"]._get("coop_membership").demo
        users = {
            login: self.env.ref(f"coop_membership.user_{login}_demo", raise_if_not_found=False)
            for login in self.ROLES
        }
        if not demo:
            self.assertFalse(any(users.values()), "no demo staff in a database without demo")
            return
        for login, group in self.ROLES.items():
            user = users[login]
            self.assertEqual(user.login, login)
            self.assertTrue(user.has_group(group), login)
            self.assertEqual(user.company_id, self.env.ref("base.main_company"))
            self.assertFalse(user.has_group("base.group_system"), login)
            user.with_user(user)._check_credentials(
                {"type": "password", "login": login, "password": login}, {"interactive": False}
            )
            with self.assertRaises(AccessDenied):
                user.with_user(user)._check_credentials(
                    {"type": "password", "login": login, "password": "admin"},
                    {"interactive": False},
                )
        self.assertFalse(users["cashier"].has_group("coop_membership.group_officer"))
        self.assertFalse(users["officer"].has_group("coop_membership.group_manager"))
        self.assertFalse(users["accountant"].has_group("coop_membership.group_cashier"))
        admin = self.env.ref("base.user_admin")
        self.assertTrue(admin.has_group("base.group_system"))
        self.assertTrue(admin.has_group("coop_membership.group_manager"))

    def test_demo_cashier_sees_phones_masked(self):
        cashier = self.env.ref("coop_membership.user_cashier_demo", raise_if_not_found=False)
        officer = self.env.ref("coop_membership.user_officer_demo", raise_if_not_found=False)
        if not cashier:
            self.assertFalse(self.env["ir.module.module"]._get("coop_membership").demo)
            return
        anna = self.env["res.partner"].search(
            [("coop_phone_normalized", "=", "+79100000001")], limit=1
        )
        self.assertTrue(anna, "the demo shopper Смирнова Анна")
        seen = anna.with_user(cashier).read(["phone"])[0]["phone"]
        self.assertNotIn("000-00-01", seen)
        self.assertNotEqual(seen, anna.phone)
        self.assertEqual(anna.with_user(officer).read(["phone"])[0]["phone"], anna.phone)
