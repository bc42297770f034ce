"""What the file no longer names. A record a file made (found by its stable key) that the
cooperative's file does not list any more is archived, never deleted: staff users
deactivated, stores and their payment methods archived (a store only with no open session),
cashback rules and partner agreements ended today (archived when they had not started).
Records the file did not make are never touched.

A fee version (entry fee, mandatory share) is money's ground: what was charged under it was
its amount, and some amount must be in force every day. One that never came into force is
archived; one that was in force stays as it is, and is left out of the file's versions once
another amount takes over from the day after its last (today at the latest); else the file is
refused."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.coop_membership.models.coop_state_event import coop_company_env

from .coop_turnkey import DATA_MODULE
from .coop_turnkey_staff import user_key


def fee_key(coop_key, fee):
    """The stable key of the file's fee version ``fee`` (its kind and first day)."""
    return f"{coop_key}_fee_{fee['kind']}_{fee['date_from'].replace('-', '')}"


# model: the prefix of its keys after the cooperative's, and how it is archived
UNLISTED = {
    "coop.cashback.rule": ("rule_", "_coop_unlisted_rule"),
    "pos.config": ("store_", "_coop_unlisted_store"),
    "pos.payment.method": ("store_", "_coop_unlisted_method"),
    "res.users": ("user_", "_coop_unlisted_user"),
    "coop.partner.agreement": ("partner_", "_coop_unlisted_agreement"),
}


