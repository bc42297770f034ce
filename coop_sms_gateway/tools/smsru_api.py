"""SMS.ru's HTTP API behind the interface of Odoo's ``SmsApi._send_sms_batch``.

``POST <url>`` (``https://sms.ru/sms/send``) with the form fields ``api_id`` (the key), ``to``
(up to 100 numbers, comma separated, digits only), ``msg``, ``json=1`` and optionally ``from``
(an approved sender name) and ``test=1`` (checked and billed as zero, not delivered). The answer:
``{"status": "OK", "status_code": 100, "sms": {"79161234567": {"status": "OK",
"status_code": 100, "sms_id": "..."}, ...}, "balance": 4.2}``, or ``{"status": "ERROR",
"status_code": 201, "status_text": "..."}`` for the whole request.
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

    def _send_sms_batch(self, messages, delivery_reports_url=False, raise_exception=False):
        """Same contract as ``SmsApi._send_sms_batch``: ``messages`` is a list of
        ``{'content': str, 'numbers': [{'uuid': str, 'number': str}]}``; return a list of
        ``{'uuid': str, 'state': str}``, one per uuid. Transport errors give ``server_error``
        for the numbers of the failed request only (re-raised when ``raise_exception``)."""
        results = []
        for message in messages:
            uuids_by_number = {}
            for entry in message["numbers"]:
                digits = re.sub(r"\D", "", entry["number"] or "")
                uuids_by_number.setdefault(digits, []).append(entry["uuid"])
            no_number = uuids_by_number.pop("", [])
            results += [{"uuid": uuid, "state": "wrong_number_format"} for uuid in no_number]
            for numbers in split_every(self.BATCH_SIZE, list(uuids_by_number)):
                states = self._send_request(message["content"], numbers, raise_exception)
                results += [
                    {"uuid": uuid, "state": states[number]}
                    for number in numbers
                    for uuid in uuids_by_number[number]
                ]
        return results

    def _send_request(self, content, numbers, raise_exception=False):
        """One request to the gateway; return {number: IAP state}."""
        if not (self.url and self.key):
            _logger.warning(
                "SMS gateway of company %s has no URL or key: %s SMS not sent",
                self.company.id,
                len(numbers),
            )
            return dict.fromkeys(numbers, "unregistered")
        data = {"api_id": self.key, "to": ",".join(numbers), "msg": content, "json": 1}
        if self.sender:
            data["from"] = self.sender
        if self.test:
            data["test"] = 1
        try:
            response = requests.post(
                self.url, data=data, timeout=self.TIMEOUT, allow_redirects=False
            )
            response.raise_for_status()
            answer = response.json()
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
            return dict.fromkeys(numbers, "server_error")
        return self._states_from_answer(answer, numbers)

    def _states_from_answer(self, answer, numbers):
        if not isinstance(answer, dict) or answer.get("status") != "OK":
            code = answer.get("status_code") if isinstance(answer, dict) else None
            _logger.info("SMS gateway of company %s refused the request: %s", self.company.id, code)
            return dict.fromkeys(numbers, self._state_of(code))
        per_number = answer.get("sms") or {}
        states = {}
        for number in numbers:
            number_answer = per_number.get(number)
            code = number_answer.get("status_code") if isinstance(number_answer, dict) else None
            states[number] = self._state_of(code)
        _logger.info(
            "SMS gateway of company %s: %s of %s SMS accepted",
            self.company.id,
            sum(state == "success" for state in states.values()),
            len(numbers),
        )
        return states

    @staticmethod
    def _state_of(code):
        try:
            code = int(code)
        except (TypeError, ValueError):
            return "server_error"
        return SMSRU_CODE_TO_STATE.get(code, "server_error")
