"""A person's phone: kept in E.164 to find the person, masked for cashiers (152-FZ: a cashier
sees what the till needs).

For a user who sees phones masked (``_coop_phones_hidden``) the whole number is a field they
cannot read (it is masked), group or total by, sort by, export or search by a part of it: each
is refused with an AccessError naming the field. They find a person by the whole number through
the cooperative's lookup: ``coop_find_person`` (phone in any form, member number, card barcode),
``coop_lookup`` and ``coop_phone_search`` (what the till's customer search uses), or ``=`` on a
phone field: one number per search (domain), so that an OR of many numbers cannot tell, by
bisection, the number the mask hides. The chatter shows them a phone's changes masked too
(``mail.tracking.value``).

Odoo's way, ``groups=`` on the fields, cannot say this: the till loads and shows the masked
``phone`` and ``mobile`` of the people it lists, and a field the cashier may not read would be
refused there, and in every form and report that shows a contact's phone.
"""

from contextvars import ContextVar

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.phone_validation.tools import phone_validation

# what a phone can be read from: masked for cashiers (see _read_format)
PHONE_FIELDS = {"phone", "mobile", "phone_sanitized", "coop_phone_normalized", "coop_phone_search"}
# ... and searched through: with sms installed, phone_validation's "Phone/Mobile" search
PHONE_SEARCH_FIELDS = PHONE_FIELDS | {"phone_mobile_search"}
# operators that say whether a whole number is the one kept, never what a part of it is
EXACT_OPERATORS = {"=", "!=", "=?"}
# the phone numbers matched by the search being made, for a user who sees phones masked: one
# per search (see Base._where_calc and ResPartner._coop_count_phone_term)
_PHONE_TERMS = ContextVar("coop_phone_terms", default=None)


def mask_phone(number):
    """``number`` (E.164) as a cashier sees it: +7900***-**-67."""
    return f"{number[:-7]}***-**-{number[-2:]}" if number and len(number) > 7 else number


class Base(models.AbstractModel):
    _inherit = "base"

    def _where_calc(self, domain, active_test=True):
        # A search counts the phone numbers it matches, also those of the subqueries it makes
        # (partner_id.phone of another model, any, a person's name searched by a phone...):
        # they are made while its domain is read, inside this call.
        if _PHONE_TERMS.get() is not None:
            return super()._where_calc(domain, active_test=active_test)
        token = _PHONE_TERMS.set([])
        try:
            return super()._where_calc(domain, active_test=active_test)
        finally:
            _PHONE_TERMS.reset(token)


