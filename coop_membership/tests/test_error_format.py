from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import CoopCase

NBSP = "\u00a0"  # Russian groups thousands with a non-breaking space (res.lang ru_RU)


@tagged("post_install", "-at_install")
class TestErrorFormat(CoopCase):
    """Errors say amounts and dates as the officer reading them writes them: in Russian
    ``1 000,00 ₽`` and ``30.11.2026``, never ``1000.0`` or ``2026-11-30``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ru_RU")
        cls.env["ir.module.module"].search([("name", "=", "coop_membership")])._update_translations(
            ["ru_RU"]
        )
        cls.company.partner_id.lang = "ru_RU"
        cls.officer.lang = "ru_RU"

    def as_user(self, user, model):
        # an officer's call carries their language in its context, as the web client's does
        return super().as_user(user, model).with_context(lang=user.lang)

    def assertFormatted(self, message, *figures):
        for figure in figures:
            self.assertIn(figure, message)
        for raw in ("1000.0", "1500.0", "2026-11-30", "2019-12-31"):
            self.assertNotIn(raw, message)

    def test_a_fee_not_in_force_names_both_amounts_and_the_date(self):
        partner, _r = self.register("+7 900 700-00-01")
        self.admit(self.apply(partner, on=date(2026, 11, 2)), on=date(2026, 11, 20))
        with self.assertRaises(ValidationError) as caught:
            self.contribute(partner, "entry_fee", 1000, date(2026, 11, 30))
        message = str(caught.exception)
        self.assertFormatted(
            message,
            f"1{NBSP}000,00{NBSP}{self.rub.symbol}",  # what was entered
            f"1{NBSP}500,00{NBSP}{self.rub.symbol}",  # the amount in force
            "30.11.2026",
        )
        self.assertIn("Вступительный взнос", message)  # the officer's language
        self.assertFalse(partner.coop_contribution_ids.filtered(lambda c: c.state != "draft"))

    def test_no_amount_in_force_says_the_date_as_the_reader_writes_it(self):
        Version = self.as_user(self.officer, "coop.fee.version")
        with self.assertRaises(UserError) as caught:
            Version._coop_amount("entry_fee", date(2019, 12, 31), self.company)
        self.assertFormatted(str(caught.exception), "31.12.2019")

    def test_an_applicant_too_young_is_told_the_application_date(self):
        young, _r = self.register("+7 900 700-00-02")
        with self.assertRaises(ValidationError) as caught:
            self.apply(young, on=date(2026, 11, 30), birthdate=date(2011, 6, 1))
        self.assertFormatted(str(caught.exception), "30.11.2026 — 15,")
        self.assertFalse(young.coop_application_ids.filtered(lambda a: a.state != "draft"))

    def test_the_fee_version_is_named_with_its_amount_and_date(self):
        version = self.as_user(self.officer, "coop.fee.version").search(
            [("company_id", "=", self.company.id), ("date_from", "=", date(2020, 1, 1))],
            order="kind",
        )[:1]
        self.assertEqual(version.kind, "entry_fee")
        self.assertIn(f"1{NBSP}000,00{NBSP}{self.rub.symbol} (01.01.2020)", version.display_name)
