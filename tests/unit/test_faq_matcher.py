"""Matching: normalisation, language detection, outcomes, and the held-out evaluation set's floors."""

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.faq.gaps import GapItem, cluster_gaps
from handlers.faq.kb import SHIPPED_KB, Entry, load_entries
from handlers.faq.matcher import Candidate, FaqIndex, Thresholds, decide
from handlers.faq.render import answer_markdown, did_you_mean, say
from handlers.shared.text import content_stems, fold, tokens


@pytest.fixture(scope="module")
def index() -> FaqIndex:
    return FaqIndex(load_entries(SHIPPED_KB))


def test_fold_and_tokens() -> None:
    assert fold("Émblème ŁÓDŹ Straße") == "embleme lodz strasse"
    assert tokens("L'emblème de l'UE, s.v.p.!") == ["l", "embleme", "de", "l", "ue", "s", "v", "p"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aeiouzAEZ éèàçñßłŁøæœÓŹąęüöÄ'-,.?1 "), max_size=40))
def test_a_text_folded_whole_has_the_words_of_its_words_folded_one_by_one(text: str) -> None:
    """The language detector folds a message once, not word by word (it ran for every message the bot reads)."""
    from handlers.shared.lang import WORD_RE

    assert WORD_RE.findall(fold(text)) == [fold(word) for word in WORD_RE.findall(text)]
    assert fold(text.encode("ascii", "ignore").decode()) == text.encode("ascii", "ignore").decode().lower()


def test_stop_words_go_and_meaning_stays() -> None:
    assert content_stems("What is the co-financing rate?", "en") == ["what", "co", "financ", "rate"]
    assert "pas" in content_stems("On ne doit pas utiliser le logo", "fr")  # negations carry meaning
    assert content_stems("Hi bot, thanks!", "en") == []


def test_words_are_stemmed_in_c_with_the_same_stems_as_the_pure_python_snowball() -> None:
    """PyStemmer (a dependency) is what snowballstemmer hands out when it is installed: a question's new words cost
    ~2 us each, not 40-100 us. An install without it falls back to the pure-Python port, which must stem alike."""
    import importlib

    from handlers.shared.text import STEMMERS, _stemmer

    text = (SHIPPED_KB / "03-dissemination.yaml").read_text(encoding="utf-8")
    words = sorted({w for w in tokens(text) if len(w) > 3 and not w.isdigit()})[::7]
    assert len(words) > 300
    for lang, algorithm in STEMMERS.items():
        assert type(_stemmer(lang)).__module__ == "Stemmer", "PyStemmer is not installed"
        module = importlib.import_module(f"snowballstemmer.{algorithm}_stemmer")
        pure = getattr(module, f"{algorithm.capitalize()}Stemmer")()
        assert [_stemmer(lang).stemWord(w) for w in words] == [pure.stemWord(w) for w in words], lang


def test_the_stemmers_keep_no_word_cache_of_their_own() -> None:
    """PyStemmer caches up to 10,000 words per language by default: megabytes that the idle bot carried, and more
    with every member's new word. Stemming thousands of new words must leave (almost) nothing behind."""
    import tracemalloc

    from handlers.shared.text import STEMMERS, stem_word

    words = [f"zorblat{n}ings" for n in range(4000)]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        stems = [stem_word(w, lang) for lang in STEMMERS for w in words]
        kept = tracemalloc.get_traced_memory()[0] - before - sum(map(sys.getsizeof, stems)) - sys.getsizeof(stems)
    finally:
        tracemalloc.stop()
    assert kept < 100_000, f"{kept} bytes kept by the stemmers for {len(stems)} words"


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("Do we have to put the EU emblem on our flyers?", "en"),
        ("Faut-il mettre l'emblème de l'UE sur nos dépliants ?", "fr"),
        ("Müssen wir das EU-Emblem auf unsere Flyer drucken?", "de"),
        ("¿Tenemos que poner el emblema de la UE en los folletos?", "es"),
        ("Dobbiamo mettere l'emblema dell'UE sui nostri volantini?", "it"),
        ("Czy musimy umieszczać emblemat UE na ulotkach?", "pl"),
        ("Temos de colocar o emblema da UE nos nossos folhetos?", "pt"),
    ],
)
def test_language_detection(index: FaqIndex, question: str, lang: str) -> None:
    assert index.detect_language(question) == lang


