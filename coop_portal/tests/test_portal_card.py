from odoo.tests import tagged

from .common import CoopPortalCase


@tagged("post_install", "-at_install")
class TestPortalCard(CoopPortalCase):
    """/my/coop/card: the person's card barcode, drawn by Odoo's barcode route."""

    def test_card_barcode_and_qr(self):
        self.anna.with_company(self.company).barcode = "4600000000015"
        self.login(self.anna_user)
        doc = self.page("/my/coop/card")
        self.assertEqual(self.text(doc, "coop_card_value"), "4600000000015")
        src = doc.xpath("//img[hasclass('o_coop_card_barcode')]/@src")[0]
        self.assertTrue(src.startswith("/report/barcode/EAN13/4600000000015?"), src)
        image = self.url_open(src)
        self.assertEqual(image.headers["Content-Type"], "image/png")
        self.assertTrue(image.content.startswith(b"\x89PNG"))
        qr = doc.xpath("//img[hasclass('o_coop_card_qr')]/@src")[0]
        self.assertTrue(qr.startswith("/report/barcode/QR/4600000000015"), qr)

    def test_a_barcode_not_ean13_is_drawn_as_code128(self):
        self.boris.with_company(self.company).barcode = "C-0042"
        self.login(self.boris_user)
        src = self.page("/my/coop/card").xpath("//img[hasclass('o_coop_card_barcode')]/@src")[0]
        self.assertTrue(src.startswith("/report/barcode/Code128/C-0042?"), src)

    def test_no_card_yet(self):
        self.login(self.boris_user)
        doc = self.page("/my/coop/card")
        self.assertIn("no card yet", self.text(doc, "coop_card_none"))
        self.assertFalse(doc.xpath("//img[hasclass('o_coop_card_barcode')]"))
