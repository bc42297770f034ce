import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.queue_job.delay import chain
from odoo.addons.queue_job.exception import RetryableJobError

from .bulk import bulk_insert

CHUNK = 1_000  # rows per job (one import call of the contract, one transaction)
STATUSES = [
    ("created", "Created"),
    ("unmatched", "Unmatched"),
    ("duplicate", "Duplicate"),
    ("rejected", "Rejected"),
]


class CoopPartnerImport(models.Model):
    """A file of a partner business's transactions uploaded in the back office. Up to a
    thousand rows are imported at once; a larger file in the background, a thousand rows per
    job (OCA queue_job), one after another in the file's order: each job stores its rows and
    their answers in one transaction, so the progress and the answers per row shown are what
    is stored, and a job run again after a crash skips what it already did."""

    _name = "coop.partner.import"
    _description = "Partner business file import"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _check_company_auto = True
    _rec_name = "filename"

    agreement_id = fields.Many2one(
        "coop.partner.agreement", required=True, readonly=True, index=True, ondelete="cascade",
        check_company=True,
    )  # fmt: skip
    business_id = fields.Many2one(
        related="agreement_id.partner_id", string="Partner business", store=True
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    user_id = fields.Many2one(
        "res.users", string="Uploaded by", required=True, readonly=True,
        default=lambda self: self.env.user,
    )  # fmt: skip
    filename = fields.Char(string="File", required=True, readonly=True)
    file = fields.Binary(string="Uploaded file", attachment=True, readonly=True)
    dry_run = fields.Boolean(string="Check only", readonly=True)
    state = fields.Selection(
        [("queued", "Waiting"), ("running", "Importing"), ("done", "Done")],
        required=True, default="queued", readonly=True, index=True, tracking=True,
    )  # fmt: skip
    background = fields.Boolean(readonly=True, help="Imported by background jobs.")
    rows_total = fields.Integer(string="Rows", readonly=True)
    rows_done = fields.Integer(string="Rows imported", readonly=True)
    chunks_done = fields.Integer(string="Jobs done", readonly=True)
    progress = fields.Float(compute="_compute_progress", string="Progress (%)")
    created = fields.Integer(readonly=True)
    unmatched = fields.Integer(readonly=True)
    duplicate = fields.Integer(readonly=True)
    rejected = fields.Integer(readonly=True)
    date_done = fields.Datetime(string="Finished", readonly=True)
    line_ids = fields.One2many(
        "coop.partner.import.line", "import_id", string="Answers per row", readonly=True
    )
    job_ids = fields.Many2many(
        "queue.job", string="Jobs", readonly=True, copy=False,
        groups="queue_job.group_queue_job_manager",
    )  # fmt: skip
    failure = fields.Text(compute="_compute_failure", string="Why it stopped")

    @api.depends("rows_done", "rows_total")
    def _compute_progress(self):
        for record in self:
            total = record.rows_total
            record.progress = 100.0 * record.rows_done / total if total else 0.0

    def _coop_failed_job(self):
        """The job that stopped this import (queue_job keeps why), if one did."""
        self.ensure_one()
        if self.state == "done":
            return self.env["queue.job"].sudo()
        return self.sudo().job_ids.filtered(lambda job: job.state == "failed")[:1]

    @api.depends("state")
    def _compute_failure(self):
        for record in self:
            failed = record._coop_failed_job()
            record.failure = (failed.exc_message or failed.exc_name) if failed else False

    # ------------------------------------------------------------------ starting

    @api.model
    def _coop_start(self, agreement, filename, data, rows, dry_run=False):
        """Record the upload of ``rows`` (parsed from ``data``, the file as uploaded) and import
        them: at once when they fit in one job, in the background otherwise."""
        record = self.create(
            {
                "agreement_id": agreement.id,
                "company_id": agreement.company_id.id,
                "filename": filename,
                "file": data,
                "dry_run": dry_run,
                "rows_total": len(rows),
                "background": len(rows) > CHUNK,
            }
        )
        if not record.background:
            # in this request, whose transaction holds the new import: answers recorded here
            answers = agreement._coop_import(rows, dry_run=dry_run, source="file")
            record._coop_record(0, 2, rows, answers)
            return record
        # line 1 of the file names the columns: row n of the file is on line n + 1
        chunks = [
            (index, start + 2, rows[start : start + CHUNK])
            for index, start in enumerate(range(0, len(rows), CHUNK))
        ]
        delayables = []
        for index, first_line, part in chunks:
            first = f"{first_line - 1:,}"
            last = f"{first_line - 2 + len(part):,}"
            description = self.env._(
                "%(file)s: rows %(first)s to %(last)s", file=filename, first=first, last=last
            )
            delayables.append(
                record.delayable(description=description)._coop_run_chunk(index, first_line, part)
            )
        chain(*delayables).delay()
        uuids = [delayable._generated_job.uuid for delayable in delayables]
        record.sudo().job_ids = self.env["queue.job"].sudo().search([("uuid", "in", uuids)])
        return record

    # ------------------------------------------------------------------ the job

    def _coop_run_chunk(self, index, first_line, rows):
        """Import chunk ``index`` (``rows``, the first one on line ``first_line`` of the file)
        and record its answers in the import's own transaction."""
        if not self.exists():
            return self.env._("The import was deleted before its rows were imported.")
        self.ensure_one()
        if self.chunks_done > index:
            self._coop_release_next_chunk()
            return self.env._("Rows already imported (the job ran before).")
        try:
            self.agreement_id._coop_import(
                rows,
                dry_run=self.dry_run,
                source="file",
                then=lambda agreement, answers: self.with_env(agreement.env)._coop_record(
                    index, first_line, rows, answers
                ),
            )
        except (psycopg2.OperationalError, psycopg2.InterfaceError) as error:
            # the database went away (a restart): nothing of this chunk is stored, try again
            raise RetryableJobError(str(error), seconds=10) from error
        self._coop_release_next_chunk()
        return self.env._("%(count)s rows imported.", count=len(rows))

    def _coop_release_next_chunk(self):
        """Make the next chunk's job ready to run, in the job's own transaction (the one
        queue_job commits with the job's state done).

        queue_job readies a chain's next job only after that commit, in a transaction of its
        own: a server killed between the two leaves the rest of the file waiting for ever (no
        job is dead, so none is requeued; OCA/queue#884). Readied here, the next chunk is
        ready as soon as this job is done (a job killed before its commit is requeued as dead
        and, its rows already stored, only readies the next); queue_job's own step then finds
        nothing left to do. Only this job's children in its own graph whose parents are all
        done or this job."""
        uuid = self.env.context.get("job_uuid")
        if not uuid:
            return
        self.env["queue.job"].flush_model()
        self.env.cr.execute(
            """
            UPDATE queue_job child SET state = 'pending'
              FROM queue_job job
             WHERE job.uuid = %(uuid)s
               AND child.graph_uuid = job.graph_uuid
               AND child.state = 'wait_dependencies'
               AND child.uuid IN (SELECT json_array_elements_text(
                                         job.dependencies::json -> 'reverse_depends_on'))
               AND NOT EXISTS (
                   SELECT 1 FROM queue_job parent
                    WHERE parent.graph_uuid = job.graph_uuid
                      AND parent.uuid IN (SELECT json_array_elements_text(
                                                 child.dependencies::json -> 'depends_on'))
                      AND parent.uuid <> job.uuid AND parent.state <> 'done')
            """,
            {"uuid": uuid},
        )
        self.env["queue.job"].invalidate_model(["state"])

    def _coop_record(self, index, first_line, rows, answers):
        self.ensure_one()
        counts = dict.fromkeys(("created", "unmatched", "duplicate", "rejected"), 0)
        lines = []
        for offset, (row, answer) in enumerate(zip(rows, answers, strict=True)):
            counts[answer["status"]] += 1
            external_id = answer.get("external_id") or row.get("external_id")
            lines.append(
                (
                    self.id,
                    self.company_id.id,
                    first_line + offset,
                    str(external_id)[:200] if external_id is not None else None,
                    answer["status"],
                    answer.get("id") or None,
                    answer.get("cashback") or 0.0,
                    answer.get("error") or None,
                )
            )
        bulk_insert(
            self.env,
            "coop_partner_import_line",
            (
                "import_id", "company_id", "line", "external_id", "status", "transaction_id",
                "cashback", "error",
            ),
            lines,
        )  # fmt: skip
        self.env["coop.partner.import.line"].invalidate_model()
        rows_done = self.rows_done + len(rows)
        done = rows_done >= self.rows_total
        self.write(
            {
                "rows_done": rows_done,
                "chunks_done": index + 1,
                "state": "done" if done else "running",
                "date_done": fields.Datetime.now() if done else False,
                **{key: self[key] + value for key, value in counts.items()},
            }
        )
        if done and self.background:
            self._coop_notify_done()

    def _coop_notify_done(self):
        """Tell the person who uploaded the file that its import has finished."""
        body = self.env._(
            "%(file)s imported: %(created)s created, %(unmatched)s unmatched, "
            "%(duplicate)s already there, %(rejected)s rejected.",
            file=self.filename,
            created=self.created,
            unmatched=self.unmatched,
            duplicate=self.duplicate,
            rejected=self.rejected,
        )
        # from OdooBot: Odoo does not notify people of their own messages
        self.message_post(
            body=body,
            author_id=self.env.ref("base.partner_root").id,
            partner_ids=self.user_id.partner_id.ids,
            message_type="notification",
            subtype_xmlid="mail.mt_comment",
        )

    # ------------------------------------------------------------------ buttons

    def action_retry(self):
        """Run the failed job again (after what stopped it was put right)."""
        self.ensure_one()
        failed = self._coop_failed_job()
        if not failed:
            raise UserError(self.env._("%(file)s: no job of it has failed.", file=self.filename))
        failed.requeue()
        return True

    def action_view_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "coop_partner_sync.action_coop_partner_import_line"
        )
        action["domain"] = [("import_id", "=", self.id)]
        status = self.env.context.get("coop_status")
        action["context"] = {f"search_default_{status}": 1} if status else {}
        return action
