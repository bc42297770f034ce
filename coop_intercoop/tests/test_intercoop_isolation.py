from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ANNA_PHONE, IntercoopCase


@tagged("post_install", "-at_install")
class TestIntercoopIsolation(IntercoopCase):
    """Each cooperative's staff and partner API users see their own people and ledger only,
    though B serves A's people."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Agreement = cls.env["coop.partner.agreement"]
        cls.api_users = {}
        for company, manager, login in (
            (cls.company_a, cls.manager_a, "coop_ic_api_a"),
            (cls.company_b, cls.manager, "coop_ic_api_b"),
        ):
            shop = cls.env["res.partner"].create(
                {"name": f"Shop {login}", "is_company": True, "company_id": company.id}
            )
            agreement = Agreement.with_user(manager).create(
                {"partner_id": shop.id, "company_id": company.id,
                 "cashback_mode": "percent", "cashback_percent": 3.0}
            )  # fmt: skip
            user_id = agreement.coop_create_api_user(login, password="ic-api-password")["user_id"]
            cls.api_users[company] = cls.env["res.users"].browse(user_id)
        cls.guest_contact = cls.env["res.partner"].browse(
            cls.env["res.partner"]
            .with_user(cls.cashier)
            .coop_intercoop_guest(ANNA_PHONE, cls.config.id, cls.agreement.id)
        )
        cls.env["coop.cashback.check"].with_user(cls.manager_a).coop_adjust(
            cls.anna.id, 50.0, "Welcome"
        )

    def staff(self):
        """{company: its users} of each cooperative"""
        return {
            self.company_a: (self.cashier_a, self.officer_a, self.manager_a),
            self.company_b: (self.cashier, self.officer_b, self.manager),
        }

    def people(self):
        return {self.company_a: self.anna, self.company_b: self.person | self.guest_contact}

    def test_staff_see_their_own_people_only(self):
        for company, users in self.staff().items():
            other = next(c for c in self.people() if c != company)
            for user in users:
                Partner = self.env["res.partner"].with_user(user)
                own = Partner.search([("id", "in", self.people()[company].ids)])
                self.assertEqual(own, self.people()[company], user.login)
                theirs = self.people()[other]
                self.assertFalse(Partner.search([("id", "in", theirs.ids)]), user.login)
                with self.assertRaises(AccessError, msg=user.login):
                    theirs.with_user(user).read(["name"])

    def test_staff_see_their_own_ledger_only(self):
        Move = self.env["coop.cashback.move"]
        ledger_a = Move.sudo().search([("company_id", "=", self.company_a.id)])
        self.assertTrue(ledger_a)
        for company, users in self.staff().items():
            for user in users:
                seen = Move.with_user(user).search([])
                self.assertEqual(set(seen.mapped("company_id")) - {company}, set(), user.login)
                if company == self.company_b:
                    self.assertFalse(Move.with_user(user).search([("id", "in", ledger_a.ids)]))
                    with self.assertRaises(AccessError, msg=user.login):
                        ledger_a.with_user(user).read(["amount"])

    def test_the_tills_search_of_each_cooperative_finds_its_own(self):
        self.assertEqual(self.lookup(ANNA_PHONE), self.guest_contact)
        self.assertEqual(self.lookup(ANNA_PHONE, user=self.cashier_a), self.anna)
        self.assertFalse(self.lookup("89001112233", user=self.cashier_a))  # B's person

    def test_partner_api_users_match_and_see_their_own_cooperatives_people_only(self):
        for company, person, stranger in (
            (self.company_a, self.anna, "89001112233"),
            (self.company_b, self.person, ANNA_PHONE),
        ):
            user = self.api_users[company]
            Txn = self.env["coop.partner.transaction"].with_user(user)
            own = {"external_id": "OWN", "member_ref": person.phone, "amount": 100,
                   "date": "2026-11-20"}  # fmt: skip
            other = {"external_id": "OTHER", "member_ref": stranger, "amount": 100,
                     "date": "2026-11-20"}  # fmt: skip
            answers = Txn.import_transactions([own, other])
            self.assertEqual([a["status"] for a in answers], ["created", "unmatched"], user.login)
            # an API user reads no people and no ledger at all, of either cooperative
            with self.assertRaises(AccessError):
                self.env["res.partner"].with_user(user).search([])
            with self.assertRaises(AccessError):
                self.env["coop.cashback.move"].with_user(user).search([])
            self.assertEqual(
                self.env["coop.partner.transaction"].with_user(user).search([]).company_id,
                company,
            )
