from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CoopPortalCase


@tagged("post_install", "-at_install")
class TestPortalFields(CoopPortalCase):
    """Over RPC a portal user reads what their page shows of their own records, not the
    back office's fields (who recorded what, the books' entries and accounts, keys, notes)."""

    def setUp(self):
        super().setUp()
        self.member = self.make_member("+7 900 100-00-07")
        self.member_user = self._coop_portal_user(self.member)

    def assert_fields(self, records, allowed, internal):
        records = records.with_user(self.member_user)
        self.assertTrue(records, "nothing to read")
        self.assertTrue(records.read(allowed))
        for fname in internal:
            with self.assertRaises(AccessError, msg=f"{records._name}.{fname}"):
                records.read([fname])

    def test_contributions(self):
        self.assert_fields(
            self.member.coop_contribution_ids,
            ["kind", "amount", "date", "state", "payment_date", "name"],
            ["move_id", "payment_move_id", "payment_journal_id", "debit_account_id", "source_key"],
        )
        self.assert_fields(
            self.member.coop_contribution_ids, ["kind"], ["note", "payee_id", "cancel_move_id"]
        )

    def test_cashback_ledger(self):
        self._coop_cashback(self.member, [(30.0, self.member.coop_member_since)])
        self.assert_fields(
            self.member.coop_cashback_move_ids,
            ["kind", "amount", "date", "available_date", "reason", "channel", "source_ref"],
            ["user_id", "account_move_id", "source_key", "pos_session_id"],
        )

    def test_consents_and_history(self):
        self.assert_fields(
            self.member.coop_consent_ids, ["kind", "given", "date", "channel"], ["user_id"]
        )
        self.assert_fields(
            self.member.coop_state_event_ids,
            ["date", "from_state", "to_state", "reason"],
            ["user_id", "document"],
        )

    def test_the_pages_still_show(self):
        self.login(self.member_user)
        doc = self.page("/my/coop")
        self.assertIn(self.member.coop_member_number, doc.text_content())
        self.page("/my/coop/ledger")
        self.assertEqual(self.url_open("/my/coop/statement").status_code, 200)
