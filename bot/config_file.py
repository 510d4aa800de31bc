"""Reading the configuration: config.yaml, then NCC_BOT_* environment overrides, then secret files, all validated
by one model (the core's settings plus every feature's section). Each problem becomes one line naming the key.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, SecretStr, ValidationError, create_model
from rapidfuzz import process

from bot.config import CoreSettings
from bot.errors import ConfigError
from bot.yaml_files import read_yaml

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
    "NCC_BOT_METRICS_LISTEN": ("metrics.listen", str),
    "NCC_BOT_PASSWORD": ("password", str),
    "NCC_BOT_ACCESS_TOKEN": ("access_token", str),
    "NCC_BOT_PICKLE_KEY": ("pickle_key", str),
}
SECRET_KEYS = ("password", "access_token", "pickle_key")


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
    for key in ("data_dir", "store_path", "password_file", "access_token_file", "pickle_key_file"):
        if isinstance(raw.get(key), str) and not Path(raw[key]).is_absolute():
            raw[key] = str(base / raw[key])
    origin: dict[str, str] = {}
    for var, (key, convert) in ENV_OVERRIDES.items():
        if environ.get(var):
            section, _, leaf = key.rpartition(".")  # "metrics.listen" sets `listen` in `metrics:`
            target = raw.setdefault(section, {}) if section else raw
            if not isinstance(target, dict):
                raise ConfigError(f"{path}: {section}: expected a mapping of settings")
            target[leaf] = convert(environ[var])
            origin[section or key] = var
    model = build_settings_model(sections or {})
    try:
        settings = model.model_validate(raw, context={"base": base})
    except ValidationError as exc:
        where = f"{path}: " if path is not None else ""
        lines = [format_error(err, model, origin) for err in exc.errors()]
        raise ConfigError(where + "invalid configuration\n  " + "\n  ".join(lines)) from None
    return _read_secret_files(settings)


def _read_yaml(path: Path) -> dict[str, Any]:
    raw = read_yaml(path)
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
