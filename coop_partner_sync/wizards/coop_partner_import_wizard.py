import base64
import csv
import io
from datetime import date, datetime

from odoo import fields, models
from odoo.exceptions import UserError

from ..models.transaction_row import KEYS

CHUNK = 1_000  # rows per import call, as the partners' client sends them


class CoopPartnerImportWizard(models.TransientModel):
    """A small partner business uploads its transactions as a file (CSV or XLSX, one row per
    transaction, the columns of the XML-RPC contract): the same checks, the same answers."""

    _name = "coop.partner.import.wizard"
    _description = "Import partner business transactions from a file"

    agreement_id = fields.Many2one("coop.partner.agreement", required=True)
    file = fields.Binary(required=True)
    filename = fields.Char()
    dry_run = fields.Boolean(string="Check only", help="Check the rows without storing them.")
    result = fields.Text(readonly=True)
    created = fields.Integer(readonly=True)
    unmatched = fields.Integer(readonly=True)
    duplicate = fields.Integer(readonly=True)
    rejected = fields.Integer(readonly=True)
    done = fields.Boolean(readonly=True)

    def _rows(self):
        self.ensure_one()
        data = base64.b64decode(self.file or b"")
        name = (self.filename or "").lower()
        if name.endswith(".xlsx") or data[:2] == b"PK":
            return _xlsx_rows(self.env, data, self.filename)
        return _csv_rows(self.env, data, self.filename)

    def action_import(self):
        self.ensure_one()
        rows = self._rows()
        if not rows:
            raise UserError(self.env._("%(file)s has no rows.", file=self.filename or "?"))
        answers = []
        for start in range(0, len(rows), CHUNK):
            answers += self.agreement_id._coop_import(
                rows[start : start + CHUNK], dry_run=self.dry_run, source="file"
            )
        counts = dict.fromkeys(("created", "unmatched", "duplicate", "rejected"), 0)
        for answer in answers:
            counts[answer["status"]] += 1
        errors = [
            self.env._("line %(line)s: %(error)s", line=index + 2, error=answer["error"])
            for index, answer in enumerate(answers)
            if answer["status"] == "rejected"
        ]
        self.write(
            {
                **counts,
                "done": True,
                "result": "\n".join(errors[:200]) or self.env._("No row was rejected."),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }


def _clean(value):
    """A cell as the contract wants it: texts; dates in ISO form; numbers as they are."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        if value.time() == datetime.min.time():
            return value.date().isoformat()
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip() or None
    return value


def _to_rows(env, filename, header, records):
    """Rows as dicts from the first line's column names; refused without them."""
    columns = [str(name).strip() if name is not None else "" for name in header or ()]
    if not set(columns) & set(KEYS):
        raise UserError(
            env._(
                "%(file)s: the first line must name the columns (%(keys)s).",
                file=filename or "?",
                keys=", ".join(KEYS),
            )
        )
    rows = []
    for record in records:
        row = {}
        for name, value in zip(columns, record, strict=False):
            value = _clean(value)
            if value is not None:
                row[name or "?"] = value
        if row:
            rows.append(row)
    return rows


def _csv_rows(env, data, filename):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UserError(env._("%(file)s is not a UTF-8 CSV file.", file=filename or "?")) from error
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    return _to_rows(env, filename, next(reader, None), reader)


def _xlsx_rows(env, data, filename):
    import openpyxl  # noqa: PLC0415 - only for spreadsheets

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        raise UserError(
            env._("%(file)s is not a readable XLSX file.", file=filename or "?")
        ) from error
    sheet = book.worksheets[0]
    records = sheet.iter_rows(values_only=True)
    return _to_rows(env, filename, next(records, None), records)
