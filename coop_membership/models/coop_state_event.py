from odoo import api, fields, models

COOP_STATES = [
    ("shopper", "Shopper"),
    ("applicant", "Applicant"),
    ("admitted", "Admitted"),
    ("member", "Member"),
    ("leaving", "Leaving"),
    ("former", "Former member"),
]


def coop_changed_fields(records, vals, fnames):
    """``[(record, field name)]`` of the fields among ``fnames`` that ``vals`` would change on
    ``records``: writing back the value a record has (a form, an import of an export) changes
    nothing and is let through."""
    changed = []
    for fname in fnames & vals.keys():
        field = records._fields[fname]
        for record in records:
            value = field.convert_to_record(field.convert_to_cache(vals[fname], record), record)
            if value != record[fname]:
                changed.append((record, fname))
    return changed


def coop_company_env(records, company=None):
    """The environment a text the cooperative stores is written in (a status history, a note
    in the chatter, an entry label, a rejected row's reason): the language of ``company``'s own
    contact (``records``' company by default), whoever's call writes it (the till, a cron, an
    import, an XML-RPC integrator whose user has another language). Call ``env._`` on it in the
    addon the text belongs to."""
    company = company or records.env.company
    lang = company.sudo().partner_id.lang
    return records.with_context(lang=lang).env if lang else records.env


class CoopStateEvent(models.Model):
    """One step of a person's membership lifecycle: from, to, when, who, why, which document."""

    _name = "coop.state.event"
    _description = "Membership state change"
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", string="Person", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True)
    date = fields.Date(required=True)
    from_state = fields.Selection(COOP_STATES, string="From")
    to_state = fields.Selection(COOP_STATES, string="To", required=True)
    reason = fields.Char(required=True)
    document = fields.Reference(
        selection=[
            ("coop.membership.application", "Application"),
            ("coop.contribution", "Contribution"),
        ],
    )
    user_id = fields.Many2one(
        "res.users", string="By", required=True, default=lambda self: self.env.user
    )

    @api.depends("partner_id", "to_state", "date")
    def _compute_display_name(self):
        states = dict(self._fields["to_state"]._description_selection(self.env))
        for event in self:
            event.display_name = (
                f"{event.partner_id.display_name}: {states.get(event.to_state)} ({event.date})"
            )
