"""SMS.ru's HTTP API behind the interface of Odoo's ``SmsApi._send_sms_batch``.

``POST <url>`` (``https://sms.ru/sms/send``) with the form fields ``api_id`` (the key), ``to``
(up to 100 numbers, comma separated, digits only), ``msg``, ``json=1`` and optionally ``from``
(an approved sender name) and ``test=1`` (checked and billed as zero, not delivered). The answer:
``{"status": "OK", "status_code": 100, "sms": {"79161234567": {"status": "OK",
"status_code": 100, "sms_id": "..."}, ...}, "balance": 4.2}``, or ``{"status": "ERROR",
"status_code": 201, "status_text": "..."}`` for the whole request.

Delivery reports: ``POST <url ending in /sms/status>`` with ``api_id``, ``sms_id`` (up to 100
message ids, comma separated) and ``json=1`` answers ``{"status": "OK", "sms": {"<sms_id>":
{"status": "OK", "status_code": 103}, ...}}``; SMS.ru also POSTs the same codes to a callback
URL (see ``controllers/main.py``). The codes (SMS.ru's public API docs, "sms/status"): 100 in
SMS.ru's queue, 101 passed to the operator, 102 sent (on its way), 103 delivered, 104 not
delivered: its lifetime expired, 105 deleted by the operator, 106 phone failure, 107 unknown
reason, 108 rejected, 110 read (Viber), 150 no route to the number; -1 unknown message id.
"""

import logging
import re

import requests

from odoo.tools import split_every

_logger = logging.getLogger(__name__)

# SMS.ru status codes -> the states of Odoo's IAP answer (sms.sms maps them to failure types).
# Anything else (220 service unavailable, 500, limits 206/230-232, an unreadable answer) is a
# server error: the SMS stays in error "Server Error", which Odoo's "Resend" retries.
SMSRU_CODE_TO_STATE = {
    100: "success",
    200: "unregistered",  # wrong api_id
    201: "insufficient_credit",
    202: "wrong_number_format",
    204: "unregistered",  # sender name not approved
    207: "wrong_number_format",  # no route to this number
    # The number is in the account's stop list: Odoo's provider error "not_allowed" (the SMS in
    # error "Unknown error", its notification bounced "Not Allowed"), as IAP's delivery reports.
    209: "not_allowed",
    300: "unregistered",
    301: "unregistered",
    302: "unregistered",
}


# SMS.ru delivery codes -> the states of Odoo's IAP delivery reports (sms controller
# ``/sms/status``): "sent" keeps the SMS Sent, "delivered" makes it Delivered, the others are
# provider errors (sms.tracker._action_update_from_provider_error): "invalid_destination" and
# "rejected" bounce (a mailing's "Bounced"), "expired" and "not_delivered" are errors.
SMSRU_DELIVERY_TO_STATE = {
    100: "sent",
    101: "sent",
    102: "sent",
    103: "delivered",
    104: "expired",
    105: "rejected",  # deleted by the operator
    106: "not_delivered",  # phone failure
    107: "not_delivered",  # unknown reason
    108: "rejected",
    110: "delivered",  # read (Viber)
    150: "invalid_destination",  # no route to the number
}
SMSRU_FINAL_CODES = frozenset(code for code in SMSRU_DELIVERY_TO_STATE if code >= 103)


