import secrets

from odoo import Command, api, models

# The groups of each role (the cooperative's, Odoo's POS and accounting ones).
ROLES = {
    "cashier": ("coop_membership.group_cashier", "point_of_sale.group_pos_user"),
    "officer": ("coop_membership.group_officer", "point_of_sale.group_pos_user"),
    "manager": ("coop_membership.group_manager", "point_of_sale.group_pos_manager"),
    "accountant": ("account.group_account_user",),
}


class CoopTurnkey(models.AbstractModel):
    _inherit = "coop.turnkey"

    @api.model
    def _coop_role_groups(self, role):
        groups = self.env.ref("base.group_user")
        for xmlid in ROLES[role]:
            groups |= self.env.ref(xmlid)
        return groups

    @api.model
    def _coop_has_role(self, user, role):
        """Whether ``user`` has exactly the role's groups among the roles' groups."""
        every = self.env["res.groups"].union(*(self._coop_role_groups(r) for r in ROLES))
        every |= every.trans_implied_ids
        groups = self._coop_role_groups(role)
        return (user.groups_id & every) == ((groups | groups.trans_implied_ids) & every)

    @api.model
    def _coop_set_role(self, user, role):
        every = self.env["res.groups"].union(*(self._coop_role_groups(r) for r in ROLES))
        user.write(
            {
                "groups_id": [Command.unlink(group.id) for group in every]
                + [Command.link(group.id) for group in self._coop_role_groups(role)]
            }
        )

    @api.model
    def _coop_staff(self, changes, company, coop, staff, source):
        """A user per person of the staff, working in this cooperative only, with the groups
        of their role; a new user's password is generated and given once, in the changes."""
        Users = self.env["res.users"].with_context(active_test=False, no_reset_password=True)
        for index, person in enumerate(staff):
            name = f"{coop['key']}_user_{person['login'].replace('.', '_').replace('@', '_')}"
            imd, user = self._coop_record("res.users", name)
            if not user and Users.search_count([("login", "=", person["login"])]):
                raise self._coop_error(
                    source,
                    ["staff", index, "login"],
                    self.env._(
                        "a user with the login %s already exists and was not made from this "
                        "file. Choose another login.",
                        person["login"],
                    ),
                )
            vals = {
                "name": person["name"],
                "login": person["login"],
                "email": person.get("email") or False,
                "lang": coop.get("lang", "ru_RU"),
                "tz": coop.get("tz", "Europe/Moscow"),
                "company_id": company,
                "company_ids": company,
            }
            label = self.env._("User %s", person["login"])
            if user:
                self._coop_update(changes, user, vals, label)
                if not self._coop_has_role(user, person["role"]):
                    self._coop_set_role(user, person["role"])
                    changes.append(
                        self.env._("%(user)s: role %(role)s", user=label, role=person["role"])
                    )
                continue
            password = secrets.token_urlsafe(12)
            user = Users.with_context(no_reset_password=True).create(
                {
                    "name": person["name"],
                    "login": person["login"],
                    "email": person.get("email") or False,
                    "lang": vals["lang"],
                    "tz": vals["tz"],
                    "company_id": company.id,
                    "company_ids": [Command.set(company.ids)],
                    "groups_id": [Command.set(self._coop_role_groups(person["role"]).ids)],
                    "password": password,
                }
            )
            self._coop_bind(imd, name, user)
            changes.append(
                self.env._(
                    "%(user)s (%(role)s): created; password %(password)s (shown only now: give it "
                    "to them and ask them to change it)",
                    user=label,
                    role=person["role"],
                    password=password,
                )
            )
