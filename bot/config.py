"""Settings: the core's validated pydantic model; secrets come from the environment or a file, never config.yaml.

Features contribute their own config section (a pydantic model declared on their Feature); the full model is
assembled at load time (bot/config_file.py), so a typo in any section is an error naming the key, not a silently
ignored default.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    SecretStr,
    ValidationInfo,
    field_validator,
    model_validator,
)

LANGUAGES = ("en", "fr", "de", "es", "it", "pl", "pt")
Language = Literal["en", "fr", "de", "es", "it", "pl", "pt"]
USER_ID_RE = re.compile(r"^@[^:\s]+:[^\s]+$")
# A room id ('!opaque:server', or from room version 12 on '!opaque' with no server part) or an alias ('#name:server').
ROOM_ID_RE = re.compile(r"^(![^:\s]+(:[^\s]+)?|#[^:\s]+:[^\s]+)$")


def check_timezone(name: str) -> str:
    try:
        if len(name) > 64:
            raise ValueError(name)
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"unknown time zone {name!r} (use an IANA name such as 'Europe/Brussels')") from None
    return name


def resolve_path(value: Path | None, info: ValidationInfo) -> Path | None:
    """Relative paths in a feature's section are relative to the config file (its `base` context)."""
    if value is None or value.is_absolute():
        return value
    base = (info.context or {}).get("base")
    return Path(base) / value if base else value


ConfigPath = Annotated[Path, AfterValidator(resolve_path)]


def check_user_id(value: str) -> str:
    if not USER_ID_RE.match(value):
        raise ValueError(f"{value!r} is not a Matrix user id (expected '@name:server')")
    return value


UserId = Annotated[str, AfterValidator(check_user_id)]


def check_room_id(value: str) -> str:
    if not ROOM_ID_RE.match(value):
        raise ValueError(f"{value!r} is not a room id or alias (expected '!id:server', '!id' or '#alias:server')")
    return value


RoomId = Annotated[str, AfterValidator(check_room_id)]


def check_room_id_only(value: str) -> str:
    """A room id, never an alias: an alias can be pointed at another room by whoever controls it."""
    if not value.startswith("!"):
        raise ValueError(f"{value!r} must be a room id ('!id:server'), not an alias: authority must not move")
    return check_room_id(value)


RoomIdOnly = Annotated[str, AfterValidator(check_room_id_only)]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RoomConfig(StrictModel):
    """Per-room overrides of the core's defaults; a room not listed uses the top-level ones.
    Features keep their own per-room options in their own section."""

    id: str
    timezone: str | None = None
    language: Language | None = None

    @field_validator("id")
    @classmethod
    def _room_id(cls, value: str) -> str:
        return check_room_id(value)

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str | None) -> str | None:
        return None if value is None else check_timezone(value)


class AutoJoinConfig(StrictModel):
    """Whose invites the bot accepts; all others are rejected."""

    from_coordinators: bool = True
    from_own_server: bool = True
    users: list[UserId] = Field(default_factory=list)
    servers: list[str] = Field(default_factory=list)
    max_rooms: int = Field(500, ge=1)  # joined rooms at most; further invites are declined (and logged)


class SyncConfig(StrictModel):
    """Long-poll and reconnect timing. Capped backoff: answer within seconds once the server is back."""

    timeout_ms: int = Field(30_000, ge=0, le=120_000)
    retry_initial_delay: float = Field(0.5, gt=0, le=60)
    retry_max_delay: float = Field(5.0, gt=0, le=300)
    ledger_retention_days: int = Field(30, ge=1)


class LimitsConfig(StrictModel):
    """What one person may ask of the bot, so nobody can slow it down for everyone else."""

    messages_per_minute: float = Field(20.0, gt=0)  # refill rate of each sender's bucket
    burst: int = Field(10, ge=1)  # how many may come at once
    moderator_factor: float = Field(4.0, ge=1)  # moderators and coordinators get this many times more
    max_command_chars: int = Field(4_000, ge=100, le=60_000)  # a longer message is not read as a command


class EncryptionConfig(StrictModel):
    """End-to-end encryption: on by default; whose devices get the room keys."""

    enabled: bool = True
    trust: Literal["tofu", "allowlist"] = "tofu"  # tofu: every member's devices, trusted on first use
    allowed_users: list[UserId] = Field(default_factory=list)  # allowlist: only these users' devices
    decrypt_grace_seconds: float = Field(60.0, ge=0, le=3600)  # wait this long for a late room key


class MetricsConfig(StrictModel):
    """`/healthz` and `/metrics` over HTTP: off unless `listen` is set (keep it on a private address)."""

    listen: str | None = None  # "127.0.0.1:9109", "[::1]:9109", "0.0.0.0:9109" in a container
    stale_sync_seconds: float = Field(90.0, ge=5, le=3600)  # no completed sync for this long: unhealthy

    @field_validator("listen")
    @classmethod
    def _listen(cls, value: str | None) -> str | None:
        if value is not None:
            listen_address(value)
        return value

    @property
    def address(self) -> tuple[str, int] | None:
        return None if self.listen is None else listen_address(self.listen)


def listen_address(value: str) -> tuple[str, int]:
    host, sep, port = value.rpartition(":")
    host = host.removeprefix("[").removesuffix("]")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"{value!r} is not a listen address (expected 'host:port', e.g. '127.0.0.1:9109')")
    return host, int(port)


