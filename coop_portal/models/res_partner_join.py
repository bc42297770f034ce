from dateutil.relativedelta import relativedelta

from odoo import fields, models

from odoo.addons.coop_membership.models.coop_format import coop_date, coop_money
from odoo.addons.coop_membership.models.coop_state_event import coop_company_env

# what the person types on the application form, as the desk's form has it
APPLICATION_FIELDS = ("full_name", "birthdate", "residence", "declaration_no_own_income")
APPLICATION_FIELDS += ("guardian_name", "guardian_consent")


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _coop_portal_company(self):
        return self.company_id or self.env.company

    def _coop_portal_open_application(self):
        """The person's application still under way: submitted, or admitted while the person
        is admitted (the share to pay). A former member's old admitted one is closed."""
        self.ensure_one()
        return self.coop_application_ids.filtered(
            lambda a: (
                a.state == "submitted" or (a.state == "admitted" and self.coop_state == "admitted")
            )
        ).sorted("date", reverse=True)[:1]

    def _coop_portal_can_apply(self):
        """A shopper or former member, or an applicant by paying the entry fee from cashback
        whose application is still to be filled in; never with an application open."""
        self.ensure_one()
        if self._coop_portal_open_application():
            return False
        return self.coop_state in ("shopper", "former", "applicant")

    def _coop_portal_age(self, birthdate, on):
        return relativedelta(on, birthdate).years

    def _coop_portal_apply(self, values, declaration):
        """A submitted application of this person (the logged-in one: the caller has checked)
        with ``values`` (``APPLICATION_FIELDS``), created and submitted as at the desk
        (``create`` then ``action_submit``: its checks hold), in the person's cooperative;
        ``declaration``: the text the person ticked, noted on the application."""
        self.ensure_one()
        company = self._coop_portal_company()
        vals = {key: values.get(key) for key in APPLICATION_FIELDS}
        vals.update(partner_id=self.id, company_id=company.id)
        vals["date"] = fields.Date.context_today(self)
        # the portal user may only read applications: the desk's writer acts for them, as
        # the system, once the caller has fixed the person and the company
        # the person's tick is not the guardian's consent: an officer confirms it before the
        # council may admit (coop_membership_application.py)
        vals["guardian_consent"] = False
        Application = self.env["coop.membership.application"].sudo().with_company(company)
        app = Application.create(vals)
        app.with_context(coop_guardian_to_confirm=True).action_submit()
        book = coop_company_env(app, company)
        app.sudo().message_post(
            body=book._(
                "Submitted by the person on their page (channel: portal). Declaration: "
                "%(declaration)s",
                declaration=declaration,
            ),
            subtype_xmlid="mail.mt_note",
        )
        if app._coop_guardian_to_confirm():
            app.sudo().message_post(
                body=book._(
                    "The applicant is under 18 and declared that %(guardian)s consents: an "
                    "officer confirms the guardian's consent before the council admits.",
                    guardian=app.guardian_name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return app

    def _coop_portal_fee_paid(self):
        """The entry fee paid for the current joining (or as a member), or an empty set."""
        self.ensure_one()
        if self.coop_state not in ("applicant", "admitted", "member"):
            return self.env["coop.contribution"]
        start = self.coop_state != "member" and self._coop_application_date()
        return self.coop_contribution_ids.filtered(
            lambda c: c.kind == "entry_fee" and c.state == "paid" and (not start or c.date >= start)
        )[:1]

    def _coop_portal_fee_offer(self):
        """What paying the entry fee from cashback would do: ``{"fee", "balance", "left",
        "error"}``; ``error`` says why it cannot be paid now (False when it can)."""
        self.ensure_one()
        company = self._coop_portal_company()
        currency = company.currency_id
        fee = self._coop_portal_amount("entry_fee") or 0.0
        balance = self.coop_cashback_balance
        offer = {"fee": fee, "balance": balance, "left": balance - fee, "error": False}
        paid = self._coop_portal_fee_paid()
        if paid:
            offer["error"] = self.env._(
                "Your entry fee of %(amount)s is already paid (%(date)s).",
                amount=coop_money(self.env, paid.amount, currency),
                date=coop_date(self.env, paid.payment_date or paid.date),
            )
        elif self.coop_frozen:
            offer["error"] = self.env._(
                "Your account is frozen: the entry fee cannot be paid from it. Ask at the desk."
            )
        elif self.coop_state not in ("shopper", "former"):
            offer["error"] = self.env._(
                "Your entry fee is paid at the desk now that your application is filed "
                "(status: %(state)s).",
                state=dict(self._fields["coop_state"]._description_selection(self.env)).get(
                    self.coop_state, "—"
                ),
            )
        elif not fee:
            offer["error"] = self.env._(
                "The cooperative has set no entry fee yet: ask at the desk."
            )
        elif currency.compare_amounts(balance, fee) < 0:
            offer["error"] = self.env._(
                "Your cashback of %(balance)s does not cover the entry fee of %(fee)s yet: "
                "%(missing)s is missing.",
                balance=coop_money(self.env, balance, currency),
                fee=coop_money(self.env, fee, currency),
                missing=coop_money(self.env, fee - balance, currency),
            )
        return offer
