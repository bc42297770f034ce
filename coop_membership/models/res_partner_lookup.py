"""Finding a person by what staff have at hand: a name, a phone in any usual form
(89001234567, +7 900 123-45-67, 9001234567), a member number or a card barcode.

One lookup everywhere: the cooperative's own (``_coop_find_people``, the till's), in the back
office search box, in every field where one chooses a person (``name_search``, through
``_search_display_name``) and in the till's customer search (``coop_lookup``). It matches whole
references only: a cashier, who sees phones masked, learns from it no more than from
``coop_find_person`` (whether a whole number is someone's), never a part of a number.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

POSITIVE_OPERATORS = {"=", "ilike", "=ilike", "like", "=like"}
NEGATIVE_OPERATORS = {"!=", "not ilike", "not like"}


class ResPartner(models.Model):
    _inherit = "res.partner"

    coop_lookup = fields.Char(
        string="Phone, member number or card",
        compute="_compute_coop_lookup",
        search="_search_coop_lookup",
        help="Find a person of the cooperative by their whole phone in any usual form "
        "(89001234567, +7 900 123-45-67), member number or card barcode.",
    )

    def _compute_coop_lookup(self):
        # only searched by: reading it tells nothing
        self.coop_lookup = False

    def _search_coop_lookup(self, operator, value):
        if operator not in POSITIVE_OPERATORS | NEGATIVE_OPERATORS or not isinstance(value, str):
            raise UserError(
                self.env._(
                    "Search %(field)s with a text: a whole phone (89001234567), a member number "
                    "or a card barcode.",
                    field=self._fields["coop_lookup"]._description_string(self.env),
                )
            )
        ids = self._coop_lookup_ids(value)
        return [("id", "not in" if operator in NEGATIVE_OPERATORS else "in", ids)]

    @api.model
    def _search_display_name(self, operator, value):
        # name_search (every field where one chooses a person) and the people's search box
        domain = super()._search_display_name(operator, value)
        if operator in POSITIVE_OPERATORS and self._coop_is_reference(value):
            domain = expression.OR([domain, [("coop_lookup", "=", value)]])
        return domain

    @api.model
    def _coop_is_reference(self, value):
        """Whether ``value`` may be a phone, member number or card barcode: all have digits
        (a name has none, and needs no lookup)."""
        return isinstance(value, str) and any(char.isdigit() for char in value)

    @api.model
    def _coop_lookup_ids(self, value):
        """Ids of the people registered in the user's current cooperatives whose phone (any
        usual form), member number or card barcode is ``value``, through the till's lookup.
        Only ids: the caller's search reads them with the user's own rights."""
        ref = value.strip().strip("%").strip()  # a pattern of the till's customer search
        if not self._coop_is_reference(ref):
            return []
        ids = []
        for company in self.env.companies:
            normalized = self._coop_normalize_phone(ref, company, raise_exception=False)
            refs = list(dict.fromkeys(filter(None, [normalized, ref])))
            ids += [person.id for person in self._coop_find_people(refs, company).values()]
        return list(dict.fromkeys(ids))
