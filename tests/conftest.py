"""Shared test settings: hypothesis profile, and PostgreSQL (URL overridable by NCC_TEST_POSTGRES_URL; the
`pg_url` fixture, a fresh database per test, for every test directory)."""

import os

from hypothesis import settings

from tests.postgres import POSTGRES_URL, pg_url

settings.register_profile("ci", max_examples=300, deadline=None)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

__all__ = ["POSTGRES_URL", "pg_url"]
