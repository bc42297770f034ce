from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL


class MailingMailing(models.Model):
    """A mailing of a cooperative reaches only its people with a current consent to advertising
    messages (Law 38-FZ art. 18), and for SMS a valid mobile, whatever domain, favourite filter
    or mailing list the user chose: the condition is added where Odoo computes the recipients
    (the count shown, the recipients at sending, the ids given to a send)."""

    _inherit = "mailing.mailing"

    coop_company_id = fields.Many2one(
        "res.company",
        string="Cooperative",
        required=True,
        default=lambda self: self.env.company,
        index=True,
        help="The cooperative whose people with a consent to advertising receive this mailing.",
    )
    coop_recipient_count = fields.Integer(
        string="Recipients with consent",
        compute="_compute_coop_recipient_count",
        help="People who receive this mailing now: those of the filter with a current consent "
        "to advertising messages (and a valid mobile for SMS).",
    )

    @api.depends(
        "mailing_model_id", "mailing_domain", "contact_list_ids", "mailing_type", "coop_company_id"
    )
    def _compute_coop_recipient_count(self):
        for mailing in self:
            count = 0
            if mailing.mailing_model_real:
                count = self.env[mailing.mailing_model_real].search_count(
                    mailing._get_recipients_domain()
                )
            mailing.coop_recipient_count = count

    def _get_default_mailing_domain(self):
        # shown in the filter, so that its own count is the consented one from the start
        domain = super()._get_default_mailing_domain()
        if self.mailing_model_name == "res.partner":
            domain = expression.AND([domain, [("coop_consent_marketing", "=", True)]])
        return domain

    def _get_recipients_domain(self):
        domain = super()._get_recipients_domain()
        if not self.mailing_model_real:
            return domain
        return expression.AND([domain, self._coop_consent_domain()])

    def _coop_consent_domain(self):
        """The condition every recipient of this mailing meets, on its recipients' model."""
        self.ensure_one()
        company = self.coop_company_id or self.env.company
        Partner = self.env["res.partner"]
        people = Partner._coop_marketing_consent_sql(company.ids)
        sms = self.mailing_type == "sms"
        model = self.env[self.mailing_model_real]
        if model._name == "res.partner":
            if sms:
                return [("id", "in", people), ("phone_sanitized", "!=", False)]
            return [("id", "in", people)]
        if model._name == "mailing.contact":
            # a list's contact is nobody of the register: it receives the mailing only through
            # the consenting person of this cooperative with the same address or mobile
            key = "phone_sanitized" if sms else "email_normalized"
            Partner.flush_model([key])
            return [
                (
                    key,
                    "in",
                    SQL(
                        "(SELECT p.%s FROM res_partner p WHERE p.id IN %s AND p.%s IS NOT NULL)",
                        SQL.identifier(key),
                        people,
                        SQL.identifier(key),
                    ),
                )
            ]
        partner_field = model._fields.get("partner_id")
        if partner_field and partner_field.comodel_name == "res.partner" and partner_field.store:
            domain = [("partner_id", "in", people)]
            if sms:
                domain.append(("partner_id.phone_sanitized", "!=", False))
            return domain
        # documents tied to no person of the register: nobody
        return expression.FALSE_DOMAIN

    def _coop_reached_domain(self):
        """The people of this mailing's cooperative it was sent to (on res.partner): for a
        mailing of people, those traced; else (a list's contacts, documents) its cooperative's
        people with the address or number unsubscribed."""
        self.ensure_one()
        domain = [("company_id", "=", self.coop_company_id.id)]
        if self.mailing_model_real == "res.partner":
            traces = (
                self.env["mailing.trace"]
                .sudo()
                .search([("mass_mailing_id", "=", self.id), ("model", "=", "res.partner")])
            )
            domain.append(("id", "in", traces.mapped("res_id")))
        return domain

    def unlink(self):
        """A mailing sent (or on its way) stays: deleting it would delete its traces, the
        record of whom it reached and who unsubscribed from it. Only the system administrator
        may."""
        if not (self.env.su or self.env.user._is_system()):
            self.check_access("unlink")
            Trace = self.env["mailing.trace"].sudo()
            for mailing in self:
                if mailing.state != "draft" or Trace.search_count(
                    [("mass_mailing_id", "=", mailing.id)], limit=1
                ):
                    raise UserError(
                        self.env._(
                            "Mailing %(mailing)s was already sent: deleting it would delete the "
                            "record of whom it reached and who unsubscribed. Archive it instead.",
                            mailing=mailing.display_name,
                        )
                    )
        return super().unlink()

    def _action_send_mail(self, res_ids=None):
        if not res_ids:
            return super()._action_send_mail(res_ids=res_ids)
        for mailing in self:
            allowed = mailing._coop_allowed_ids(res_ids)
            if allowed:
                super(MailingMailing, mailing)._action_send_mail(res_ids=allowed)
        return True

    def action_send_sms(self, res_ids=None):
        """Public: ids given explicitly are filtered by the consent as the mail's are."""
        if not res_ids:
            return super().action_send_sms(res_ids=res_ids)
        for mailing in self:
            allowed = mailing._coop_allowed_ids(res_ids)
            if allowed:
                super(MailingMailing, mailing).action_send_sms(res_ids=allowed)
        return True

    def _coop_allowed_ids(self, res_ids):
        """Of the ``res_ids`` given to a send, those the consent allows."""
        self.ensure_one()
        domain = expression.AND([[("id", "in", list(res_ids))], self._coop_consent_domain()])
        return self.env[self.mailing_model_real].search(domain).ids
