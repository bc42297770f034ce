import base64
import binascii
import tomllib

from odoo import api, fields, models
from odoo.exceptions import UserError


class CoopTurnkeyWizard(models.TransientModel):
    """A manager uploads a cooperative's file (docs/coop.toml) and applies it."""

    _name = "coop.turnkey.wizard"
    _description = "New cooperative from a file"

    config_file = fields.Binary(string="Cooperative file (TOML)", required=True)
    config_filename = fields.Char(string="File name")
    products_file = fields.Binary(
        string="Products (CSV)", help="The products file the cooperative's file names, if any."
    )
    products_filename = fields.Char(string="Products file name")
    logo_file = fields.Binary(
        string="Logo (PNG, JPEG or SVG)", help="The logo the cooperative's file names, if any."
    )
    logo_filename = fields.Char(string="Logo file name")
    state = fields.Selection([("upload", "Upload"), ("done", "Done")], default="upload")
    # What changed, new users' passwords included: never stored, shown once from the context
    # of the action that follows Apply (only the manager who applied the file receives it).
    changes = fields.Text(compute="_compute_changes")

    @api.depends("state")
    @api.depends_context("coop_turnkey_changes")
    def _compute_changes(self):
        for wizard in self:
            done = wizard.state == "done"
            wizard.changes = (done and self.env.context.get("coop_turnkey_changes")) or False

    def _coop_text(self, data=None, filename=None):
        self.ensure_one()
        try:
            return base64.b64decode(data or self.config_file).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError) as error:
            raise UserError(
                self.env._(
                    "%s is not a text file in UTF-8: save it as UTF-8 and upload it again.",
                    filename or self.config_filename or "coop.toml",
                )
            ) from error

    def _coop_files(self, text):
        """The uploaded products CSV and logo, under the names the cooperative's file gives
        them."""
        try:
            config = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            return {}  # the file's error is reported with its line when it is applied
        result = {}
        name = config.get("products")
        if self.products_file and isinstance(name, str):
            result[name] = self._coop_text(self.products_file, self.products_filename or name)
        coop = config.get("cooperative")
        logo = coop.get("logo") if isinstance(coop, dict) else None
        if self.logo_file and isinstance(logo, str):
            result[logo] = base64.b64decode(self.logo_file)
        return result

    def action_apply(self):
        self.ensure_one()
        text = self._coop_text()
        changes = self.env["coop.turnkey"].coop_apply_file(
            text, self.config_filename or "coop.toml", self._coop_files(text)
        )
        self.write(
            {"state": "done", "config_file": False, "products_file": False, "logo_file": False}
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "context": {"coop_turnkey_changes": "\n".join(changes)},
        }
