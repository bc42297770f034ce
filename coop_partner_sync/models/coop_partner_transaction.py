import json
import logging
import re
from dataclasses import dataclass, field

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL, float_compare, float_round
from odoo.tools.translate import LazyTranslate

from odoo.addons.coop_membership.models.coop_format import coop_money
from odoo.addons.coop_membership.models.coop_state_event import coop_company_env

from .bulk import bulk_insert
from .transaction_row import MAX_ROWS, RowError, parse_row

_logger = logging.getLogger(__name__)
_lt = LazyTranslate(__name__)

# pg_advisory_xact_lock(namespace, agreement id): one import at a time per partner business
LOCK_NAMESPACE = 7_310_001
TRANSACTION_COLUMNS = (
    "agreement_id", "business_id", "company_id", "external_id", "member_ref", "member_ref_key",
    "partner_id", "amount", "date", "kind", "refund_of_id", "state", "cashback", "commission",
    "fingerprint", "source", "matched_date", "settled",
)  # fmt: skip
# a Russian phone in the three usual forms (+7 900 123-45-67, 89001234567, 9001234567), once
# the separators are gone: its E.164 is +7 and the ten digits (see _coop_match_refs)
PHONE_SEPARATORS_RE = re.compile(r"[\s()\-]+")
RU_PHONE_RE = re.compile(r"^(?:\+7|8)?([0-9]{10})$")


@dataclass
class _Pending:
    """A transaction as the import sees it: already stored (``record``) or new in this call."""

    external_id: str
    fingerprint: str
    kind: str
    amount: float
    ref_key: str
    person_id: int = 0
    cashback: float = 0.0
    record_id: int = 0
    refunded: float = 0.0  # refunds of this sale so far
    reversed: float = 0.0  # cashback of this sale taken back so far
    vals: dict = field(default_factory=dict)


class _Call:
    """What every row of one import call reads of its agreement, read once."""

    def __init__(self, agreement, now):
        self.agreement = agreement
        self.now = now
        self.rounding = agreement.company_id.currency_id.rounding
        self.commission = agreement.commission_percent / 100.0
        self.date_from = agreement.date_from
        self.date_to = agreement.date_to

    def round(self, amount):
        return float_round(amount, precision_rounding=self.rounding)

    def valid_on(self, day):
        """As ``coop.partner.agreement._coop_valid_on``."""
        return (not self.date_from or self.date_from <= day) and (
            not self.date_to or day <= self.date_to
        )


