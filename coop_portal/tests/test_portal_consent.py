from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CoopPortalCase


@tagged("post_install", "-at_install")
class TestPortalConsent(CoopPortalCase):
    """Consents on the page: given or withdrawn by the person, recorded as the desk records
    them, with the channel "portal"."""

    def post_consent(self, kind, given):
        doc = self.page("/my/coop")
        return self.url_open(
            "/my/coop/consent",
            data={"kind": kind, "given": given, "csrf_token": self.csrf(doc)},
            allow_redirects=False,
        )

    def test_withdraw_advertising(self):
        self.login(self.anna_user)
        doc = self.page("/my/coop")
        self.assertIn("Given on", self.text(doc, "coop_consent_marketing"))
        response = self.post_consent("marketing", "0")
        self.assertEqual(response.status_code, 303)
        self.assertIn("/my/coop", response.headers["Location"])
        latest = self.anna.coop_consent_ids.filtered(lambda c: c.kind == "marketing")[:1]
        self.assertFalse(latest.given)
        self.assertEqual(latest.channel, "portal")
        self.assertEqual(latest.user_id, self.anna_user)
        self.assertEqual(latest.text_version, self.company.coop_consent_text_version or "1")
        self.assertEqual(latest.company_id, self.company)
        self.anna.invalidate_recordset()
        self.assertFalse(self.anna.coop_consent_marketing)
        self.assertTrue(self.anna.coop_consent_processing)  # the others stay
        doc = self.page("/my/coop?consent=saved")
        self.assertIn("Withdrawn on", self.text(doc, "coop_consent_marketing"))
        # the same again records nothing new (as at the desk)
        count = len(self.anna.coop_consent_ids)
        self.post_consent("marketing", "0")
        self.assertEqual(len(self.anna.coop_consent_ids), count)

    def test_give_transfer_to_partner_businesses(self):
        self.login(self.boris_user)
        self.post_consent("partner_transfer", "1")
        self.boris.invalidate_recordset()
        self.assertTrue(self.boris.coop_consent_partner_transfer)
        latest = self.boris.coop_consent_ids.filtered(lambda c: c.kind == "partner_transfer")
        self.assertEqual((latest.given, latest.channel), (True, "portal"))
        self.assertFalse(self.anna.coop_consent_ids.filtered(lambda c: c.channel == "portal"))

    def test_refused_without_csrf_or_for_processing(self):
        self.login(self.anna_user)
        with mute_logger("odoo.http"):  # Odoo warns of the missing token
            response = self.url_open("/my/coop/consent", data={"kind": "marketing", "given": "0"})
        self.assertEqual(response.status_code, 400)
        response = self.post_consent("processing", "0")
        self.assertEqual(response.status_code, 404)
        self.anna.invalidate_recordset()
        self.assertTrue(self.anna.coop_consent_marketing)
        self.assertTrue(self.anna.coop_consent_processing)