class InstanceConfig(StrictModel):
    """One active instance per database: a standby polls for the lock this often (its takeover time is about
    this plus a start-up), and the active one checks it still holds it as often."""

    poll_seconds: float = Field(5.0, ge=0.2, le=60)


class CoreSettings(StrictModel):
    homeserver: str = "http://127.0.0.1:8008"
    user_id: str = "@ncc-bot:localhost"
    device_name: str = "ncc-bot"
    data_dir: Path = Path("data")
    database_url: SecretStr | None = None
    store_path: Path | None = None
    password_file: Path | None = None
    access_token_file: Path | None = None
    pickle_key_file: Path | None = None
    password: SecretStr | None = None
    access_token: SecretStr | None = None
    pickle_key: SecretStr | None = None  # encrypts the crypto store (NCC_BOT_PICKLE_KEY)
    command_prefix: str = Field("!", min_length=1, max_length=3)
    timezone: str = "Europe/Brussels"
    language: Language = "en"
    coordinators: list[UserId] = Field(default_factory=list)
    coordinator_power_level: int = Field(50, ge=0, le=100)
    edit_window_minutes: float = Field(10.0, ge=0, le=24 * 60)  # an edited command within this runs again; 0: never
    coordinator_rooms: list[RoomIdOnly] = Field(default_factory=list)  # power here makes a network coordinator
    auto_join: AutoJoinConfig = AutoJoinConfig()
    rooms: list[RoomConfig] = Field(default_factory=list)
    handlers: list[str] | None = None
    sync: SyncConfig = SyncConfig()
    limits: LimitsConfig = LimitsConfig()
    encryption: EncryptionConfig = EncryptionConfig()
    metrics: MetricsConfig = MetricsConfig()
    instance: InstanceConfig = InstanceConfig()
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"

    @field_validator("homeserver")
    @classmethod
    def _homeserver(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"{value!r} is not a homeserver URL (expected e.g. 'https://matrix.example.org')")
        try:
            parts.port  # noqa: B018 - raises on a bad port
        except ValueError:
            raise ValueError(f"{value!r} has an invalid port") from None
        return value.rstrip("/")

    @field_validator("user_id")
    @classmethod
    def _user_id(cls, value: str) -> str:
        return check_user_id(value)

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str) -> str:
        return check_timezone(value)

    @model_validator(mode="after")
    def _healthy_window(self) -> CoreSettings:
        if self.metrics.stale_sync_seconds <= self.sync.timeout_ms / 1000 + 5:
            raise ValueError(
                f"metrics.stale_sync_seconds ({self.metrics.stale_sync_seconds:g}) must exceed the sync long-poll "
                f"(sync.timeout_ms = {self.sync.timeout_ms}) by more than 5 s, or a quiet bot would look unhealthy"
            )
        return self

    # Derived values: what the rest of the bot uses, so no caller re-implements the defaults.
    @property
    def server_name(self) -> str:
        return self.user_id.split(":", 1)[1]

    @property
    def db_url(self) -> str:
        if self.database_url is None:
            return f"sqlite+aiosqlite:///{self.data_dir / 'ncc-bot.db'}"
        return normalise_db_url(self.database_url.get_secret_value())

    @property
    def crypto_store_path(self) -> Path:
        return self.store_path or self.data_dir / "store"

    _moved: dict[str, str] = PrivateAttr(default_factory=dict)  # upgraded room -> the room it replaced

    def room_moved(self, old_room_id: str, new_room_id: str) -> None:
        """After a room upgrade, the new room has the settings configured for the old one (bot/upgrades.py)."""
        self._moved[new_room_id] = old_room_id

    def config_room_id(self, room_id: str) -> str:
        """The id the configuration knows this room by: itself, or the room it replaced (and so on)."""
        for _ in range(len(self._moved)):  # a chain of upgrades, never a loop
            if room_id not in self._moved or any(r.id == room_id for r in self.rooms):
                break
            room_id = self._moved[room_id]
        return room_id

    def current_room_id(self, configured: str) -> str:
        """The room standing for a configured one now (config_room_id reversed): settings follow upgrades."""
        successors, room_id = {old: new for new, old in self._moved.items()}, configured
        for _ in range(len(successors)):  # a chain of upgrades, never a loop
            room_id = successors.get(room_id, room_id)
        return room_id

    def room(self, room_id: str) -> RoomConfig | None:
        configured = self.config_room_id(room_id)
        return next((r for r in self.rooms if r.id == configured), None)

    def room_timezone(self, room_id: str) -> ZoneInfo:
        room = self.room(room_id)
        return ZoneInfo(room.timezone if room and room.timezone else self.timezone)

    def room_language(self, room_id: str) -> str:
        room = self.room(room_id)
        return room.language if room and room.language else self.language


def normalise_db_url(url: str) -> str:
    """Accept the usual spellings and pick the async driver (the bot never blocks its loop on I/O)."""
    for prefix in ("postgres://", "postgresql://", "postgresql+psycopg2://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    if url.startswith("sqlite://"):
        return "sqlite+aiosqlite://" + url[len("sqlite://") :]
    return url


def sync_db_url(async_url: str) -> str:
    """The same database through a blocking driver (Alembic CLI, APScheduler's job store in a thread)."""
    return async_url.replace("+aiosqlite", "").replace("+asyncpg", "+psycopg2")
