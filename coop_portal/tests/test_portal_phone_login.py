from odoo import Command
from odoo.exceptions import AccessDenied, ValidationError
from odoo.tests import new_test_user, tagged

from .common import CoopPortalCase

PASSWORD = "phone-login-Pw-7"


@tagged("post_install", "-at_install")
class TestPortalPhoneLogin(CoopPortalCase):
    """A person registered by phone only logs in with their phone typed in any usual form; one
    phone is one user's login at most; an e-mail login is left as typed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vera, _user = cls._coop_portal_person("+7 900 100-00-21", "Вера Орлова")
        cls.vera.sudo().user_ids.unlink()
        cls.vera_user = cls._coop_phone_user(cls.vera, "8 (900) 100-00-21")

    @classmethod
    def _coop_phone_user(cls, person, login):
        return new_test_user(
            cls.env,
            login=login,
            password=PASSWORD,
            groups="base.group_portal",
            partner_id=person.id,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    def _uid(self, login, password=PASSWORD):
        self.env.flush_all()
        credential = {"login": login, "password": password, "type": "password"}
        return self.env["res.users"].authenticate(self.env.cr.dbname, credential, {})["uid"]

    def test_the_login_is_kept_in_one_form_and_any_usual_form_logs_in(self):
        self.assertEqual(self.vera_user.login, "+79001000021")
        for typed in (
            "+79001000021",
            "8 900 100-00-21",
            "+7 (900) 100-00-21",
            "9001000021",
            "89001000021",
            " 8-900-100-00-21 ",
        ):
            with self.subTest(typed=typed):
                self.assertEqual(self._uid(typed), self.vera_user.id)

    def test_another_number_or_a_wrong_password_does_not_log_in(self):
        with self.assertRaises(AccessDenied):
            self._uid("8 900 100-00-22")
        with self.assertRaises(AccessDenied):
            self._uid("8 900 100-00-21", "wrong")

    def test_the_login_page_logs_a_phone_in(self):
        session = self.authenticate("8 (900) 100-00-21", PASSWORD)
        self.assertEqual(session.uid, self.vera_user.id)
        self.page("/my/coop")

    def test_a_phone_already_a_login_is_refused_to_a_second_user(self):
        gleb, _user = self._coop_portal_person("+7 900 100-00-23", "Глеб Орлов")
        gleb.sudo().user_ids.unlink()
        # another person's phone: refused without telling it is taken (whose it is)
        with self.assertRaisesRegex(ValidationError, "phone of the user's own contact"):
            self._coop_phone_user(gleb, "+7 900 100-00-21")
        with self.assertRaisesRegex(ValidationError, "phone of the user's own contact"):
            self.boris_user.write({"login": "9001000021"})
        # one's own phone, already another user's login (a second user of the same contact)
        with self.assertRaisesRegex(ValidationError, "already the login of another user"):
            self._coop_phone_user(self.vera, "89001000021")
        self.assertEqual(self._uid("89001000021"), self.vera_user.id)

    def test_an_email_login_is_left_as_typed(self):
        self.boris_user.write({"login": "boris.k@example.com"})
        self.assertEqual(self.boris_user.login, "boris.k@example.com")
        password = f"coop_portal_{self.boris.id}"
        self.assertEqual(self._uid("boris.k@example.com", password), self.boris_user.id)
        self.assertFalse(self.env["res.users"]._coop_login_phone("boris.k@example.com"))
        self.assertFalse(self.env["res.users"]._coop_login_phone("12345"))
