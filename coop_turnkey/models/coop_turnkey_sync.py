from odoo import Command, api, fields, models

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
    def _coop_record(self, model, name):
        """The record of ``model`` a file made under the stable key ``name`` (and the
        external id binding it), or empty."""
        imd = (
            self.env["ir.model.data"]
            .sudo()
            .search([("module", "=", DATA_MODULE), ("name", "=", name)], limit=1)
        )
        records = self.env[model].with_context(active_test=False)
        if imd and imd.model == model:
            return imd, records.browse(imd.res_id).exists()
        return imd, records

    @api.model
    def _coop_bind(self, imd, name, record):
        """Find ``record`` under ``name`` from now on."""
        if imd and (imd.model, imd.res_id) == (record._name, record.id):
            return
        if imd:
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
        imd, record = self._coop_record(model, name)
        if record:
            return self._coop_update(changes, record, vals, label)
        empty = self.env[model]
        record = empty.create({**_written(empty, vals), **(create_vals or {})})
        self._coop_bind(imd, name, record)
        changes.append(self.env._("%s: created", label))
        return record