class ResPartner(models.Model):
    _inherit = "res.partner"

    coop_phone_normalized = fields.Char(
        string="Phone (normalised)",
        compute="_compute_coop_phone_normalized",
        store=True,
        index=True,
        copy=False,
        help="The phone in international E.164 form (+79001234567), used to find the person.",
    )
    coop_phone_search = fields.Char(
        string="Phone (any form)",
        compute="_compute_coop_phone_search",
        search="_search_coop_phone_search",
        help="Search people by phone typed in any usual form: +7 900 123-45-67, 89001234567...",
    )
    coop_phone_masked = fields.Char(string="Phone (masked)", compute="_compute_coop_phone_masked")

    # ------------------------------------------------------------------ normalisation

    @api.depends("phone", "mobile", "country_id", "company_id")
    def _compute_coop_phone_normalized(self):
        for partner in self:
            number = partner.mobile or partner.phone
            partner.coop_phone_normalized = number and partner._coop_normalize_phone(
                number, raise_exception=False
            )

    def _compute_coop_phone_search(self):
        for partner in self:
            partner.coop_phone_search = partner.coop_phone_normalized

    @api.depends("coop_phone_normalized")
    def _compute_coop_phone_masked(self):
        for partner in self:
            partner.coop_phone_masked = mask_phone(partner.coop_phone_normalized or "")

    @api.model
    def _coop_mask_phone(self, number):
        return mask_phone(number)

    def _coop_normalize_phone(self, number, company=None, raise_exception=True):
        """``number`` in E.164 (+79001234567), read in the country of the person or of the
        cooperative (Russian numbers in any usual form: +7 900 123-45-67, 89001234567,
        9001234567), with Odoo's phone_validation (the phonenumbers library)."""
        company = company or self.company_id or self.env.company
        country = (self and self.country_id) or company.country_id or self.env.ref("base.ru")
        try:
            return phone_validation.phone_format(
                number.strip(),
                country.code,
                country.phone_code,
                force_format="E164",
                raise_exception=True,
            )
        except UserError as error:
            if not raise_exception:
                return False
            raise ValidationError(
                self.env._(
                    "The phone number %(number)s is not valid: %(error)s",
                    number=number,
                    error=error.args[0],
                )
            ) from error

    # ------------------------------------------------------------------ masking

    def _coop_phones_hidden(self):
        """Whether the current user sees people's phones masked: a cashier (without the
        officer group) sees what the till needs, whatever the channel (form, till, RPC)."""
        if self.env.su:
            return False
        user = self.env.user
        return user.has_group("coop_membership.group_cashier") and not user.has_group(
            "coop_membership.group_officer"
        )

    @api.model
    def _coop_phone_fields(self):
        """The fields a person's phone can be read from (masked for cashiers)."""
        return PHONE_FIELDS

    def _coop_mask_tracked_phone(self, number):
        """A phone as the chatter tracked it (any form), masked as the person's phone is."""
        if not number or not isinstance(number, str):
            return number
        normalized = self._coop_normalize_phone(number, raise_exception=False)
        return mask_phone(normalized) if normalized and len(normalized) > 7 else "***"

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        hidden = PHONE_FIELDS.intersection(fnames)
        if hidden and result and self._coop_phones_hidden():
            # by record, not browse(id): an onchange reads a new record (with the person as
            # its origin), which a browse of its NewId would not find
            partners = {partner.id: partner for partner in self}
            for values in result:
                partner = partners[values["id"]]
                if partner.coop_state:
                    for fname in hidden:
                        if values.get(fname):
                            values[fname] = partner.coop_phone_masked
        return result

    def write(self, vals):
        if PHONE_FIELDS & vals.keys() and len(self) == 1 and self._coop_phones_hidden():
            # a form or the till saving back the masked phone it was shown changes nothing
            vals = {
                key: value
                for key, value in vals.items()
                if not (key in PHONE_FIELDS and value and value == self.coop_phone_masked)
            }
        return super().write(vals)

    def copy_data(self, default=None):
        # a copy is nobody's in the cooperative, so its phone would be read whole
        vals_list = super().copy_data(default=default)
        if self._coop_phones_hidden():
            for partner, vals in zip(self, vals_list, strict=True):
                if partner.coop_state:
                    for fname in PHONE_FIELDS.intersection(vals).difference(default or ()):
                        vals[fname] = False
        return vals_list

    # ------------------------------------------------------------------ the whole number

    def _coop_phone_access_error(self, fname, operation, operator=None):
        """The AccessError for a user who sees phones masked and asks for what the mask hides
        (``operation``: search, group, order or export), naming the field."""
        field = self._fields[fname]
        name = f"{field._description_string(self.env)} ({self._name}.{fname})"
        if operation == "search":
            message = self.env._(
                "You see phone numbers masked: %(field)s can be matched with a whole number "
                "only, not searched by a part of it (operator %(operator)s).",
                field=name,
                operator=operator,
            )
        elif operation == "group":
            message = self.env._(
                "You see phone numbers masked: people cannot be grouped or totalled by %(field)s.",
                field=name,
            )
        elif operation == "terms":
            message = self.env._(
                "You see phone numbers masked: a search may match one phone number only, and "
                "this one matches another with %(field)s.",
                field=name,
            )
        elif operation == "order":
            message = self.env._(
                "You see phone numbers masked: people cannot be sorted by %(field)s.", field=name
            )
        else:
            message = self.env._(
                "You see phone numbers masked: %(field)s cannot be exported.", field=name
            )
        hint = self.env._(
            "To find a person, type their whole phone number, member number or card barcode "
            "in the till's customer search (coop_find_person)."
        )
        return AccessError(f"{message}\n{hint}")

    def _search_coop_phone_search(self, operator, value):
        if operator not in ("=", "ilike", "like") or not isinstance(value, str):
            raise UserError(self.env._("Search a phone with a text, e.g. 89001234567."))
        value = value.strip().strip("%")  # the till searches "<what was typed>%"
        normalized = self._coop_normalize_phone(value, raise_exception=False)
        if normalized and self._coop_phones_hidden():
            # the number matched counts as this field's (the error names what was searched)
            self._coop_count_phone_term("coop_phone_search", normalized)
            people = self.sudo().with_context(active_test=False)
            return [("id", "in", people._search([("coop_phone_normalized", "=", normalized)]))]
        if normalized:
            return [("coop_phone_normalized", "=", normalized)]
        if self._coop_phones_hidden():
            # a part of a number would tell, digit by digit, what the mask hides
            if operator == "=":
                return [("id", "=", 0)]  # no whole number equals it
            raise self._coop_phone_access_error("coop_phone_search", "search", operator)
        digits = "".join(ch for ch in value if ch.isdigit())
        return [("coop_phone_normalized", "like", digits)] if digits else [("id", "=", 0)]

    def _search_phone_mobile_search(self, operator, value):
        # phone_validation's own search (with sms installed), in SQL of its own
        if self._coop_phones_hidden():
            if operator not in EXACT_OPERATORS:
                raise self._coop_phone_access_error("phone_mobile_search", "search", operator)
            self._coop_count_phone_term("phone_mobile_search", value)
        return super()._search_phone_mobile_search(operator, value)

    def _search_coop_lookup(self, operator, value):
        # the till's lookup (res_partner_lookup), also of a person's name searched by a phone
        # (_search_display_name): a phone it finds is a phone matched
        if self._coop_phones_hidden() and self._coop_is_reference(value):
            ref = value.strip().strip("%").strip()
            if any(
                self._coop_normalize_phone(ref, company, raise_exception=False)
                for company in self.env.companies
            ):
                self._coop_count_phone_term("coop_lookup", value)
        return super()._search_coop_lookup(operator, value)

    def _condition_to_sql(self, alias, fname, operator, value, query):
        # every search on a field of res.partner, also through partner_id.phone of another
        # model or a user's phone (inherited), comes here
        if fname in PHONE_FIELDS and self._coop_phones_hidden():
            if operator not in EXACT_OPERATORS:
                raise self._coop_phone_access_error(fname, "search", operator)
            self._coop_count_phone_term(fname, value)
        return super()._condition_to_sql(alias, fname, operator, value, query)

    def _coop_count_phone_term(self, fname, value):
        """A user who sees phones masked matches one whole number per search: an OR of a
        thousand numbers (``'|', ('phone', '=', ...), ...``) would tell whether the number
        the mask hides is among them, and bisection which it is. Refused (AccessError naming
        ``fname``) from the second number matched in a search. No number (``= False``: has
        the person a phone?) tells nothing and is not counted."""
        terms = _PHONE_TERMS.get()
        if terms is None or not value:
            return
        if terms:
            raise self._coop_phone_access_error(fname, "terms")
        terms.append(fname)

    def _order_field_to_sql(self, alias, field_name, direction, nulls, query):
        fname = field_name.split(".", 1)[0]
        if fname in PHONE_FIELDS and self._coop_phones_hidden():
            raise self._coop_phone_access_error(fname, "order")
        return super()._order_field_to_sql(alias, field_name, direction, nulls, query)

    def _read_group_groupby(self, groupby_spec, query):
        fname = groupby_spec.split(":", 1)[0].split(".", 1)[0]
        if fname in PHONE_FIELDS and self._coop_phones_hidden():
            raise self._coop_phone_access_error(fname, "group")
        return super()._read_group_groupby(groupby_spec, query)

    def _read_group_select(self, aggregate_spec, query):
        # an aggregate of a phone (array_agg, max...) gives the whole numbers too
        fname = aggregate_spec.split(":", 1)[0].split(".", 1)[0]
        if fname in PHONE_FIELDS and self._coop_phones_hidden():
            raise self._coop_phone_access_error(fname, "group")
        return super()._read_group_select(aggregate_spec, query)

    def _export_rows(self, fields, *, _is_toplevel_call=True):
        # also the partner_id/phone of another model's export, which exports its partners here
        fname = next((path[0] for path in fields if path and path[0] in PHONE_FIELDS), None)
        if fname and self._coop_phones_hidden():
            raise self._coop_phone_access_error(fname, "export")
        return super()._export_rows(fields, _is_toplevel_call=_is_toplevel_call)

    @api.model
    def fields_get(self, allfields=None, attributes=None):
        # the web client then offers no sorting, grouping or export by them
        descriptions = super().fields_get(allfields, attributes)
        if self._coop_phones_hidden():
            for fname in PHONE_SEARCH_FIELDS.intersection(descriptions):
                for key in ("sortable", "groupable", "exportable"):
                    if key in descriptions[fname]:
                        descriptions[fname][key] = False
        return descriptions
