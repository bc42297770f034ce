"""SMS.ru's delivery reports ("callback" in its personal page, section API): SMS.ru POSTs form
fields ``data[0]``, ``data[1]``, ... each ``"sms_status\\n<sms_id>\\n<status code>\\n<unix
time>"`` and expects the text ``100`` back (else it posts again).

The URL holds the company's secret token (Settings show the URL to copy): a wrong token is a
404; only the ids of SMS that company sent are updated, unknown ids are ignored, a status never
goes back (sms.tracker._coop_smsru_update); nothing else is read or written."""

import logging
import re

from werkzeug.exceptions import NotFound

from odoo.http import Controller, request, route

_logger = logging.getLogger(__name__)

MAX_REPORTS = 1000  # SMS.ru posts a few at a time; more is not a report
SMS_ID = re.compile(r"^[\w-]{1,64}$")


def parse_reports(form):
    """{sms_id: code} from SMS.ru's ``data[N]`` fields; other fields and lines are ignored."""
    codes = {}
    values = [value for key, value in form.items() if re.match(r"^data\[\d+\]$", key)]
    for value in values[:MAX_REPORTS]:
        lines = [line.strip() for line in str(value).splitlines()]
        if len(lines) < 3 or lines[0] != "sms_status":
            continue
        sms_id, code = lines[1], lines[2]
        if SMS_ID.match(sms_id) and code.isdigit():
            codes[sms_id] = int(code)
    return codes


class SmsRuController(Controller):
    @route(
        "/coop_sms_gateway/smsru/<string:token>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def coop_smsru_delivery_report(self, token, **form):
        company = request.env["res.company"].sudo()._coop_sms_company_by_callback_token(token)
        if not company:
            raise NotFound()
        codes = parse_reports(form)
        if codes:
            trackers = request.env["sms.tracker"].sudo()._coop_smsru_apply_reports(company, codes)
            _logger.info(
                "SMS.ru delivery reports for company %s: %s received, %s applied",
                company.id,
                len(codes),
                len(trackers),
            )
        return request.make_response("100", headers=[("Content-Type", "text/plain")])