class CoopPartnerTransaction(models.Model):
    """A sale (or refund) of a partner business to a person registered in the cooperative,
    as the business sent it. It earns the person cashback in the cooperative (funded by the
    business, who also owes a commission) and is invoiced to the business in a settlement."""

    _name = "coop.partner.transaction"
    _description = "Partner business transaction"
    _order = "date desc, id desc"
    _check_company_auto = True
    _rec_name = "external_id"

    agreement_id = fields.Many2one(
        "coop.partner.agreement", required=True, index=True, ondelete="restrict",
        check_company=True,
    )  # fmt: skip
    business_id = fields.Many2one(
        related="agreement_id.partner_id", string="Partner business", store=True, index=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    external_id = fields.Char(string="External ID", required=True, readonly=True)
    member_ref = fields.Char(
        string="Person reference", required=True, readonly=True,
        help="As the business sent it: phone, member number or card barcode.",
    )  # fmt: skip
    member_ref_key = fields.Char(
        readonly=True, index=True, help="The reference as looked up: phones in E.164."
    )
    partner_id = fields.Many2one(
        "res.partner", string="Person", readonly=True, index=True,
        groups="coop_membership.group_cashier",
    )  # fmt: skip
    amount = fields.Monetary(required=True, readonly=True)
    date = fields.Datetime(required=True, readonly=True, index=True)
    kind = fields.Selection(
        [("sale", "Sale"), ("refund", "Refund")], required=True, default="sale", readonly=True
    )
    refund_of_id = fields.Many2one(
        "coop.partner.transaction", string="Refund of", readonly=True, index="btree_not_null"
    )
    refund_ids = fields.One2many("coop.partner.transaction", "refund_of_id", string="Refunds")
    state = fields.Selection(
        [("matched", "Matched"), ("unmatched", "Unmatched")],
        required=True, readonly=True, index=True,
        help="Unmatched: nobody registered with this reference yet; matched automatically "
        "when that person registers.",
    )  # fmt: skip
    cashback = fields.Monetary(
        readonly=True, help="Cashback earned by the person (negative: taken back by a refund)."
    )
    commission = fields.Monetary(
        readonly=True, help="The cooperative's commission (negative for a refund)."
    )
    cashback_move_ids = fields.One2many(
        "coop.cashback.move", "coop_partner_transaction_id", string="Cashback ledger",
        groups="coop_membership.group_cashier",
    )  # fmt: skip
    settlement_move_id = fields.Many2one(
        "account.move", string="Settlement", readonly=True, index="btree_not_null", copy=False,
        groups="coop_membership.group_cashier",
    )  # fmt: skip
    settled = fields.Boolean(readonly=True, index=True)
    fingerprint = fields.Char(readonly=True, groups="coop_membership.group_cashier")
    source = fields.Selection(
        [("rpc", "XML-RPC"), ("file", "File upload"), ("fix", "Fixed in the back office")],
        required=True, default="rpc", readonly=True,
    )  # fmt: skip
    matched_date = fields.Datetime(readonly=True)

    _sql_constraints = [
        (
            "external_id_unique",
            "UNIQUE(agreement_id, external_id)",
            "This partner business has already sent a transaction with this external ID.",
        ),
        ("amount_positive", "CHECK(amount > 0)", "A transaction amount must be positive."),
    ]

    # ------------------------------------------------------------------ the XML-RPC contract

    @api.model
    def import_transactions(self, rows, dry_run=False):
        """Store a partner business's transactions (the business's API user, over XML-RPC).

        :param list rows: dicts with ``external_id``, ``member_ref``, ``amount``, ``date``,
            and optionally ``kind`` (``sale``/``refund``), ``refund_of``, ``currency``
        :param bool dry_run: validate and answer without storing anything
        :return: per row, in input order, ``{"external_id", "status", "id", "cashback",
            "error"}`` with status ``created``, ``duplicate``, ``unmatched`` or ``rejected``
        """
        if not isinstance(dry_run, bool):
            raise ValidationError(self.env._("dry_run must be true or false."))
        agreement = self.env["coop.partner.agreement"]._coop_for_user(self.env.user)
        if not agreement:
            raise AccessError(
                self.env._(
                    "Only a partner business's API user can import transactions "
                    "(user %(login)s is not one).",
                    login=self.env.user.login,
                )
            )
        return agreement._coop_import(rows, dry_run=bool(dry_run), source="rpc")

    @api.model
    def _coop_check_payload(self, rows):
        if not isinstance(rows, list):
            raise ValidationError(
                self.env._("rows must be a list of dicts (got %(type)s).", type=type(rows).__name__)
            )
        if len(rows) > MAX_ROWS:
            count = f"{len(rows):,}"
            raise ValidationError(
                self.env._(
                    "At most 10,000 rows per call (got %(count)s): send them in several calls.",
                    count=count,
                )
            )
        for index, row in enumerate(rows):
            if not isinstance(row, dict):
                raise ValidationError(
                    self.env._(
                        "rows must be a list of dicts: rows[%(index)s] is a %(type)s.",
                        index=index,
                        type=type(row).__name__,
                    )
                )

    # ------------------------------------------------------------------ processing

    @api.model
    def _coop_process(self, agreement, rows, dry_run, source, now):
        """Process ``rows`` of ``agreement`` (the caller holds the business's lock unless
        ``dry_run``). Returns the answers, in the caller's language, and the rejected rows
        ``(row, field, message)``, kept for the back office in the cooperative's."""
        company = agreement.company_id
        currency_code = company.currency_id.name
        book = coop_company_env(self, company)
        answers = [None] * len(rows)
        parsed = []
        rejected = []

        def reject(index, error):
            answers[index] = _rejected(rows[index], error.field, error.text(self.env))
            rejected.append((rows[index], error.field, error.text(book)))

        for index, row in enumerate(rows):
            try:
                parsed.append((index, parse_row(row, currency_code, now)))
            except RowError as error:
                reject(index, error)
        if not parsed:
            return answers, rejected

        keys, people = self._coop_match_refs(agreement, {v["member_ref"] for _i, v in parsed})
        known = self._coop_load_known(agreement, parsed)
        rules = agreement._coop_partner_rules()
        call = _Call(agreement, fields.Datetime.now())
        balances = self._coop_refunded_balances(company, parsed, known, keys, people)
        new = []
        duplicates = []
        for index, values in parsed:
            values["ref_key"] = keys[values["member_ref"]]
            if not values["ref_key"]:
                error = RowError(
                    "member_ref",
                    _lt(
                        "is neither a phone number nor the member number or card barcode of "
                        "a registered person (got %(value)r)",
                        value=values["member_ref"][:64],
                    ),
                )
                reject(index, error)
                continue
            fingerprint = _fingerprint(values, currency_code)
            external_id = values["external_id"]
            previous = known.get(external_id)
            if previous:
                if previous.fingerprint == fingerprint:
                    duplicates.append((index, previous))  # answered once stored (its id)
                else:
                    error = RowError(
                        "external_id",
                        _lt(
                            "already sent with different data (%(fields)s); the transaction "
                            "stored first is kept",
                            fields=_differences(previous.fingerprint, fingerprint),
                        ),
                    )
                    reject(index, error)
                continue
            try:
                pending = self._coop_prepare(
                    call, values, fingerprint, known, people, rules, balances
                )
            except RowError as error:
                reject(index, error)
                continue
            known[external_id] = pending
            new.append((index, pending))
        if not dry_run and new:
            self._coop_store(agreement, [pending for _i, pending in new], source)
        for index, pending in new:
            status = "created" if pending.person_id else "unmatched"
            answers[index] = _answer(pending.external_id, status, pending)
        for index, previous in duplicates:
            answers[index] = _answer(previous.external_id, "duplicate", previous)
        return answers, rejected

    @api.model
    def _coop_match_refs(self, agreement, refs):
        """How each person reference is looked up and who it finds, as the till does: a
        phone (any usual form) first, then a member number or card barcode (a barcode may
        read like a phone nobody has). Returns ``({ref: key}, {key: person})``; the key is
        the phone in E.164 (kept for matching later when nobody has it yet), the member
        number or barcode found, or False for a reference that can never find anyone."""
        company = agreement.company_id
        Partner = self.env["res.partner"].sudo()
        guesses = _ru_phones(refs) if (company.country_id.code or "RU") == "RU" else {}
        people = agreement._coop_match_people(list(set(guesses.values())))
        # a phone a registered person has, read as phone_validation reads it (+7 and the ten
        # digits); the others (unmatched, foreign, not a phone) through phone_validation
        phones = {
            ref: guesses[ref]
            if guesses.get(ref) in people
            else Partner._coop_normalize_phone(ref, company, raise_exception=False)
            for ref in refs
        }
        looked = set(guesses.values())
        more = {phone for phone in phones.values() if phone and phone not in looked}
        if more:
            people.update(agreement._coop_match_people(list(more)))
        others = agreement._coop_match_people(
            [ref.strip() for ref, phone in phones.items() if phone not in people]
        )
        keys = {}
        for ref, phone in phones.items():
            if phone and phone in people:
                keys[ref] = phone
            elif ref.strip() in others:
                keys[ref] = ref.strip()
                people[ref.strip()] = others[ref.strip()]
            else:
                keys[ref] = phone or False
        return keys, people

    @api.model
    def _coop_load_known(self, agreement, parsed):
        """The business's stored transactions this call names (its external IDs and the sales
        its refunds refund), with what their refunds took so far: one query each."""
        names = {values["external_id"] for _i, values in parsed}
        names |= {values["refund_of"] for _i, values in parsed if values["refund_of"]}
        self.flush_model()
        self.env.cr.execute(
            """
            SELECT t.id, t.external_id, t.fingerprint, t.kind, t.amount, t.member_ref_key,
                   t.partner_id, t.cashback,
                   COALESCE((SELECT SUM(r.amount) FROM coop_partner_transaction r
                              WHERE r.refund_of_id = t.id), 0),
                   COALESCE((SELECT SUM(r.cashback) FROM coop_partner_transaction r
                              WHERE r.refund_of_id = t.id), 0)
              FROM coop_partner_transaction t
             WHERE t.agreement_id = %s AND t.external_id = ANY(%s)
            """,
            [agreement.id, list(names)],
        )
        return {
            row[1]: _Pending(
                external_id=row[1],
                fingerprint=row[2],
                kind=row[3],
                amount=row[4],
                ref_key=row[5],
                person_id=row[6] or 0,
                cashback=row[7] or 0.0,
                record_id=row[0],
                refunded=row[8],
                reversed=-row[9],
            )
            for row in self.env.cr.fetchall()
        }

    @api.model
    def _coop_refunded_balances(self, company, parsed, known, keys, people):
        """What the people this call's refunds may take cashback back from have in all,
        their rows locked, in one go: ``_coop_reversal`` would lock and read them one by
        one (two queries per refund). The person of a stored sale with cashback, or for a
        sale sent in this same call, the refund's own person (a refund of someone else's
        sale is rejected); the call's own ledger entries are inserted at its end either
        way, so reading the totals now or at the refund's row is the same."""
        refunded = set()
        for _i, values in parsed:
            if not values["refund_of"]:
                continue
            sale = known.get(values["refund_of"])
            if sale and sale.person_id and sale.cashback:
                refunded.add(sale.person_id)
            elif not sale and people.get(keys[values["member_ref"]]):
                refunded.add(people[keys[values["member_ref"]]].id)
        Partner = self.env["res.partner"]
        return Partner.browse(sorted(refunded))._coop_cashback_lock_and_totals(company)

    @api.model
    def _coop_prepare(self, call, values, fingerprint, known, people, rules, balances):
        """A new transaction's values and cashback, or a RowError. ``call``: what every row
        of the call reads (see _Call), read once."""
        agreement = call.agreement
        date = values["date"]
        if not call.valid_on(date.date()):
            raise RowError(
                "date",
                _lt("is outside the agreement with %(business)s (%(period)s)"),
                business=agreement.partner_id.name,
                period=agreement._coop_period_label,
            )
        amount = float(values["amount"])
        pending = _Pending(
            external_id=values["external_id"],
            fingerprint=fingerprint,
            kind=values["kind"],
            amount=amount,
            ref_key=values["ref_key"],
        )
        sale = None
        if values["kind"] == "refund":
            sale = known.get(values["refund_of"])
            if not sale or sale.kind != "sale":
                raise RowError(
                    "refund_of",
                    _lt("no sale %(ref)r from this business to refund", ref=values["refund_of"])
                    if not sale
                    else _lt("%(ref)r is a refund, not a sale", ref=values["refund_of"]),
                )
            if sale.ref_key != pending.ref_key:
                raise RowError("member_ref", _lt("is not the person of the sale it refunds"))
            left = call.round(sale.amount - sale.refunded)
            if float_compare(amount, left, precision_rounding=call.rounding) > 0:
                currency = call.agreement.company_id.currency_id
                raise RowError(
                    "amount",
                    _lt(
                        "refunds of %(ref)r would total more than the sale: %(left)s left to refund"
                    ),
                    ref=values["refund_of"],
                    left=lambda env, left=left: coop_money(env, left, currency),
                )
            sale.refunded += amount
        person = people.get(pending.ref_key)
        if sale:
            person = self.env["res.partner"].browse(sale.person_id) if sale.person_id else None
        pending.person_id = person.id if person else 0
        if person and sale:
            company = agreement.company_id
            pending.cashback = -self._coop_reversal(sale, amount, person, balances, company)
        elif person:
            pending.cashback = agreement._coop_cashback_for(person, amount, date.date(), rules)
            balances.setdefault(("added", person.id), 0.0)
            balances[("added", person.id)] += pending.cashback
        pending.vals = {
            "external_id": values["external_id"],
            "member_ref": values["member_ref"],
            "member_ref_key": pending.ref_key,
            "amount": amount,
            "date": date,
            "kind": values["kind"],
            "state": "matched" if person else "unmatched",
            "cashback": pending.cashback,
            "commission": call.round(amount * call.commission) * (-1 if sale else 1),
            "fingerprint": fingerprint,
            "matched_date": call.now if person else None,
            "_refund_of": sale,
        }
        return pending

    @api.model
    def _coop_reversal(self, sale, amount, person, balances, company):
        """Cashback a refund takes back: the sale's cashback in proportion to the amount,
        never more than the sale earned, never more than the person has left."""
        currency = company.currency_id
        if not sale.cashback:
            return 0.0
        share = currency.round(sale.cashback * amount / sale.amount)
        value = min(share, currency.round(sale.cashback - sale.reversed))
        if person.id not in balances:  # in the books: read once, the person's row locked
            balances[person.id] = person._coop_cashback_lock_and_total(company)
        # what they have: in the books, plus what this call earned them so far
        value = max(min(value, balances[person.id] + balances.get(("added", person.id), 0.0)), 0.0)
        balances[person.id] -= value
        sale.reversed += value
        return value

    @api.model
    def _coop_store(self, agreement, pendings, source):
        """Store the new transactions and their cashback ledger entries: one INSERT each
        (see bulk.py), in input order."""
        company = agreement.company_id
        self.flush_model()
        fixed = (agreement.id, agreement.partner_id.id, company.id)
        rows = []
        for pending in pendings:
            vals = pending.vals
            sale = vals["_refund_of"]
            rows.append((
                *fixed, vals["external_id"], vals["member_ref"], vals["member_ref_key"],
                pending.person_id or None, vals["amount"], vals["date"], vals["kind"],
                (sale and sale.record_id) or None, vals["state"], vals["cashback"],
                vals["commission"], vals["fingerprint"], source, vals["matched_date"], False,
            ))  # fmt: skip
        ids = bulk_insert(self.env, self._table, TRANSACTION_COLUMNS, rows)
        for pending, record_id in zip(pendings, ids, strict=True):
            pending.record_id = record_id
        # refunds of sales sent in this same call: those sales have their ids only now
        links = [
            (pending.record_id, pending.vals["_refund_of"].record_id)
            for pending, row in zip(pendings, rows, strict=True)
            if pending.vals["_refund_of"] and not row[10]
        ]
        if links:
            self.env.cr.execute(
                SQL(
                    "UPDATE coop_partner_transaction t SET refund_of_id = v.sale "
                    "FROM (VALUES %s) AS v(id, sale) WHERE t.id = v.id",
                    SQL(", ").join(links),
                )
            )
        business = agreement.partner_id.name
        self._coop_insert_ledger(
            company,
            [
                (p.record_id, p.person_id, p.kind, p.cashback, business)
                for p in pendings
                if p.person_id
            ],
        )
        agreement.sudo().last_import_date = fields.Datetime.now()
        return self.browse(ids)

    @api.model
    def _coop_insert_ledger(self, company, entries):
        """The cashback ledger entries of transactions ``[(id, person id, kind, cashback,
        business name)]``, through the ledger's bulk path (one INSERT): an accrual per sale, a
        reversal per refund, once per transaction (the transaction is the source key); none
        for no cashback."""
        today = fields.Date.context_today(self)
        self.env["coop.cashback.move"]._coop_record_many(
            company,
            [
                {
                    "partner_id": person_id,
                    "kind": "accrual" if kind == "sale" else "reversal",
                    "amount": cashback,
                    "date": today,
                    "channel": "partner",
                    "source_key": f"coop.partner.transaction:{txn_id}",
                    "source_ref": f"coop.partner.transaction,{txn_id}",
                    "coop_partner_transaction_id": txn_id,
                    "reason": business,
                }
                for txn_id, person_id, kind, cashback, business in entries
            ],
        )

    # ------------------------------------------------------------------ late matching

    @api.model
    def _coop_match_unmatched(self, partners=None, company=None):
        """Match the unmatched transactions of people registered since (``partners``, or
        everyone: the scheduled safety net), sales before their refunds; accrue cashback."""
        domain = [("state", "=", "unmatched")]
        if partners is not None:
            partners = partners.sudo().filtered(lambda p: p.coop_state and p.coop_phone_normalized)
            if not partners:
                return self.browse()
            keys = set(partners.mapped("coop_phone_normalized"))
            keys |= {p.coop_member_number for p in partners if p.coop_member_number}
            domain.append(("member_ref_key", "in", list(keys)))
        if company:
            domain.append(("company_id", "=", company.id))
        txns = self.sudo().search(domain, order="id")
        if not txns:
            return txns
        self.env.cr.execute(
            "SELECT id FROM coop_partner_transaction WHERE id IN %s FOR UPDATE",
            [tuple(txns.ids)],
        )
        matched = self.browse()
        for agreement, group in txns.grouped("agreement_id").items():
            people = agreement._coop_match_people(list(set(group.mapped("member_ref_key"))))
            rules = agreement._coop_partner_rules()
            balances = {}
            for txn in group:
                person = people.get(txn.member_ref_key)
                if not person:
                    continue
                vals = {
                    "partner_id": person.id,
                    "state": "matched",
                    "matched_date": fields.Datetime.now(),
                }
                if txn.kind == "sale":
                    vals["cashback"] = agreement._coop_cashback_for(
                        person, txn.amount, txn.date.date(), rules
                    )
                    added = ("added", person.id)
                    balances[added] = balances.get(added, 0.0) + vals["cashback"]
                else:
                    sale = txn.refund_of_id
                    if sale.state != "matched":
                        continue
                    before = sale.refund_ids.filtered(lambda r: r.state == "matched")
                    pending = _Pending(
                        external_id=sale.external_id, fingerprint="", kind="sale",
                        amount=sale.amount, ref_key=sale.member_ref_key,
                        cashback=sale.cashback, reversed=-sum(before.mapped("cashback")),
                    )  # fmt: skip
                    vals["cashback"] = -self._coop_reversal(
                        pending, txn.amount, person, balances, agreement.company_id
                    )
                txn.write(vals)
                matched |= txn
        matched.flush_recordset()
        for company, group in matched.grouped("company_id").items():
            self._coop_insert_ledger(
                company,
                [(t.id, t.partner_id.id, t.kind, t.cashback, t.business_id.name) for t in group],
            )
        return matched

    @api.model
    def _coop_cron_match(self):
        """Scheduled: match what a registration did not (e.g. a person registered while an
        import of their purchase was running)."""
        matched = self._coop_match_unmatched()
        if matched:
            _logger.info("matched %s partner transactions late", len(matched))


def _ru_phones(refs):
    """{ref: +7 and its ten digits} for the references written as Russian phones in one of
    the usual forms: what phone_validation makes of them when the number is valid (a number
    a registered person has is). The others are left to phone_validation."""
    guesses = {}
    for ref in refs:
        found = RU_PHONE_RE.match(PHONE_SEPARATORS_RE.sub("", ref))
        if found:
            guesses[ref] = "+7" + found[1]
    return guesses


def _fingerprint(values, currency_code):
    return "|".join(
        [
            values["ref_key"],
            f"{values['amount']:.2f}",
            values["date"].isoformat(),
            values["kind"],
            values["refund_of"] or "",
            currency_code,
        ]
    )


def _differences(old, new):
    names = ("member_ref", "amount", "date", "kind", "refund_of", "currency")
    changed = [n for n, a, b in zip(names, old.split("|"), new.split("|"), strict=False) if a != b]
    return ", ".join(changed) or "?"


def _rejected(row, field_name, message):
    external_id = row.get("external_id") if isinstance(row, dict) else None
    return {
        "external_id": external_id if isinstance(external_id, str) else False,
        "status": "rejected",
        "id": False,
        "cashback": 0.0,
        "error": f"{field_name}: {message}",
    }


def _answer(external_id, status, pending):
    return {
        "external_id": external_id,
        "status": status,
        "id": pending.record_id or False,
        "cashback": float(pending.cashback or 0.0),
        "error": False,
    }


def raw_json(row):
    """The row as it came, for the back office (JSON; what JSON cannot say, as text)."""
    return json.dumps(row, ensure_ascii=False, default=repr, sort_keys=True)
