from odoo import Command
from odoo.tests import tagged

from .common import TurnkeyCase, example


@tagged("post_install", "-at_install")
class TestTurnkeyStaff(TurnkeyCase):
    """Applying the file again never changes a user's login or email, and leaves alone a user
    given more rights or companies since it made them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.apply_example()
        cls.orlova = cls.env["res.users"].search([("login", "=", "tk_orlova")])

    def test_admin_made_from_the_file_is_not_taken_over(self):
        """tk_orlova was made an administrator; the file, re-applied with another email and
        name for her, does not touch her account."""
        self.orlova.write({"groups_id": [Command.link(self.env.ref("base.group_system").id)]})
        changes = self.apply(
            example(
                ('email = "cashier@coop.example"', 'email = "attacker@evil.example"'),
                ('name = "Орлова Мария"', 'name = "Орлова М."'),
                ('role = "cashier"', 'role = "officer"'),
            )
        )
        self.assertEqual(self.orlova.email, "cashier@coop.example")
        self.assertEqual(self.orlova.name, "Орлова Мария")
        self.assertTrue(self.orlova.has_group("base.group_system"))
        self.assertFalse(self.orlova.has_group("coop_membership.group_officer"))
        self.assertEqual(len(changes), 1, changes)
        self.assertIn("tk_orlova", changes[0])
        self.assertIn("left unchanged", changes[0])

    def test_companies_given_since_are_kept(self):
        main = self.env.ref("base.main_company")
        self.orlova.write({"company_ids": [Command.link(main.id)]})
        changes = self.apply(example(('name = "Орлова Мария"', 'name = "Орлова М."')))
        self.assertEqual(self.orlova.company_ids, self.company | main)
        self.assertEqual(self.orlova.name, "Орлова Мария")
        self.assertIn(main.name, changes[0])

    def test_email_and_login_of_a_user_are_never_changed(self):
        changes = self.apply(
            example(
                ('email = "cashier@coop.example"', 'email = "new@coop.example"'),
                ('name = "Орлова Мария"', 'name = "Орлова М."'),
            )
        )
        self.assertEqual(self.orlova.name, "Орлова М.", "the name follows the file")
        self.assertEqual(self.orlova.email, "cashier@coop.example")
        self.assertEqual(self.orlova.login, "tk_orlova")
        self.assertEqual(len(changes), 2, changes)
        self.assertTrue(any("new@coop.example" in line for line in changes), changes)
