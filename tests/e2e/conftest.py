"""A real Synapse for the whole session (rate limits relaxed); each test gets fresh accounts and a room."""

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from devtools.synapse import Synapse
from tests.e2e.harness import World


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def synapse() -> Iterator[Synapse]:
    server = Synapse().start()
    try:
        yield server
    finally:
        server.cleanup()


@pytest.fixture
def own_synapse() -> Iterator[Synapse]:
    """A Synapse of the test's own, for tests that stop it."""
    server = Synapse().start()
    try:
        yield server
    finally:
        server.cleanup()


@pytest.fixture
async def world(synapse: Synapse, tmp_path: Path) -> AsyncIterator[World]:
    w = World(synapse, tmp_path)
    try:
        yield w
    finally:
        await w.close()
