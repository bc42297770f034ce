import secrets

from markupsafe import Markup

from odoo import Command, api, models

from odoo.addons.coop_membership.models.coop_state_event import coop_company_env

from .ru_registry import inn_valid


class CoopTurnkey(models.AbstractModel):
    _inherit = "coop.turnkey"

    @api.model
    def _coop_check_partner_inns(self, config, source):
        """Each partner business's INN, checksum checked (as the cooperative's)."""
        for index, business in enumerate(config.get("partners", [])):
            if not inn_valid(business["inn"]):
                raise self._coop_error(
                    source,
                    ["partners", index, "inn"],
                    self.env._(
                        "the INN %s has a wrong check digit. Copy it again from the business's "
                        "papers.",
                        business["inn"],
                    ),
                )

    @api.model
    def _coop_partners(self, changes, company, coop_key, businesses, source):
        """A company contact and an agreement per partner business, and its API user (made
        once: its password and API key are given in the changes, this once only)."""
        for index, business in enumerate(businesses):
            name = f"{coop_key}_partner_{business['key']}"
            label = self.env._("Partner business %s", business["key"])
            self._coop_take_over_partner(company, name, business["key"])
            contact = self._coop_record("res.partner", name, company)[1]
            vals = {"name": business["name"], "vat": business["inn"], "is_company": True}
            if not contact or contact.company_id:
                # a contact shared by the companies (made by hand, taken over) stays shared
                vals["company_id"] = company
            partner = self._coop_sync(changes, "res.partner", name, vals, label)
            agreement = self._coop_agreement(changes, company, name, partner, business, label)
            if business.get("api_login") and not agreement.api_user_id:
                path = ["partners", index, "api_login"]
                self._coop_api_user(changes, agreement, business["api_login"], label, source, path)
            elif business.get("api_login") == agreement.api_user_id.login:
                self._coop_api_user_back(changes, agreement, label)

    @api.model
    def _coop_take_over_partner(self, company, name, key):
        """A partner business made by hand, exported as partner<id> (its agreement's id):
        its agreement and contact taken over (so its API user too), not copied."""
        agreement = self._coop_take_over(
            "coop.partner.agreement", f"{name}_agreement", key, "partner", company
        )
        if agreement:
            self._coop_take_over_one(name, agreement.partner_id, company)

    @api.model
    def _coop_agreement(self, changes, company, name, partner, business, label):
        """The agreement, its rates as in the file. A new rate applies to the transactions
        imported from now on: those imported keep the cashback and commission they were
        computed with, and the agreement's history (chatter) keeps the old rate."""
        percent = business.get("cashback_percent")
        vals = {
            "partner_id": partner,
            "company_id": company,
            "active": True,
            "cashback_mode": "rules" if percent is None else "percent",
            "cashback_percent": percent or 0.0,
            "commission_percent": business.get("commission_percent", 0.0),
            "date_from": business.get("date_from") or False,
            "date_to": business.get("date_to") or False,
        }
        key = f"{name}_agreement"
        existed = bool(self._coop_record("coop.partner.agreement", key, company)[1])
        before = len(changes)
        label = self.env._("%s, agreement", label)
        # tracked: the agreement's history keeps its former rates
        tracked = self.with_context(tracking_disable=False)
        agreement = tracked._coop_sync(changes, "coop.partner.agreement", key, vals, label)
        if existed and len(changes) > before:
            changes[-1] += self.env._(
                " (for the transactions imported from now on; those imported keep theirs)"
            )
        return agreement

    @api.model
    def _coop_api_user_back(self, changes, agreement, label):
        """The API user of a business listed again (archived when it was dropped), active
        again with a new password and API key, given this once in the changes (its old ones
        were removed when it was archived)."""
        user, password, key = agreement._coop_api_user_renew()
        if not user:
            return
        book = coop_company_env(agreement, agreement.company_id)
        again = book._(
            "API user %(login)s active again: the business is in the cooperative's file again.",
            login=user.login,
        )
        renewed = book._(
            "It has a new password and API key, given to the manager who applied the file."
        )
        agreement.message_post(body=Markup("%s %s") % (again, renewed))
        changes.append(
            self.env._(
                "%(business)s: API user %(login)s active again; new password %(password)s, "
                "new API key %(key)s (shown only now: give them to the business)",
                business=label,
                login=user.login,
                password=password,
                key=key,
            )
        )

    @api.model
    def _coop_api_user(self, changes, agreement, login, label, source, path):
        """The business's API user (group "Partner API" only), with a generated password and
        an API key, both given this once in the changes and stored nowhere else."""
        Users = self.env["res.users"].with_context(active_test=False, no_reset_password=True)
        if Users.search_count([("login", "=", login)]):
            raise self._coop_error(
                source,
                path,
                self.env._(
                    "a user with the login %s already exists. Choose another api_login.", login
                ),
            )
        password = secrets.token_urlsafe(12)
        company = agreement.company_id
        user = Users.create(
            {
                "name": self.env._("%(business)s (API)", business=agreement.partner_id.name),
                "login": login,
                "password": password,
                "lang": company.partner_id.lang,
                "tz": company.partner_id.tz,
                "company_id": company.id,
                "company_ids": [Command.set(company.ids)],
                "groups_id": [Command.set(self.env.ref("coop_partner_sync.group_partner_api").ids)],
            }
        )
        key = agreement._coop_api_key(user)
        agreement.sudo().api_user_id = user
        changes.append(
            self.env._(
                "%(business)s: API user %(login)s created; password %(password)s, API key "
                "%(key)s (shown only now: give them to the business)",
                business=label,
                login=login,
                password=password,
                key=key,
            )
        )
