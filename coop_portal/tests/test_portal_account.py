from odoo.tests import tagged

from .common import CoopPortalCase


@tagged("post_install", "-at_install")
class TestPortalAccount(CoopPortalCase):
    """/my/account (Odoo's details form): a registered person's phone changes at the desk."""

    def post_details(self, phone):
        doc = self.page("/my/account")
        data = {
            "csrf_token": self.csrf(doc),
            "name": self.anna.name,
            "phone": phone,
            "email": "anna@example.com",
            "street": "ул. Ленина, 1",
            "city": "Иваново",
            "country_id": str(self.env.ref("base.ru").id),
        }
        return self.url_open("/my/account", data=data, allow_redirects=False)

    def test_the_phone_is_kept(self):
        self.login(self.anna_user)
        response = self.post_details("+7 900 555-55-55")
        self.assertEqual(response.status_code, 200)  # the form again, with the error
        self.assertIn("ask at the desk", response.text)
        self.anna.invalidate_recordset()
        self.assertEqual(self.anna.coop_phone_normalized, "+79001000001")
        self.assertNotEqual(self.anna.email, "anna@example.com")  # nothing written

    def test_the_same_phone_in_another_form_is_accepted(self):
        self.login(self.anna_user)
        response = self.post_details("89001000001")
        self.assertEqual(response.status_code, 303)
        self.anna.invalidate_recordset()
        self.assertEqual(self.anna.email, "anna@example.com")
        self.assertEqual(self.anna.coop_phone_normalized, "+79001000001")
