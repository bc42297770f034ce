import datetime

from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request

from odoo.addons.coop_membership.models.coop_format import coop_date
from odoo.addons.coop_membership.models.coop_state_event import coop_company_env

from .portal import CoopPortal

TEXT_FIELDS = ("full_name", "birthdate", "residence", "guardian_name")
CHECKBOXES = ("declaration", "declaration_no_own_income", "guardian_consent")


def coop_declaration(env):
    """The declaration the person ticks, in ``env``'s language."""
    return env._(
        "I ask to be admitted as a member of the consumer cooperative. I have read its charter "
        "and undertake to follow it and to pay the entry fee and the mandatory share. The "
        "information above is true."
    )


class CoopPortalJoin(CoopPortal):
    """Joining from the page: the membership application and the entry fee from cashback.
    Both act for the logged-in person only (no id is read from the form), in their own
    cooperative, through the model methods the desk and the till use."""

    def _coop_joining_person(self):
        """The logged-in person, in a cooperative the user belongs to; 404 otherwise. What
        joining writes, it writes for this person only."""
        partner = self._coop_person()
        if partner._coop_portal_company() not in request.env.user.company_ids:
            raise NotFound()
        return partner

    # ------------------------------------------------------------------ the application

    def _coop_apply_form(self, partner, post=None):
        """What the form shows: what was typed, or what the cooperative already knows."""
        if post is not None:
            form = {key: (post.get(key) or "").strip() for key in TEXT_FIELDS}
            form.update({key: post.get(key) == "1" for key in CHECKBOXES})
            return form
        address = (partner.contact_address or "").replace("\n", ", ").strip(", ")
        birthdate = partner.coop_birthdate
        form = {"full_name": partner.name or "", "residence": address, "guardian_name": ""}
        form["birthdate"] = birthdate.isoformat() if birthdate else ""
        form.update(dict.fromkeys(CHECKBOXES, False))
        return form

    def _coop_apply_errors(self, partner, form):
        """``({field: message}, birth date)`` for what the form lacks, each named."""
        env, errors = request.env, {}
        company = partner._coop_portal_company()
        if not form["full_name"]:
            errors["full_name"] = env._("Full name: write your surname, first name and patronymic.")
        if not form["residence"]:
            errors["residence"] = env._("Place of residence: write your address.")
        birthdate = None
        try:
            birthdate = datetime.date.fromisoformat(form["birthdate"])
        except ValueError:
            errors["birthdate"] = env._(
                "Birth date: “%(value)s” is not a date; give it as year-month-day, e.g. "
                "1980-05-17.",
                value=form["birthdate"][:20],
            )
        today = fields.Date.context_today(partner)
        if birthdate and birthdate > today:
            errors["birthdate"] = env._("Birth date: it is after today; check the year.")
        elif birthdate and partner._coop_portal_age(birthdate, today) < company.coop_min_age:
            errors["birthdate"] = env._(
                "Birth date: the cooperative admits people from %(min)s years of age.",
                min=company.coop_min_age,
            )
        elif (
            birthdate
            and partner._coop_portal_age(birthdate, today) < 18
            and company.coop_guardian_consent_under_18
            and not (form["guardian_name"] and form["guardian_consent"])
        ):
            errors["guardian_name"] = env._(
                "Guardian: under 18, write your parent's or guardian's full name and tick "
                "that they consent."
            )
        if not form["declaration"]:
            errors["declaration"] = env._("Declaration: tick it to file the application.")
        return errors, birthdate

    def _coop_apply_notes(self, partner):
        """The sentences around the form: the application already open, the deadline."""
        env = request.env
        company = partner._coop_portal_company()
        app = partner._coop_portal_open_application()
        deadline = env._(
            "The council decides within %(days)s days.", days=company.coop_council_deadline_days
        )
        open_note = app and env._(
            "You already have application %(app)s of %(date)s: the council decides by "
            "%(deadline)s.",
            app=app.name,
            date=coop_date(env, app.date),
            deadline=coop_date(env, app.deadline),
        )
        return {"deadline_note": deadline, "open_note": open_note}

    def _coop_apply_render(self, partner, form, errors=None, status=200):
        values = self._coop_values(
            partner,
            "coop_apply",
            form=form,
            errors=errors or {},
            declaration=coop_declaration(request.env),
            open_application=partner._coop_portal_open_application(),
            can_apply=partner._coop_portal_can_apply(),
            company=partner._coop_portal_company(),
            **self._coop_apply_notes(partner),
        )
        return request.render("coop_portal.portal_my_coop_apply", values, status=status)

    @http.route("/my/coop/apply", type="http", auth="user", website=True, methods=["GET", "POST"])
    def coop_apply(self, **post):
        partner = self._coop_joining_person()
        if request.httprequest.method != "POST":
            return self._coop_apply_render(partner, self._coop_apply_form(partner))
        if not partner._coop_portal_can_apply():
            return self._coop_apply_render(partner, self._coop_apply_form(partner), status=409)
        form = self._coop_apply_form(partner, post)
        errors, birthdate = self._coop_apply_errors(partner, form)
        if errors:
            return self._coop_apply_render(partner, form, errors, status=400)
        values = {**form, "birthdate": birthdate}
        company = partner._coop_portal_company()
        declaration = coop_declaration(coop_company_env(partner, company))
        try:
            with request.env.cr.savepoint():
                partner._coop_portal_apply(values, declaration)
        except (UserError, ValidationError) as error:
            errors = {"general": error.args[0]}
            return self._coop_apply_render(partner, form, errors, status=400)
        return request.redirect("/my/coop?done=applied#coop_steps")

    # ------------------------------------------------------------------ the entry fee

    def _coop_fee_render(self, partner, offer, error=None, status=200):
        values = self._coop_values(partner, "coop_entry_fee", offer=offer, error=error)
        return request.render("coop_portal.portal_my_coop_entry_fee", values, status=status)

    @http.route(
        "/my/coop/entry-fee", type="http", auth="user", website=True, methods=["GET", "POST"]
    )
    def coop_entry_fee(self, confirm=None, **kw):
        partner = self._coop_joining_person()
        offer = partner._coop_portal_fee_offer()
        if request.httprequest.method != "POST":
            return self._coop_fee_render(partner, offer)
        if confirm != "yes":
            error = request.env._("Say yes to paying the entry fee from your cashback.")
            return self._coop_fee_render(partner, offer, error, status=400)
        if offer["error"] and partner.coop_state == "applicant" and partner._coop_portal_fee_paid():
            # a second click of the same yes: paid once, shown as done
            return request.redirect("/my/coop?done=fee#coop_steps")
        if offer["error"]:
            return self._coop_fee_render(partner, offer, offer["error"], status=409)
        return self._coop_fee_pay(partner)

    def _coop_fee_pay(self, partner):
        """Pay the fee of the logged-in person in their own cooperative: the till's action
        asks a cashier for the channel "pos"; for "portal" it runs with ``sudo()`` once this
        controller fixed the person (the user's own) and the company (one of the user's), the
        user still the person (the ledger and the chatter name them). A balance spent at the
        till since the offer, or an account frozen meanwhile, is told on the page."""
        company = partner._coop_portal_company()
        if partner != request.env.user.partner_id or company not in request.env.user.company_ids:
            raise NotFound()
        try:
            with request.env.cr.savepoint():
                partner.sudo().with_company(company).coop_pay_entry_fee_from_cashback(
                    confirmed=True, channel="portal"
                )
        except AccessError:
            raise  # not a change of balance: Odoo's access error page
        except (UserError, ValidationError):
            partner.invalidate_recordset()
            offer = partner._coop_portal_fee_offer()
            error = offer["error"] or request.env._(
                "Your cashback or your account changed since this page was shown: the entry "
                "fee was not paid. Check your balance and try again, or ask at the desk."
            )
            return self._coop_fee_render(partner, offer, error, status=409)
        return request.redirect("/my/coop?done=fee#coop_steps")
