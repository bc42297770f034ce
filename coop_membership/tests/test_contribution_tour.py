from datetime import date

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tools.misc import format_date

from .common import CoopCase


@tagged("post_install", "-at_install")
class TestContributionTour(CoopCase, HttpCase):
    """An officer records an entry fee in Chromium (tour ``coop_contribution_entry_fee``):
    choosing the kind fills in the amount in force, and the saved record is titled by its
    kind, person and date."""

    def test_officer_records_an_entry_fee_with_the_amount_in_force(self):
        self.officer.lang = "en_US"
        self.make_member("+7 900 900-00-01")  # a kind or two in the list already
        lena, _r = self.register("+7 900 900-00-02", name="Coop Lena")
        self.admit(self.apply(lena, on=date(2026, 3, 2)))
        self.start_tour(
            "/odoo/action-coop_membership.coop_contribution_action",
            "coop_contribution_entry_fee",
            login=self.officer.login,
        )
        fee = self.env["coop.contribution"].search(
            [("partner_id", "=", lena.id), ("kind", "=", "entry_fee")]
        )
        self.assertEqual(len(fee), 1, "saved once")
        # the officer's today (their time zone, UTC when unset), as the form's default
        today = fields.Date.context_today(fee.with_context(tz=self.officer.tz or "UTC"))
        self.assertEqual((fee.amount, fee.state, fee.date), (1500.0, "draft", today))
        self.assertEqual(fee.create_uid, self.officer)
        self.assertEqual(
            fee.with_context(lang="en_US").display_name,
            f"Entry fee — Coop Lena — {format_date(fee.with_context(lang='en_US').env, today)}",
        )
