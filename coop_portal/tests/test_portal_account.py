from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import CoopPortalCase


@tagged("post_install", "-at_install")
class TestPortalAccount(CoopPortalCase):
    """/my/account (Odoo's details form): a registered person's phone changes at the desk."""

    def post_details(self, phone, name=None):
        doc = self.page("/my/account")
        data = {
            "csrf_token": self.csrf(doc),
            "name": name or self.anna.name,
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

    # ------------------------------------------------------------------ the register (issue 16)

    def post_member_details(self, member, **changes):
        doc = self.page("/my/account")
        data = {
            "csrf_token": self.csrf(doc),
            "name": member.name,
            "phone": member.phone,
            "email": member.email or "member@example.com",
            "street": member.street or "ул. Ленина, 1",
            "city": member.city or "Иваново",
            "country_id": str(member.country_id.id or self.env.ref("base.ru").id),
            **changes,
        }
        return self.url_open("/my/account", data=data, allow_redirects=False)

    def test_a_members_name_and_address_change_at_the_desk(self):
        member = self.make_member("+7 900 100-00-07")
        member.write({"street": "ул. Ленина, 1", "city": "Иваново", "email": "m@example.com"})
        self.login(self._coop_portal_user(member))
        name = member.name
        for changes in ({"name": "Другое Имя"}, {"street": "ул. Мира, 5"}, {"city": "Шуя"}):
            response = self.post_member_details(member, **changes)
            self.assertEqual(response.status_code, 200, changes)
            self.assertIn("register of members is kept by the cooperative", response.text)
        member.invalidate_recordset()
        self.assertEqual(
            (member.name, member.street, member.city), (name, "ул. Ленина, 1", "Иваново")
        )
        # the e-mail stays the person's to change
        response = self.post_member_details(member, email="new@example.com")
        self.assertEqual(response.status_code, 303, response.text[:500])
        member.invalidate_recordset()
        self.assertEqual((member.email, member.name), ("new@example.com", name))

    def test_a_members_name_is_not_changed_by_spaces_either(self):
        """What is compared is what is written: a name with a no-break space in front is the
        same name to the check, and the register's own text is what Odoo writes."""
        member = self.make_member("+7 900 100-00-10")
        member.write({"street": "ул. Ленина, 1", "city": "Иваново", "email": "s@example.com"})
        self.login(self._coop_portal_user(member))
        name = member.name
        response = self.post_member_details(member, name="\u00a0" + name, city=" Иваново ")
        self.assertEqual(response.status_code, 303, response.text[:500])
        member.invalidate_recordset()
        self.assertEqual((member.name, member.city), (name, "Иваново"))

    def test_a_members_zip_is_not_wiped_by_a_form_without_it(self):
        """Odoo writes the zip code even when the form does not send it (as empty)."""
        member = self.make_member("+7 900 100-00-08")
        member.write({"street": "ул. Ленина, 1", "city": "Иваново", "zip": "153000"})
        self.login(self._coop_portal_user(member))
        response = self.post_member_details(member, email="z@example.com")
        self.assertEqual(response.status_code, 200)
        self.assertIn("register of members is kept by the cooperative", response.text)
        member.invalidate_recordset()
        self.assertEqual(member.zip, "153000")
        response = self.post_member_details(member, email="z@example.com", zipcode="153000")
        self.assertEqual(response.status_code, 303, response.text[:500])

    def test_a_person_does_not_rename_themselves_over_rpc(self):
        """Odoo lets a user write their own name (and so their contact's): not a person of the
        register; their language still."""
        member = self.make_member("+7 900 100-00-09")
        user = self._coop_portal_user(member)
        name = member.name
        with self.assertRaises(AccessError):
            user.with_user(user).write({"name": "Другое Имя"})
        user.with_user(user).write({"tz": "Europe/Moscow"})
        member.invalidate_recordset()
        self.assertEqual((member.name, user.tz), (name, "Europe/Moscow"))

    def test_a_shoppers_name_is_in_the_register_too(self):
        name = self.anna.name
        self.login(self.anna_user)
        response = self.post_details("+7 900 100-00-01", name="Другое Имя")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Name: the register of members", response.text)
        self.anna.invalidate_recordset()
        self.assertEqual(self.anna.name, name)

    # ------------------------------------------------------------------ a phone claim

    def test_a_login_without_a_person_cannot_claim_a_registered_phone(self):
        stranger = new_test_user(
            self.env, login="coop_t_stranger", groups="base.group_portal",
            company_id=self.company.id, company_ids=[Command.set(self.company.ids)],
        )  # fmt: skip
        self.login(stranger)
        response = self.post_details("8 900 100-00-01", name=stranger.name)
        self.assertEqual(response.status_code, 200)
        self.assertIn("belongs to a person registered", response.text)
        stranger.partner_id.invalidate_recordset()
        self.assertFalse(stranger.partner_id.phone)
        self.assertFalse(stranger.partner_id.coop_state)
        doc = self.page("/my/coop")
        self.assertNotIn(self.money(200.5), doc.text_content())
        self.assertNotIn(self.anna.name, doc.text_content())
        # a number nobody has is the stranger's to give
        response = self.post_details("+7 900 777-77-77", name=stranger.name)
        self.assertEqual(response.status_code, 303, response.text[:500])

    def test_a_phone_typed_on_the_page_does_not_take_the_tills_registration(self):
        stranger = new_test_user(
            self.env, login="coop_t_claimer", groups="base.group_portal",
            company_id=self.company.id, company_ids=[Command.set(self.company.ids)],
        )  # fmt: skip
        stranger.partner_id.company_id = self.company  # a contact of the cooperative's books
        self.login(stranger)
        response = self.post_details("+7 900 555-00-11", name=stranger.name)
        self.assertEqual(response.status_code, 303, response.text[:500])
        # the number's owner registers at the till: a person of their own, not the login's
        People = self.env["res.partner"].with_user(self.cashier).with_company(self.company)
        result = People.coop_register_shopper(
            {"phone": "+7 900 555-00-11", "name": "Ольга Новикова", "consent_processing": True}
        )
        self.assertNotEqual(result["partner_id"], stranger.partner_id.id)
        person = self.env["res.partner"].browse(result["partner_id"])
        self.assertEqual((person.name, person.coop_state), ("Ольга Новикова", "shopper"))
        contact = stranger.partner_id
        self.assertEqual((contact.coop_state, contact.phone), (False, False))
        notes = contact.message_ids.filtered(lambda m: "taken off this login" in (m.body or ""))
        self.assertEqual(len(notes), 1)
        # the login's page shows no one's cashback
        self.assertNotIn(person.name, self.page("/my/coop").text_content())
