"""Hedges survive translation: an answer that is cautious in English is cautious in every language.

The facts file marks some statements "(general knowledge, verify)" and others are only as strong as "should"; the
English answers say so ("as far as we know", "should", "check your grant agreement"). A translation that drops the
hedge turns advice into a rule, so for every entry whose English answer hedges, each other language's answer must
carry one of that language's own hedge words. The lists are real words of each language for "should", "verify /
check / confirm", "as far as we know" and "not confirmed": widen them only with such words, never to make a
translation pass that states a rule more firmly than the English does.
"""

import re

import pytest

from handlers.faq.kb import SHIPPED_KB, Entry, load_entries
from handlers.shared.i18n import LANGUAGES

HEDGES: dict[str, str] = {
    "en": r"\bshould\b|as far as we know|\bverify|\bcheck\b|\bconfirm|double-check|we understand|not confirmed"
    r"|general knowledge|not an official rule",
    "fr": r"devrai(?:t|ent|ez)|vérifi|à vérifier|confirm|à notre connaissance|il semble|semble-t-il"
    r"|non confirmé|connaissance générale|pas une règle officielle",
    "de": r"\bsollte|\bprüfen|\bprüft|überprüf|vergewisser|bestätig|soweit wir wissen|nach unserem kenntnisstand"
    r"|nicht bestätigt|allgemeinwissen|keine offizielle regel",
    "es": r"deber(?:ía|ían|ías)|compru[eé]b|comprobar|verific|confirm|hasta donde sabemos|según nuestra información"
    r"|no confirmad|conocimiento general|no es una norma oficial|no una norma oficial",
    "it": r"dovrebbe(?:ro)?|dovreste|verific|controll|conferm|per quanto ci risulta|per quanto ne sappiamo"
    r"|a quanto ci risulta|non confermat|indicazione generale|non una regola ufficiale",
    "pl": r"powin(?:ien|na|no|ni|ny|niśmy|niście)|sprawdź|sprawdzić|sprawdzenia|upewnij|potwierdź|potwierdzić"
    r"|o ile nam wiadomo|z tego, co wiemy|niepotwierdzon|wiedza ogólna|nie oficjalna zasada",
    "pt": r"deveri(?:a|am)|\bconfirm|verifiqu|verificar|tanto quanto sabemos|ao que sabemos|não confirmad"
    r"|conhecimento geral|não uma regra oficial",
}
PATTERNS = {lang: re.compile(pattern, re.IGNORECASE) for lang, pattern in HEDGES.items()}


@pytest.fixture(scope="module")
def shipped() -> list[Entry]:
    return load_entries(SHIPPED_KB)


def test_every_language_has_hedge_markers() -> None:
    assert set(HEDGES) == set(LANGUAGES)


@pytest.mark.parametrize(
    ("lang", "hedged", "firm"),
    [
        ("en", "As far as we know, the colour version is the default.", "The emblem must be visible."),
        ("fr", "Vérifiez-le dans votre convention.", "L'emblème doit être visible."),
        ("de", "Soweit wir wissen, gilt das auch hier.", "Das Emblem muss sichtbar sein."),
        ("es", "Compruébelo en su acuerdo de subvención.", "El emblema debe ser visible."),
        ("it", "Per quanto ci risulta, vale anche qui.", "L'emblema deve essere visibile."),
        ("pl", "Sprawdźcie to w umowie.", "Emblemat musi być widoczny."),
        ("pt", "Confirme na sua convenção de subvenção.", "O emblema tem de ser visível."),
    ],
)
def test_markers_tell_a_hedge_from_a_rule(lang: str, hedged: str, firm: str) -> None:
    assert PATTERNS[lang].search(hedged) and not PATTERNS[lang].search(firm)


def test_hedged_in_english_means_hedged_everywhere(shipped: list[Entry]) -> None:
    problems = []
    for entry in shipped:
        english = entry.answer.get("en", "")
        found = PATTERNS["en"].search(english)
        if not found:
            continue
        for lang in LANGUAGES:
            text = entry.answer.get(lang)
            if lang != "en" and text and not PATTERNS[lang].search(text):
                problems.append(f"{entry.id}: en hedges ({found.group(0)!r}) but {lang} does not")
    assert not problems, "\n".join(problems)
