from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class ResPartner(models.Model):
    _inherit = "res.partner"

    coop_consent_marketing = fields.Boolean(search="_search_coop_consent_marketing")

    @api.model
    def _coop_marketing_consent_sql(self, company_ids):
        """A sub-select of the people of ``company_ids`` whose latest advertising consent entry in
        their own cooperative is a consent given (Law 38-FZ art. 18), in one query."""
        self.env["coop.consent"].flush_model(["partner_id", "company_id", "kind", "given", "date"])
        self.flush_model(["company_id"])
        return SQL(
            """(
            SELECT latest.partner_id
              FROM (SELECT DISTINCT ON (c.partner_id, c.company_id)
                           c.partner_id, c.company_id, c.given
                      FROM coop_consent c
                     WHERE c.kind = 'marketing' AND c.company_id = ANY(%(companies)s)
                     ORDER BY c.partner_id, c.company_id, c.date DESC, c.id DESC) latest
              JOIN res_partner p
                ON p.id = latest.partner_id AND p.company_id = latest.company_id
             WHERE latest.given
            )""",
            companies=list(company_ids or [0]),
        )

    def _search_coop_consent_marketing(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(
                self.env._(
                    "Search on Consents to advertising with = or != and true or false (got "
                    "%(op)s %(value)s).",
                    op=operator,
                    value=value,
                )
            )
        consenting = self._coop_marketing_consent_sql(self.env.companies.ids)
        return [("id", "in" if (operator == "=") == value else "not in", consenting)]

    @api.model
    def _coop_mailing_withdraw(self, domain):
        """Record a withdrawal of the advertising consent (channel *Mailing*) for each person
        matching ``domain`` whose consent is given: an unsubscribe or a blacklisting (from a
        mailing's link, given in the context by the routes: only the people of the mailing's
        cooperative it reached; Odoo's blacklist itself stays global). Called
        after Odoo has recorded the unsubscribe itself (a public route works as superuser; a
        user's blacklisting has passed the blacklist's access rights)."""
        mailing = (
            self.env["mailing.mailing"]
            .sudo()
            .browse(self.env.context.get("coop_unsubscribe_mailing_id"))
        )
        if mailing.exists():
            # an unsubscribe from a mailing: its cooperative's people it reached, nobody else
            domain = [*domain, *mailing._coop_reached_domain()]
        people = (
            self.sudo()
            .with_context(active_test=False)
            .search([*domain, ("coop_consent_ids.kind", "=", "marketing")])
        )
        for person in people.filtered("coop_consent_marketing"):
            person._coop_record_consents({"marketing": False}, "mailing")