def test_off_topic_questions_get_no_confident_answer(index: FaqIndex) -> None:
    for question in (
        "what's the weather like tomorrow?",
        "who won the match last night?",
        "tell me a joke",
        "quel temps fait-il à Bruxelles ?",
        "wer hat das Spiel gewonnen?",
        "asdf qwerty",
    ):
        assert index.match(question).outcome != "answer", question


def test_typos_still_find_the_entry(index: FaqIndex) -> None:
    match = index.match("whats the co-finacing rate of the grnat?")
    assert match.best is not None and match.best.entry_id == "cofinancing-rate"


def test_a_number_is_never_a_typo_of_another(index: FaqIndex) -> None:
    """A year one digit off is another year: it counts as a word the knowledge base does not know."""
    assert "2025" in index.postings and "2026" not in index.postings  # the call's year; a year it never mentions
    assert index._expand("2026") == [] and index._expand("2025") == [("2025", 1.0)]
    assert index._expand("emblme")[0][0] == "emblem"  # words still are


def test_a_question_is_compared_with_the_wordings_of_its_language(index: FaqIndex) -> None:
    """Each entry has ~90 wordings in seven languages: the rerank reads the question's language's only, and an
    entry with none in it (an English-only chat addition) all of its own."""
    position = index.by_id["eu-disclaimer"]
    entry = index.entries[position]
    german = index.wordings_in(position, "de")
    assert len(german) == len(entry.questions["de"]) + len(entry.keywords.get("de", []))
    assert " ".join(sorted(content_stems(entry.questions["de"][0], "de"))) in german
    french = index.wordings_in(position, "fr")
    assert len(french) == len(entry.questions["fr"]) + len(entry.keywords.get("fr", [])) and french != german
    english_only = Entry(
        id="boats",
        topic="tests",
        reviewed="2026-12-01",
        questions={"en": ["Can we rent a boat?"]},
        answer={"en": "No."},
    )
    small = FaqIndex([english_only])
    assert small.wordings_in(0, "fr") == small.wordings_in(0, "en") == ["boat rent"]
    assert small.match("Pouvons-nous louer un boat ?", lang="fr").best is not None


def test_decide_thresholds() -> None:
    t = Thresholds(confident=60, margin=10, ambiguous=40)
    assert decide([Candidate("a", 80), Candidate("b", 60)], t) == "answer"
    assert decide([Candidate("a", 80), Candidate("b", 75)], t) == "ambiguous"  # too close to call
    assert decide([Candidate("a", 50)], t) == "ambiguous"
    assert decide([Candidate("a", 30)], t) == "none"
    assert decide([], t) == "none"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_matching_never_raises(text: str) -> None:
    index = _small_index()
    match = index.match(text)
    assert match.outcome in ("answer", "ambiguous", "none")
    assert all(0 <= c.score <= 100 for c in match.candidates)


WORDS = st.lists(st.text("abcdefgh", min_size=1, max_size=6), max_size=8)


@settings(max_examples=300, deadline=None)
@given(WORDS, WORDS)
def test_stored_wordings_sorted_once_score_as_the_token_ratios_would(query: list[str], wording: list[str]) -> None:
    """The index keeps each wording's stems sorted, and sorts the question's, so that token_sort_ratio becomes a
    plain ratio at lookup time; both similarities must stay exactly what rapidfuzz's token ratios give."""
    from rapidfuzz import fuzz

    q, w = " ".join(query), " ".join(wording)
    sorted_q, sorted_w = " ".join(sorted(query)), " ".join(sorted(wording))
    assert fuzz.ratio(sorted_q, sorted_w) == fuzz.token_sort_ratio(q, w)
    assert fuzz.token_set_ratio(sorted_q, sorted_w) == fuzz.token_set_ratio(q, w)


