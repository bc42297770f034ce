import json

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CoopPortalCase

ROUTES = ["/my/coop", "/my/coop/ledger", "/my/coop/card", "/my/coop/statement"]


@tagged("post_install", "-at_install")
class TestPortalAccess(CoopPortalCase):
    """Each route shows the logged-in person's own figures only; ids in the URL are never
    used; logged out, every route asks to log in."""

    def download_personal_data(self):
        """The page's button: a POST with the page's CSRF token."""
        token = self.csrf(self.page("/my/coop"))
        return self.url_open("/my/coop/personal-data", data={"csrf_token": token})

    def test_logged_out_goes_to_the_login_page(self):
        for url in ROUTES:
            response = self.url_open(url, allow_redirects=False)
            self.assertIn(response.status_code, (302, 303), url)
            self.assertIn("/web/login", response.headers["Location"], url)
        response = self.url_open(
            "/my/coop/consent", data={"kind": "marketing", "given": "0"}, allow_redirects=False
        )
        self.assertIn(response.status_code, (303, 400))
        self.assertEqual(self.anna.coop_consent_marketing, True)
        response = self.url_open(
            "/my/coop/personal-data", data={"csrf_token": "none"}, allow_redirects=False
        )
        self.assertIn(response.status_code, (303, 400))
        self.assertNotIn("application/json", response.headers.get("Content-Type", ""))

    def test_another_person_sees_only_their_own(self):
        self.login(self.boris_user)
        doc = self.page(f"/my/coop?partner_id={self.anna.id}")
        self.assertIn(
            self.money(self.cashback_owed(self.boris)), self.text(doc, "coop_cashback_available")
        )
        self.assertNotIn(self.anna.name, doc.text_content())
        self.assertNotIn(self.money(200.5), doc.text_content())
        ledger = self.page(f"/my/coop/ledger?partner_id={self.anna.id}")
        shown = {int(x) for x in ledger.xpath("//tr[hasclass('o_coop_ledger_line')]/@data-id")}
        self.assertEqual(shown, set(self.boris.coop_cashback_move_ids.ids))
        statement = self.url_open(f"/my/coop/statement?id={self.anna.id}")
        self.assertEqual(statement.status_code, 200)
        self.assertIn(self.boris.name, statement.text)
        self.assertNotIn(self.anna.name, statement.text)
        data = self.download_personal_data().json()
        self.assertEqual(data["person"]["name"], self.boris.name)
        self.assertEqual([m["amount"] for m in data["cashback_ledger"]], [7.25])

    def test_personal_data_is_the_persons_and_noted(self):
        self.login(self.anna_user)
        # a link from anywhere (a GET) downloads nothing and notes nothing
        self.assertEqual(self.url_open("/my/coop/personal-data").status_code, 405)
        response = self.download_personal_data()
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        data = json.loads(response.content)
        self.assertEqual(data["person"]["name"], self.anna.name)
        self.assertEqual(sorted(m["amount"] for m in data["cashback_ledger"]), [80.5, 120.0])
        self.assertEqual(
            {c["kind"] for c in data["consents"]},
            {"Processing of personal data", "Advertising messages"},
        )
        notes = self.anna.message_ids.filtered(
            lambda m: "downloaded by the person" in (m.body or "")
        )
        self.assertEqual(len(notes), 1)

    def test_statement_is_the_persons(self):
        member = self.make_member("+7 900 100-00-07")
        self.login(self._coop_portal_user(member))
        response = self.url_open("/my/coop/statement")
        self.assertEqual(response.status_code, 200)
        self.assertIn(member.coop_member_number, response.text)
        self.assertIn("Member statement", response.text)
        self.assertIn(self.money(500), response.text)  # the share capital

    def test_record_rules_keep_portal_users_to_their_own(self):
        Move = self.env["coop.cashback.move"].with_user(self.boris_user)
        self.assertFalse(Move.search([("partner_id", "=", self.anna.id)]))
        self.assertEqual(Move.search([]).partner_id, self.boris)
        anna_move = self.anna.coop_cashback_move_ids[:1]
        with self.assertRaises(AccessError):
            anna_move.with_user(self.boris_user).read(["amount"])
        Consent = self.env["coop.consent"].with_user(self.boris_user)
        self.assertEqual(Consent.search([]).partner_id, self.boris)
        with self.assertRaises(AccessError):
            Consent.create(
                {"partner_id": self.boris.id, "kind": "marketing", "text_version": "1"}
                | {"channel": "portal"}
            )
        with self.assertRaises(AccessError):
            self.boris.coop_cashback_move_ids.with_user(self.boris_user).unlink()

    def test_a_portal_user_of_another_cooperative(self):
        other = self._coop_company("ПО «Другое»")
        cashier = self._coop_user("coop_t_cashier_2", "coop_membership.group_cashier", other)
        person, user = self._coop_portal_person("+7 900 100-00-01", "Анна Другая", other, cashier)
        self.assertNotEqual(person, self.anna)  # same phone, another cooperative
        self.login(user)
        doc = self.page("/my/coop")
        self.assertIn(self.money(0), self.text(doc, "coop_cashback_available"))
        self.assertNotIn(self.money(200.5), doc.text_content())
        self.assertFalse(self.page("/my/coop/ledger").xpath("//tr[hasclass('o_coop_ledger_line')]"))
        Move = self.env["coop.cashback.move"].with_user(user)
        self.assertFalse(Move.search([]))
