import datetime
import json
from urllib.parse import quote as url_quote

from werkzeug.exceptions import NotFound

from odoo import SUPERUSER_ID, fields, http, models
from odoo.http import content_disposition, request

from odoo.addons.coop_membership.models.coop_state_event import coop_company_env
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.res_partner import PORTAL_CONSENTS

LEDGER_STEP = 50
STATEMENT = "coop_membership.action_report_coop_member_statement"


class CoopPortal(CustomerPortal):
    """The person's own page. Every route reads the logged-in user's own person
    (``request.env.user.partner_id``), never one named in the URL, with the user's own
    access: portal users read their records through the record rules of this addon."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "coop_count" in counters:
            values["coop_count"] = 1 if request.env.user.partner_id.coop_state else 0
        return values

    def details_form_validate(self, data, partner_creation=False):
        """/my/account: a registered person's phone is how the till finds them, and their
        name (and, once joining, their address) is in the register the cooperative keeps:
        these change at the desk, not here. A phone already registered to a person cannot be
        given by another login (the till would mix the two)."""
        error, error_message = super().details_form_validate(data, partner_creation)
        partner = request.env.user.partner_id
        if partner_creation:
            return error, error_message
        if partner.coop_state:
            self._coop_validate_phone(partner, data, error, error_message)
            self._coop_validate_register(partner, data, error, error_message)
        else:
            self._coop_validate_phone_claim(partner, data, error, error_message)
        return error, error_message

    def _coop_validate_phone(self, partner, data, error, error_message):
        phone = (data.get("phone") or "").strip()
        if not phone:
            return
        if partner._coop_normalize_phone(phone, raise_exception=False) != (
            partner.coop_phone_normalized
        ):
            error["phone"] = "error"
            error_message.append(
                request.env._(
                    "Phone: the till finds you by %(phone)s; to change it, ask at the desk.",
                    phone=partner.phone,
                )
            )

    def _coop_register_fields(self, partner):
        """``{form key: (field, label)}`` of what the register of members holds of the
        person: the name always (and a legal entity's INN and name), the address once the
        person is joining or a member (the register's address)."""
        env = request.env
        keys = {
            "name": ("name", env._("Name")),
            "vat": ("vat", env._("Tax ID")),
            "company_name": ("company_name", env._("Company name")),
        }
        if partner.coop_state in ("applicant", "admitted", "member", "leaving"):
            keys.update(
                street=("street", env._("Street")),
                street2=("street2", env._("Street 2")),
                city=("city", env._("City")),
                zipcode=("zip", env._("Zip code")),
                state_id=("state_id", env._("State")),
                country_id=("country_id", env._("Country")),
            )
        return keys

    def _coop_validate_register(self, partner, data, error, error_message):
        changed = []
        for key, (fname, label) in self._coop_register_fields(partner).items():
            if key not in data and key != "zipcode":  # Odoo writes zip even when not sent
                continue
            value, given = partner[fname], (data.get(key) or "").strip()
            text = not isinstance(value, models.BaseModel)
            if not text:
                value, given = value.id, int(given) if given.isdigit() else False
            if (given or False) != (value or False):
                error[key] = "error"
                changed.append(label)
            elif text and key in data:
                data[key] = value or ""  # Odoo writes what was sent: the register's own text
        if changed:
            error_message.append(
                request.env._(
                    "%(fields)s: the register of members is kept by the cooperative; to change "
                    "them, ask at the desk.",
                    fields=", ".join(changed),
                )
            )

    def _coop_validate_phone_claim(self, partner, data, error, error_message):
        """A login without a person giving the phone of a registered person: refused, the
        person is found at the desk (never by typing a number)."""
        phone = (data.get("phone") or "").strip()
        normalized = phone and partner._coop_normalize_phone(phone, raise_exception=False)
        if not normalized:
            return
        # whether anyone in the user's cooperatives has it: a count, nothing of them is shown
        registered = (
            request.env["res.partner"]
            .sudo()
            .search_count(
                [
                    ("coop_phone_normalized", "=", normalized),
                    ("coop_state", "!=", False),
                    ("company_id", "in", request.env.user.company_ids.ids),
                    ("id", "!=", partner.id),
                ],
                limit=1,
            )
        )
        if registered:
            error["phone"] = "error"
            error_message.append(
                request.env._(
                    "Phone: this number belongs to a person registered in the cooperative. If "
                    "it is yours, ask at the desk to link your login to it."
                )
            )

    def _coop_person(self):
        """The logged-in person, registered in the cooperative; 404 otherwise."""
        partner = request.env.user.partner_id
        if not partner.coop_state:
            raise NotFound()
        return partner

    def _coop_values(self, partner, page_name, **values):
        return {
            **self._prepare_portal_layout_values(),
            "page_name": page_name,
            "person": partner,
            "currency": partner.coop_currency_id,
            "today": fields.Date.context_today(partner),
            **values,
        }

    @http.route("/my/coop", type="http", auth="user", website=True)
    def coop_home(self, consent=None, done=None, **kw):
        partner = request.env.user.partner_id
        if not partner.coop_state:
            values = self._coop_values(partner, "coop")
            return request.render("coop_portal.portal_my_coop_unregistered", values)
        contributions = partner.coop_contribution_ids.filtered(lambda c: c.state != "draft")
        values = self._coop_values(
            partner,
            "coop",
            steps=partner._coop_portal_steps(),
            on_hold=partner._coop_portal_on_hold(),
            next_expiry=partner._coop_portal_next_expiry(),
            contributions=contributions.sorted(lambda c: (c.date, c.id), reverse=True),
            consents=partner._coop_portal_consents(),
            portal_consents=PORTAL_CONSENTS,
            consent_saved=consent == "saved",
            done=done if done in ("applied", "fee") else False,
            agreements=request.env["coop.partner.agreement"]._coop_portal_list(partner),
        )
        return request.render("coop_portal.portal_my_coop", values)

    # ------------------------------------------------------------------ the ledger

    def _coop_ledger_period(self, date_from, date_to):
        """``({"date_from": date, "date_to": date}, [error])`` from the query's arguments."""
        env = request.env
        labels = {"date_from": env._("From"), "date_to": env._("To")}
        period, errors = {}, []
        for key, value in (("date_from", date_from), ("date_to", date_to)):
            if not value:
                continue
            try:
                period[key] = datetime.date.fromisoformat(value.strip())
            except ValueError:
                errors.append(
                    env._(
                        "%(field)s: “%(value)s” is not a date; give it as year-month-day, "
                        "e.g. 2026-03-01.",
                        field=labels[key],
                        value=value[:20],
                    )
                )
        if not errors and len(period) == 2 and period["date_from"] > period["date_to"]:
            errors.append(env._("“From” is after “To”: swap the two dates."))
        return period, errors

    @http.route(
        ["/my/coop/ledger", "/my/coop/ledger/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def coop_ledger(self, page=1, date_from=None, date_to=None, **kw):
        partner = self._coop_person()
        period, errors = self._coop_ledger_period(date_from, date_to)
        values = self._coop_values(
            partner,
            "coop_ledger",
            date_from=date_from or "",
            date_to=date_to or "",
            errors=errors,
            moves=request.env["coop.cashback.move"],
            pager=False,
        )
        if errors:
            return request.render("coop_portal.portal_my_coop_ledger", values, status=400)
        domain = [("partner_id", "=", partner.id)]
        if "date_from" in period:
            domain.append(("date", ">=", period["date_from"]))
        if "date_to" in period:
            domain.append(("date", "<=", period["date_to"]))
        Move = request.env["coop.cashback.move"]
        pager = portal_pager(
            url="/my/coop/ledger",
            url_args={k: v for k, v in (("date_from", date_from), ("date_to", date_to)) if v},
            total=Move.search_count(domain),
            page=page,
            step=LEDGER_STEP,
        )
        values["moves"] = Move.search(domain, limit=LEDGER_STEP, offset=pager["offset"])
        values["sources"] = values["moves"]._coop_portal_sources()
        values["pager"] = pager
        return request.render("coop_portal.portal_my_coop_ledger", values)

    # ------------------------------------------------------------------ documents

    @http.route("/my/coop/statement", type="http", auth="user", website=True)
    def coop_statement(self, **kw):
        partner = self._coop_person()
        # the person is the logged-in user's own: the report reads as the system from here
        report = request.env["ir.actions.report"].sudo()
        report = report.with_company(partner.company_id or request.env.company)
        content, kind = report._render_qweb_pdf(STATEMENT, partner.ids)
        name = request.env._(
            "member-statement-%(ref)s", ref=partner.coop_member_number or partner.id
        )
        mimetype = "application/pdf" if kind == "pdf" else "text/html"
        return request.make_response(
            content,
            headers=[
                ("Content-Type", mimetype),
                ("Content-Length", len(content)),
                ("Content-Disposition", content_disposition(f"{name}.{kind}")),
            ],
        )

    # a POST with the CSRF token: the download is noted in the person's chatter, so no other
    # site may make the browser ask for it (a GET would be followed from any link)
    @http.route("/my/coop/personal-data", type="http", auth="user", website=True, methods=["POST"])
    def coop_personal_data(self, **kw):
        partner = self._coop_person()
        # the export is the officers' (coop_personal_data); the person asks for their own
        data = partner.with_user(SUPERUSER_ID).coop_personal_data()
        book = coop_company_env(partner, partner.company_id or request.env.company)
        partner.sudo().message_post(
            body=book._("Personal data downloaded by the person on their page."),
            subtype_xmlid="mail.mt_note",
        )
        content = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode()
        filename = f"personal-data-{datetime.date.today().isoformat()}.json"
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "application/json; charset=utf-8"),
                ("Content-Length", len(content)),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )

    # ------------------------------------------------------------------ consents and card

    @http.route("/my/coop/consent", type="http", auth="user", website=True, methods=["POST"])
    def coop_consent(self, kind=None, given=None, **kw):
        partner = self._coop_person()
        if kind not in PORTAL_CONSENTS or given not in ("0", "1"):
            raise NotFound()
        # recorded as the desk's wizard records it, with the channel "portal"
        partner._coop_record_consents({kind: given == "1"}, "portal")
        return request.redirect("/my/coop?consent=saved#coop_consents")

    @http.route("/my/coop/card", type="http", auth="user", website=True)
    def coop_card(self, **kw):
        partner = self._coop_person()
        card = partner._coop_portal_card()
        if card:
            value = url_quote(card["value"], safe="")
            card["barcode_src"] = (
                f"/report/barcode/{card['type']}/{value}?width=600&height=200&humanreadable=1&quiet=1"
            )
            card["qr_src"] = f"/report/barcode/QR/{value}?width=240&height=240"
        values = self._coop_values(partner, "coop_card", card=card)
        return request.render("coop_portal.portal_my_coop_card", values)
