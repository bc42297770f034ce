from contextlib import suppress
from datetime import date

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import TurnkeyCase, example
from .test_turnkey_unlisted import without

PLUMBING = ("[[partners]]", 'key = "plumbing"')


@tagged("post_install", "-at_install")
class TestReviewS11Turnkey(TurnkeyCase):
    """Review of session 11: archived fee versions and the rule<id> takeover."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.apply_example()
        cls.entry_fee = cls.env.ref("coop_turnkey_data.tk-test_fee_entry_fee_20250101")

    def test_an_archived_version_that_was_in_force_keeps_its_amount(self):
        # fails on main: coop_turnkey_apply.py _coop_fees treats any archived version as
        # "never in force" and changes it in place; the manager archived the 1000 in force
        # since 2025-01-01 (nothing refuses it), the file lists it at 2000: the entry fee
        # of 2025 becomes 2000 retroactively, for every fee paid at 1000 since
        self.assertEqual(self.fee_amount("entry_fee", date(2025, 6, 1)), 1000)
        # the fix refusing the archive is fine too
        with suppress(UserError), self.env.cr.savepoint():
            self.entry_fee.with_user(self.manager).action_archive()
        self.apply(example(("amount = 1000", "amount = 2000")))
        self.assertEqual(
            self.fee_amount("entry_fee", date(2025, 6, 1)), 1000, "what was charged in 2025"
        )
        self.assertEqual(self.entry_fee.amount, 1000)
        today = fields.Date.context_today(self.manager)
        self.assertEqual(self.fee_amount("entry_fee", fields.Date.add(today, days=1)), 2000)

    def test_another_cooperatives_rule_is_not_taken_over(self):
        # refutation probe: rule<id> naming a rule of another company is not adopted
        other = self.env["coop.cashback.rule"].create(
            {"name": "Other coop's rule", "company_id": self.env.company.id, "percent": 7.0,
             "amount_type": "percent"}
        )  # fmt: skip
        self.assertNotEqual(other.company_id, self.company)
        self.apply(example(('key = "members"', f'key = "rule{other.id}"')))
        self.assertEqual(other.company_id, self.env.company)
        self.assertEqual(other.percent, 7.0)
        self.assertEqual(other.name, "Other coop's rule")

    def test_a_dropped_business_archives_only_its_own_api_user(self):
        # fails on main: api_user_id is readonly in the view only; a manager writes it over
        # XML-RPC to any user (here a manager of another cooperative; the administrator
        # alike), drops the business from the file, and the turnkey (as superuser,
        # coop_turnkey_unlisted.py _coop_unlisted_api_user) archives that user
        victim = new_test_user(
            self.env,
            login="coop_rv_other_manager",
            groups="base.group_user,coop_membership.group_manager",
            company_id=self.env.company.id,
        )
        agreement = self.env.ref("coop_turnkey_data.tk-test_partner_plumbing_agreement")
        self.assertNotEqual(self.env.company, self.company)
        # the fix refusing the write is fine too
        with suppress(UserError), self.env.cr.savepoint():
            agreement.with_user(self.manager).write({"api_user_id": victim.id})
        self.apply(without(example(), PLUMBING))
        self.assertTrue(victim.active, "another cooperative's manager archived by this file")

    def test_a_business_listed_again_does_not_wake_another_user(self):
        # fails on main: with api_user_id written over XML-RPC to a deactivated user (here a
        # former manager of another cooperative), the file listing the business with that
        # user's login as api_login makes the turnkey (as superuser,
        # coop_turnkey_partners.py _coop_api_user_back) active again: their sign-in works
        former = new_test_user(
            self.env,
            login="coop_rv_former_manager",
            groups="base.group_user,coop_membership.group_manager",
            company_id=self.env.company.id,
        )
        former.active = False
        agreement = self.env.ref("coop_turnkey_data.tk-test_partner_plumbing_agreement")
        # the fix refusing the write is fine too
        with suppress(UserError), self.env.cr.savepoint():
            agreement.with_user(self.manager).write({"api_user_id": former.id})
        # refusing the file is fine too
        with suppress(UserError), self.env.cr.savepoint():
            self.apply(example(('"tk_plumbing-api"', '"coop_rv_former_manager"')))
        self.assertFalse(former.active, "a deactivated manager active again through the file")
