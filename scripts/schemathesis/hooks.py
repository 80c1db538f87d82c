"""Schemathesis hooks for ehr-api: who signs each generated request.

Loaded by run.sh through SCHEMATHESIS_HOOKS. Staff operations get a token of a demo staff user,
signed in through the API itself and signed in again when the API answers 401 (a fuzzed sign-out
ends the session). The shared record needs a doctor; everything else a member of staff may do, the
admin may. Kiosk operations get a session token from a card tap (kiosk-session.ts), when the run
was given the station's credentials.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
from typing import Any

import requests
import schemathesis

BASE_URL = os.environ["QN_SCHEMATHESIS_BASE_URL"].rstrip("/")
with open(os.environ["QN_SCHEMATHESIS_SECRETS"], encoding="utf-8") as secrets_file:
    PASSWORD = json.load(secrets_file)["staff"]["demoPassword"]
ADMIN = os.environ.get("QN_SCHEMATHESIS_ADMIN", "admin")
DOCTOR = os.environ.get("QN_SCHEMATHESIS_DOCTOR", "doctor.bvdk")
METRICS_TOKEN = os.environ.get("QN_METRICS_TOKEN", "")
KIOSK_HELPER = os.environ.get("QN_SCHEMATHESIS_KIOSK_HELPER", "")

RECEPTION = os.environ.get("QN_SCHEMATHESIS_RECEPTION", "reception.bvdk")

# Refreshed well inside the API's 15-minute token lifetime.
REFRESH_SECONDS = 300


@schemathesis.hook
def before_call(_ctx: Any, case: Any, **_kwargs: Any) -> None:
    # Schemathesis reuses values it has seen in responses, our usernames among them: five fuzzed
    # sign-ins with one would lock it out (as they should) and leave the run without a token.
    body = case.body
    if case.operation.path == "/api/auth/sign-in" and isinstance(body, dict):
        if isinstance(body.get("username"), str) and body["username"] in {ADMIN, DOCTOR, RECEPTION}:
            case.body = {**body, "username": f"fuzz-{body['username']}"}


def _schemes(operation: Any) -> set[str]:
    raw = operation.definition.raw
    return {name for requirement in raw.get("security", []) for name in requirement}


def _staff_user(operation: Any) -> str:
    # Only doctors open the shared record; the admin holds every other staff role's rights.
    return DOCTOR if "/record" in operation.path and operation.path.startswith("/api/patients") else ADMIN


def _wants_staff(operation: Any) -> bool:
    # Operations that name no scheme get a staff token too: some staff endpoints do not declare
    # theirs yet, and public ones ignore it.
    schemes = _schemes(operation)
    return "staffToken" in schemes or not schemes


@schemathesis.auth(
    refresh_interval=REFRESH_SECONDS,
    cache_by_key=lambda case, _ctx: _staff_user(case.operation),
).apply_to(lambda ctx: _wants_staff(ctx.operation))
class StaffToken:
    def get(self, case: Any, _ctx: Any) -> str:
        username = _staff_user(case.operation)
        response = requests.post(
            f"{BASE_URL}/api/auth/sign-in",
            json={"username": username, "password": PASSWORD},
            timeout=30,
        )
        if response.status_code != 200:
            raise RuntimeError(f"sign-in as {username} answered {response.status_code}: {response.text[:300]}")
        return str(response.json()["accessToken"])

    def set(self, case: Any, data: str, _ctx: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@schemathesis.auth(refresh_interval=None).apply_to(lambda ctx: "metricsToken" in _schemes(ctx.operation))
class MetricsToken:
    def get(self, _case: Any, _ctx: Any) -> str | None:
        return METRICS_TOKEN or None

    def set(self, case: Any, data: str, _ctx: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


class _KioskTapper:
    """One long-lived kiosk-session.ts process: each line written asks for a tap, each line read is a token."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen[str] | None = None

    def token(self) -> str:
        with self._lock:
            if self._process is None or self._process.poll() is not None:
                self._process = subprocess.Popen(
                    KIOSK_HELPER,
                    shell=True,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    text=True,
                )
            assert self._process.stdin and self._process.stdout
            self._process.stdin.write("tap\n")
            self._process.stdin.flush()
            line = self._process.stdout.readline()
            if not line:
                raise RuntimeError("kiosk-session.ts ended without a token: see its output above")
            answer = json.loads(line)
            if "token" not in answer:
                raise RuntimeError(f"kiosk tap refused: {answer}")
            return str(answer["token"])


_tapper = _KioskTapper()


@schemathesis.auth(refresh_interval=REFRESH_SECONDS).apply_to(
    lambda ctx: bool(KIOSK_HELPER) and _schemes(ctx.operation) == {"kioskSession"}
)
class KioskSession:
    def get(self, _case: Any, _ctx: Any) -> str:
        return _tapper.token()

    def set(self, case: Any, data: str, _ctx: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}
