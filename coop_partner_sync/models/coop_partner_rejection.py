import hashlib

from psycopg2.errors import LockNotAvailable

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, mute_logger

from .coop_partner_transaction import raw_json
from .transaction_row import KEYS

MAX_RAW = 100_000  # characters of a rejected row kept (a row of 10,000 rows' worth is cut)


class CoopPartnerRejection(models.Model):
    """A row a partner business sent that broke the contract: kept as it came, with the
    reason, for the back office to fix and process again (or dismiss). Nothing is lost."""

    _name = "coop.partner.rejection"
    _description = "Rejected partner business row"
    _inherit = ["mail.thread"]
    _order = "last_date desc, id desc"
    _check_company_auto = True
    _rec_name = "external_id"

    agreement_id = fields.Many2one(
        "coop.partner.agreement", required=True, index=True, ondelete="cascade",
        check_company=True,
    )  # fmt: skip
    business_id = fields.Many2one(
        related="agreement_id.partner_id", string="Partner business", store=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True)
    raw = fields.Text(string="Row as sent", readonly=True)
    raw_hash = fields.Char(readonly=True, index=True)
    field = fields.Char(readonly=True)
    error = fields.Char(string="Why", readonly=True, tracking=True)
    source = fields.Selection(
        [("rpc", "XML-RPC"), ("file", "File upload"), ("fix", "Fixed in the back office")],
        required=True, default="rpc", readonly=True,
    )  # fmt: skip
    state = fields.Selection(
        [("open", "To review"), ("fixed", "Fixed"), ("dismissed", "Dismissed")],
        required=True, default="open", index=True, tracking=True,
    )  # fmt: skip
    count = fields.Integer(string="Times sent", default=1, readonly=True)
    first_date = fields.Datetime(string="First sent", default=fields.Datetime.now, readonly=True)
    last_date = fields.Datetime(string="Last sent", default=fields.Datetime.now, readonly=True)
    transaction_id = fields.Many2one("coop.partner.transaction", string="Stored as", readonly=True)
    # the row's values, editable to fix it (texts, as the business could have sent them)
    external_id = fields.Char(string="External ID")
    member_ref = fields.Char(string="Person reference")
    amount = fields.Char()
    date = fields.Char(help="YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS (UTC)")
    kind = fields.Char(help="sale or refund")
    refund_of = fields.Char(string="Refund of")
    currency = fields.Char()

    @api.model
    def _coop_keep(self, agreement, rejected, source):
        """Keep rejected rows ``[(row, field, message)]``; a row sent again unchanged while
        still to review counts once more instead of making a new entry."""
        if not rejected:
            return self.browse()
        now = fields.Datetime.now()
        entries = {}
        for row, field_name, message in rejected:
            raw = raw_json(row)[:MAX_RAW]
            digest = hashlib.sha256(raw.encode()).hexdigest()
            entry = entries.setdefault(
                digest,
                {"row": row, "raw": raw, "field": field_name, "error": message, "times": 0},
            )
            entry["times"] += 1
        existing = self.sudo().search(
            [
                ("agreement_id", "=", agreement.id),
                ("state", "=", "open"),
                ("raw_hash", "in", list(entries)),
            ]
        )
        for rejection in existing:
            entry = entries.pop(rejection.raw_hash, None)
            if entry:
                rejection.write(
                    {
                        "count": rejection.count + entry["times"],
                        "last_date": now,
                        "field": entry["field"],
                        "error": f"{entry['field']}: {entry['error']}",
                    }
                )
        vals_list = []
        for digest, entry in entries.items():
            row = entry["row"] if isinstance(entry["row"], dict) else {}
            vals = {
                "agreement_id": agreement.id,
                "company_id": agreement.company_id.id,
                "raw": entry["raw"],
                "raw_hash": digest,
                "field": entry["field"],
                "error": f"{entry['field']}: {entry['error']}",
                "source": source,
                "count": entry["times"],
                "first_date": now,
                "last_date": now,
            }
            for key in KEYS:
                value = row.get(key)
                if value is not None and value is not False:
                    vals[key] = str(value)[:1000]
            vals_list.append(vals)
        return existing | self.sudo().with_context(mail_create_nolog=True).create(vals_list)

    def _coop_row(self):
        self.ensure_one()
        row = {}
        for key in KEYS:
            value = self[key]
            if value:
                row[key] = value.strip() if key != "external_id" else value
        return row

    def action_reprocess(self):
        """Process the (fixed) row again, through the same checks as an import. The import
        commits in its own transaction (see ``_coop_import``), which the caller's cannot see:
        the row's outcome is written there too (``_coop_reprocessed``), with the transaction
        it stored, so one click stores it and closes the row, or does neither."""
        self.flush_recordset()  # a change not saved yet would be written over the outcome
        for rejection in self:
            if rejection.state != "open":
                raise UserError(
                    self.env._("Row %(ref)s is not to review.", ref=rejection.display_name)
                )
            rejection.agreement_id._coop_import(
                [rejection._coop_row()], source="fix", then=rejection._coop_reprocessed
            )
        self.invalidate_recordset()
        return True

    def _coop_reprocessed(self, agreement, answers):
        """Record the answer to this row processed again, in the import's transaction."""
        rejection = self.with_env(agreement.env)
        rejection._coop_lock()
        if rejection.state != "open":  # closed meanwhile by someone else's click
            return
        [answer] = answers
        if answer["status"] == "rejected":
            rejection.write({"error": answer["error"], "field": answer["error"].split(":")[0]})
            rejection.message_post(
                body=rejection.env._(
                    "Processed again, still rejected: %(error)s", error=answer["error"]
                )
            )
            return
        rejection.write({"state": "fixed", "transaction_id": answer["id"]})
        rejection.message_post(
            body=rejection.env._("Processed again: %(status)s.", status=answer["status"])
        )

    def _coop_lock(self):
        """Lock this row for the import's transaction, without waiting: a row being changed
        by another transaction (even the caller's own, which waits for this one) is refused."""
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM %s WHERE id IN %s FOR NO KEY UPDATE NOWAIT",
                        SQL.identifier(self._table),
                        tuple(self.ids),
                    )
                )
        except LockNotAvailable as error:
            raise UserError(
                self.env._(
                    "Row %(ref)s is being changed elsewhere at this moment: save it, then "
                    "click Process again.",
                    ref=self.display_name,
                )
            ) from error

    def action_dismiss(self):
        self.write({"state": "dismissed"})
        return True

    def action_reopen(self):
        self.filtered(lambda r: r.state == "dismissed").write({"state": "open"})
        return True
