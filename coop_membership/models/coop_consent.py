from odoo import api, fields, models
from odoo.exceptions import UserError

CONSENT_KINDS = [
    ("processing", "Processing of personal data"),
    ("partner_transfer", "Transfer to partner businesses"),
    ("marketing", "Advertising messages"),
]
CHANNELS = [("till", "Till"), ("desk", "Welcome desk"), ("web", "Web"), ("paper", "Paper")]


class CoopConsent(models.Model):
    """One consent given or withdrawn by a person (152-FZ): which, which text version, when and
    how. Entries are never changed: a withdrawal is a new entry."""

    _name = "coop.consent"
    _description = "Personal data consent"
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Person", required=True, ondelete="restrict", index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    kind = fields.Selection(CONSENT_KINDS, required=True)
    given = fields.Boolean(default=True, help="Set: consent given. Unset: consent withdrawn.")
    text_version = fields.Char(required=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    channel = fields.Selection(CHANNELS, required=True)
    user_id = fields.Many2one(
        "res.users", string="Recorded by", required=True, default=lambda self: self.env.user
    )

    @api.depends("partner_id", "kind", "given")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for consent in self:
            verb = self.env._("given") if consent.given else self.env._("withdrawn")
            consent.display_name = (
                f"{consent.partner_id.display_name}: {kinds.get(consent.kind)} ({verb})"
            )

    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(
            self.env._("A consent entry cannot be changed; record a new consent or withdrawal.")
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Consent entries are kept as evidence and cannot be deleted."))
