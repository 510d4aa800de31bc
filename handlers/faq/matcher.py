"""Fuzzy question matching (rapidfuzz): pure, fast, and honest about not knowing.

How a question is scored against an entry:
- coverage: how much of the question's meaning (its content stems, weighted by rarity across entries) the entry's
  vocabulary explains — question variants and keywords in all languages count fully, answer words partly; typos
  are matched to the nearest known stem. Words the knowledge base never uses count against every entry, so
  "who won the match" does not become a confident answer because one entry mentions a "match".
- similarity: the best rapidfuzz token ratio between the question and one of the entry's variants.
Candidates are pre-filtered through an inverted index, so lookup cost grows with the matching entries only.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from handlers.faq.kb import Entry
from handlers.faq.sentences import context_stems
from handlers.shared.lang import LanguageDetector
from handlers.shared.text import content_stems, fold, tokens

Outcome = Literal["answer", "ambiguous", "none"]
ANSWER_WEIGHT = 0.5  # a word only found in an entry's answer counts half
COVERAGE_SHARE = 0.7
RERANK = 25
TYPO_EVIDENCE = 0.25  # a word matched only through a typo is weaker proof ("gewonnen" is not "gewinnen")
MIN_EVIDENCE = 3.0  # summed rarity (idf) of the matched words needed for a full score: ~one rare word
LEXICAL_STORED_CONTEXT = 0.4  # dev, lexical: false 4.1 -> 2.9 % (recalibrated: 739 -> 768 right); fused: 845 -> 828
CONTEXT_WEIGHT = 0.4  # a word said only before the question sentence (dev, fused: 514 -> 521 right, 4.0 -> 3.5 % false)


@dataclass(frozen=True)
class Thresholds:
    """The bands; the defaults are the lexical matcher's, calibrated on tests/faq/eval_dev.yaml
    (`./dev bench faq_eval --calibrate`); config.yaml `faq:` overrides them."""

    confident: float = 62.0
    margin: float = 6.0
    ambiguous: float = 50.0


@dataclass(frozen=True)
class Candidate:
    entry_id: str
    score: float
    exact: bool = False  # the question is one of the entry's stored wordings: answered, never a choice


@dataclass(frozen=True)
class Match:
    outcome: Outcome
    lang: str
    candidates: list[Candidate] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # entry id -> its wording closest to the question

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


class FaqIndex:
    """Everything needed to match questions against a list of entries; rebuilt when the entries change."""

    def __init__(self, entries: Iterable[Entry], declines: Iterable[Entry] = (), stored_context: float = 1.0) -> None:
        """`declines`: kinds of request never answered, as pseudo-entries (kb.decline_entries). They are scored
        like entries, so a near-miss meets its closest match on both signals, but are never answers or choices.
        `stored_context`: the weight in an entry's vocabulary of words said only in the context sentence of one of
        its stored wordings ("I present to our board tomorrow. ..."): LEXICAL_STORED_CONTEXT for the matcher on its
        own, where such words made an entry the answer to "what's the weather tomorrow?"."""
        self.entries = list(entries)
        self.docs = [*self.entries, *declines]  # what is scored: the entries, then the declines
        self.declines = frozenset(d.id for d in self.docs[len(self.entries) :])
        self.by_id = {e.id: i for i, e in enumerate(self.docs)}
        self.ids = [doc.id for doc in self.docs]  # built once: per question this list cost a millisecond
        samples: dict[str, list[str]] = defaultdict(list)
        # per entry, per language: its wordings' stems (questions and keywords), sorted once here, not per lookup
        self.variants: list[dict[str, list[str]]] = []
        postings: dict[str, dict[int, float]] = defaultdict(dict)
        wordings: dict[int, set[int]] = defaultdict(set)
        memo: dict[str, dict[str, str]] = defaultdict(dict)  # this build's stems per language (see text.stem)
        scene = stored_context != 1.0  # only then are the stored wordings' context sentences looked for
        for index, entry in enumerate(self.docs):
            weights: dict[str, float] = {}
            variants: dict[str, list[str]] = defaultdict(list)
            for lang, texts in entry.answer.items():
                samples[lang].append(texts)
                for s in content_stems(texts, lang, memo[lang]):
                    weights.setdefault(s, ANSWER_WEIGHT)
            for source in (entry.questions, entry.keywords):
                for lang, texts in source.items():
                    for text in texts:
                        samples[lang].append(text)
                        stems = content_stems(text, lang, memo[lang])
                        if stems:
                            variants[lang].append(" ".join(sorted(stems)))
                        context = context_stems(text, lang, memo[lang]) if scene and source is entry.questions else ()
                        if not context:
                            weights.update(dict.fromkeys(stems, 1.0))
                            continue
                        for s in stems:  # a stored wording's scene-setting ("tomorrow", a town) is not the entry's
                            weights[s] = max(weights.get(s, 0.0), stored_context if s in context else 1.0)
            for texts in entry.questions.values():
                for text in texts:
                    key = wording_key(text)
                    if key:  # kept as its hash: the keys were a megabyte of folded text, the bot's whole life
                        wordings[hash(key)].add(index)
            self.variants.append(dict(variants))
            for s, weight in weights.items():
                postings[s][index] = weight
        # stem -> {entry index: weight}: scoring walks one dict per question word, the hot loop of a lookup
        self.postings = dict(postings)
        self.wordings = {key: next(iter(ids)) for key, ids in wordings.items() if len(ids) == 1}
        count = max(1, len(self.docs))
        self.idf = {s: math.log(1 + count / len(ids)) for s, ids in self.postings.items()}
        self.unknown_idf = math.log(1 + count / 0.5)
        self.by_length: dict[int, list[str]] = defaultdict(list)  # the words a typo can stand for (no numbers)
        for known in self.postings:
            if not has_digits(known):
                self.by_length[len(known)].append(known)
        self._typos: dict[str, list[tuple[str, float]]] = {}
        self.detector = LanguageDetector(samples)

    def entry(self, entry_id: str) -> Entry | None:
        index = self.by_id.get(entry_id)
        return None if index is None or index >= len(self.entries) else self.entries[index]

    def exact(self, question: str) -> Candidate | None:
        """The entry one of whose stored wordings the question is (after folding case, accents, punctuation)."""
        key = wording_key(question)
        index = self.wordings.get(hash(key)) if key else None
        if index is None or key not in (wording_key(t) for texts in self.docs[index].questions.values() for t in texts):
            return None  # the hash of another text (never seen, but checked: it costs a lookup that found one)
        return Candidate(self.docs[index].id, 100.0, exact=True)

    def closest_wording(self, entry_id: str, question: str, lang: str) -> str:
        """The entry's stored question in `lang` (or English) that reads most like the question."""
        entry = self.entry(entry_id)
        if entry is None:
            return entry_id
        texts = (entry.questions.get(lang) or entry.questions.get("en") or [entry.title(lang)])[:3]  # the main ones
        best = process.extractOne(fold(question), [fold(t) for t in texts], scorer=fuzz.token_set_ratio)
        return texts[best[2]] if best else texts[0]

    def wordings_in(self, index: int, lang: str) -> list[str]:
        """An entry's wordings (as sorted stems) to compare a question with: those in its language, else all.
        Only the own language's: on the shipped knowledge base (~90 wordings an entry, 7 languages) a lexical
        lookup took 4x less and a fused one 2x, for one question fewer answered right on the dev set fused (515
        -> 514 of 608) and four more lexically (407 -> 411, one false answer fewer); other languages' wordings
        rarely share a question's words, and the encoder compares across languages anyway."""
        variants = self.variants[index]
        own = variants.get(lang)
        return own if own else [text for texts in variants.values() for text in texts]

    def detect_language(self, question: str, default: str = "en") -> str:
        """The question's language; a word or two ("logo", "missions") is too little to leave the room's."""
        lang, confidence = self.detector.detect(question, default)
        needed = 0.05 if len(tokens(question)) > 2 else 0.5
        return lang if confidence > needed else default

    def _expand(self, stem: str) -> list[tuple[str, float]]:
        """Known stems this query stem stands for: itself, or the ones a typo away (1 edit, 2 for long words).

        Edit distance, not a ratio: "weather" is two edits from "water", a different word, not a typo of it.
        Numbers match exactly or not at all: 2027 is another year, not a typo of 2021.
        """
        if stem in self.postings:
            return [(stem, 1.0)]
        if len(stem) < 4 or has_digits(stem):
            return []
        cached = self._typos.get(stem)
        if cached is not None:
            return cached
        max_edits = 1 if len(stem) < 8 else 2
        found: list[tuple[str, float]] = []
        for length in range(len(stem) - max_edits, len(stem) + max_edits + 1):  # only stems that could be close
            bucket = self.by_length.get(length)
            if bucket:
                for known, edits, _ in process.extract(
                    stem, bucket, scorer=OSA.distance, score_cutoff=max_edits, limit=3
                ):
                    found.append((known, 1 - edits / max(len(stem), len(known))))
        found.sort(key=lambda item: item[1], reverse=True)
        if len(self._typos) < 50_000:
            self._typos[stem] = found[:3]
        return found[:3]

    def score(self, question: str, lang: str, include: Collection[int] = ()) -> list[Candidate]:
        """Candidates best first: the entries that share the most meaning, plus `include` (the semantic side's
        best entries, so fusion sees both scores for each)."""
        stems = content_stems(question, lang)
        if not stems:
            return []
        context = context_stems(question, lang)
        total = 0.0
        coverage: dict[int, float] = defaultdict(float)
        doubt: dict[int, float] = defaultdict(float)  # the part of the coverage that only typos give
        corrected: list[str] = []
        for stem in stems:
            matches = self._expand(stem)
            weight = max((self.idf[s] for s, _ in matches), default=self.unknown_idf)
            if stem in context:
                weight *= CONTEXT_WEIGHT
            total += weight
            corrected.append(matches[0][0] if matches else stem)
            if matches and matches[0][0] == stem:  # the common case, a known word: one dict walked, no max
                for index, value in self.postings[stem].items():
                    coverage[index] += weight * value
                continue
            best: dict[int, float] = {}
            for known, similarity in matches:
                for index, value in self.postings[known].items():
                    value *= similarity
                    if value > best.get(index, 0.0):
                        best[index] = value
            for index, value in best.items():
                coverage[index] += weight * value
                doubt[index] += weight * value * (1.0 - TYPO_EVIDENCE)
        if not coverage:
            return []
        top = sorted(coverage, key=coverage.__getitem__, reverse=True)[:RERANK]
        top += [index for index in include if index in coverage and index not in top]
        query = " ".join(sorted(corrected))  # both sides sorted: token_sort_ratio is then a plain ratio
        ranked = []
        for index in top:
            variants = self.wordings_in(index, lang)
            similarity = 0.0
            if variants:  # rapidfuzz's C loop: one call per scorer, not one per variant
                best_set = process.extractOne(query, variants, scorer=fuzz.token_set_ratio)
                best_sort = process.extractOne(query, variants, scorer=fuzz.ratio)  # = token_sort_ratio, ~30 % less
                similarity = 0.5 * best_set[1] + 0.5 * best_sort[1]
            share = coverage[index] / total
            value = 100 * COVERAGE_SHARE * share + (1 - COVERAGE_SHARE) * similarity
            evidence = coverage[index] - doubt.get(index, 0.0)
            value *= min(1.0, evidence / MIN_EVIDENCE)  # one common word is not enough to be sure
            ranked.append(Candidate(self.docs[index].id, round(value, 1)))
        ranked.sort(key=lambda c: c.score, reverse=True)
        return ranked

    def match(
        self, question: str, *, lang: str | None = None, default_lang: str = "en", thresholds: Thresholds = Thresholds()
    ) -> Match:
        """The outcome for a question: answer (confident), ambiguous (a few candidates), or none."""
        lang = lang or self.detect_language(question, default_lang)
        ranked = with_exact(self.exact(question), self.score(question, lang))
        ranked = settle_declines(ranked, self.declines, 0.0)
        return Match(decide(ranked, thresholds), lang, ranked[:5])


