from urllib.parse import unquote, urlparse

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import CoopPortalCase

CARD = "4600000000015"


@tagged("post_install", "-at_install")
class TestPortalTourCard(CoopPortalCase):
    """In a phone-sized browser: the card page shows the barcode and the QR code, registers
    its service worker, and the card page is kept in the user's cache (tour coop_portal_card)."""

    browser_size = "390x844"

    def test_the_card_is_kept_offline_on_a_phone(self):
        self.anna.with_company(self.company).barcode = CARD
        self.start_tour("/my/coop/card", "coop_portal_card", login=self.anna_user.login)
        # what the browser kept is the page the server sends to this user: their card only
        self.login(self.anna_user)
        doc = self.page("/my/coop/card")
        self.assertEqual(self.text(doc, "coop_card_value"), CARD)
        script = doc.xpath("//script[@id='coop_card_offline']")[0]
        self.assertEqual(script.get("data-uid"), str(self.anna_user.id))
        worker = self.url_open(f"/my/coop/card/sw.js?uid={self.anna_user.id}")
        self.assertEqual(worker.headers["Service-Worker-Allowed"], "/my/coop/card")
        self.assertNotIn(CARD, self.url_open("/my/coop/card/sw.js").text)
        # the same user logs out: the browser is told to drop the card it kept
        response = self.url_open("/web/session/logout", allow_redirects=False)
        self.assertEqual(response.headers.get("Clear-Site-Data"), '"cache", "storage"')
        # logged out, the card page sends to the login page (the worker then empties the cache)
        response = self.url_open("/my/coop/card", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])


@tagged("post_install", "-at_install")
class TestPortalCardAtTheTill(CoopPortalCase):
    """The card the page shows is the card the till finds: the value drawn on the page is what
    the till's scan looks up (coop_cashback's ProductScreen.coopCardHolder: a card not loaded
    is searched by ``coop_lookup`` and ``barcode``, as the cashier), and it finds the person."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.till = new_test_user(
            cls.env,
            login="coop_t_till",
            groups="base.group_user,point_of_sale.group_pos_user,coop_membership.group_cashier",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    def card_on_the_page(self, user):
        """The value the page writes, and those its barcode and QR images draw."""
        self.login(user)
        doc = self.page("/my/coop/card")
        drawn = [
            unquote(urlparse(src).path.rsplit("/", 1)[1])
            for src in doc.xpath("//img[hasclass('o_coop_card_barcode')]/@src")
            + doc.xpath("//img[hasclass('o_coop_card_qr')]/@src")
        ]
        return self.text(doc, "coop_card_value"), drawn

    def scan(self, code):
        """What the till's scan of ``code`` finds, as the cashier (coopCardHolder's search)."""
        People = self.env["res.partner"].with_user(self.till).with_company(self.company)
        found = People.search_read(
            [("coop_lookup", "=", code), ("barcode", "=", code)], ["id"], limit=1
        )
        return [row["id"] for row in found]

    def test_the_till_finds_the_person_by_the_card_on_the_page(self):
        for person, user, code in (
            (self.anna, self.anna_user, CARD),  # EAN-13, the cooperative's range
            (self.boris, self.boris_user, "C-0042"),  # a card of another kind: Code128
        ):
            person.with_company(self.company).barcode = code
            value, drawn = self.card_on_the_page(user)
            self.assertEqual(value, code)
            self.assertEqual(drawn, [code, code], "the barcode and QR draw the card's value")
            self.assertEqual(self.scan(value), person.ids, f"the till's scan of {value}")
