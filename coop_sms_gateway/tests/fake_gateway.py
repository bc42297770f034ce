"""A local fake of SMS.ru's sms/send and sms/status: an HTTP server on 127.0.0.1 in a thread,
no network.

It records each request's form and answers sms/send as the test's scenario says: a function of
the form returning (HTTP status, JSON answer), or None to hold the request until the client
gives up. sms/status answers from ``statuses`` ({sms_id: SMS.ru status code}), -1 (unknown
message) for the others.
"""

import itertools
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

_SMS_IDS = itertools.count(1)


def accept_all(form):
    """SMS.ru accepting every number of the request (each SMS with an id of its own)."""
    numbers = form["to"].split(",")
    return 200, {
        "status": "OK",
        "status_code": 100,
        "sms": {
            number: {"status": "OK", "status_code": 100, "sms_id": f"202612-{next(_SMS_IDS)}"}
            for number in numbers
        },
        "balance": 100.5,
    }


def refuse_numbers(codes):
    """SMS.ru accepting the request but refusing some numbers: {number: status_code}."""

    def scenario(form):
        status, answer = accept_all(form)
        for number, code in codes.items():
            if number in answer["sms"]:
                answer["sms"][number] = {
                    "status": "ERROR",
                    "status_code": code,
                    "status_text": "refused",
                }
        return status, answer

    return scenario


def refuse_request(code):
    """SMS.ru refusing the whole request (201: not enough money on the account)."""
    return lambda form: (200, {"status": "ERROR", "status_code": code, "status_text": "no"})


def http_error(status):
    return lambda form: (status, {"error": "internal"})


def hang(form):
    return None


class FakeSmsRu:
    def __init__(self):
        self.requests = []
        self.scenario = accept_all
        self.statuses = {}
        self.release = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode()
                form = {key: values[0] for key, values in parse_qs(body).items()}
                record = {"path": self.path, "form": form}
                fake.requests.append(record)
                scenario = fake.status if self.path == "/sms/status" else fake.scenario
                answer = scenario(form)
                if answer is None:
                    fake.release.wait(30)  # longer than the client's timeout
                    return
                status, payload = answer
                if isinstance(payload, dict) and isinstance(payload.get("sms"), dict):
                    record["answer"] = payload["sms"]
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):  # quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/sms/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def reset(self, scenario=accept_all):
        self.requests.clear()
        self.scenario = scenario
        self.statuses = {}

    def status(self, form):
        unknown = {"status": "ERROR", "status_code": -1, "status_text": "not found"}
        return 200, {
            "status": "OK",
            "status_code": 100,
            "sms": {
                sms_id: {"status": "OK", "status_code": self.statuses[sms_id]}
                if sms_id in self.statuses
                else unknown
                for sms_id in form["sms_id"].split(",")
            },
            "balance": 100.5,
        }

    def sent_ids(self):
        """{number (digits): SMS.ru id} of every SMS accepted so far."""
        return {
            number: answer["sms_id"]
            for request in self.requests
            for number, answer in request.get("answer", {}).items()
            if answer.get("sms_id")
        }