def has_digits(stem: str) -> bool:
    """A number, or a word with one in it (ESF+ 2021-2027, "vp2020"): never a typo of another."""
    return any(ch.isdigit() for ch in stem)


def wording_key(text: str) -> str:
    return " ".join(tokens(text))


def decide(ranked: list[Candidate], thresholds: Thresholds) -> Outcome:
    if ranked and ranked[0].exact:
        return "answer"
    if not ranked or ranked[0].score < thresholds.ambiguous:
        return "none"
    second = ranked[1].score if len(ranked) > 1 else 0.0
    if ranked[0].score >= thresholds.confident and ranked[0].score - second >= thresholds.margin:
        return "answer"
    return "ambiguous"


def with_exact(exact: Candidate | None, ranked: list[Candidate]) -> list[Candidate]:
    if exact is None:
        return ranked
    return [exact, *(c for c in ranked if c.entry_id != exact.entry_id)]


def settle_declines(ranked: list[Candidate], declines: frozenset[str], margin: float | None) -> list[Candidate]:
    """Declines compete with the entries but are never answers or choices: when the best decline scores at least
    `margin` above the best entry (or is the question itself), the question is a near-miss and gets "don't
    know" (no candidates); otherwise the declines drop out of the ranking."""
    if not declines:
        return ranked
    entries = [c for c in ranked if c.entry_id not in declines]
    refused = [c for c in ranked if c.entry_id in declines]
    if margin is None or not refused or (entries and entries[0].exact):
        return entries
    best_entry = entries[0].score if entries else 0.0
    if refused[0].exact or refused[0].score >= best_entry + margin:
        return []
    return entries


def alternatives(match: Match, thresholds: Thresholds, limit: int = 3) -> list[Candidate]:
    """The choices offered for an ambiguous question: the close candidates, best first."""
    return [c for c in match.candidates[:limit] if c.score >= thresholds.ambiguous]
