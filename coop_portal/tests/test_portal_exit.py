from datetime import date

from odoo import Command
from odoo.exceptions import AccessDenied
from odoo.tests import new_test_user, tagged

from .common import CoopPortalCase


@tagged("post_install", "-at_install")
class TestPortalExit(CoopPortalCase):
    """An expelled member, or one whose death is registered, keeps no login to the page; a
    member leaving of their own wish keeps it (their share refund is shown there)."""

    def setUp(self):
        super().setUp()
        self.member = self.make_member("+7 900 100-00-07")
        self.member_user = self._coop_portal_user(self.member)

    def leave(self, kind, **values):
        wizard = self.env["coop.exit.wizard"].with_user(self.officer).create(
            {"partner_id": self.member.id, "kind": kind, "date": date(2026, 9, 1)}
            | {"reason": "Протокол № 3", **values}
        )  # fmt: skip
        wizard.action_confirm()

    def notes(self):
        return self.member.message_ids.filtered(
            lambda m: "Access to the personal page closed" in (m.body or "")
        )

    def test_a_death_closes_the_login(self):
        self.leave("death", heir_id=self.anna.id)
        self.assertEqual(self.member.coop_state, "leaving")
        self.assertFalse(self.member_user.active)
        self.assertEqual(len(self.notes()), 1)
        self.assertIn(self.member_user.login, self.notes().body)
        with self.assertRaises(AccessDenied):  # the login no longer opens the page
            self.login(self.member_user)

    def test_an_expulsion_closes_the_login_not_an_employees(self):
        employee = new_test_user(
            self.env, login="coop_t_employee_member", groups="base.group_user",
            partner_id=self.member.id, company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )  # fmt: skip
        self.leave("expulsion", decision_ref="Общее собрание № 2 от 2026-08-30")
        self.assertFalse(self.member_user.active)
        self.assertTrue(employee.active)
        self.assertEqual(len(self.notes()), 1)

    def test_a_voluntary_exit_keeps_the_login(self):
        self.leave("exit")
        self.assertEqual(self.member.coop_state, "leaving")
        self.assertTrue(self.member_user.active)
        self.assertFalse(self.notes())
        self.login(self.member_user)
        self.page("/my/coop")
