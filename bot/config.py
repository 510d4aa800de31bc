"""Settings: one validated pydantic model; secrets come from the environment or a file, never config.yaml.

Features contribute their own config section (a pydantic model declared on their Feature); the full model is
assembled at load time, so a typo in any section is an error naming the key, not a silently ignored default.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    create_model,
    field_validator,
)
from rapidfuzz import process

from bot.errors import ConfigError

LANGUAGES = ("en", "fr", "de", "es", "it", "pl", "pt")
Language = Literal["en", "fr", "de", "es", "it", "pl", "pt"]
USER_ID_RE = re.compile(r"^@[^:\s]+:[^\s]+$")
ROOM_ID_RE = re.compile(r"^[!#][^:\s]+:[^\s]+$")


def check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
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
        raise ValueError(f"{value!r} is not a room id or alias (expected '!id:server' or '#alias:server')")
    return value


RoomId = Annotated[str, AfterValidator(check_room_id)]


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


class SyncConfig(StrictModel):
    """Long-poll and reconnect timing. Capped backoff: answer within seconds once the server is back."""

    timeout_ms: int = Field(30_000, ge=0, le=120_000)
    retry_initial_delay: float = Field(0.5, gt=0, le=60)
    retry_max_delay: float = Field(5.0, gt=0, le=300)
    ledger_retention_days: int = Field(30, ge=1)


class EncryptionConfig(StrictModel):
    """End-to-end encryption: on by default; whose devices get the room keys."""

    enabled: bool = True
    trust: Literal["tofu", "allowlist"] = "tofu"  # tofu: every member's devices, trusted on first use
    allowed_users: list[UserId] = Field(default_factory=list)  # allowlist: only these users' devices
    decrypt_grace_seconds: float = Field(60.0, ge=0, le=3600)  # wait this long for a late room key


class CoreSettings(StrictModel):
    homeserver: str = "http://127.0.0.1:8008"
    user_id: str = "@ncc-bot:localhost"
    device_name: str = "ncc-bot"
    data_dir: Path = Path("data")
    database_url: SecretStr | None = None
    store_path: Path | None = None
    password_file: Path | None = None
    access_token_file: Path | None = None
    password: SecretStr | None = None
    access_token: SecretStr | None = None
    command_prefix: str = Field("!", min_length=1, max_length=3)
    timezone: str = "Europe/Brussels"
    language: Language = "en"
    coordinators: list[UserId] = Field(default_factory=list)
    coordinator_power_level: int = Field(50, ge=0, le=100)
    auto_join: AutoJoinConfig = AutoJoinConfig()
    rooms: list[RoomConfig] = Field(default_factory=list)
    handlers: list[str] | None = None
    sync: SyncConfig = SyncConfig()
    encryption: EncryptionConfig = EncryptionConfig()
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

    def room(self, room_id: str) -> RoomConfig | None:
        return next((r for r in self.rooms if r.id == room_id), None)

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


# Environment variables that override config.yaml (the Docker image and CI use these).
ENV_OVERRIDES: dict[str, tuple[str, Any]] = {
    "NCC_BOT_HOMESERVER": ("homeserver", str),
    "NCC_BOT_USER_ID": ("user_id", str),
    "NCC_BOT_DEVICE_NAME": ("device_name", str),
    "NCC_BOT_DATABASE_URL": ("database_url", str),
    "NCC_BOT_DATA_DIR": ("data_dir", str),
    "NCC_BOT_STORE_PATH": ("store_path", str),
    "NCC_BOT_COORDINATORS": ("coordinators", lambda v: [s.strip() for s in v.split(",") if s.strip()]),
    "NCC_BOT_TIMEZONE": ("timezone", str),
    "NCC_BOT_LANGUAGE": ("language", str),
    "NCC_BOT_COMMAND_PREFIX": ("command_prefix", str),
    "NCC_BOT_LOG_LEVEL": ("log_level", str.upper),
    "NCC_BOT_LOG_FORMAT": ("log_format", str),
    "NCC_BOT_PASSWORD": ("password", str),
    "NCC_BOT_ACCESS_TOKEN": ("access_token", str),
}
SECRET_KEYS = ("password", "access_token")


def build_settings_model(sections: Mapping[str, type[BaseModel]]) -> type[CoreSettings]:
    """CoreSettings plus one optional section per feature, each validated by that feature's model."""
    fields: dict[str, Any] = {name: (model, model()) for name, model in sections.items()}
    return create_model("Settings", __base__=CoreSettings, **fields)


