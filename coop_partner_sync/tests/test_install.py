from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCoopAddonsInstalled(TransactionCase):
    """The three coop addons install together, with their dependencies."""

    def test_all_coop_addons_installed(self):
        modules = self.env["ir.module.module"].search(
            [
                (
                    "name",
                    "in",
                    [
                        "coop_membership",
                        "coop_cashback",
                        "coop_partner_sync",
                        "point_of_sale",
                        "phone_validation",
                        "account",
                    ],
                )
            ]
        )
        self.assertEqual(len(modules), 6)
        self.assertEqual(set(modules.mapped("state")), {"installed"})

    def test_dependency_chain(self):
        module = self.env["ir.module.module"].search([("name", "=", "coop_partner_sync")])
        self.assertIn("coop_cashback", module.dependencies_id.mapped("name"))
        cashback = self.env["ir.module.module"].search([("name", "=", "coop_cashback")])
        self.assertEqual(
            set(cashback.dependencies_id.mapped("name")), {"coop_membership", "point_of_sale"}
        )
