"""Reading a YAML file someone wrote by hand (config, knowledge base, categories): every way it can be wrong is
a ConfigError naming the file and the place, never a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.errors import ConfigError

MAX_BYTES = 10 * 1024 * 1024


def read_yaml(path: Path, loader: type[Any] = yaml.SafeLoader) -> Any:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the file ({exc.strerror})") from None
    if len(data) > MAX_BYTES:
        raise ConfigError(f"{path}: the file is too large ({len(data):,} bytes; at most {MAX_BYTES:,})")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError(
            f"{path}: not UTF-8 text (a byte that is not UTF-8 on line {line}); save it as UTF-8"
        ) from None
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ConfigError(f"{path}: not valid YAML{where}: {problem}") from None
    except RecursionError:
        raise ConfigError(f"{path}: nested too deeply to be a settings file") from None
    except ValueError as exc:  # e.g. a number with more digits than Python converts
        raise ConfigError(f"{path}: a value cannot be read ({str(exc).split(';')[0]})") from None
