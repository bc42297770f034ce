import json

from odoo import fields, models
from odoo.exceptions import AccessError, UserError

# What the cooperative keeps about a person, by section: (model, its link to the person, fields).
# Addons add their own sections (_coop_personal_data_sections).
PERSON_FIELDS = [
    "name", "phone", "mobile", "email", "street", "street2", "zip", "city", "country_id",
    "barcode", "coop_state", "coop_member_number", "coop_share_capital", "create_date",
]  # fmt: skip
SECTIONS = {
    "consents": ("coop.consent", "partner_id",
                 ["date", "kind", "given", "text_version", "channel"]),
    "status_history": ("coop.state.event", "partner_id",
                       ["date", "from_state", "to_state", "reason"]),
    "applications": ("coop.membership.application", "partner_id",
                     ["name", "date", "state", "full_name", "birthdate", "residence",
                      "decision_number", "decision_date", "refusal_reason"]),
    "contributions": ("coop.contribution", "partner_id",
                      ["name", "date", "kind", "amount", "state"]),
}  # fmt: skip


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _coop_personal_data_sections(self):
        return dict(SECTIONS)

    def coop_personal_data(self):
        """Everything the cooperative keeps about this person, for them (152-FZ: a person may
        ask what is processed about them). Officers and managers; over XML-RPC too.

        :return: ``{"person": {...}, "<section>": [{...}, ...], ...}``, JSON-ready
        """
        self.ensure_one()
        if not self.env.user.has_group("coop_membership.group_officer"):
            raise AccessError(
                self.env._("Exporting a person's data needs the Cooperative / Officer group.")
            )
        if not self.coop_state:
            raise UserError(
                self.env._("%(person)s is not registered in the cooperative.",
                           person=self.display_name)
            )  # fmt: skip
        person = self.sudo()
        data = {"person": _plain(person, PERSON_FIELDS)}
        for section, (model, link, fnames) in self._coop_personal_data_sections().items():
            records = self.env[model].sudo().search([(link, "=", self.id)], order="id")
            data[section] = [_plain(record, fnames) for record in records]
        return data

    def action_coop_export_personal_data(self):
        """Button: the person's data as a JSON file to hand over; the export is recorded."""
        self.ensure_one()
        data = self.coop_personal_data()
        content = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
        # the file and the note belong to the person's record, whoever asked for them
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": f"personal-data-{self.id}-{fields.Date.context_today(self)}.json",
                    "raw": content.encode(),
                    "mimetype": "application/json",
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )
        self.sudo().message_post(
            body=self.env._("Personal data exported for the person by %(user)s.",
                            user=self.env.user.name)
        )  # fmt: skip
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }


def _plain(record, fnames):
    """The values of ``fnames`` of ``record`` as JSON and XML-RPC can say them (labels, not
    ids; false when not set)."""
    values = {}
    for fname in fnames:
        field = record._fields[fname]
        value = record[fname]
        if field.type == "many2one":
            value = value.display_name or False
        elif field.type == "selection":
            value = dict(field._description_selection(record.env)).get(value) if value else False
        elif field.type in ("date", "datetime"):
            value = value.isoformat() if value else False
        values[fname] = value
    return values
