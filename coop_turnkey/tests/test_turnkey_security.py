import base64

from odoo.exceptions import AccessError
from odoo.service.model import get_public_method
from odoo.tests import new_test_user, tagged

from .common import TurnkeyCase, example, files


@tagged("post_install", "-at_install")
class TestTurnkeySecurity(TurnkeyCase):
    """Only a manager applies (or exports) a file, through the public methods; what a manager
    uploads and the passwords it generates are seen by that manager alone, once, and never
    stored."""

    def test_only_the_file_methods_are_public(self):
        turnkey = self.env["coop.turnkey"]
        self.assertTrue(get_public_method(turnkey, "coop_apply_file"))
        self.assertTrue(get_public_method(turnkey, "coop_export_file"))
        for name in ("_coop_apply", "_coop_load", "_coop_staff", "_coop_export", "_coop_partners"):
            with self.assertRaises(AccessError, msg=name):
                get_public_method(turnkey, name)

    def test_portal_user_and_officer_cannot_apply_a_file(self):
        portal = new_test_user(self.env, login="coop_tk_portal", groups="base.group_portal")
        officer = new_test_user(
            self.env,
            login="coop_tk_officer2",
            groups="base.group_user,coop_membership.group_officer",
        )
        before = self.counts()
        for user in (portal, officer):
            with self.assertRaises(AccessError, msg=user.login):
                self.env["coop.turnkey"].with_user(user).coop_apply_file(example(), "x.toml")
        self.assertEqual(self.counts(), before, "nothing created")
        self.assertFalse(self.env.ref("coop_turnkey_data.tk-test_company", False))

    def upload(self):
        """The wizard's values: docs/coop.toml (of a cooperative of its own), its CSV and logo."""
        return {
            "config_file": base64.b64encode(example().encode()),
            "products_file": base64.b64encode(files()["products.csv"].encode()),
            "logo_file": base64.b64encode(files()["logo.png"]),
        }

    def test_a_manager_cannot_read_another_managers_wizard(self):
        other = new_test_user(
            self.env,
            login="coop_tk_manager_b",
            groups="base.group_user,coop_membership.group_manager",
        )
        wizard = self.env["coop.turnkey.wizard"].with_user(self.manager).create(self.upload())
        action = wizard.action_apply()
        changes = wizard.with_context(**action["context"]).changes
        self.assertIn("password", changes, "the manager who applied it sees the passwords once")
        theirs = self.env["coop.turnkey.wizard"].with_user(other)
        self.assertFalse(theirs.search_read([("id", "=", wizard.id)], ["state", "changes"]))
        with self.assertRaises(AccessError):
            theirs.browse(wizard.id).read(["state", "changes"])
        self.assertEqual(self.env["coop.turnkey.wizard"].with_user(self.manager).search([]), wizard)

    def test_passwords_are_not_stored(self):
        wizard = self.env["coop.turnkey.wizard"].with_user(self.manager).create(self.upload())
        action = wizard.action_apply()
        self.assertFalse(type(wizard).changes.store)
        self.env.invalidate_all()
        self.assertFalse(wizard.changes, "without the action's context, nothing to show")
        # a database where the field was stored keeps its column (Odoo drops none): empty
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
            [wizard._table, "changes"],
        )
        if self.env.cr.fetchone():
            self.env.cr.execute(f"SELECT changes FROM {wizard._table} WHERE id = %s", [wizard.id])
            self.assertEqual(self.env.cr.fetchone(), (None,))
        self.assertIn("password", action["context"]["coop_turnkey_changes"])
