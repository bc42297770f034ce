import base64

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.queue_job.job import Job

from ..models.coop_partner_import import CHUNK
from .common import PartnerSyncCase

ROWS = 2_500  # three jobs: 1,000 + 1,000 + 500 rows


@tagged("post_install", "-at_install")
@freeze_time("2026-11-23 12:00:00")
class TestPartnerFileImport(PartnerSyncCase):
    """Files uploaded in the back office: up to a thousand rows at once, larger ones in the
    background with queue_job, a job per thousand rows in the file's order, the answer to
    every row kept on the import."""

    def setUp(self):
        super().setUp()
        self.person, _r = self.register("+7 900 111-22-33")

    def csv(self, count, bad_every=0, first=1):
        lines = ["external_id;member_ref;amount;date"]
        for number in range(first, first + count):
            amount = "abc" if bad_every and number % bad_every == 0 else "100.00"
            lines.append(f"L{number};8 900 111-22-33;{amount};2026-11-20")
        return base64.b64encode("\n".join(lines).encode())

    def upload(self, data, dry_run=False, user=None):
        wizard = (
            self.env["coop.partner.import.wizard"]
            .with_user(user or self.officer)
            .create(
                {
                    "agreement_id": self.agreement.id,
                    "file": data,
                    "filename": "sales.csv",
                    "dry_run": dry_run,
                }
            )
        )
        action = wizard.action_import()
        self.assertEqual(action["res_model"], "coop.partner.import")
        return (
            self.env["coop.partner.import"].with_user(user or self.officer).browse(action["res_id"])
        )

    def jobs(self, upload):
        return upload.sudo().job_ids.sorted(lambda job: job.args[0])  # the chunk's index

    def run_jobs(self, upload, count=None):
        """Run the import's jobs still to do, in order, as queue_job's runner does."""
        for record in self.jobs(upload).filtered(lambda job: job.state != "done")[:count]:
            self.assertEqual(record.state, "pending")  # the one before it is done
            job = Job.load(self.env, record.uuid)
            job.set_started()
            job.store()
            job.perform()
            job.set_done()
            job.store()
            self.env.flush_all()
            job.enqueue_waiting()

    def test_a_small_file_is_imported_at_once(self):
        upload = self.upload(self.csv(20, bad_every=7))
        self.assertFalse(self.jobs(upload))
        self.assertEqual((upload.state, upload.background, upload.progress), ("done", False, 100))
        self.assertEqual((upload.created, upload.rejected), (18, 2))
        self.assertEqual(len(upload.line_ids), 20)
        first = upload.line_ids.sorted("line")[0]
        self.assertEqual((first.line, first.external_id, first.status), (2, "L1", "created"))
        self.assertEqual(first.transaction_id, self.txn("L1"))
        self.assertEqual(first.cashback, self.txn("L1").cashback)
        bad = upload.line_ids.filtered(lambda line: line.external_id == "L7")
        self.assertEqual((bad.line, bad.status), (8, "rejected"))
        self.assertTrue(bad.error.startswith("amount: "))
        # the uploaded file is kept with its import
        self.assertEqual(base64.b64decode(upload.file), base64.b64decode(self.csv(20, 7)))
        self.assertEqual(self.agreement.with_user(self.officer).import_count, 1)

    def test_a_large_file_is_imported_in_the_background_in_its_order(self):
        upload = self.upload(self.csv(ROWS, bad_every=500))
        jobs = self.jobs(upload)
        self.assertEqual(len(jobs), 3)
        self.assertEqual(
            jobs.mapped("state"), ["pending", "wait_dependencies", "wait_dependencies"]
        )
        self.assertEqual(jobs.mapped("channel"), ["root.coop_partner_import"] * 3)
        self.assertEqual(jobs.mapped("user_id"), self.officer)
        # chained: each chunk waits for the one before it
        self.assertEqual(jobs[1].dependencies["depends_on"], [jobs[0].uuid])
        self.assertEqual(jobs[2].dependencies["depends_on"], [jobs[1].uuid])
        self.assertEqual(jobs[2].name, "sales.csv: rows 2,001 to 2,500")
        self.assertEqual(jobs[2].args[:2], [2, 2 * CHUNK + 2])
        self.assertEqual(
            jobs[2].args[2][0],
            {"external_id": "L2001", "member_ref": "8 900 111-22-33", "amount": "100.00",
             "date": "2026-11-20"},
        )  # fmt: skip
        self.assertEqual((upload.state, upload.progress, upload.rows_total), ("queued", 0, ROWS))
        self.assertFalse(self.txn("L1"))

        self.run_jobs(upload, 1)
        self.assertEqual((upload.state, upload.rows_done, upload.progress), ("running", 1000, 40))
        self.assertEqual(jobs.mapped("state"), ["done", "pending", "wait_dependencies"])
        self.run_jobs(upload)
        self.assertEqual((upload.state, upload.rows_done, upload.progress), ("done", ROWS, 100))
        self.assertEqual((upload.created, upload.rejected, upload.duplicate), (ROWS - 5, 5, 0))
        self.assertEqual(len(upload.line_ids), ROWS)
        self.assertEqual(sorted(upload.line_ids.mapped("line")), list(range(2, ROWS + 2)))
        last = upload.line_ids.filtered(lambda line: line.external_id == f"L{ROWS}")
        self.assertEqual((last.line, last.status), (ROWS + 1, "rejected"))
        self.assertEqual(self.txn("L2499").amount, 100.0)
        self.assertEqual(self.txn("L2499").source, "file")
        # the uploader is told it is done
        message = upload.message_ids.filtered(lambda m: "sales.csv imported" in (m.body or ""))
        self.assertIn(self.officer.partner_id, message.partner_ids)
        self.assertIn("2495 created", message.body)

    def test_a_job_run_again_does_not_import_its_rows_twice(self):
        upload = self.upload(self.csv(1_500))
        first = self.jobs(upload)[0]
        self.run_jobs(upload, 1)
        Job.load(self.env, first.uuid).perform()  # after a crash between its commit and the job's
        self.run_jobs(upload)
        self.assertEqual((upload.state, upload.created, upload.duplicate), ("done", 1_500, 0))
        self.assertEqual(len(upload.line_ids), 1_500)
        # the same file again: every row already there, nothing stored twice
        again = self.upload(self.csv(1_500))
        self.run_jobs(again)
        self.assertEqual((again.created, again.duplicate), (0, 1_500))
        line = again.line_ids.filtered(lambda line: line.external_id == "L1")
        self.assertEqual(line.transaction_id, self.txn("L1"))

    def test_a_chunk_readies_the_next_one_in_its_own_transaction(self):
        """A server killed after a chunk's commit, before queue_job's own step that readies the
        next job (OCA/queue#884), leaves no chunk waiting for ever."""
        upload = self.upload(self.csv(2_500))
        jobs = self.jobs(upload)
        job = Job.load(self.env, jobs[0].uuid)
        job.set_started()
        job.store()
        job.perform()  # the chunk's transaction; then the crash: neither set_done nor enqueue
        self.env.flush_all()
        jobs.invalidate_recordset(["state"])
        self.assertEqual(jobs.mapped("state"), ["started", "pending", "wait_dependencies"])
        self.assertEqual(upload.rows_done, 1_000)

    def test_a_large_check_only_file_stores_nothing(self):
        upload = self.upload(self.csv(1_200, bad_every=100), dry_run=True)
        self.run_jobs(upload)
        self.assertEqual((upload.state, upload.created, upload.rejected), ("done", 1_188, 12))
        self.assertFalse(self.txn("L1"))
        self.assertFalse(upload.line_ids.transaction_id)

    def test_a_failed_job_is_shown_and_tried_again(self):
        upload = self.upload(self.csv(1_001))
        jobs = self.jobs(upload)
        self.assertFalse(upload.failure)
        # the first job fails (the runner records why); the import says so
        jobs[0].write({"state": "failed", "exc_message": "could not connect to server"})
        upload.invalidate_recordset(["failure"])
        self.assertEqual(upload.failure, "could not connect to server")
        upload.action_retry()
        self.assertEqual(jobs[0].state, "pending")
        self.run_jobs(upload)
        self.assertEqual((upload.state, upload.created), ("done", 1_001))
        upload.invalidate_recordset(["failure"])
        self.assertFalse(upload.failure)
        with self.assertRaisesRegex(UserError, "no job of it has failed"):
            upload.action_retry()

    def test_a_job_of_a_deleted_import_does_nothing(self):
        upload = self.upload(self.csv(1_500))
        job = Job.load(self.env, self.jobs(upload)[0].uuid)
        upload.with_user(self.manager).unlink()
        self.assertIn("deleted", job.perform())
        self.assertFalse(self.txn("L1"))

    def test_imports_are_for_staff_of_the_cooperative(self):
        upload = self.upload(self.csv(3))
        with self.assertRaises(AccessError):
            upload.with_user(self.api_user).read(["filename"])
        with self.assertRaises(AccessError):
            upload.line_ids.with_user(self.api_user).read(["status"])
        with self.assertRaises(AccessError):
            upload.with_user(self.cashier).read(["filename"])
        other = self._coop_company("ПО «Другое»")
        stranger = self._coop_user("coop_t_other_officer", "coop_membership.group_officer")
        stranger.write({"company_id": other.id, "company_ids": [(6, 0, other.ids)]})
        self.assertFalse(
            self.env["coop.partner.import"].with_user(stranger).search([("id", "=", upload.id)])
        )
