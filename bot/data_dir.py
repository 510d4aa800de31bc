"""The data dir holds the device's keys and the database: the dir is 0700 and every file in it 0600, and the
crypto store is encrypted with a pickle key of its own (from NCC_BOT_PICKLE_KEY / `pickle_key_file`, else one
generated on first start into the data dir), never nio's default "DEFAULT_KEY", and never logged.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from bot.config import CoreSettings

log = logging.getLogger(__name__)
PICKLE_KEY_FILE = "crypto-store.key"
NIO_DEFAULT_KEY = "DEFAULT_KEY"


def secure_data_dir(settings: CoreSettings) -> None:
    """Create the data and store dirs 0700 and tighten what is already in them to 0600 (older versions left
    0644 files in 0755 dirs)."""
    for folder in {settings.data_dir, settings.crypto_store_path}:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.chmod(0o700)
        for path in folder.iterdir():
            if path.is_file() and not path.is_symlink():
                path.chmod(0o600)


def write_private(path: Path, text: str) -> None:
    """Write a file only its owner can read, atomically."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    tmp.replace(path)


def pickle_key(settings: CoreSettings) -> str:
    if settings.pickle_key is not None:
        return settings.pickle_key.get_secret_value()
    key_file = settings.data_dir / PICKLE_KEY_FILE
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    store = settings.crypto_store_path
    if store.exists() and any(store.glob("*.db")):
        log.warning(
            "the crypto store was created with nio's default pickle key; it stays readable with it. For a key of "
            "its own, start a new device (see README, 'Secrets at rest')",
            extra={"store_path": str(store)},
        )
        return NIO_DEFAULT_KEY
    key = secrets.token_urlsafe(32)
    settings.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    write_private(key_file, key + "\n")
    log.info("generated the crypto store's pickle key", extra={"key_file": str(key_file)})
    return key
