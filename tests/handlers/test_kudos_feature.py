"""The test-only kudos feature on the fake edge: a custom event type, its config section, service, job and
privacy hooks all reach the core through the contract alone."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.errors import ConfigError
from handlers import FEATURES
from tests.fakes import COORDINATOR, GROUP, MEMBER, TestBed
from tests.kudos.feature import EVENT_TYPE, feature, post_digest

WITH_KUDOS = (*FEATURES, feature)


@pytest.fixture
async def bed(tmp_path: Path) -> AsyncIterator[TestBed]:
    test_bed = await TestBed.start(tmp_path, "kudos:\n  emoji: '👏'\n", features=WITH_KUDOS)
    yield test_bed
    await test_bed.close()


async def test_custom_events_are_claimed_and_counted_once(bed: TestBed) -> None:
    kudos = {"to": COORDINATOR, "for": "a great workshop"}
    assert await bed.event(EVENT_TYPE, kudos) == []
    assert await bed.ask("!kudos") == f"Kudos: {COORDINATOR} 👏×1"
    board = feature.service_of(bed.services)  # typed: KudosBoard
    assert (await board.counts(GROUP))[COORDINATOR] == 1


async def test_its_job_is_scheduled_by_function_and_its_privacy_hooks_run(bed: TestBed) -> None:
    assert "posted in 5 minute" in await bed.ask("!kudos digest 5", sender=COORDINATOR)
    assert await bed.services.scheduler.job_ids() == {f"kudos.digest:{GROUP}"}
    await bed.event(EVENT_TYPE, {"to": COORDINATOR, "for": "thanks"}, sender=MEMBER)
    data = await bed.services.privacy.collect(bed.services, MEMBER)
    assert data["kudos"] == {"kudos_given": [{"to": COORDINATOR, "for": "thanks"}]}
    await bed.services.privacy.forget(bed.services, MEMBER)
    assert await bed.ask("!kudos") == "No kudos here yet."
    assert bed.services.registry.job_name(post_digest) == "kudos.digest"


async def test_its_config_section_is_validated_like_any_other(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"kudos\.emojii: unknown setting \(did you mean 'emoji'\?\)"):
        await TestBed.start(tmp_path, "kudos:\n  emojii: x\n", features=WITH_KUDOS)
