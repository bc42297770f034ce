import re
from datetime import date

from lxml import html

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user

from odoo.addons.coop_membership.tests.common import CoopCase


class CoopPortalCase(CoopCase, HttpCase):
    """A cooperative of its own (CoopCase: company, fee versions, one user per role), two
    registered people with portal users (password = login) and cashback in the books."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.coop_cashback_hold_days = 14
        cls.Move = cls.env["coop.cashback.move"].with_company(cls.company)
        cls.anna, cls.anna_user = cls._coop_portal_person("+7 900 100-00-01", "Анна Смирнова")
        cls.boris, cls.boris_user = cls._coop_portal_person("+7 900 100-00-02", "Борис Кузнецов")
        cls._coop_cashback(cls.anna, [(120.0, date(2026, 1, 10)), (80.5, date(2026, 2, 3))])
        cls._coop_cashback(cls.boris, [(7.25, date(2026, 2, 4))])

    @classmethod
    def _coop_portal_person(cls, phone, name, company=None, cashier=None):
        """A shopper registered at the till (consents to processing and advertising) and
        their portal user."""
        company = company or cls.company
        People = cls.env["res.partner"].with_user(cashier or cls.cashier).with_company(company)
        result = People.coop_register_shopper(
            {"phone": phone, "name": name, "consent_processing": True, "consent_marketing": True}
        )
        person = cls.env["res.partner"].browse(result["partner_id"])
        return person, cls._coop_portal_user(person, company)

    @classmethod
    def _coop_portal_user(cls, person, company=None):
        company = company or cls.company
        login = f"coop_portal_{person.id}"
        return new_test_user(
            cls.env,
            login=login,
            groups="base.group_portal",
            partner_id=person.id,
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    @classmethod
    def _coop_cashback(cls, person, entries, kind="adjustment"):
        """Credits of ``[(amount, date)]``, posted in the books as the manager's adjustments
        are (an accrual's source is a till's order: ``kind="accrual"`` leaves the entries
        without one, for what only accruals have, the hold period)."""
        moves = cls.Move.browse()
        for amount, on in entries:
            moves |= cls.Move._coop_record(
                person,
                kind,
                amount,
                f"test:{person.id}:{on}:{amount}",
                date=on,
                reason=f"Credit of {on}",
            )
        ref = "test cashback"
        person.company_id._coop_post_cashback_moves(moves, ref=ref, date=max(c[1] for c in entries))
        return moves

    # ------------------------------------------------------------------ the books

    def cashback_owed(self, person):
        """What the cooperative owes the person in cashback, from the liability account."""
        account = person.company_id.coop_cashback_liability_account_id
        return -self.balance(account, person)

    def cashback_earned(self, person):
        moves = self.env["coop.cashback.move"].search(
            [("partner_id", "=", person.id), ("kind", "=", "accrual")]
        )
        return sum(moves.mapped("amount"))

    def cashback_on_hold(self, person):
        today = fields.Date.context_today(person)
        moves = self.env["coop.cashback.move"].search(
            [
                ("partner_id", "=", person.id),
                ("kind", "=", "accrual"),
                ("available_date", ">", today),
            ]
        )
        return sum(moves.mapped("amount"))

    def assert_books_hold(self):
        Check = self.env["coop.cashback.check"].with_user(self.manager)
        result = Check.with_company(self.company).coop_invariants()
        self.assertTrue(result["ok"], result["problems"])

    # ------------------------------------------------------------------ the pages

    def login(self, user):
        self.authenticate(user.login, user.login)

    def page(self, url, status=200):
        response = self.url_open(url, allow_redirects=False)
        self.assertEqual(response.status_code, status, f"{url}: {response.text[:500]}")
        return html.fromstring(response.text) if response.text.strip() else None

    @staticmethod
    def page_of(response):
        return html.fromstring(response.text)

    def text(self, doc, element_id):
        found = doc.xpath(f"//*[@id='{element_id}']")
        self.assertTrue(found, f"no #{element_id} on the page")
        return " ".join(found[0].text_content().split())

    def csrf(self, doc):
        return doc.xpath("//input[@name='csrf_token']/@value")[0]

    @staticmethod
    def money(amount):
        """How the page writes an amount in English (the number, without the symbol)."""
        return f"{amount:,.2f}"

    @staticmethod
    def numbers(text):
        return re.findall(r"-?[\d,]+\.\d\d", text)