def load_settings(
    path: Path | None,
    sections: Mapping[str, type[BaseModel]] | None = None,
    environ: Mapping[str, str] | None = None,
) -> CoreSettings:
    """Read config.yaml (if any), apply NCC_BOT_* overrides and validate. Raises ConfigError naming each problem."""
    environ = os.environ if environ is None else environ
    raw = _read_yaml(path) if path is not None else {}
    for key in SECRET_KEYS:
        if key in raw:
            raise ConfigError(
                f"{path}: {key}: secrets must not be in the config file; set NCC_BOT_{key.upper()} "
                f"or {key}_file (a path outside the repository)"
            )
    base = (path.parent if path is not None else Path.cwd()).resolve()
    for key in ("data_dir", "store_path", "password_file", "access_token_file"):
        if isinstance(raw.get(key), str) and not Path(raw[key]).is_absolute():
            raw[key] = str(base / raw[key])
    origin: dict[str, str] = {}
    for var, (key, convert) in ENV_OVERRIDES.items():
        if environ.get(var):
            raw[key] = convert(environ[var])
            origin[key] = var
    model = build_settings_model(sections or {})
    try:
        settings = model.model_validate(raw, context={"base": base})
    except ValidationError as exc:
        where = f"{path}: " if path is not None else ""
        lines = [format_error(err, model, origin) for err in exc.errors()]
        raise ConfigError(where + "invalid configuration\n  " + "\n  ".join(lines)) from None
    return _read_secret_files(settings)


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc.strerror})") from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ConfigError(f"{path}: not valid YAML{where}: {problem}") from None
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: the top level must be a mapping of settings, not {type(raw).__name__}")
    return raw


def _read_secret_files(settings: CoreSettings) -> CoreSettings:
    updates: dict[str, SecretStr] = {}
    for key in SECRET_KEYS:
        file = getattr(settings, f"{key}_file")
        if getattr(settings, key) is None and file is not None:
            try:
                updates[key] = SecretStr(Path(file).read_text(encoding="utf-8").strip())
            except OSError as exc:
                raise ConfigError(f"{key}_file: cannot read {file} ({exc.strerror})") from None
    return settings.model_copy(update=updates) if updates else settings


def format_error(err: Mapping[str, Any], model: type[BaseModel], origin: Mapping[str, str]) -> str:
    """One line per problem: `rooms[0].timezone: unknown time zone 'Europe/Brusels'`."""
    loc = err["loc"]
    path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
    if loc and loc[0] in origin:
        path += f" (from {origin[loc[0]]})"
    if err["type"] == "extra_forbidden":
        suggestion = _closest_field(model, loc)
        hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
        return f"{path}: unknown setting{hint}"
    message = err["msg"].removeprefix("Value error, ")
    if err["type"] in ("literal_error", "enum"):
        message = f"{message}, got {err.get('input')!r}"
    return f"{path}: {message}"


def _closest_field(model: type[BaseModel], loc: tuple[Any, ...]) -> str | None:
    """Walk the model along loc to the mapping that holds the unknown key, and fuzzy-match its fields."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return None
        annotation = field.annotation
        args = getattr(annotation, "__args__", ())
        current = next((a for a in (annotation, *args) if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if current is None:
            return None
    names = list(getattr(current, "model_fields", {}))
    match = process.extractOne(str(loc[-1]), names, score_cutoff=60)
    return match[0] if match else None
