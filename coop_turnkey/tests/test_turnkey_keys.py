from odoo.exceptions import UserError
from odoo.tests import tagged

from ..models.coop_turnkey_staff import user_key
from .common import TurnkeyCase, example


@tagged("post_install", "-at_install")
class TestTurnkeyKeys(TurnkeyCase):
    """The records a file makes are found again by names no other file, store or login can
    share, and a name bound to something else is never taken over."""

    def test_a_key_with_an_underscore_is_refused(self):
        """``shop_store_north`` would be the name of store ``north`` of cooperative ``shop``."""
        text = example(('key = "tk-test"', 'key = "shop_store_north"'))
        lines = text.splitlines()
        line = next(i for i, x in enumerate(lines, 1) if x.startswith('key = "shop_store_north"'))
        with self.assertRaisesRegex(UserError, rf"line {line}, cooperative\.key: "):
            self.apply(text)
        text = example(('key = "main"', 'key = "main_company"'))
        with self.assertRaisesRegex(UserError, r"stores\[1\]\.key: "):
            self.apply(text)

    def test_logins_differing_by_dot_or_underscore_are_two_users(self):
        self.assertNotEqual(user_key("shop", "ivan.petrov"), user_key("shop", "ivan_petrov"))
        self.assertNotEqual(user_key("shop", "a@b"), user_key("shop", "a_40b"))
        text = example(
            ('login = "tk_orlova"', 'login = "tk.ivan.petrov"'),
            ('login = "tk_belova"', 'login = "tk_ivan_petrov"'),
        )
        self.apply(text)
        users = self.env["res.users"].search(
            [("login", "in", ("tk.ivan.petrov", "tk_ivan_petrov"))]
        )
        self.assertEqual(len(users), 2)
        self.assertTrue(
            users.filtered(lambda u: u.login == "tk.ivan.petrov").has_group(
                "coop_membership.group_cashier"
            )
        )
        changes = self.apply(text)
        self.assertIn("Unchanged", changes[0], "each found again under its own name")

    def test_a_name_bound_to_another_model_is_not_taken_over(self):
        partner = self.env["res.partner"].create({"name": "Someone else's"})
        self.env["ir.model.data"].create(
            {
                "module": "coop_turnkey_data",
                "name": "tk-test_store_main",
                "model": "res.partner",
                "res_id": partner.id,
            }
        )
        before = self.counts()
        with self.assertRaisesRegex(
            UserError, r"tk-test_store_main of the file is already used by"
        ):
            self.apply(example())
        self.assertEqual(self.counts(), before, "nothing created")
        imd = self.env.ref("coop_turnkey_data.tk-test_store_main")
        self.assertEqual(imd, partner, "the binding is left as it was")

    def test_a_name_bound_to_a_record_of_another_company_is_not_taken_over(self):
        other = self.env["pos.config"].search([("company_id", "!=", False)], limit=1) or self.env[
            "pos.config"
        ].create({"name": "Other shop"})
        self.env["ir.model.data"].create(
            {
                "module": "coop_turnkey_data",
                "name": "tk-test_store_main",
                "model": "pos.config",
                "res_id": other.id,
            }
        )
        name = other.name
        with self.assertRaisesRegex(
            UserError, r"tk-test_store_main of the file is already used by"
        ):
            self.apply(example())
        self.assertEqual(other.name, name)
