"""What the file no longer names. A record a file made (found by its stable key) that the
cooperative's file does not list any more is archived, never deleted: staff users
deactivated, stores and their payment methods archived (a store only with no open session),
cashback rules and partner agreements ended today (archived when they had not started).
Records the file did not make are never touched."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from .coop_turnkey import DATA_MODULE
from .coop_turnkey_staff import user_key

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
    def _coop_unlisted(self, changes, company, coop_key, config):
        """Archive what a file made for ``company`` and ``config`` no longer lists."""
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
