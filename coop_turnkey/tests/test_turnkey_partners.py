from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import TurnkeyCase, example


@tagged("post_install", "-at_install")
class TestTurnkeyPartners(TurnkeyCase):
    """Partner businesses from the file: a company contact, an agreement with its rates, and
    an API user whose password and API key are given once; a changed rate applies from then
    on, never to the transactions already imported."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.first = cls.apply_example()
        cls.agreement = cls.env.ref("coop_turnkey_data.tk-test_partner_plumbing_agreement")

    def sale(self, external_id, amount):
        """A sale the business's system sends (for a phone nobody registered yet)."""
        row = {
            "external_id": external_id,
            "member_ref": "+7 910 555-00-99",
            "amount": amount,
            "date": fields.Date.to_string(fields.Date.today()),
        }
        self.agreement.with_user(self.manager)._coop_import([row])
        return self.env["coop.partner.transaction"].search(
            [("agreement_id", "=", self.agreement.id), ("external_id", "=", external_id)]
        )

    def test_business_agreement_and_api_user(self):
        agreement = self.agreement
        self.assertEqual(agreement.company_id, self.company)
        self.assertEqual(agreement.partner_id.vat, "3702004562")
        self.assertTrue(agreement.partner_id.is_company)
        self.assertEqual(agreement.partner_id.company_id, self.company)
        self.assertEqual(
            (agreement.cashback_mode, agreement.cashback_percent, agreement.commission_percent),
            ("percent", 3.0, 1.0),
        )
        self.assertEqual(str(agreement.date_from), "2025-01-01")
        user = agreement.api_user_id
        self.assertEqual(user.login, "tk_plumbing-api")
        self.assertEqual(user.company_ids, self.company)
        self.assertEqual(
            user.groups_id - user.groups_id.trans_implied_ids,
            self.env.ref("coop_partner_sync.group_partner_api"),
        )
        line = next(change for change in self.first if "tk_plumbing-api" in change)
        password = line.split("password ")[1].split(",")[0]
        key = line.split("API key ")[1].split(" ")[0]
        self.assertEqual(
            self.env["res.users.apikeys"]._check_credentials(scope="rpc", key=key), user.id
        )
        user.with_user(user)._check_credentials(
            {"login": user.login, "password": password, "type": "password"},
            {"interactive": False},
        )
        self.assertNotIn(password, str(user.sudo().read()[0]), "the password is not kept")

    def test_same_file_again_changes_nothing(self):
        before = self.counts()
        changes = self.apply(example())
        self.assertEqual(len(changes), 1, changes)
        self.assertIn("Unchanged", changes[0])
        self.assertEqual(self.counts(), before)

    def test_changed_rate_applies_from_now_on(self):
        earlier = self.sale("TK-1", 1000)
        self.assertEqual(earlier.commission, 10.0)
        before = self.counts()
        changes = self.apply(example(("commission_percent = 1 ", "commission_percent = 2 ")))
        self.assertEqual(self.counts(), before, "the same agreement, no new user")
        self.assertEqual(len(changes), 1, changes)
        self.assertIn("Commission (%): 1.0 → 2", changes[0])
        self.assertIn("imported from now on", changes[0])
        self.assertEqual(self.agreement.commission_percent, 2.0)
        self.assertEqual(earlier.commission, 10.0, "an imported transaction keeps its rate")
        self.assertEqual(self.sale("TK-2", 2000).commission, 40.0)
        self.env.flush_all()
        old = self.agreement.message_ids.tracking_value_ids.filtered(
            lambda v: v.field_id.name == "commission_percent"
        )
        self.assertEqual(old.mapped("old_value_float"), [1.0], "the history keeps the old rate")

    def test_rules_instead_of_a_rate(self):
        changes = self.apply(example(("cashback_percent = 3 ", "# cashback_percent = 3 ")))
        self.assertEqual(self.agreement.cashback_mode, "rules")
        self.assertEqual(len(changes), 1, changes)

    def test_partner_inn_with_a_wrong_check_digit(self):
        text = example(('inn = "3702004562"', 'inn = "3702004563"'))
        line = next(
            i for i, x in enumerate(text.splitlines(), 1) if x.startswith('inn = "3702004563"')
        )
        before = self.counts()
        with self.assertRaisesRegex(UserError, rf"line {line}, partners\[1\]\.inn: the INN"):
            self.apply(text)
        self.assertEqual(self.counts(), before)

    def test_api_login_taken_rolls_everything_back(self):
        text = example(
            ('key = "tk-test"', 'key = "tk-other"'),
            ("«Тест файла»", "«Другой»"),
            ('api_login = "tk_plumbing-api"', 'api_login = "coop_tk_manager"'),
            *[(f'login = "tk_{x}"', f'login = "tk2_{x}"') for x in ("orlova", "belova")],
            *[(f'login = "tk_{x}"', f'login = "tk2_{x}"') for x in ("grigoriev", "zaitseva")],
        )
        before = self.counts()
        with self.assertRaisesRegex(UserError, r"partners\[1\]\.api_login: a user with the login"):
            self.apply(text)
        self.assertEqual(self.counts(), before)
        self.assertFalse(self.env.ref("coop_turnkey_data.tk-other_company", False))
