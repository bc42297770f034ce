from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import CoopPortalCase


@tagged("post_install", "-at_install")
class TestPortalStaffLogin(CoopPortalCase):
    """A portal user's phone login follows their contact's phone; a staff member's (internal
    user) does not: an officer editing the contact does not change how staff log in. (Odoo
    lets only a user with Administration / Access Rights edit another internal user's
    contact: the officer has it here.)"""

    def test_an_officers_edit_of_a_staff_contacts_phone_leaves_their_login(self):
        person, _user = self._coop_portal_person("+7 900 100-00-41", "Зоя Кассирова")
        person.sudo().user_ids.unlink()
        staff = new_test_user(
            self.env,
            login="8 900 100-00-41",
            groups="base.group_user,coop_membership.group_cashier",
            partner_id=person.id,
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        self.assertEqual(staff.login, "+79001000041")
        editor = new_test_user(
            self.env,
            login="coop_t_officer_staff",
            groups="base.group_user,base.group_partner_manager,base.group_erp_manager,"
            "coop_membership.group_officer",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        person.with_user(editor).write({"phone": "+7 900 100-00-42"})
        self.assertEqual(person.coop_phone_normalized, "+79001000042")
        self.assertEqual(staff.login, "+79001000041")
