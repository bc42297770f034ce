import base64
import csv
import io
from datetime import date, datetime

from odoo import fields, models
from odoo.exceptions import UserError

from ..models.transaction_row import KEYS


class CoopPartnerImportWizard(models.TransientModel):
    """A partner business's transactions uploaded as a file (CSV or XLSX, one row per
    transaction, the columns of the XML-RPC contract): the same checks, the same answers,
    kept per row on the file's import (``coop.partner.import``); a large file is imported in
    the background."""

    _name = "coop.partner.import.wizard"
    _description = "Import partner business transactions from a file"

    agreement_id = fields.Many2one("coop.partner.agreement", required=True)
    file = fields.Binary(required=True)
    filename = fields.Char()
    dry_run = fields.Boolean(string="Check only", help="Check the rows without storing them.")

    def _rows(self):
        self.ensure_one()
        data = base64.b64decode(self.file or b"")
        name = (self.filename or "").lower()
        if name.endswith(".xlsx") or data[:2] == b"PK":
            return _xlsx_rows(self.env, data, self.filename)
        return _csv_rows(self.env, data, self.filename)

    def action_import(self):
        """Import the file; open its import (done, or under way in the background)."""
        self.ensure_one()
        rows = self._rows()
        if not rows:
            raise UserError(self.env._("%(file)s has no rows.", file=self.filename or "?"))
        record = self.env["coop.partner.import"]._coop_start(
            self.agreement_id, self.filename or "?", self.file, rows, dry_run=self.dry_run
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "coop.partner.import",
            "res_id": record.id,
            "view_mode": "form",
            "target": "current",
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
