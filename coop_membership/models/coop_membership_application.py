from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .coop_format import coop_date
from .coop_state_event import coop_changed_fields, coop_company_env

# Set by the actions only (Submit, Admit, Refuse, Cancel), as the system after their checks.
ACTION_FIELDS = {"state"}
# Whose application, where and when: fixed once submitted (the person's state follows it).
SUBMITTED_FIELDS = {"partner_id", "company_id", "date"}
# The council's decision: fixed once the application is decided.
DECISION_FIELDS = {"decision_number", "decision_date", "refusal_reason"}


class CoopMembershipApplication(models.Model):
    """A person's (or a legal entity's) application to join, and the council's decision on it."""

    _name = "coop.membership.application"
    _description = "Membership application"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Number", readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(
        "res.partner",
        string="Applicant",
        required=True,
        tracking=True,
        check_company=True,
        index=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("admitted", "Admitted"),
            ("refused", "Refused"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
        group_expand=True,
    )
    date = fields.Date(
        string="Application date", required=True, default=fields.Date.context_today, tracking=True
    )
    is_company = fields.Boolean(related="partner_id.is_company", string="Legal entity")
    # A person
    full_name = fields.Char(help="Surname, first name and patronymic, as in the passport.")
    birthdate = fields.Date(string="Birth date")
    residence = fields.Char(string="Place of residence")
    declaration_no_own_income = fields.Boolean(
        string="No own earnings",
        help="The applicant declares having no own earnings and living on a pension, benefits "
        "or a stipend (where true).",
    )
    guardian_name = fields.Char(string="Guardian")
    guardian_consent = fields.Boolean(string="Guardian's consent received")
    # A legal entity
    ogrn = fields.Char(string="OGRN")
    inn = fields.Char(string="INN")
    bank_account_id = fields.Many2one(
        "res.partner.bank", string="Bank account", domain="[('partner_id', '=', partner_id)]"
    )
    # The council
    deadline = fields.Date(
        string="Decision due by", compute="_compute_deadline", store=True, index=True
    )
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue"
    )
    decision_number = fields.Char(string="Council decision no.", tracking=True)
    decision_date = fields.Date(string="Council decision date", tracking=True)
    refusal_reason = fields.Text(tracking=True)

    _sql_constraints = [
        ("name_company_unique", "UNIQUE(company_id, name)", "Application numbers are unique."),
    ]

    @api.depends("date", "company_id.coop_council_deadline_days")
    def _compute_deadline(self):
        for app in self:
            app.deadline = app.date and app.date + relativedelta(
                days=app.company_id.coop_council_deadline_days
            )

    @api.depends("deadline", "state")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for app in self:
            app.is_overdue = bool(
                app.state == "submitted" and app.deadline and app.deadline < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search on 'Overdue' with = or != True/False only."))
        domain = [
            ("state", "=", "submitted"),
            ("deadline", "<", fields.Date.context_today(self)),
        ]
        positive = (operator == "=") == value
        return domain if positive else ["!", "&", *domain]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("state", "draft") != "draft" and not self.env.su:
                raise UserError(
                    self.env._(
                        "A new application of %(person)s is created as a draft: submit it, then "
                        "record the council's decision with Admit or Refuse.",
                        person=self.env["res.partner"].browse(vals.get("partner_id")).display_name,
                    )
                )
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = (
                    self.env["ir.sequence"]
                    .with_company(company)
                    .next_by_code("coop.membership.application")
                )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            for app, fname in coop_changed_fields(self, vals, ACTION_FIELDS):
                raise UserError(
                    self.env._(
                        "Application %(app)s of %(person)s: %(field)s changes only through its "
                        "actions (Submit, Admit, Refuse, Cancel).",
                        app=app.name,
                        person=app.partner_id.display_name,
                        field=self._fields[fname].string,
                    )
                )
        fixed = coop_changed_fields(
            self.filtered(lambda a: a.state != "draft"), vals, SUBMITTED_FIELDS
        ) + coop_changed_fields(
            self.filtered(lambda a: a.state in ("admitted", "refused")), vals, DECISION_FIELDS
        )
        for app, fname in fixed:
            raise UserError(
                self.env._(
                    "Application %(app)s of %(person)s is %(state)s: its %(field)s stays as "
                    "recorded.",
                    app=app.name,
                    person=app.partner_id.display_name,
                    state=dict(self._fields["state"]._description_selection(self.env))[app.state],
                    field=self._fields[fname].string,
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_draft(self):
        for app in self:
            if app.state != "draft":
                raise UserError(
                    self.env._(
                        "Application %(app)s of %(person)s is in the membership history: only "
                        "a draft can be deleted (cancel a submitted one).",
                        app=app.name,
                        person=app.partner_id.display_name,
                    )
                )

    def _coop_write_outcome(self, vals):
        """The actions' own writes of the application's status, as the system: only after the
        action's checks; its tracking in the chatter in the cooperative's language (now: Odoo
        tracks in the language of the call's first write)."""
        apps = self.with_env(self._coop_book()).sudo()
        apps.write(vals)
        apps._track_finalize()
        return True

    def _coop_book(self):
        """The environment the application's history is written in: the cooperative's
        language, whoever acts (see ``coop_company_env``)."""
        return coop_company_env(self, self.company_id[:1])

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        partner = self.partner_id
        if partner:
            self.full_name = self.full_name or partner.name
            self.birthdate = self.birthdate or partner.coop_birthdate
            self.residence = self.residence or partner.contact_address.replace("\n", ", ").strip(
                ", "
            )
            self.inn = self.inn or partner.vat

    # ------------------------------------------------------------------ checks

    def _age_on(self, date):
        self.ensure_one()
        return relativedelta(date, self.birthdate).years

    def _check_complete(self):
        """What the law and the charter ask of an application, with a message naming the field."""
        for app in self:
            company = app.company_id
            if app.is_company:
                missing = [
                    label
                    for fname, label in [
                        ("ogrn", self.env._("OGRN")),
                        ("inn", self.env._("INN")),
                        ("bank_account_id", self.env._("Bank account")),
                    ]
                    if not app[fname]
                ]
            else:
                missing = [
                    label
                    for fname, label in [
                        ("full_name", self.env._("Full name")),
                        ("birthdate", self.env._("Birth date")),
                        ("residence", self.env._("Place of residence")),
                    ]
                    if not app[fname]
                ]
            if missing:
                raise ValidationError(
                    self.env._(
                        "Application %(app)s of %(person)s lacks: %(fields)s.",
                        app=app.name,
                        person=app.partner_id.display_name,
                        fields=", ".join(missing),
                    )
                )
            if app.is_company:
                continue
            age = app._age_on(app.date)
            if age < company.coop_min_age:
                raise ValidationError(
                    self.env._(
                        "%(person)s is %(age)s on the application date %(date)s; the cooperative "
                        "admits people from %(min)s (Birth date).",
                        person=app.partner_id.display_name,
                        age=age,
                        date=coop_date(self.env, app.date),
                        min=company.coop_min_age,
                    )
                )
            if (
                age < 18
                and company.coop_guardian_consent_under_18
                and not (app.guardian_consent and app.guardian_name)
            ):
                raise ValidationError(
                    self.env._(
                        "%(person)s is under 18: record the guardian and their consent "
                        "(Guardian, Guardian's consent received).",
                        person=app.partner_id.display_name,
                    )
                )

    # ------------------------------------------------------------------ actions

    def action_submit(self):
        self.check_access("write")
        for app in self:
            if app.state != "draft":
                raise UserError(
                    self.env._("Application %(app)s is already submitted.", app=app.name)
                )
            app._check_complete()
            other = self.search(
                [
                    ("partner_id", "=", app.partner_id.id),
                    ("state", "in", ("submitted", "admitted")),
                    ("id", "!=", app.id),
                ],
                limit=1,
            )
            if other and app.partner_id.coop_state != "former":
                raise UserError(
                    self.env._(
                        "%(person)s already has application %(other)s.",
                        person=app.partner_id.display_name,
                        other=other.name,
                    )
                )
            app.partner_id.sudo().write(
                {
                    "coop_birthdate": app.birthdate or app.partner_id.coop_birthdate,
                    "coop_ogrn": app.ogrn or app.partner_id.coop_ogrn,
                }
            )
            app._coop_write_outcome({"state": "submitted"})
            if app.partner_id.coop_state != "applicant":  # paying the fee from cashback made it so
                app.partner_id._coop_set_state(
                    "applicant",
                    app._coop_book()._("Application %(app)s submitted", app=app.name),
                    document=app,
                    date=app.date,
                )
        return True

    def action_admit(self):
        self.check_access("write")
        for app in self:
            if app.state != "submitted":
                raise UserError(
                    self.env._(
                        "Only a submitted application can be admitted (%(app)s is %(state)s).",
                        app=app.name,
                        state=dict(self._fields["state"]._description_selection(self.env))[
                            app.state
                        ],
                    )
                )
            if not (app.decision_number and app.decision_date):
                raise UserError(
                    self.env._(
                        "Record the council's decision (Council decision no. and date) on "
                        "application %(app)s before admitting.",
                        app=app.name,
                    )
                )
            if app.decision_date < app.date:
                raise ValidationError(
                    self.env._(
                        "The council decision date of %(app)s is before the application date.",
                        app=app.name,
                    )
                )
            app._coop_write_outcome({"state": "admitted"})
            app.partner_id._coop_set_state(
                "admitted",
                app._coop_book()._(
                    "Admitted by council decision %(number)s of %(date)s",
                    number=app.decision_number,
                    date=coop_date(app._coop_book(), app.decision_date),
                ),
                document=app,
                date=app.decision_date,
            )
            app.partner_id._coop_check_membership()
        return True

    def action_refuse(self):
        self.check_access("write")
        for app in self:
            if app.state != "submitted":
                raise UserError(
                    self.env._(
                        "Only a submitted application can be refused (%(app)s).", app=app.name
                    )
                )
            if not (app.decision_number and app.decision_date and app.refusal_reason):
                raise UserError(
                    self.env._(
                        "Record the council's decision (number, date) and the reason for refusing "
                        "application %(app)s.",
                        app=app.name,
                    )
                )
            app._coop_write_outcome({"state": "refused"})
            app.partner_id._coop_set_state(
                app.partner_id._coop_state_before_application(),
                app._coop_book()._(
                    "Refused by council decision %(number)s: %(reason)s",
                    number=app.decision_number,
                    reason=app.refusal_reason,
                ),
                document=app,
                date=app.decision_date,
            )
        return True

    def action_cancel(self):
        self.check_access("write")
        for app in self:
            if app.state not in ("draft", "submitted"):
                raise UserError(
                    self.env._(
                        "Application %(app)s is decided and cannot be cancelled.", app=app.name
                    )
                )
            was_submitted = app.state == "submitted"
            app._coop_write_outcome({"state": "cancelled"})
            if was_submitted and app.partner_id.coop_state == "applicant":
                app.partner_id._coop_set_state(
                    app.partner_id._coop_state_before_application(),
                    app._coop_book()._("Application %(app)s withdrawn", app=app.name),
                    document=app,
                )
        return True