class CoopTurnkey(models.AbstractModel):
    _inherit = "coop.turnkey"

    @api.model
    def _coop_unlisted(self, changes, company, coop_key, config, source=None):
        """Archive what a file made for ``company`` and ``config`` no longer lists."""
        self._coop_unlisted_fees(changes, company, coop_key, config, source)
        listed = self._coop_listed(coop_key, config)
        bindings = (
            self.env["ir.model.data"]
            .sudo()
            .search(
                [
                    ("module", "=", DATA_MODULE),
                    ("model", "in", list(UNLISTED)),
                    ("name", "=like", f"{coop_key}\\_%"),
                ],
                order="id",
            )
        )
        # stores before payment methods: a method is archived when no store uses it
        for imd in bindings.sorted(lambda imd: (list(UNLISTED).index(imd.model), imd.id)):
            prefix, method = UNLISTED[imd.model]
            if imd.name in listed or not imd.name.startswith(f"{coop_key}_{prefix}"):
                continue
            record = self.env[imd.model].with_context(active_test=False).browse(imd.res_id)
            record = record.exists()
            if record and self._coop_of_company(record, company):
                getattr(self, method)(changes, record)

    @api.model
    def _coop_listed(self, coop_key, config):
        """The stable keys of what ``config`` lists (rules, stores and their payment methods,
        staff, partner agreements)."""
        rules = config.get("cashback", {}).get("rules", [])
        listed = {f"{coop_key}_rule_{rule['key']}" for rule in rules}
        for store in config.get("stores", []):
            name = f"{coop_key}_store_{store['key']}"
            listed.add(name)
            listed.update(f"{name}_method_{kind}" for kind in store["payment_methods"])
        listed.update(user_key(coop_key, person["login"]) for person in config.get("staff", []))
        listed.update(
            f"{coop_key}_partner_{business['key']}_agreement"
            for business in config.get("partners", [])
        )
        return listed

    @api.model
    def _coop_end(self, changes, record, label):
        """End ``record`` (a rule or an agreement) today, or archive it when it has not
        started; nothing when it has ended already."""
        today = fields.Date.context_today(self)
        if not record.active or (record.date_to and record.date_to <= today):
            return
        if record.date_from and record.date_from > today:
            record.active = False
            changes.append(
                self.env._("%s: no longer in the file, archived (it had not started)", label)
            )
            return
        record.date_to = today
        changes.append(
            self.env._("%(what)s: no longer in the file, ended on %(date)s", what=label, date=today)
        )

    @api.model
    def _coop_unlisted_rule(self, changes, rule):
        self._coop_end(changes, rule, self.env._("Cashback rule %s", rule.name))

    @api.model
    def _coop_unlisted_agreement(self, changes, agreement):
        label = self.env._("Partner business %s, agreement", agreement.partner_id.name)
        self.with_context(tracking_disable=False)._coop_end(changes, agreement, label)
        self._coop_unlisted_api_user(changes, agreement)

    @api.model
    def _coop_unlisted_api_user(self, changes, agreement):
        """Archive the API user of a business the file no longer lists, its API keys removed
        and its password replaced: it can no longer sign in to send transactions, and if the
        business comes back, it is given new credentials. Its contact stays, for the
        settlement of what it sent."""
        user = agreement._coop_api_user_archive()
        if not user:
            return
        book = coop_company_env(agreement, agreement.company_id)
        archived = book._(
            "API user %(login)s archived: the business is no longer in the cooperative's "
            "file, so it can no longer send transactions. Those of the agreement's period "
            "can still be imported from a file.",
            login=user.login,
        )
        scrubbed = book._(
            "Its API keys were removed and its password replaced: if the business comes "
            "back, it is given new ones."
        )
        agreement.message_post(body=Markup("%s %s") % (archived, scrubbed))
        changes.append(
            self.env._(
                "Partner business %(business)s: API user %(login)s archived, its API keys "
                "removed and its password replaced (it can no longer send transactions)",
                business=agreement.partner_id.name,
                login=user.login,
            )
        )

    @api.model
    def _coop_unlisted_store(self, changes, config):
        if not config.active:
            return
        if config.session_ids.filtered(lambda session: session.state != "closed"):
            raise UserError(
                self.env._(
                    "The till %s is no longer in the file, but a session of it is open: close "
                    "the session first, then apply the file again (or keep the store in the "
                    "file).",
                    config.name,
                )
            )
        config.active = False
        changes.append(self.env._("Store %s: no longer in the file, archived", config.name))

    @api.model
    def _coop_unlisted_method(self, changes, method):
        Config = self.env["pos.config"]
        if not method.active or Config.search_count([("payment_method_ids", "in", method.ids)]):
            return
        method.active = False
        changes.append(
            self.env._("Payment method %s: no longer in the file, archived", method.name)
        )

    @api.model
    def _coop_unlisted_user(self, changes, user):
        label = self.env._("User %s", user.login)
        if not user.active:
            return
        if user == self.env.user:
            changes.append(
                self.env._("%s: no longer in the file, but it is you: left active", label)
            )
            return
        beyond = self._coop_beyond(user, user.company_id)
        if beyond:
            changes.append(
                self.env._(
                    "%(user)s: no longer in the file, left active since they were given what "
                    "the file does not give (%(rights)s). Archive them in Settings > Users.",
                    user=label,
                    rights=beyond,
                )
            )
            return
        user.active = False
        changes.append(self.env._("%s: no longer in the file, deactivated", label))

    # ------------------------------------------------------------------ fee versions

    @api.model
    def _coop_unlisted_fees(self, changes, company, coop_key, config, source):
        """The fee versions the file made and no longer lists, the latest first (a later
        one archived no longer takes over from an earlier one)."""
        fees = config.get("fees", [])
        listed = {fee_key(coop_key, fee) for fee in fees}
        bindings = (
            self.env["ir.model.data"]
            .sudo()
            .search(
                [
                    ("module", "=", DATA_MODULE),
                    ("model", "=", "coop.fee.version"),
                    ("name", "=like", f"{coop_key}\\_fee\\_%"),
                ]
            )
        )
        Version = self.env["coop.fee.version"].with_context(active_test=False)
        kept = Version.browse(bindings.filtered(lambda imd: imd.name in listed).mapped("res_id"))
        dropped = []
        for imd in bindings.filtered(lambda imd: imd.name not in listed):
            version = Version.browse(imd.res_id).exists()
            if version.active and version not in kept and version.company_id == company:
                dropped.append((imd, version))
        for imd, version in sorted(dropped, key=lambda pair: pair[1].date_from, reverse=True):
            self._coop_unlisted_fee(changes, imd, version, fees, source)

    @api.model
    def _coop_unlisted_fee(self, changes, imd, version, fees, source):
        """Archive ``version`` if it never came into force; else keep it, ended the day
        before the next amount, which must take over tomorrow at the latest."""
        today = fields.Date.context_today(self)
        kinds = dict(version._fields["kind"]._description_selection(self.env))
        label = self.env._(
            "%(kind)s from %(date)s", kind=kinds[version.kind], date=version.date_from
        )
        if version.date_from > today:
            version.active = False
            changes.append(
                self.env._("%s: no longer in the file, archived (it never came into force)", label)
            )
            return
        tomorrow = fields.Date.add(today, days=1)
        after = self.env["coop.fee.version"].search(
            [
                ("company_id", "=", version.company_id.id),
                ("kind", "=", version.kind),
                ("date_from", ">", version.date_from),
            ],
            order="date_from",
            limit=1,
        )
        if not after or after.date_from > tomorrow:
            same = [index for index, fee in enumerate(fees) if fee["kind"] == version.kind]
            raise self._coop_error(
                source,
                ["fees", same[-1]] if same else ["fees"],
                self.env._(
                    "%(fee)s is in force today and no longer in the file, but "
                    "no other amount takes over from %(tomorrow)s: the amount in force must "
                    "stay defined. Keep it in the file, or add the amount in force from "
                    '%(tomorrow)s (a [[fees]] with kind = "%(kind)s" and date_from = '
                    "%(tomorrow)s).",
                    fee=label,
                    tomorrow=tomorrow,
                    kind=version.kind,
                ),
            )
        changes.append(
            self.env._(
                "%(fee)s: no longer in the file, ended on %(end)s (the amount from %(next)s "
                "takes over); kept for what was charged under it",
                fee=label,
                end=fields.Date.add(after.date_from, days=-1),
                next=after.date_from,
            )
        )
        # no longer the file's: ended, it is history, never changed again
        imd.unlink()
