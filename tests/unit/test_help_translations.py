"""Every command's help line, and every feature's title, in all seven languages: a new command without its
translations fails here (the README's "adding a language" and "writing a feature" say where they go)."""

from __future__ import annotations

from bot.config import LANGUAGES
from handlers import FEATURES


def test_every_command_and_feature_is_translated() -> None:
    missing = []
    for feature in FEATURES:
        if not feature.commands:
            continue
        assert feature.translations is not None and feature.translations.exists(), feature.name
        for key, english in [("_description", feature.description), *((c.name, c.help) for c in feature.commands)]:
            for lang in LANGUAGES:
                if lang != "en" and feature.translated(key, lang, english) == english:
                    missing.append(f"{feature.name}: {key} [{lang}]")
    assert not missing, missing
