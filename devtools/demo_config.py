"""The demo's configuration: the given config.yaml, with the coordinators' dashboard switched on."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import yaml


def with_dashboard(config_path: Path | None, workdir: Path) -> Path | None:
    """The demo's config: the given one, with the dashboard on (a free local port) unless it says otherwise."""
    data = yaml.safe_load(config_path.read_text()) if config_path and config_path.exists() else {}
    data = data if isinstance(data, dict) else {}
    if (data.get("dashboard") or {}).get("listen"):
        return config_path
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    data["dashboard"] = {**(data.get("dashboard") or {}), "listen": f"127.0.0.1:{port}"}
    path = workdir / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return path


def dashboard_url(settings: Any) -> str | None:
    dashboard = getattr(settings, "dashboard", None)
    return dashboard.base_url() if dashboard is not None and dashboard.enabled else None
