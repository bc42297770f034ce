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
        # an officer who edits contacts (Odoo's Contacts group)
        cls.editor = new_test_user(
            cls.env,
            login="coop_t_officer_contacts",
            groups="base.group_user,base.group_partner_manager,coop_membership.group_officer",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

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

    def test_a_phone_login_follows_the_contact_s_new_phone(self):
        self.vera.with_user(self.editor).write({"phone": "+7 900 100-00-29"})
        self.assertEqual(self.vera_user.login, "+79001000029")
        self.assertEqual(self._uid("8 900 100-00-29"), self.vera_user.id)
        with self.assertRaises(AccessDenied):
            self._uid("8 900 100-00-21")
        # the old number, given to someone else, is theirs to log in with
        gleb, _user = self._coop_portal_person("+7 900 100-00-21", "Глеб Орлов")
        gleb.sudo().user_ids.unlink()
        gleb_user = self._coop_phone_user(gleb, "8 900 100-00-21")
        self.assertEqual(self._uid("+7 900 100-00-21"), gleb_user.id)

    def test_a_phone_change_to_another_user_s_login_or_no_phone_is_refused(self):
        other = self._coop_company("ПО «Другое»")
        cashier = self._coop_user("coop_t_cashier_o", "coop_membership.group_cashier", other)
        olga, _user = self._coop_portal_person("+7 900 100-00-28", "Ольга", other, cashier)
        olga.sudo().user_ids.write({"login": "+7 900 100-00-28"})
        # (assertRaises, not assertRaisesRegex: a savepoint undoes the refused write)
        with self.assertRaises(ValidationError) as caught:
            self.vera.with_user(self.editor).write({"phone": "8 900 100-00-28"})
        self.assertIn("already the login of another user", str(caught.exception))
        with self.assertRaises(ValidationError) as caught:
            self.vera.with_user(self.editor).write({"phone": False})
        self.assertIn("give their user an e-mail login", str(caught.exception))
        self.assertEqual(self.vera.phone, "+79001000021")
        self.assertEqual(self.vera_user.login, "+79001000021")
        # with an e-mail login, the phone is free to change
        self.vera_user.write({"login": "vera@example.com"})
        self.vera.with_user(self.editor).write({"phone": False})
        self.assertEqual(self.vera_user.login, "vera@example.com")

    def test_logins_stored_in_another_phone_form_are_normalised_at_update(self):
        gleb, _user = self._coop_portal_person("+7 900 100-00-24", "Глеб Орлов")
        stray = self.boris_user
        self.env.cr.execute(
            "UPDATE res_users SET login = %s WHERE id = %s", ("8 (900) 100-00-24", gleb.user_ids.id)
        )
        # not the phone of the user's contact: left as it is
        self.env.cr.execute(
            "UPDATE res_users SET login = %s WHERE id = %s", ("8 900 100-00-25", stray.id)
        )
        self.env.invalidate_all()
        logger = "odoo.addons.coop_portal.models.res_users_phone_login"
        with self.assertLogs(logger, "WARNING") as logged:
            self.env["res.users"]._coop_normalize_phone_logins()
        self.assertTrue(any(f"user {stray.id} not" in line for line in logged.output), logged)
        self.assertEqual(gleb.user_ids.login, "+79001000024")
        self.assertEqual(stray.login, "8 900 100-00-25")
