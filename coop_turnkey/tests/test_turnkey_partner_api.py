import xmlrpc.client

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import TurnkeyCase, example
from .test_turnkey_unlisted import UNCHANGED, without

PLUMBING = ("[[partners]]", 'key = "plumbing"')


@tagged("post_install", "-at_install")
class TestTurnkeyPartnerApi(TurnkeyCase, HttpCase):
    """A partner business the file no longer lists: its agreement ends and its API user is
    archived, so that the business's system can no longer send transactions over XML-RPC
    (coop_partner_sync refuses only rows dated outside the agreement: a row dated within it
    would still be imported, long after the end)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        changes = cls.apply_example()
        cls.password, cls.key = cls.credentials(changes)
        cls.agreement = cls.env.ref("coop_turnkey_data.tk-test_partner_plumbing_agreement")
        cls.api_user = cls.agreement.api_user_id

    @staticmethod
    def credentials(changes):
        """The API user's password and API key, as the changes give them."""
        line = next(change for change in changes if "tk_plumbing-api" in change)
        return line.split("password ")[1].split(",")[0], line.split("API key ")[1].split(" ")[0]

    def send(self, external_id, secret=None):
        """The business's system sends a sale of today over XML-RPC, signed in with its API
        key (or ``secret``); its answer."""
        db, secret = self.env.cr.dbname, secret or self.key
        uid = self.xmlrpc_common.authenticate(db, self.api_user.login, secret, {})
        row = {
            "external_id": external_id,
            "member_ref": "+7 910 555-00-98",
            "amount": 500,
            "date": fields.Date.to_string(fields.Date.today()),
        }
        return self.xmlrpc_object.execute_kw(
            db, uid or self.api_user.id, secret, "coop.partner.transaction",
            "import_transactions", [[row]],
        )  # fmt: skip

    def test_a_dropped_business_can_no_longer_send_transactions(self):
        self.assertEqual(self.send("TK-API-1")[0]["status"], "unmatched")
        changes = self.apply(without(example(), PLUMBING))
        today = fields.Date.context_today(self.manager)
        for secret in (self.key, self.password):
            with self.assertRaises(xmlrpc.client.Fault, msg="signed in after the end"):
                self.send("TK-API-2", secret)
        self.assertEqual(
            changes,
            [
                "Partner business ООО «Сантехника», agreement: no longer in the file, ended on "
                f"{today}",
                "Partner business ООО «Сантехника»: API user tk_plumbing-api archived, its API "
                "keys removed and its password replaced (it can no longer send transactions)",
            ],
        )
        self.assertFalse(self.api_user.active)
        self.assertTrue(self.agreement.partner_id.active, "its contact stays, for settlement")
        note = self.agreement.message_ids[0].body  # in the cooperative's language, Russian
        self.assertIn("Пользователь API tk_plumbing-api перенесён в архив", note)
        Txn = self.env["coop.partner.transaction"]
        self.assertFalse(Txn.search([("external_id", "=", "TK-API-2")]))
        self.assertEqual(self.apply(without(example(), PLUMBING)), UNCHANGED)

    def test_a_business_listed_again_gets_new_credentials(self):
        # fails on main: the dropped business's API user was only archived, and woken with
        # its old password and API key: whoever kept them (a former employee of the
        # business) signs in again the day the file lists the business again
        self.apply(without(example(), PLUMBING))
        self.assertFalse(self.api_user.sudo().api_key_ids, "its API keys removed")
        changes = self.apply(example())
        self.assertTrue(self.api_user.active)
        [line] = [change for change in changes if "tk_plumbing-api" in change]
        self.assertRegex(
            line,
            r"^Partner business plumbing: API user tk_plumbing-api active again; new password "
            r"\S+, new API key \S+ \(shown only now: give them to the business\)$",
        )
        password, key = self.credentials(changes)
        self.assertNotIn(self.password, (password, key))
        self.assertNotIn(self.key, (password, key))
        for secret in (self.key, self.password):
            with self.assertRaises(xmlrpc.client.Fault, msg="the old credentials sign in"):
                self.send("TK-API-3", secret)
        self.assertEqual(self.send("TK-API-4", key)[0]["status"], "unmatched")
        self.assertEqual(self.send("TK-API-5", password)[0]["status"], "unmatched")
        self.assertEqual(len(self.api_user.sudo().api_key_ids), 1)
        bodies = self.agreement.message_ids.mapped("body")
        self.assertTrue(
            [body for body in bodies if "tk_plumbing-api" in body and "снова активен" in body]
        )
