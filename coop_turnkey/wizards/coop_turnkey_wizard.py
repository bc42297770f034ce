import base64
import binascii

from odoo import fields, models
from odoo.exceptions import UserError


class CoopTurnkeyWizard(models.TransientModel):
    """A manager uploads a cooperative's file (docs/coop.toml) and applies it."""

    _name = "coop.turnkey.wizard"
    _description = "New cooperative from a file"

    config_file = fields.Binary(string="Cooperative file (TOML)", required=True)
    config_filename = fields.Char(string="File name")
    state = fields.Selection([("upload", "Upload"), ("done", "Done")], default="upload")
    changes = fields.Text(readonly=True)

    def _coop_text(self):
        self.ensure_one()
        try:
            return base64.b64decode(self.config_file).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError) as error:
            raise UserError(
                self.env._(
                    "%s is not a text file in UTF-8: save it as UTF-8 and upload it again.",
                    self.config_filename or "coop.toml",
                )
            ) from error

    def action_apply(self):
        self.ensure_one()
        Turnkey = self.env["coop.turnkey"]
        config = Turnkey.coop_load(self._coop_text(), self.config_filename or "coop.toml")
        changes = Turnkey.coop_apply(config)
        self.write({"state": "done", "changes": "\n".join(changes), "config_file": False})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
