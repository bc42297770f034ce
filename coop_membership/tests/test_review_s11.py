from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CoopCase


@tagged("post_install", "-at_install")
class TestReviewS11FeeVersion(CoopCase):
    """Review of session 11: coop.fee.version got ``active`` (archived: a version that never
    came into force). A version that was in force is what was charged under it."""

    def version(self, day):
        return self.env["coop.fee.version"].search(
            [("company_id", "=", self.company.id), ("kind", "=", "entry_fee"),
             ("date_from", "=", day)]
        )  # fmt: skip

    def test_a_manager_cannot_archive_a_version_that_was_in_force(self):
        # fails on main: nothing guards ``active``; the manager archives the 1500 in force
        # since 2026-06-01 and the amount in force from then on is 1000 again (the desk, the
        # till's entry fee from cashback, the portal, the reminders read it), while entry
        # fees were paid at 1500
        in_force = self.version(date(2026, 6, 1))
        Version = self.as_user(self.manager, "coop.fee.version")
        self.assertEqual(Version._coop_amount("entry_fee", date(2026, 7, 1), self.company), 1500)
        with self.assertRaises(UserError), self.env.cr.savepoint():
            in_force.with_user(self.manager).action_archive()
        self.assertTrue(in_force.active, "a version that was in force is never archived")
        self.assertEqual(Version._coop_amount("entry_fee", date(2026, 7, 1), self.company), 1500)

    def test_a_manager_cannot_rewrite_the_amount_of_a_version_in_force(self):
        # fails on main (older than session 11, the same hole as the archive): the amount
        # in force since 2026-06-01 rewritten over XML-RPC; what was paid at 1500 since then
        # no longer matches "the amount in force" the desk and the reports read
        in_force = self.version(date(2026, 6, 1))
        with self.assertRaises(UserError), self.env.cr.savepoint():
            in_force.with_user(self.manager).write({"amount": 1200})
        self.assertEqual(in_force.amount, 1500, "a version in force is what was charged")
