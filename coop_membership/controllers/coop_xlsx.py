import re

from werkzeug.exceptions import Forbidden, NotFound

from odoo import fields, http
from odoo.exceptions import AccessError
from odoo.http import content_disposition, request

from ..models.coop_member_register import XLSX_MIMETYPE


class CoopXlsxController(http.Controller):
    """The member register and member statements as spreadsheets, for officers."""

    def _coop_env(self):
        """The request's environment, for an officer, in the companies selected in the web client
        (the ``cids`` cookie) among the user's own; 403 for anyone else."""
        env = request.env
        if not env.user.has_group("coop_membership.group_officer"):
            raise Forbidden()
        cookie = request.cookies.get("cids") or ""
        user_companies = env.user.company_ids.ids
        company_ids = [int(cid) for cid in re.split(r"[-,]", cookie) if cid.isdigit()]
        company_ids = [cid for cid in company_ids if cid in user_companies]
        company_ids = company_ids or env.user.company_id.ids
        return env(context=dict(env.context, allowed_company_ids=company_ids))

    def _coop_xlsx_response(self, content, filename):
        return request.make_response(
            content,
            headers=[
                ("Content-Type", XLSX_MIMETYPE),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )

    @http.route("/coop/member_register.xlsx", type="http", auth="user", methods=["GET"])
    def coop_member_register_xlsx(self, **kwargs):
        env = self._coop_env()
        members = env["res.partner"]._coop_register_members()
        content = members._coop_member_register_xlsx()
        today = fields.Date.context_today(env.user)
        filename = env._(
            "Member register %(company)s %(date)s.xlsx", company=env.company.name, date=today
        )
        return self._coop_xlsx_response(content, filename)

    @http.route(
        "/coop/member_statement/<int:partner_id>.xlsx", type="http", auth="user", methods=["GET"]
    )
    def coop_member_statement_xlsx(self, partner_id, **kwargs):
        env = self._coop_env()
        partner = env["res.partner"].browse(partner_id).exists()
        if not partner:
            raise NotFound()
        try:
            partner.check_access("read")
        except AccessError as error:
            raise Forbidden() from error
        content = partner._coop_member_statement_xlsx()
        filename = env._(
            "Member statement %(who)s.xlsx", who=partner.coop_member_number or partner.name
        )
        return self._coop_xlsx_response(content, filename)
