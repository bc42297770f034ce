import re

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.auth_signup.models.res_partner import SignupError

from .common import CoopPortalCase
from .test_portal_phone_login import TestPortalPhoneLogin

OWN_PHONE = "must be the phone of the user's own contact"


@tagged("post_install", "-at_install")
class TestPortalPhoneGuard(CoopPortalCase):
    """A phone at the "reset password" page gets one answer, whoever it is (no name, no "no
    account"); nobody takes a member's phone as their login (one neutral refusal)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vera, _user = cls._coop_portal_person("+7 900 100-00-41", "Вера Тайная")
        cls.vera.sudo().user_ids.unlink()
        cls.vera_user = cls._coop_phone_user(cls.vera, "89001000041")
        cls.gleb, _user = cls._coop_portal_person("+7 900 100-00-42", "Глеб Почтовый")
        cls.gleb.sudo().user_ids.unlink()
        cls.gleb_user = cls._coop_phone_user(cls.gleb, "89001000042")
        cls.gleb.sudo().email = "gleb@example.com"
        cls.vera.sudo().email = False
        cls.env["ir.config_parameter"].sudo().set_param("auth_signup.reset_password", True)
        cls.env["ir.config_parameter"].sudo().set_param("auth_signup.invitation_scope", "b2c")

    _coop_phone_user = classmethod(TestPortalPhoneLogin._coop_phone_user.__func__)

    def _reset_page(self, login):
        self.env.flush_all()
        page = self.url_open("/web/reset_password")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        return self.url_open("/web/reset_password", data={"login": login, "csrf_token": token}).text

    def test_every_phone_gets_the_same_answer_at_the_reset_page(self):
        self.assertFalse(self.vera_user.email)
        answers = {}
        for typed in ("8 (900) 100-00-41", "+7 900 100-00-42", "8 900 100-00-49"):
            text = self._reset_page(typed)
            self.assertIn("Password reset instructions sent", text, typed)
            self.assertNotIn("alert-danger", text, typed)
            for name in ("Вера", "Тайная", "Глеб", "No account", "no email"):
                self.assertNotIn(name, text, typed)
            answers[typed] = "Password reset instructions sent" in text
        self.assertEqual(set(answers.values()), {True})
        # an e-mail login keeps Odoo's answers
        with self.assertRaisesRegex(Exception, "No account found"):
            self.env["res.users"].sudo().reset_password("nobody@example.com")

    def test_a_public_sign_up_cannot_take_a_member_s_phone(self):
        Users = self.env["res.users"].with_user(self.env.ref("base.public_user")).sudo()
        for typed in ("8 900 100-00-41", "+79001000043"):
            with self.subTest(typed=typed):
                with self.assertRaises(SignupError) as caught:
                    Users.signup({"login": typed, "name": "Вор", "password": "Thief-Pw-77"})
                self.assertIn(OWN_PHONE, str(caught.exception))
                self.assertNotIn("already", str(caught.exception))
        self.assertEqual(self.vera_user.login, "+79001000041")

    def test_an_invited_person_signs_up_with_their_own_phone_only(self):
        lida, _user = self._coop_portal_person("+7 900 100-00-44", "Лида")
        lida.sudo().user_ids.unlink()
        lida.sudo().signup_prepare()
        token = lida.sudo()._generate_signup_token()
        Users = self.env["res.users"].sudo()
        with self.assertRaises(SignupError) as caught:
            Users.signup({"login": "8 900 100-00-41", "password": "Lida-Pw-777"}, token)
        self.assertIn(OWN_PHONE, str(caught.exception))
        Users.signup({"login": "8 900 100-00-44", "password": "Lida-Pw-777"}, token)
        self.assertEqual(lida.sudo().user_ids.login, "+79001000044")

    def test_a_user_cannot_be_given_another_person_s_phone(self):
        with self.assertRaisesRegex(ValidationError, OWN_PHONE):
            self.boris_user.write({"login": "9001000041"})
        with self.assertRaisesRegex(ValidationError, OWN_PHONE):
            self.gleb_user.write({"partner_id": self.vera.id})
        self.vera_user.write({"login": "+7 (900) 100-00-41"})
        self.assertEqual(self.vera_user.login, "+79001000041")
