from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import CoopPortalCase


@tagged("post_install", "-at_install")
class TestPortalInvite(CoopPortalCase):
    """Giving a person a user never moves them out of their cooperative, and a portal user
    records consents on their page only, not through the desk's method over RPC."""

    def test_access_granted_from_another_company_keeps_the_person_in_theirs(self):
        other = self._coop_company("ПО «Другое»")
        cashier = self._coop_user("coop_t_cashier_2", "coop_membership.group_cashier", other)
        person, _user = self._coop_portal_person("+7 900 100-00-09", "Вера Иванова", other, cashier)
        person.sudo().user_ids.unlink()
        person.sudo().email = "vera@example.com"
        officer = new_test_user(
            self.env, login="coop_t_officer_both",
            groups="base.group_user,base.group_partner_manager,coop_membership.group_officer",
            company_id=self.company.id, company_ids=[Command.set((self.company | other).ids)],
        )  # fmt: skip
        # working in the first cooperative, as Odoo's "Grant portal access" does it
        Wizard = self.env["portal.wizard"].with_user(officer).with_company(self.company)
        wizard = Wizard.with_context(active_ids=person.ids).create({})
        wizard.user_ids.action_grant_access()
        user = person.sudo().user_ids
        self.assertEqual(user.company_id, other)
        self.assertEqual(person.company_id, other)
        # a user made by hand in the other company is refused, naming the person
        with self.assertRaisesRegex(UserError, "in ПО «Другое»: a person cannot be moved"):
            self.env["res.users"].create({
                "login": "vera2", "name": "Вера", "partner_id": person.id,
                "company_id": self.company.id, "company_ids": [Command.set(self.company.ids)],
            })  # fmt: skip
        self.assertEqual(person.company_id, other)

    def test_a_portal_user_cannot_record_a_desk_withdrawal(self):
        with self.assertRaises(AccessError):
            self.anna.with_user(self.anna_user).action_coop_withdraw_consent("processing", "paper")
        self.assertFalse(
            self.env["coop.consent"].search(
                [("partner_id", "=", self.anna.id), ("given", "=", False)]
            )
        )

    def test_a_cashier_cannot_claim_a_fee_was_paid_on_the_page(self):
        Partner = self.env["res.partner"].with_user(self.cashier).with_company(self.company)
        with self.assertRaisesRegex(AccessError, "own page only"):
            Partner.browse(self.anna.id).coop_pay_entry_fee_from_cashback(
                confirmed=True, channel="portal"
            )