class SmsRuApi:
    """Send SMS through SMS.ru for one company (``res.company`` with its gateway settings)."""

    BATCH_SIZE = 100  # numbers per request, SMS.ru's limit
    TIMEOUT = 15  # seconds, as Odoo's IAP call

    def __init__(self, env, company):
        self.env = env
        # The key is readable by system administrators only; the SMS queue is sent by the
        # system (Odoo sends sms.sms as superuser), never shown to the user who wrote the SMS.
        company_sudo = company.sudo()
        self.company = company
        self.url = company_sudo.coop_sms_gateway_url
        self.key = company_sudo.coop_sms_gateway_key
        self.sender = company_sudo.coop_sms_gateway_sender
        self.test = company_sudo.coop_sms_gateway_test
        url = self.url or ""
        self.status_url = url[: -len("/send")] + "/status" if url.endswith("/send") else False

    def _send_sms_batch(self, messages, delivery_reports_url=False, raise_exception=False):
        """Same contract as ``SmsApi._send_sms_batch``: ``messages`` is a list of
        ``{'content': str, 'numbers': [{'uuid': str, 'number': str}]}``; return a list of
        ``{'uuid': str, 'state': str, 'sms_id': str or False}``, one per uuid (``sms_id``:
        SMS.ru's id of an accepted SMS, for its delivery reports). Transport errors give
        ``server_error`` for the numbers of the failed request only (re-raised when
        ``raise_exception``)."""
        results = []
        for message in messages:
            uuids_by_number = {}
            for entry in message["numbers"]:
                digits = re.sub(r"\D", "", entry["number"] or "")
                uuids_by_number.setdefault(digits, []).append(entry["uuid"])
            no_number = uuids_by_number.pop("", [])
            results += [{"uuid": uuid, "state": "wrong_number_format"} for uuid in no_number]
            for numbers in split_every(self.BATCH_SIZE, list(uuids_by_number)):
                answers = self._send_request(message["content"], numbers, raise_exception)
                results += [
                    {"uuid": uuid, **answers[number]}
                    for number in numbers
                    for uuid in uuids_by_number[number]
                ]
        return results

    def _send_request(self, content, numbers, raise_exception=False):
        """One request to the gateway; return {number: {"state": IAP state, "sms_id": ...}}."""
        if not (self.url and self.key):
            _logger.warning(
                "SMS gateway of company %s has no URL or key: %s SMS not sent",
                self.company.id,
                len(numbers),
            )
            return {number: {"state": "unregistered", "sms_id": False} for number in numbers}
        data = {"api_id": self.key, "to": ",".join(numbers), "msg": content, "json": 1}
        if self.sender:
            data["from"] = self.sender
        if self.test:
            data["test"] = 1
        try:
            answer = self._post(self.url, data)
        except (requests.RequestException, ValueError) as error:
            # The form (and its key) is in the body, never in the URL or this log line.
            _logger.warning(
                "SMS gateway of company %s: %s SMS not sent (%s)",
                self.company.id,
                len(numbers),
                type(error).__name__,
            )
            if raise_exception:
                raise
            return {number: {"state": "server_error", "sms_id": False} for number in numbers}
        return self._states_from_answer(answer, numbers)

    def _post(self, url, data):
        """POST the form ``data`` (the key in the body, never in the URL) to SMS.ru and return
        its JSON answer; following no redirect, so the key goes nowhere else. Raises
        requests.RequestException on a transport or HTTP error, ValueError on an answer that
        is not JSON."""
        response = requests.post(url, data=data, timeout=self.TIMEOUT, allow_redirects=False)
        response.raise_for_status()
        return response.json()

    def _states_from_answer(self, answer, numbers):
        if not isinstance(answer, dict) or answer.get("status") != "OK":
            code = answer.get("status_code") if isinstance(answer, dict) else None
            _logger.info("SMS gateway of company %s refused the request: %s", self.company.id, code)
            return {number: {"state": self._state_of(code), "sms_id": False} for number in numbers}
        per_number = answer.get("sms") or {}
        states = {}
        for number in numbers:
            number_answer = per_number.get(number)
            if not isinstance(number_answer, dict):
                number_answer = {}
            state = self._state_of(number_answer.get("status_code"))
            sms_id = number_answer.get("sms_id") if state == "success" else False
            states[number] = {"state": state, "sms_id": str(sms_id) if sms_id else False}
        _logger.info(
            "SMS gateway of company %s: %s of %s SMS accepted",
            self.company.id,
            sum(answer["state"] == "success" for answer in states.values()),
            len(numbers),
        )
        return states

    def _fetch_delivery_codes(self, sms_ids):
        """Ask SMS.ru for the delivery status of up to 100 of its message ids; return
        {sms_id: SMS.ru status code} for the ids it knows (nothing on a transport error)."""
        if not (self.status_url and self.key and sms_ids):
            return {}
        data = {"api_id": self.key, "sms_id": ",".join(sms_ids), "json": 1}
        try:
            answer = self._post(self.status_url, data)
        except (requests.RequestException, ValueError) as error:
            _logger.warning(
                "SMS gateway of company %s: delivery status of %s SMS not read (%s)",
                self.company.id,
                len(sms_ids),
                type(error).__name__,
            )
            return {}
        per_id = answer.get("sms") if isinstance(answer, dict) else None
        codes = {}
        for sms_id, status in (per_id if isinstance(per_id, dict) else {}).items():
            code = status.get("status_code") if isinstance(status, dict) else None
            if sms_id in sms_ids and isinstance(code, int | str) and str(code).isdigit():
                codes[sms_id] = int(code)
        return codes

    @staticmethod
    def _state_of(code):
        try:
            code = int(code)
        except (TypeError, ValueError):
            return "server_error"
        return SMSRU_CODE_TO_STATE.get(code, "server_error")
