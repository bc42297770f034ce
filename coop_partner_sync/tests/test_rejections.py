import base64
import io
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools.translate import LazyTranslate

from ..models.transaction_row import RowError
from .common import PartnerSyncCase


@tagged("post_install", "-at_install")
@freeze_time("2026-11-23 12:00:00")
class TestPartnerRejections(PartnerSyncCase):
    def setUp(self):
        super().setUp()
        self.person, _r = self.register("+7 900 111-22-33")
        self.Rejection = self.env["coop.partner.rejection"]

    def test_rejected_rows_are_kept_counted_and_fixed(self):
        bad = {"external_id": "B1", "member_ref": "89001112233", "amount": "12,50",
               "date": "2026-11-20"}  # fmt: skip
        good = {"external_id": "G1", "member_ref": "89001112233", "amount": 10,
                "date": "2026-11-20"}  # fmt: skip
        answers = self.send([bad, good])
        self.assertEqual([a["status"] for a in answers], ["rejected", "created"])
        self.send([bad])
        rejection = self.Rejection.search([("agreement_id", "=", self.agreement.id)])
        self.assertEqual(len(rejection), 1)
        self.assertEqual(rejection.count, 2)
        self.assertEqual(rejection.field, "amount")
        self.assertIn('"12,50"', rejection.raw)
        self.assertEqual(rejection.amount, "12,50")

        officer_view = rejection.with_user(self.officer)
        officer_view.amount = "12.50"
        officer_view.action_reprocess()
        self.assertEqual(rejection.state, "fixed")
        self.assertEqual(rejection.transaction_id, self.txn("B1"))
        self.assertEqual(self.txn("B1").amount, 12.5)
        self.assertEqual(self.txn("B1").source, "fix")

    def test_process_again_once_closes_the_row(self):
        """One click, as the back office does it: the fix saved on the form, then Process
        again; the row is done with the transaction it stored, and says so in its chatter."""
        self.send([self.sale("B2", "89001112233", "1000,00")])
        rejection = self.Rejection.search([("agreement_id", "=", self.agreement.id)])
        with Form(rejection.with_user(self.officer)) as form:
            form.amount = "1000.00"
        self.assertTrue(rejection.with_user(self.officer).action_reprocess())
        self.assertEqual(rejection.state, "fixed")
        self.assertEqual(rejection.transaction_id, self.txn("B2"))
        self.assertEqual((self.txn("B2").amount, self.txn("B2").cashback), (1000.0, 50.0))
        self.assertIn("Processed again: created.", rejection.message_ids[0].body)
        with self.assertRaisesRegex(UserError, "B2 is not to review"):
            rejection.with_user(self.officer).action_reprocess()

    def test_the_outcome_is_written_in_the_imports_transaction(self):
        """The import commits in a transaction of its own, which the clicking user's cannot
        see: the row's outcome must be written there (with the ``then`` of ``_coop_import``),
        not after it, where the new transaction does not exist yet (the foreign key error of
        the first click). Here the import's transaction is the test's; what is checked is that
        the row is closed by the import's callback, before ``_coop_import`` returns."""
        self.send([self.sale("B3", "89001112233", "abc")])
        rejection = self.Rejection.search([("agreement_id", "=", self.agreement.id)])
        rejection.with_user(self.officer).amount = "30"
        Agreement = type(self.env["coop.partner.agreement"])
        original = Agreement._coop_import
        seen = []

        def spy(agreement, rows, dry_run=False, source="rpc", then=None):
            answers = original(agreement, rows, dry_run=dry_run, source=source, then=then)
            seen.append(rejection.state)
            return answers

        with patch.object(Agreement, "_coop_import", spy):
            rejection.with_user(self.officer).action_reprocess()
        self.assertEqual(set(seen), {"fixed"})  # (it may call itself in the book's language)
        self.assertEqual(rejection.transaction_id, self.txn("B3"))

    def test_a_fix_that_is_still_wrong_stays_to_review(self):
        self.send([{"external_id": "B1", "member_ref": "89001112233", "amount": 0,
                    "date": "2026-11-20"}])  # fmt: skip
        rejection = self.Rejection.search([("agreement_id", "=", self.agreement.id)])
        rejection.amount = "-3"
        rejection.action_reprocess()
        self.assertEqual(rejection.state, "open")
        self.assertTrue(rejection.error.startswith("amount: "))
        self.assertEqual(self.Rejection.search_count([("agreement_id", "=", self.agreement.id)]), 1)

    def test_file_upload_goes_the_same_way(self):
        content = (
            b"external_id;member_ref;amount;date;kind;refund_of\n"
            b"F1;8 900 111-22-33;1000.00;2026-11-20;;\n"
            b"F2;8 900 111-22-33;200;2026-11-21;refund;F1\n"
            b"F3;+7 900 999-99-99;100;2026-11-21;;\n"
            b"F4;8 900 111-22-33;abc;2026-11-21;;\n"
        )
        wizard = (
            self.env["coop.partner.import.wizard"]
            .with_user(self.officer)
            .create(
                {
                    "agreement_id": self.agreement.id,
                    "file": base64.b64encode(content),
                    "filename": "sales.csv",
                }
            )
        )
        action = wizard.action_import()
        upload = self.env["coop.partner.import"].browse(action["res_id"])
        self.assertEqual(
            (upload.created, upload.unmatched, upload.duplicate, upload.rejected), (2, 1, 0, 1)
        )
        self.assertEqual(upload.state, "done")
        bad = upload.line_ids.filtered(lambda line: line.status == "rejected")
        self.assertEqual((bad.line, bad.external_id), (5, "F4"))
        self.assertTrue(bad.error.startswith("amount: "))
        self.assertEqual(self.txn("F2").cashback, -10.0)
        self.assertEqual(self.txn("F1").source, "file")

    def test_xlsx_upload(self):
        import openpyxl  # noqa: PLC0415

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["external_id", "member_ref", "amount", "date"])
        sheet.append(["X1", "89001112233", 1234.5, "2026-11-20"])
        buffer = io.BytesIO()
        book.save(buffer)
        wizard = self.env["coop.partner.import.wizard"].create(
            {
                "agreement_id": self.agreement.id,
                "file": base64.b64encode(buffer.getvalue()),
                "filename": "sales.xlsx",
            }
        )
        upload = self.env["coop.partner.import"].browse(wizard.action_import()["res_id"])
        self.assertEqual(upload.created, 1)
        self.assertEqual(self.txn("X1").cashback, 61.73)

    def test_a_file_without_the_column_names_is_refused(self):
        wizard = self.env["coop.partner.import.wizard"].create(
            {
                "agreement_id": self.agreement.id,
                "file": base64.b64encode(b"F1;89001112233;100;2026-11-20\n"),
                "filename": "sales.csv",
            }
        )
        with self.assertRaisesRegex(UserError, "first line must name the columns"):
            wizard.action_import()

    def test_a_faulty_reason_text_falls_back_to_its_source(self):
        _lt = LazyTranslate(__name__)
        message = _lt("is outside the agreement with %(business)s (%(period)s)")
        error = RowError("date", message, business="Shop", period=lambda env: "2026")
        self.assertEqual(error.text(self.env), "is outside the agreement with Shop (2026)")
        wrong = RowError("amount", "%(amount)s left, %(missing)s", amount="5,00")
        self.assertEqual(wrong.text(self.env), "%(amount)s left, %(missing)s")
