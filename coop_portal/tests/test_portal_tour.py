from odoo.tests import tagged

from .common import CoopPortalCase


@tagged("post_install", "-at_install")
class TestPortalTour(CoopPortalCase):
    """In a phone-sized browser: a shopper logs in, sees the balance, withdraws advertising
    consent, applies for membership."""

    browser_size = "390x844"

    def test_shopper_withdraws_advertising_on_a_phone(self):
        self.start_tour("/my", "coop_portal_consent", login=self.anna_user.login)
        self.anna.invalidate_recordset()
        self.assertFalse(self.anna.coop_consent_marketing)
        latest = self.anna.coop_consent_ids.filtered(lambda c: c.kind == "marketing")[:1]
        self.assertEqual((latest.given, latest.channel), (False, "portal"))
        self.assertEqual(latest.user_id, self.anna_user)
        app = self.anna.coop_application_ids
        self.assertEqual(len(app), 1)
        self.assertEqual(
            (app.state, app.birthdate.isoformat(), app.residence),
            ("submitted", "1980-05-17", "Иваново, ул. Ленина, 1"),
        )
        self.assertEqual(self.anna.coop_state, "applicant")
