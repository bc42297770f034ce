import secrets

from odoo import Command, api, models

# The groups of each role (the cooperative's, Odoo's POS and accounting ones).
ROLES = {
    "cashier": ("coop_membership.group_cashier", "point_of_sale.group_pos_user"),
    "officer": ("coop_membership.group_officer", "point_of_sale.group_pos_user"),
    "manager": ("coop_membership.group_manager", "point_of_sale.group_pos_manager"),
    "accountant": ("account.group_account_user",),
}


def user_key(coop_key, login):
    """The stable key of a staff user: the login with every character other than a letter,
    a digit or ``-`` written ``_xx`` (its code in hex), so that two logins never share it
    (``ivan.petrov``: ``ivan_2epetrov``, ``ivan_petrov``: ``ivan_5fpetrov``)."""
    encoded = "".join(
        char if char.isascii() and (char.isalnum() or char == "-") else f"_{ord(char):02x}"
        for char in login
    )
    return f"{coop_key}_user_{encoded}"


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
        every = self._coop_every_role_group()
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
    def _coop_every_role_group(self):
        """The groups any role gives, with the groups they imply."""
        every = self.env["res.groups"].union(*(self._coop_role_groups(r) for r in ROLES))
        return every | every.trans_implied_ids

    @api.model
    def _coop_beyond(self, user, company):
        """What ``user`` was given beyond what a file gives (groups no role implies, other
        companies than ``company``), as the reader names it; empty when nothing."""
        groups = user.groups_id - self._coop_every_role_group()
        companies = user.company_ids - company
        return ", ".join(groups.mapped("full_name") + companies.mapped("name"))

    @api.model
    def _coop_staff(self, changes, company, coop, staff, source):
        """A user per person of the staff, working in this cooperative only, with the groups
        of their role; a new user's password is generated and given once, in the changes."""
        Users = self.env["res.users"].with_context(active_test=False, no_reset_password=True)
        for index, person in enumerate(staff):
            name = user_key(coop["key"], person["login"])
            imd, user = self._coop_record("res.users", name)
            label = self.env._("User %s", person["login"])
            if user:
                self._coop_staff_update(changes, user, company, coop, person, label)
                continue
            if Users.search_count([("login", "=", person["login"])]):
                raise self._coop_error(
                    source,
                    ["staff", index, "login"],
                    self.env._(
                        "a user with the login %s already exists and was not made from this "
                        "file. Choose another login.",
                        person["login"],
                    ),
                )
            user = self._coop_staff_create(changes, company, coop, person, label)
            self._coop_bind(imd, name, user)

    @api.model
    def _coop_staff_update(self, changes, user, company, coop, person, label):
        """Bring a user the file made to the file: name, language, time zone and role. Never
        their login or email (they sign in and reset their password with them), and not at
        all a user given more rights or companies since (an administrator's account is not
        the file's to change)."""
        beyond = self._coop_beyond(user, company)
        if beyond:
            changes.append(
                self.env._(
                    "%(user)s: left unchanged, since they were given what the file does not "
                    "give (%(rights)s). Change them in Settings > Users, or remove them from "
                    "the file.",
                    user=label,
                    rights=beyond,
                )
            )
            return
        vals = {
            "active": True,
            "name": person["name"],
            "lang": coop.get("lang", "ru_RU"),
            "tz": coop.get("tz", "Europe/Moscow"),
        }
        self._coop_update(changes, user, vals, label)
        if (person.get("email") or False) != (user.email or False):
            changes.append(
                self.env._(
                    "%(user)s: the email %(email)s of the file is not applied: the email of an "
                    "existing user is changed in Settings > Users.",
                    user=label,
                    email=person.get("email") or "—",
                )
            )
        if not self._coop_has_role(user, person["role"]):
            self._coop_set_role(user, person["role"])
            changes.append(self.env._("%(user)s: role %(role)s", user=label, role=person["role"]))

    @api.model
    def _coop_staff_create(self, changes, company, coop, person, label):
        Users = self.env["res.users"].with_context(active_test=False, no_reset_password=True)
        password = secrets.token_urlsafe(12)
        user = Users.create(
            {
                "name": person["name"],
                "login": person["login"],
                "email": person.get("email") or False,
                "lang": coop.get("lang", "ru_RU"),
                "tz": coop.get("tz", "Europe/Moscow"),
                "company_id": company.id,
                "company_ids": [Command.set(company.ids)],
                "groups_id": [Command.set(self._coop_role_groups(person["role"]).ids)],
                "password": password,
            }
        )
        changes.append(
            self.env._(
                "%(user)s (%(role)s): created; password %(password)s (shown only now: give it "
                "to them and ask them to change it)",
                user=label,
                role=person["role"],
                password=password,
            )
        )
        return user
