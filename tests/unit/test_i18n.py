"""Phrasebooks: every text of every feature's phrasebook exists in every supported language."""

import pytest

from handlers.faq.render import PHRASES as FAQ_PHRASES
from handlers.needs.texts import PHRASES as NEEDS_PHRASES
from handlers.shared.i18n import LANGUAGES, Phrasebook


@pytest.mark.parametrize("book", [FAQ_PHRASES, NEEDS_PHRASES], ids=["faq", "needs"])
def test_every_key_is_in_every_language(book: Phrasebook) -> None:
    assert book.untranslated() == {}


def test_a_missing_translation_falls_back_to_english_and_english_is_required() -> None:
    book = Phrasebook({"hello": {"en": "Hello {name}", "fr": "Bonjour {name}"}})
    assert book.say("hello", "fr", name="Ana") == "Bonjour Ana"
    assert book.say("hello", "pl", name="Ana") == "Hello Ana"
    assert book.untranslated() == {"hello": [lang for lang in LANGUAGES if lang not in ("en", "fr")]}
    with pytest.raises(ValueError, match="without English"):
        Phrasebook({"x": {"fr": "oui"}})
