from odoo.tests import TransactionCase, tagged


@tagged("at_install")
class TestCoopInstall(TransactionCase):
    """The cooperative's access groups exist, nest, and reach the administrator."""

    def test_groups_nest_cashier_officer_manager(self):
        cashier = self.env.ref("coop_membership.group_cashier")
        officer = self.env.ref("coop_membership.group_officer")
        manager = self.env.ref("coop_membership.group_manager")
        self.assertIn(cashier, officer.implied_ids)
        self.assertIn(officer, manager.implied_ids)
        self.assertIn(cashier, manager.trans_implied_ids)

    def test_officer_user_is_a_cashier_but_not_a_manager(self):
        user = self.env["res.users"].create(
            {
                "name": "Desk Officer",
                "login": "coop_test_officer",
                "groups_id": [
                    (6, 0, [self.ref("base.group_user"), self.ref("coop_membership.group_officer")])
                ],
            }
        )
        self.assertTrue(user.has_group("coop_membership.group_cashier"))
        self.assertTrue(user.has_group("coop_membership.group_officer"))
        self.assertFalse(user.has_group("coop_membership.group_manager"))

    def test_administrator_manages_the_cooperative(self):
        admin = self.env.ref("base.user_admin")
        self.assertTrue(admin.has_group("coop_membership.group_manager"))
