import logging

from psycopg2 import errors

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .coop_consent import CHANNELS, CONSENT_KINDS
from .coop_format import coop_date
from .coop_state_event import COOP_STATES, coop_changed_fields, coop_company_env

_logger = logging.getLogger(__name__)

# The lifecycle (DOMAIN.md): the only changes a person's state may make.
TRANSITIONS = {
    False: {"shopper", "applicant"},
    "shopper": {"applicant"},
    "applicant": {"admitted", "shopper", "former", False},  # refused: back to where they were
    "admitted": {"member"},
    "member": {"leaving"},
    "leaving": {"former"},
    "former": {"applicant"},
}
# Written by the lifecycle's own code only (as the system, after its checks).
PROTECTED_FIELDS = {
    "coop_state",
    "coop_member_number",
    "coop_member_since",
    "coop_frozen",
    "coop_exit_kind",
}
REGISTER_KEYS = {
    "phone",
    "name",
    "consent_processing",
    "consent_partner_transfer",
    "consent_marketing",
    "channel",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    coop_state = fields.Selection(
        COOP_STATES,
        string="Cooperative status",
        tracking=True,
        index=True,
        copy=False,
        readonly=True,
    )
    coop_member_number = fields.Char(
        string="Member number", index=True, copy=False, readonly=True, tracking=True
    )
    coop_member_since = fields.Date(string="Member since", copy=False, readonly=True)
    # the phone fields (coop_phone_normalized, coop_phone_search, coop_phone_masked) and
    # their masking: res_partner_phone.py
    coop_birthdate = fields.Date(string="Birth date", copy=False)
    coop_ogrn = fields.Char(string="OGRN", copy=False)
    coop_frozen = fields.Boolean(
        string="Account frozen", copy=False, readonly=True, help="Set when a death is registered."
    )
    coop_exit_kind = fields.Selection(
        [("exit", "Voluntary exit"), ("expulsion", "Expulsion"), ("death", "Death")],
        string="Reason of leaving",
        copy=False,
        readonly=True,
    )
    coop_consent_ids = fields.One2many("coop.consent", "partner_id", string="Consents")
    coop_consent_processing = fields.Boolean(
        string="Consents to processing", compute="_compute_coop_consents"
    )
    coop_consent_partner_transfer = fields.Boolean(
        string="Consents to transfer to partners", compute="_compute_coop_consents"
    )
    coop_consent_marketing = fields.Boolean(
        string="Consents to advertising", compute="_compute_coop_consents"
    )
    coop_state_event_ids = fields.One2many(
        "coop.state.event", "partner_id", string="Membership history"
    )
    coop_application_ids = fields.One2many(
        "coop.membership.application", "partner_id", string="Applications"
    )
    coop_contribution_ids = fields.One2many(
        "coop.contribution", "partner_id", string="Fees and shares"
    )
    coop_share_capital = fields.Monetary(
        string="Share capital",
        compute="_compute_coop_share_capital",
        currency_field="coop_currency_id",
        help="Balance of the share fund account (80.01) for this person.",
    )
    coop_currency_id = fields.Many2one(
        "res.currency", compute="_compute_coop_currency_id", string="Cooperative currency"
    )

    _sql_constraints = [
        (
            "coop_member_number_unique",
            "UNIQUE(company_id, coop_member_number)",
            "This member number is already used.",
        ),
    ]

    def init(self):
        res = super().init()
        # One person per phone in each cooperative, even when two tills register at once.
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS res_partner_coop_phone_company_uniq
                ON res_partner (company_id, coop_phone_normalized)
             WHERE coop_state IS NOT NULL AND coop_phone_normalized IS NOT NULL
            """
        )
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS res_partner_coop_card_barcode_idx
                ON res_partner (company_id, (barcode ->> company_id::text))
             WHERE coop_state IS NOT NULL AND barcode IS NOT NULL
            """
        )
        return res

    # ------------------------------------------------------------------ computes

    @api.depends("coop_consent_ids")
    def _compute_coop_consents(self):
        for partner in self:
            latest = {}
            for consent in partner.coop_consent_ids.sorted(lambda c: (c.date, c.id)):
                latest[consent.kind] = consent.given
            partner.coop_consent_processing = latest.get("processing", False)
            partner.coop_consent_partner_transfer = latest.get("partner_transfer", False)
            partner.coop_consent_marketing = latest.get("marketing", False)

    def _compute_coop_share_capital(self):
        by_company = {}
        for partner in self:
            company = partner.company_id or self.env.company
            by_company.setdefault(company, self.browse())
            by_company[company] |= partner
        for company, partners in by_company.items():
            account = company.coop_share_fund_account_id
            balances = {}
            if account and partners.ids:
                groups = (
                    self.env["account.move.line"]
                    .sudo()
                    ._read_group(
                        [
                            ("account_id", "=", account.id),
                            ("partner_id", "in", partners.ids),
                            ("parent_state", "=", "posted"),
                        ],
                        ["partner_id"],
                        ["balance:sum"],
                    )
                )
                balances = {partner.id: -balance for partner, balance in groups}
            for partner in partners:
                partner.coop_share_capital = balances.get(partner.id, 0.0)

    @api.depends("company_id")
    @api.depends_context("company")
    def _compute_coop_currency_id(self):
        # its own compute: reading an amount in it (cashback) need not read the share fund
        for partner in self:
            partner.coop_currency_id = (partner.company_id or self.env.company).currency_id

    # ------------------------------------------------------------------ lifecycle
    # (the phone, its normalisation and masking: res_partner_phone.py)

    def write(self, vals):
        if not self.env.su:
            for partner, fname in coop_changed_fields(self, vals, PROTECTED_FIELDS):
                raise UserError(partner._coop_protected_error(partner.display_name, fname))
        vals = _strip_barcode(vals)
        if "company_id" in vals:
            self._coop_check_company_stays(vals["company_id"])
        return super().write(vals)

    def _coop_check_company_stays(self, company_id):
        """A registered person belongs to their cooperative: their ledger, consents and
        contributions are there. Nothing moves them to another company, not even Odoo's
        creation of a user in another company (it writes the user's company on the contact)."""
        for partner in self.filtered("coop_state"):
            if partner.company_id and partner.company_id.id != (company_id or False):
                raise UserError(
                    self.env._(
                        "%(person)s is registered in %(company)s: a person cannot be moved to "
                        "another company (give them a user in %(company)s).",
                        person=partner.display_name,
                        company=partner.company_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                fname = next((f for f in sorted(PROTECTED_FIELDS) if vals.get(f)), None)
                if fname:
                    raise UserError(self._coop_protected_error(vals.get("name") or "—", fname))
        return super().create([_strip_barcode(vals) for vals in vals_list])

    @api.model
    def _coop_strip_barcodes(self):
        """Card barcodes stored with spaces around them (typed before they were stripped)
        stripped, in every company; run at each update of the addon, changes nothing twice."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            UPDATE res_partner p
               SET barcode = (SELECT jsonb_object_agg(key, to_jsonb(btrim(value, E' \\t\\r\\n')))
                                FROM jsonb_each_text(p.barcode))
             WHERE jsonb_typeof(p.barcode) = 'object'
               AND EXISTS (SELECT 1 FROM jsonb_each_text(p.barcode)
                            WHERE value <> btrim(value, E' \\t\\r\\n'))
            RETURNING id
            """
        )
        self.browse([row[0] for row in self.env.cr.fetchall()]).invalidate_recordset(["barcode"])

    def _coop_protected_error(self, person, fname):
        return self.env._(
            "%(person)s: the cooperative status, member number and exit data (here: %(field)s) "
            "change only through their actions (application, council decision, payments, exit), "
            "so that every change is recorded.",
            person=person,
            field=self._fields[fname].string,
        )

    def _coop_set_state(self, new_state, reason, document=None, date=None):
        """Move each person to ``new_state``, refusing a change the lifecycle does not allow;
        record who, when, why and the document, in the history and the chatter, in the
        cooperative's language (``coop_company_env``: the caller writes ``reason`` in it too)."""
        date = date or fields.Date.context_today(self)
        for partner in self:
            old = partner.coop_state
            if new_state not in TRANSITIONS[old]:
                states = partner._coop_state_labels(self.env)
                raise UserError(
                    self.env._(
                        "%(person)s cannot go from %(old)s to %(new)s.",
                        person=partner.display_name,
                        old=states[old],
                        new=states[new_state],
                    )
                )
            if new_state and not partner.company_id:
                partner.sudo().company_id = self.env.company
            # the status's tracking value, the history and the note: the cooperative's texts
            book = coop_company_env(partner, partner.company_id or self.env.company)
            states = partner._coop_state_labels(book)
            partner.with_env(book).sudo().write({"coop_state": new_state})
            # Odoo tracks in the language of the call's first write: track the status now
            partner.with_env(book).sudo()._track_finalize()
            if new_state:
                self.env["coop.state.event"].sudo().create(
                    {
                        "partner_id": partner.id,
                        "company_id": partner.company_id.id,
                        "date": date,
                        "from_state": old,
                        "to_state": new_state,
                        "reason": reason,
                        "document": document and f"{document._name},{document.id}",
                        "user_id": self.env.uid,
                    }
                )
            partner.with_env(book).sudo().message_post(
                author_id=self.env.user.partner_id.id,
                body=book._(
                    "%(old)s → %(new)s on %(date)s: %(reason)s",
                    old=states.get(old, "—"),
                    new=states.get(new_state, "—"),
                    date=coop_date(book, date),
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _coop_state_labels(self, env):
        """{state: label} in ``env``'s language, ``False`` for not registered."""
        states = dict(self._fields["coop_state"]._description_selection(env))
        states[False] = env._("not registered")
        return states

    def _coop_state_before_application(self):
        self.ensure_one()
        event = self.coop_state_event_ids.filtered(lambda e: e.to_state == "applicant")
        event = event.sorted("id", reverse=True)[:1]
        return event.from_state if event else "shopper"

    def _coop_application_date(self):
        """Start of the current joining: the day the person last became an applicant (by an
        application, or by paying the entry fee from cashback before it), or the open
        application's date, whichever is earlier."""
        self.ensure_one()
        app = self.coop_application_ids.filtered(
            lambda a: a.state in ("submitted", "admitted")
        ).sorted("date", reverse=True)[:1]
        event = self.coop_state_event_ids.filtered(lambda e: e.to_state == "applicant")
        event = event.sorted("id", reverse=True)[:1]
        dates = [d for d in (app.date, event.date) if d]
        return min(dates) if dates else False

    def _coop_check_membership(self):
        """Admitted people with the entry fee and the mandatory share paid become members, on
        the latest of the three dates; leaving people whose share is refunded become former."""
        for partner in self:
            if partner.coop_state == "admitted":
                app = partner.coop_application_ids.filtered(lambda a: a.state == "admitted")
                app = app.sorted("decision_date", reverse=True)[:1]
                start = partner._coop_application_date() or app.date
                contributions = partner.coop_contribution_ids.filtered(
                    lambda c, start=start: c.date >= start and c.state == "paid"
                )
                fee = contributions.filtered(lambda c: c.kind == "entry_fee")[:1]
                share = contributions.filtered(lambda c: c.kind == "mandatory_share")[:1]
                if not (app and fee and share):
                    continue
                since = max(app.decision_date, fee.payment_date, share.payment_date)
                number = partner.company_id._coop_member_sequence().next_by_id(since)
                book = coop_company_env(partner, partner.company_id)
                partner.with_env(book).sudo().write(
                    {"coop_member_number": number, "coop_member_since": since}
                )
                partner._coop_set_state(
                    "member",
                    book._(
                        "Member no. %(number)s: admitted %(decision)s, entry fee paid "
                        "%(fee)s, mandatory share paid %(share)s",
                        number=number,
                        decision=coop_date(book, app.decision_date),
                        fee=coop_date(book, fee.payment_date),
                        share=coop_date(book, share.payment_date),
                    ),
                    document=app,
                    date=since,
                )
            elif partner.coop_state == "leaving":
                refunds = partner.coop_contribution_ids.filtered(lambda c: c.kind == "share_refund")
                if refunds.filtered(lambda c: c.state != "paid") or partner.coop_share_capital:
                    continue
                last = refunds.sorted("payment_date", reverse=True)[:1]
                book = coop_company_env(partner, partner.company_id)
                partner._coop_set_state(
                    "former",
                    book._("Share refunded") if last else book._("No share to refund"),
                    document=last or None,
                    date=last.payment_date or None,
                )

    # ------------------------------------------------------------------ the entrance

    @api.model
    def coop_register_shopper(self, values):
        """Register a shopper at the entrance (XML-RPC, cashier group): phone first, consents
        recorded separately. A phone already registered in this cooperative finds that person.

        :param dict values: ``phone`` (required), ``name``, ``consent_processing`` (must be
            true), ``consent_partner_transfer``, ``consent_marketing``, ``channel`` (``till``,
            ``desk`` or ``web``; default ``till``)
        :return: ``{"partner_id": int, "created": bool, "coop_state": str}``
        """
        if not self.env.user.has_group("coop_membership.group_cashier"):
            raise AccessError(
                self.env._("Registering shoppers needs the Cooperative / Cashier group.")
            )
        if not isinstance(values, dict):
            raise ValidationError(self.env._("coop_register_shopper expects a dict of values."))
        unknown = sorted(set(values) - REGISTER_KEYS)
        if unknown:
            raise ValidationError(
                self.env._("Unknown values: %(keys)s.", keys=", ".join(map(str, unknown)))
            )
        phone = values.get("phone")
        if not phone or not isinstance(phone, str):
            raise ValidationError(self.env._("phone is required (a string)."))
        channel = values.get("channel") or "till"
        if channel not in ("till", "desk", "web"):
            raise ValidationError(
                self.env._("channel must be till, desk or web (got %(value)s).", value=channel)
            )
        for key in ("consent_processing", "consent_partner_transfer", "consent_marketing"):
            if key in values and not isinstance(values[key], bool):
                raise ValidationError(self.env._("%(key)s must be true or false.", key=key))
        if values.get("consent_processing") is not True:
            raise ValidationError(
                self.env._(
                    "consent_processing must be true: a shopper is registered only with consent "
                    "to the processing of personal data."
                )
            )
        name = values.get("name")
        if name is not None and (not isinstance(name, str) or len(name) > 128):
            raise ValidationError(self.env._("name must be a text of at most 128 characters."))
        company = self.env.company
        normalized = self._coop_normalize_phone(phone, company)
        partner = self.sudo().search(
            [("coop_phone_normalized", "=", normalized), ("company_id", "=", company.id)],
            limit=1,
        )
        created = not partner
        if created:
            try:
                with self.env.cr.savepoint():
                    partner = self.sudo().create(
                        {
                            # no name given: the masked phone, never the whole number (the
                            # name is shown to every cashier)
                            "name": (name or "").strip() or self._coop_mask_phone(normalized),
                            "phone": normalized,
                            "company_id": company.id,
                            "country_id": company.country_id.id,
                        }
                    )
                    partner._coop_set_state("shopper", self._coop_registered_reason(channel))
            except errors.UniqueViolation:
                # Registered at the same moment by another till: have PostgreSQL report a
                # serialization failure, on which Odoo retries the whole call, which then
                # finds that person.
                self.env.cr.execute(
                    "DO $$ BEGIN RAISE EXCEPTION 'phone registered concurrently' "
                    "USING ERRCODE = 'serialization_failure'; END $$"
                )
        elif not partner.coop_state:
            partner._coop_set_state("shopper", self._coop_registered_reason(channel))
        partner._coop_record_consents(
            {
                kind: values.get(f"consent_{kind}")
                for kind, _label in CONSENT_KINDS
                if f"consent_{kind}" in values
            },
            channel,
        )
        return {"partner_id": partner.id, "created": created, "coop_state": partner.coop_state}

    def _coop_registered_reason(self, channel):
        book = coop_company_env(self)
        channels = dict(book["coop.consent"]._fields["channel"]._description_selection(book))
        return book._("Registered (%(channel)s)", channel=channels[channel])

    def _coop_record_consents(self, consents, channel):
        """Record each consent that differs from the person's current one."""
        self.ensure_one()
        current = {
            "processing": self.coop_consent_processing,
            "partner_transfer": self.coop_consent_partner_transfer,
            "marketing": self.coop_consent_marketing,
        }
        company = self.company_id or self.env.company
        new = [
            {
                "partner_id": self.id,
                "company_id": company.id,
                "kind": kind,
                "given": bool(given),
                "text_version": company.coop_consent_text_version or "1",
                "channel": channel,
            }
            for kind, given in consents.items()
            if given is not None
            and bool(given) != current[kind]
            and (given or self.coop_consent_ids.filtered(lambda c, k=kind: c.kind == k))
        ]
        if new:
            self.env["coop.consent"].sudo().create(new)
            self.invalidate_recordset(["coop_consent_ids"])

    def action_coop_withdraw_consent(self, kind, channel="desk"):
        """A person withdraws a consent (callable from the form and over RPC by staff; the
        person themselves withdraws on their page, which records the channel itself)."""
        if not self.env.su and not self.env.user.has_group("coop_membership.group_cashier"):
            raise AccessError(
                self.env._("Only the cooperative's staff record a consent withdrawn at the desk.")
            )
        if kind not in dict(CONSENT_KINDS):
            raise ValidationError(self.env._("Unknown consent %(kind)s.", kind=kind))
        if channel not in dict(CHANNELS):
            raise ValidationError(self.env._("Unknown channel %(channel)s.", channel=channel))
        for partner in self:
            partner._coop_record_consents({kind: False}, channel)
        return True

    @api.model
    def coop_find_person(self, ref):
        """The person of this cooperative with this phone (any usual form), member number or
        card barcode; what the till needs to show, with the phone masked. False if none."""
        if not self.env.user.has_group("coop_membership.group_cashier"):
            raise AccessError(self.env._("Finding people needs the Cooperative / Cashier group."))
        ref = (ref or "").strip()
        if not ref:
            return False
        company = self.env.company
        normalized = self._coop_normalize_phone(ref, company, raise_exception=False)
        found = self._coop_find_people([normalized] if normalized else [], company)
        partner = found.get(normalized) or self._coop_find_people([ref], company).get(ref)
        if not partner:
            return False
        return {
            "partner_id": partner.id,
            "name": partner.name,
            "coop_state": partner.coop_state,
            "coop_member_number": partner.coop_member_number or False,
            "phone_masked": partner.coop_phone_masked or False,
        }

    @api.model
    def _coop_find_people(self, refs, company):
        """{reference: person} for the references found among the people registered in
        ``company``: phones in E.164, then member numbers, then card barcodes, in three indexed
        queries however many references (the till asks for one, a partner import for
        thousands)."""
        Partner = self.sudo()
        base = [("company_id", "=", company.id), ("coop_state", "!=", False)]
        found = {}
        phones = [ref for ref in refs if ref.startswith("+")]
        if phones:  # indexed: res_partner_coop_phone_company_uniq
            for person in Partner.search([*base, ("coop_phone_normalized", "in", phones)]):
                found[person.coop_phone_normalized] = person
        rest = [ref for ref in refs if ref not in found]
        if rest:
            for person in Partner.search([*base, ("coop_member_number", "in", rest)], order="id"):
                found.setdefault(person.coop_member_number, person)
            rest = [ref for ref in rest if ref not in found]
        if rest:
            # The card barcode is company-dependent (jsonb per company); an expression index
            # (see init) serves this lookup.
            self.env.cr.execute(
                """
                SELECT id, barcode ->> company_id::text FROM res_partner
                 WHERE company_id = %s AND coop_state IS NOT NULL AND barcode IS NOT NULL
                   AND (barcode ->> company_id::text) = ANY(%s)
                 ORDER BY id
                """,
                [company.id, rest],
            )
            for person_id, barcode in self.env.cr.fetchall():
                found.setdefault(barcode, Partner.browse(person_id))
        return found

    # ------------------------------------------------------------------ buttons

    def action_coop_apply(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Membership application"),
            "res_model": "coop.membership.application",
            "view_mode": "form",
            "context": {
                "default_partner_id": self.id,
                "default_company_id": (self.company_id or self.env.company).id,
            },
        }

    def action_coop_exit(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Leaving the cooperative"),
            "res_model": "coop.exit.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }


def _strip_barcode(vals):
    """``vals`` with the card barcode without spaces around it, as the till scans it."""
    if isinstance(vals.get("barcode"), str):
        return dict(vals, barcode=vals["barcode"].strip() or False)
    return vals
