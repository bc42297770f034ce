from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class ResPartner(models.Model):
    """A guest of the till: a contact of the serving cooperative standing for another
    cooperative's person at its tills. It holds their name and the words "member of ..."
    only; the link to the person is read by the server alone."""

    _inherit = "res.partner"

    coop_intercoop_person_id = fields.Many2one(
        "res.partner", string="Person in their cooperative", readonly=True, copy=False,
        index="btree_not_null", ondelete="restrict", groups="base.group_system",
    )  # fmt: skip
    coop_intercoop_agreement_id = fields.Many2one(
        "coop.partner.agreement", string="Served under", readonly=True, copy=False,
        ondelete="restrict", groups="base.group_system",
    )  # fmt: skip
    coop_intercoop_label = fields.Char(
        string="Member of", readonly=True, copy=False,
        help="The cooperative where this guest of the till earns cashback.",
    )  # fmt: skip

    _sql_constraints = [
        (
            "coop_intercoop_guest_unique",
            "UNIQUE(coop_intercoop_person_id, company_id)",
            "A person has one guest contact per serving cooperative.",
        ),
    ]

    @api.model
    def _load_pos_data_fields(self, config_id):
        return [*super()._load_pos_data_fields(config_id), "coop_intercoop_label"]

    # ------------------------------------------------------------------ the till

    @api.model
    def coop_intercoop_find(self, ref, config_id):
        """Another cooperative's people the till may serve, found by their whole phone when
        no person of the till's cooperative has it: what the till shows of them (name,
        masked phone, their cooperative) and their guest contact when there is one already.
        Counted with ``coop_intercoop_guest``: a few lookups a minute per cashier (each tells
        whether a phone is another cooperative's person's), see ``coop.intercoop.lookup``.

        :return: list of ``{"agreement_id", "name", "phone_masked", "cooperative", "label",
            "partner_id"}`` (``partner_id``: the guest, or False before the first sale)
        """
        company = self._coop_intercoop_till_company(config_id)
        self.env["coop.intercoop.lookup"]._coop_count(company)
        return [
            self._coop_intercoop_answer(agreement, person, company)
            for agreement, person in self._coop_intercoop_people(ref, company)
        ]

    @api.model
    def coop_intercoop_guest(self, ref, config_id, agreement_id):
        """The guest contact the till sells to for the person of ``agreement_id``'s
        cooperative with phone ``ref``, made at the first sale. Found again by the phone,
        never by an id the till sends of the other cooperative's person.

        :return: the guest's id, or False when nobody with that phone can be served under
            that agreement (it ended, or they left their cooperative)
        """
        company = self._coop_intercoop_till_company(config_id)
        self.env["coop.intercoop.lookup"]._coop_count(company)
        found = {
            agreement.id: person for agreement, person in self._coop_intercoop_people(ref, company)
        }
        person = found.get(agreement_id)
        if not person:
            # no error: it would roll back the lookup's count with the call (a miss counts)
            return False
        agreement = self.env["coop.partner.agreement"].sudo().browse(agreement_id)
        return self._coop_intercoop_guest_for(agreement, person, company).id

    @api.model
    def _coop_intercoop_till_company(self, config_id):
        if not self.env.user.has_group("coop_membership.group_cashier"):
            raise AccessError(
                self.env._("Finding people at the till needs the Cooperative / Cashier group.")
            )
        config = self.env["pos.config"].browse(config_id).exists()
        if not config:
            raise UserError(
                self.env._("Till %(config)s does not exist: reload the till.", config=config_id)
            )
        return self._coop_pos_till_company(config)

    @api.model
    def _coop_intercoop_people(self, ref, company):
        """[(agreement, person)]: whoever has the whole phone ``ref`` in a cooperative that
        ``company`` serves, when no person of ``company`` has it (a phone only: member
        numbers and cards are each cooperative's own)."""
        ref = (ref or "").strip()
        phone = ref and self._coop_normalize_phone(ref, company, raise_exception=False)
        if not phone or self._coop_find_people([phone], company):
            return []
        today = fields.Date.context_today(self)
        found = []
        for agreement in self.env["coop.partner.agreement"]._coop_intercoop_serving(company, today):
            person = agreement._coop_match_people([phone]).get(phone)
            if person and person._coop_intercoop_servable():
                found.append((agreement, person))
        return found

    def _coop_intercoop_servable(self):
        """A person of their cooperative still: not leaving, not former, not frozen."""
        self.ensure_one()
        return not self.coop_frozen and self.coop_state not in (False, "leaving", "former")

    def _coop_intercoop_short_name(self):
        """What another cooperative's till shows of the person's name: the first word and
        the initials of the others ("Anna A.")."""
        self.ensure_one()
        first, *others = (self.name or "").split() or [""]
        return " ".join([first, *(f"{word[0]}." for word in others)])

    @api.model
    def _coop_intercoop_book(self, company):
        """The environment in ``company``'s language (its stored texts)."""
        return self.with_context(lang=company.sudo().partner_id.lang or self.env.lang).env

    @api.model
    def _coop_intercoop_answer(self, agreement, person, company):
        guest = self._coop_intercoop_existing_guest(person, company)
        return {
            "agreement_id": agreement.id,
            "name": person._coop_intercoop_short_name(),
            "phone_masked": person.coop_phone_masked or False,
            "cooperative": agreement.company_id.name,
            "label": self._coop_intercoop_label(agreement, self.env),
            "partner_id": guest.id or False,
        }

    @api.model
    def _coop_intercoop_label(self, agreement, env):
        return env._("Member of %(cooperative)s", cooperative=agreement.company_id.name)

    @api.model
    def _coop_intercoop_existing_guest(self, person, company):
        return (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [("coop_intercoop_person_id", "=", person.id), ("company_id", "=", company.id)],
                limit=1,
            )
        )

    @api.model
    def _coop_intercoop_guest_for(self, agreement, person, company):
        """The guest contact of ``person`` in ``company`` (made once; its name follows the
        person's). The caller checked the till and found the person under ``agreement``."""
        guest = self._coop_intercoop_existing_guest(person, company)
        book = self._coop_intercoop_book(company)
        values = {
            "name": person._coop_intercoop_short_name(),
            "coop_intercoop_label": self._coop_intercoop_label(agreement, book),
            "active": True,
        }
        if guest:
            changed = {k: v for k, v in values.items() if guest[k] != v}
            if guest.coop_intercoop_agreement_id != agreement:
                changed["coop_intercoop_agreement_id"] = agreement.id
            if changed:
                guest.write(changed)
            return guest
        values["coop_intercoop_agreement_id"] = agreement.id
        return self.sudo().create(
            {
                **values,
                "company_id": company.id,
                "coop_intercoop_person_id": person.id,
                "type": "contact",
            }
        )

    @api.model
    def _coop_lookup_ids(self, value):
        """The till's customer search also finds the guest contacts already made for the
        people of the cooperatives it serves (their first sale made one)."""
        ids = super()._coop_lookup_ids(value)
        if ids:
            return ids
        ref = value.strip().strip("%").strip()
        if not ref or not self.env.user.has_group("coop_membership.group_cashier"):
            return ids
        Lookup = self.env["coop.intercoop.lookup"]
        for company in self.env.companies:
            Lookup._coop_count(company, record=False)  # a read-only search: checked only
            for _agreement, person in self._coop_intercoop_people(ref, company):
                ids += self._coop_intercoop_existing_guest(person, company).ids
        return ids