def test_words_of_a_context_sentence_count_less_than_the_question_s_own(index: FaqIndex) -> None:
    """The same words, once as a sentence of context before the question and once inside it: an entry that does
    not use them is held back less by the context (members set the scene; the question says what they ask)."""
    from handlers.faq.sentences import context_stems

    context = "Our board meets in Vilnius tomorrow morning. What is the co-financing rate of the grant?"
    inline = "What is the co-financing rate of the grant for our board meeting in Vilnius tomorrow morning?"
    assert {"board", "vilnius", "tomorrow"} <= context_stems(context, "en")
    assert not context_stems(inline, "en") and not context_stems("ok. so. board rate now?", "en")  # no sentences
    assert not context_stems("The grant. What is the grant rate?", "en") & {"grant"}  # the question's own words
    scores = {q: index.score(q, "en")[0] for q in (context, inline)}
    assert scores[context].entry_id == scores[inline].entry_id == "cofinancing-rate"
    assert scores[context].score > scores[inline].score + 5


def test_a_stored_wording_s_context_sentence_is_not_what_its_entry_is_about() -> None:
    """A stored wording that sets a scene ("I present to our board in Brussels tomorrow.") must not make its entry
    the lexical matcher's answer to "what's the weather in Brussels tomorrow?"; its question keeps full weight."""
    from handlers.faq.matcher import LEXICAL_STORED_CONTEXT

    def entry(entry_id: str, wordings: list[str]) -> Entry:
        return Entry(id=entry_id, topic="tests", reviewed="2026-12-01", questions={"en": wordings}, answer={"en": "."})

    entries = [
        entry("purpose", ["I present to our board in Brussels tomorrow. What is the call for?", "call aim?"]),
        entry("budget", ["How much money does the call have?", "total call budget?"]),
    ]
    full, lexical = FaqIndex(entries), FaqIndex(entries, stored_context=LEXICAL_STORED_CONTEXT)
    weather = "What's the weather in Brussels tomorrow?"
    assert full.score(weather, "en")[0].score > lexical.score(weather, "en")[0].score + 10
    assert lexical.match(weather, lang="en").outcome == "none"
    found = [index.score("what is the aim of the call?", "en")[0] for index in (full, lexical)]
    assert found[0] == found[1] and found[0].entry_id == "purpose" and found[0].score > 80


def test_a_stored_wording_is_found_by_its_hash_and_only_for_its_own_text() -> None:
    """Stored wordings are kept as hashes of their folded text; a hit is checked against the entry's wordings,
    so another text with the same hash (forced here) is no exact match."""
    from handlers.faq.matcher import wording_key

    index = FaqIndex(load_entries(SHIPPED_KB))
    found = index.exact("what is ESINNIS")
    assert found is not None and found.exact and found.entry_id == "esinnis-submission"
    assert index.exact("What is the weather in Vilnius?") is None and index.exact("?!") is None
    assert all(isinstance(key, int) for key in index.wordings)
    index.wordings[hash(wording_key("What is the weather in Vilnius?"))] = index.by_id["esinnis-submission"]
    assert index.exact("What is the weather in Vilnius?") is None


_cache: dict[str, FaqIndex] = {}


def _small_index() -> FaqIndex:
    if "i" not in _cache:
        _cache["i"] = FaqIndex(load_entries(SHIPPED_KB)[:10])
    return _cache["i"]


def test_answer_rendering_has_sources_and_fallback_note(index: FaqIndex) -> None:
    entry = index.entry("eu-disclaimer")
    assert entry is not None
    text = answer_markdown(entry, "fr")
    assert entry.answer["fr"] in text and "Sources: [" in text and "`eu-disclaimer`" in text
    english_only = entry.model_copy(update={"answer": {"en": "English only."}})
    assert answer_markdown(english_only, "de").startswith(
        "_(Noch keine Übersetzung auf Deutsch; hier die Antwort auf Englisch.)_"
    )
    assert did_you_mean([entry], "pl").splitlines()[0] == say("did_you_mean", "pl")


def test_gap_clustering_groups_similar_questions() -> None:
    from datetime import UTC, datetime, timedelta

    now = datetime(2026, 11, 25, tzinfo=UTC)
    items = [
        GapItem("how do we report travel costs?", now - timedelta(hours=3), "!a"),
        GapItem("How do we report our travel costs", now - timedelta(hours=1), "!b"),
        GapItem("is there a template for the final report?", now - timedelta(hours=2), "!c"),
        GapItem("report travel costs how?", now, "!d"),
    ]
    clusters = cluster_gaps(items)
    assert [c.count for c in clusters] == [3, 1]
    assert clusters[0].latest_room == "!d" and clusters[1].representative.startswith("is there a template")
