"""A throwaway Synapse on 127.0.0.1 (the PyPI `matrix-synapse` package): for the demo, the tests and the benches.

SQLite, a free port, a temp dir, shared-secret registration; rate limits relaxed unless asked for.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

RELAXED = {"per_second": 10_000, "burst_count": 100_000}
RATE_LIMIT_KEYS = (
    "rc_message",
    "rc_registration",
    "rc_admin_redaction",
    "rc_3pid_validation",
    "rc_presence",
    "rc_delayed_event_mgmt",
    "rc_room_creation",
    "rc_reports",
    "rc_media_create",
    "rc_joins_per_room",
)


@dataclass(frozen=True)
class Account:
    user_id: str
    password: str
    access_token: str
    device_id: str


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Synapse:
    """Start with `start()` (or as a context manager); `stop()` kills it and its process group."""

    def __init__(
        self,
        *,
        rate_limits: bool = False,
        workdir: Path | None = None,
        port: int | None = None,
        overrides: dict[str, Any] | None = None,
    ) -> None:
        self.own_dir = workdir is None
        self.dir = Path(workdir or tempfile.mkdtemp(prefix="ncc-synapse-"))
        self.dir.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.server_name = "localhost"
        self.secret = hashlib.sha256(os.urandom(16)).hexdigest()
        self.rate_limits = rate_limits
        self.overrides = overrides or {}
        self.process: subprocess.Popen[bytes] | None = None
        self._write_config()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _write_config(self) -> None:
        config: dict[str, Any] = {
            "server_name": self.server_name,
            "report_stats": False,
            "pid_file": str(self.dir / "homeserver.pid"),
            "database": {"name": "sqlite3", "args": {"database": str(self.dir / "homeserver.db")}},
            "listeners": [
                {
                    "port": self.port,
                    "bind_addresses": ["127.0.0.1"],
                    "type": "http",
                    "tls": False,
                    "x_forwarded": False,
                    "resources": [{"names": ["client"], "compress": False}],
                }
            ],
            "registration_shared_secret": self.secret,
            "enable_registration": False,
            "bcrypt_rounds": 4,
            "signing_key_path": str(self.dir / "signing.key"),
            "media_store_path": str(self.dir / "media"),
            "log_config": str(self.dir / "log.yaml"),
            "trusted_key_servers": [],
            "suppress_key_server_warning": True,
            "url_preview_enabled": False,
            "presence": {"enabled": False},
            "macaroon_secret_key": self.secret,
            "form_secret": self.secret,
        }
        if not self.rate_limits:
            for key in RATE_LIMIT_KEYS:
                config[key] = RELAXED
            config["rc_login"] = {"address": RELAXED, "account": RELAXED, "failed_attempts": RELAXED}
            config["rc_joins"] = {"local": RELAXED, "remote": RELAXED}
            config["rc_invites"] = {"per_room": RELAXED, "per_user": RELAXED, "per_issuer": RELAXED}
        config.update(self.overrides)
        log_config = {
            "version": 1,
            "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
            "handlers": {
                "file": {
                    "class": "logging.FileHandler",
                    "formatter": "plain",
                    "filename": str(self.dir / "homeserver.log"),
                }
            },
            "root": {"level": "WARNING", "handlers": ["file"]},
            "disable_existing_loggers": False,
        }
        (self.dir / "homeserver.yaml").write_text(yaml.safe_dump(config))
        (self.dir / "log.yaml").write_text(yaml.safe_dump(log_config))

    def start(self, timeout: float = 60.0) -> Synapse:
        command = [sys.executable, "-m", "synapse.app.homeserver", "-c", str(self.dir / "homeserver.yaml")]
        if not (self.dir / "signing.key").exists():
            subprocess.run([*command, "--generate-keys"], check=True, capture_output=True, cwd=self.dir)
        self.process = subprocess.Popen(
            command,
            cwd=self.dir,
            stdout=subprocess.DEVNULL,
            stderr=open(self.dir / "stderr.log", "ab"),
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Synapse exited with {self.process.returncode}; see {self.dir}/stderr.log")
            try:
                with urllib.request.urlopen(f"{self.url}/_matrix/client/versions", timeout=1):
                    return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"Synapse did not start within {timeout:.0f} s; see {self.dir}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        except ProcessLookupError:
            pass

    def cleanup(self) -> None:
        self.stop()
        if self.own_dir:
            shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> Synapse:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.cleanup()

    # ----------------------------------------------------------------------------------------- accounts
    def _request(self, method: str, path: str, body: dict[str, Any] | None = None, token: str | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            raise RuntimeError(f"{method} {path}: HTTP {exc.code} {exc.read().decode(errors='replace')}") from None

    def notifications(self, token: str) -> list[dict[str, Any]]:
        """The user's notifications (what their push rules said should notify), newest first."""
        return list(self._request("GET", "/_matrix/client/v3/notifications?limit=50", token=token)["notifications"])

    def register(self, localpart: str, password: str | None = None, *, admin: bool = False) -> Account:
        """Create a user through shared-secret registration (no open registration needed)."""
        password = password or hashlib.sha256(os.urandom(16)).hexdigest()[:20]
        nonce = self._request("GET", "/_synapse/admin/v1/register")["nonce"]
        mac = hmac.new(self.secret.encode(), digestmod=hashlib.sha1)
        mac.update(b"\x00".join(p.encode() for p in (nonce, localpart, password, "admin" if admin else "notadmin")))
        digest = mac.hexdigest()
        reply = self._request(
            "POST",
            "/_synapse/admin/v1/register",
            {
                "nonce": nonce,
                "username": localpart,
                "password": password,
                "admin": admin,
                "mac": digest,
            },
        )
        return Account(reply["user_id"], password, reply["access_token"], reply["device_id"])

    def create_room(
        self,
        token: str,
        *,
        name: str,
        invite: list[str] = (),
        preset: str = "private_chat",  # type: ignore[assignment]
        power_levels: dict[str, int] | None = None,
        is_direct: bool = False,
        encrypted: bool = False,
    ) -> str:
        body: dict[str, Any] = {
            "name": name,
            "preset": preset,
            "invite": list(invite),
            "is_direct": is_direct,
        }
        if power_levels:
            body["power_level_content_override"] = {"users": power_levels}
        if encrypted:
            body["initial_state"] = [
                {"type": "m.room.encryption", "state_key": "", "content": {"algorithm": "m.megolm.v1.aes-sha2"}}
            ]
        return self._request("POST", "/_matrix/client/v3/createRoom", body, token)["room_id"]

    def unthrottle(self, admin_token: str, user_id: str) -> None:
        """Lift the message rate limit for one user (admin API), e.g. the test's members, not the bot."""
        path = f"/_synapse/admin/v1/users/{urllib.request.quote(user_id)}/override_ratelimit"
        self._request("POST", path, {"messages_per_second": 0, "burst_count": 0}, admin_token)

    def membership(self, token: str, room_id: str, user_id: str) -> str | None:
        """A user's membership in a room as seen by the holder of `token` (None if never a member)."""
        quote = urllib.request.quote
        path = f"/_matrix/client/v3/rooms/{quote(room_id)}/state/m.room.member/{quote(user_id)}"
        try:
            return self._request("GET", path, None, token).get("membership")
        except RuntimeError as exc:
            if "HTTP 404" in str(exc):
                return None
            raise

    def login(self, account: Account, device_name: str) -> Account:
        """A second session (a new device) of `account`, as another client of the same person would have."""
        body = {
            "type": "m.login.password",
            "identifier": {"type": "m.id.user", "user": account.user_id},
            "password": account.password,
            "initial_device_display_name": device_name,
        }
        answer = self._request("POST", "/_matrix/client/v3/login", body)
        return Account(account.user_id, account.password, answer["access_token"], answer["device_id"])

    def join(self, token: str, room_id: str) -> None:
        self._request("POST", f"/_matrix/client/v3/join/{urllib.request.quote(room_id)}", {}, token)
