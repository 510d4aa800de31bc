"""Shared test settings: hypothesis profile, and PostgreSQL (URL overridable by NCC_TEST_POSTGRES_URL; the
`pg_url` fixture, a fresh database per test, for every test directory), and one encoder cache per run."""

import os
import tempfile

from hypothesis import settings

from tests.postgres import POSTGRES_URL, pg_url

settings.register_profile("ci", max_examples=300, deadline=None)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

# One vector cache for the whole run (the bots started in subprocesses inherit it): the knowledge base is
# encoded once, not once per test.
os.environ.setdefault("NCC_BOT_ENCODER_CACHE", tempfile.mkdtemp(prefix="ncc-bot-encoder-"))

__all__ = ["POSTGRES_URL", "pg_url"]
