import re

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from .coop_turnkey import DATA_MODULE


def _same(record, fname, value):
    """Whether ``record.fname`` already holds ``value`` (a recordset for relational fields,
    an ISO string for dates)."""
    field = record._fields[fname]
    current = record[fname]
    if field.type in ("many2one", "many2many", "one2many"):
        return current == value
    if field.type in ("float", "monetary"):
        return abs((current or 0.0) - (value or 0.0)) < 1e-6
    if field.type == "date":
        return (current or False) == (fields.Date.to_date(value) or False)
    if field.type == "boolean":
        return bool(current) == bool(value)
    return (current or False) == (value or False)


def _written(record, vals):
    """``vals`` as the ORM writes them (ids and commands for relational fields)."""
    result = {}
    for fname, value in vals.items():
        field = record._fields[fname]
        if field.type == "many2one":
            value = value.id
        elif field.type == "many2many":
            value = [Command.set(value.ids)]
        result[fname] = value
    return result


class CoopTurnkey(models.AbstractModel):
    _inherit = "coop.turnkey"

    @api.model
    def _coop_record(self, model, name, company=None):
        """The record of ``model`` a file made under the stable key ``name`` (and the
        external id binding it), or empty. A key bound to a record of another model, or of
        another company than ``company``, is refused: the file cannot take it over."""
        imd = (
            self.env["ir.model.data"]
            .sudo()
            .search([("module", "=", DATA_MODULE), ("name", "=", name)], limit=1)
        )
        records = self.env[model].with_context(active_test=False)
        if not imd:
            return imd, records
        record = records.browse(imd.res_id).exists() if imd.model == model else records
        other = self.env[imd.model].sudo().browse(imd.res_id).exists() if not record else None
        if other or (company and not self._coop_of_company(record, company)):
            raise self._coop_taken(imd, other or record)
        return imd, record

    @api.model
    def _coop_adopt(self, model, key, stem, company):
        """The record of ``company`` that the export named ``key`` (``stem`` and its id, e.g.
        ``rule12``: a record the file did not make), when no file made it: applying the
        exported file to the same database takes it over instead of making a copy."""
        found = re.fullmatch(rf"{stem}(\d+)", key)
        if not found:
            return self.env[model]
        record = self.env[model].with_context(active_test=False).browse(int(found[1])).exists()
        if not record or record.sudo().company_id != company:
            return self.env[model]
        made = (
            self.env["ir.model.data"]
            .sudo()
            .search_count(
                [("module", "=", DATA_MODULE), ("model", "=", model), ("res_id", "=", record.id)]
            )
        )
        return self.env[model] if made else record

    @api.model
    def _coop_take_over(self, model, name, key, stem, company):
        """The record of ``company`` made by hand that the export named ``key`` (see
        ``_coop_adopt``), bound to ``name`` from now on, when no record is bound to ``name``
        yet; else empty (the record the file made is found under ``name`` as usual)."""
        imd, record = self._coop_record(model, name, company)
        if record:
            return self.env[model]
        record = self._coop_adopt(model, key, stem, company)
        if record:
            self._coop_bind(imd, name, record)
        return record

    @api.model
    def _coop_of_company(self, record, company):
        """Whether ``record`` belongs to ``company`` (the company itself, or a record of it
        or of no company)."""
        if record._name == "res.company":
            return record == company
        if "company_id" in record._fields:
            return record.sudo().company_id in (company, self.env["res.company"])
        return True

    @api.model
    def _coop_taken(self, imd, record):
        return UserError(
            self.env._(
                "The key %(key)s of the file is already used by %(record)s (%(model)s, company "
                "%(company)s), not made from this cooperative's file: the file cannot take it "
                "over. Check the keys of the cooperative and its stores.",
                key=imd.complete_name,
                record=record.sudo().display_name,
                model=record._name,
                company=("company_id" in record._fields and record.sudo().company_id.name) or "-",
            )
        )

    @api.model
    def _coop_bind(self, imd, name, record):
        """Find ``record`` under ``name`` from now on (e.g. the new version of a fee). A key
        bound to a record of another model, or of another company, is refused."""
        if imd and (imd.model, imd.res_id) == (record._name, record.id):
            return
        if imd:
            other = self.env[imd.model].sudo().browse(imd.res_id).exists()
            company = record.company_id if "company_id" in record._fields else None
            if other and (
                other._name != record._name
                or (company and not self._coop_of_company(other, company))
            ):
                raise self._coop_taken(imd, other)
            imd.sudo().write({"model": record._name, "res_id": record.id})
        else:
            self.env["ir.model.data"].sudo().create(
                {
                    "module": DATA_MODULE,
                    "name": name,
                    "model": record._name,
                    "res_id": record.id,
                    "noupdate": True,
                }
            )

    @api.model
    def _coop_update(self, changes, record, vals, label):
        """Write what differs of ``vals`` on ``record``, saying what changed."""
        diff = {fname: value for fname, value in vals.items() if not _same(record, fname, value)}
        if not diff:
            return record
        described = []
        for fname, value in diff.items():
            field = record._fields[fname]
            what = field._description_string(self.env)
            if field.type in ("char", "text", "integer", "float", "monetary", "date"):
                old = record[fname]
                described.append(f"{what}: {old if old not in (None, False) else '—'} → {value}")
            else:
                described.append(what)
        record.write(_written(record, diff))
        changes.append(
            self.env._("%(what)s: changed %(fields)s", what=label, fields="; ".join(described))
        )
        return record

    @api.model
    def _coop_sync(self, changes, model, name, vals, label, create_vals=None):
        """The record of ``model`` made under ``name``: created with ``vals`` (and
        ``create_vals``) when missing, else brought to ``vals``."""
        company = vals.get("company_id") if model != "res.company" else None
        imd, record = self._coop_record(model, name, company)
        if record:
            return self._coop_update(changes, record, vals, label)
        empty = self.env[model]
        record = empty.create({**_written(empty, vals), **(create_vals or {})})
        self._coop_bind(imd, name, record)
        changes.append(self.env._("%s: created", label))
        return record
