"""The guided `!need` conversation as a pure state machine: state in, answer in, (state, what to say) out.

Steps: what you need -> category -> urgency -> NCC / country -> may a coordinator contact you -> confirm.
`cancel` ends it at any step, `back` returns to the previous one. The state is a plain dict stored as JSON.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.errors import UsageError
from bot.messages import quoted
from handlers.needs.categories import Categoriser
from handlers.needs.parse import parse_country, parse_text
from handlers.needs.replies import say as reply
from handlers.needs.texts import say, urgencies
from handlers.shared.dates import DayExample, parse_day
from handlers.shared.text import fold

STEPS = ("text", "category", "urgency", "country", "contact", "confirm")
URGENCIES = ("not urgent", "within 3 months", "within a month", "urgent (this week)")
YES = {"yes", "y", "ok", "oui", "ja", "si", "sim", "tak", "jawohl", "d'accord", "claro", "certo", "sure", "okay"}
NO = {"no", "n", "non", "nein", "nie", "nao", "not"}
CANCEL = {"cancel", "stop", "quit", "annuler", "abbrechen", "cancelar", "annulla", "anuluj"}
BACK = {"back", "retour", "zuruck", "atras", "volver", "indietro", "wstecz", "voltar"}


@dataclass(frozen=True)
class Step:
    state: dict[str, Any]
    say: str
    done: bool = False  # confirmed: file the need
    cancelled: bool = False


def start(profile_country: str | None, lang: str = "en") -> Step:
    state = {"step": "text", "country_hint": profile_country, "lang": lang}
    return Step(state, prompt(state, None))


def prompt(state: dict[str, Any], categories: Categoriser | None) -> str:
    step, lang = state["step"], state.get("lang", "en")
    tail = "\n\n" + say("tail", lang)  # a paragraph of its own, not a continuation of the list above
    if step == "text":
        return say("ask_text", lang)
    if step == "category":
        assert categories is not None
        lines = [f"{n}) {c.name(lang)}" for n, c in enumerate(categories.categories, start=1)]
        suggested = categories.by_id[state["suggested"]].name(lang)
        return say("category", lang, suggested=suggested) + "\n" + "\n".join(lines) + tail
    if step == "urgency":
        lines = [f"{n}) {u}" for n, u in enumerate(urgencies(lang), start=1)]
        return say("urgency", lang) + "\n" + "\n".join(lines) + tail
    if step == "country":
        hint = say("country_hint", lang, country=state["country_hint"]) if state.get("country_hint") else ""
        return say("country", lang) + hint + tail
    if step == "contact":
        return say("contact", lang) + tail
    return summary(state, categories) + "\n" + say("confirm", lang) + tail


def summary(state: dict[str, Any], categories: Categoriser | None) -> str:
    lang = state.get("lang", "en")
    category = state.get("category")
    name = categories.by_id[category].name(lang) if categories and category in categories.by_id else category
    urgency = state.get("urgency")
    if state.get("due_on"):
        urgency = say("by_date", lang, date=state["due_on"])
    elif urgency in URGENCIES:
        urgency = urgencies(lang)[URGENCIES.index(urgency)]
    return say(
        "summary",
        lang,
        text=state.get("text", ""),
        category=str(name),
        urgency=str(urgency),
        country=str(state.get("country")),
        contact=say("yes" if state.get("contact_ok") else "no", lang),
    )


def advance(
    state: dict[str, Any], answer: str, categories: Categoriser, *, max_chars: int = 2000, today: date | None = None
) -> Step:
    """One answer. Invalid answers raise UsageError and leave the state unchanged (the caller re-prompts)."""
    word = fold(answer.strip()).rstrip(".!")
    if word in CANCEL:
        return Step(state, say("cancelled", state.get("lang", "en")), cancelled=True)
    step = state["step"]
    if word in BACK:
        if step == "text":
            return Step(state, say("first", state.get("lang", "en")) + " " + prompt(state, categories))
        new = {**state, "step": STEPS[STEPS.index(step) - 1]}
        return Step(new, prompt(new, categories))
    new = {**state, **_answer(step, answer, word, state, categories, max_chars, today or date.today())}
    if step == "confirm":
        if new.get("confirmed"):
            return Step(new, "", done=True)
        return Step(new, say("cancelled", new.get("lang", "en")), cancelled=True)
    new["step"] = STEPS[STEPS.index(step) + 1]
    return Step(new, prompt(new, categories))


def _answer(
    step: str, raw: str, word: str, state: dict[str, Any], categories: Categoriser, max_chars: int, today: date
) -> dict[str, Any]:
    lang = state.get("lang", "en")
    if step == "text":
        text = parse_text(raw, max_chars)
        return {"text": text, "suggested": categories.suggest(text)[0]}
    if step == "category":
        if word in YES or not word:
            return {"category": state["suggested"]}
        category = categories.resolve(raw)
        if category is None:
            close = categories.closest(raw)
            hint = reply("did_you_mean", lang, close=close) if close else reply("pick_number", lang)
            raise UsageError(reply("not_a_category", lang, raw=quoted(raw), hint=hint))
        return {"category": category}
    if step == "urgency":
        if re.fullmatch(r"[1-4]", word):
            return {"urgency": URGENCIES[int(word) - 1], "due_on": None}
        due = parse_day(raw, today)  # "by March 2027", "fin juin", "31/12/2026", "2027-03-31"
        if due is None:
            raise UsageError(reply("urgency_or_date", lang, example=DayExample(today)))
        if due < today:
            raise UsageError(reply("in_the_past", lang, date=due.isoformat()))
        return {"urgency": "by date", "due_on": due.isoformat()}
    if step == "country":
        if word in YES and state.get("country_hint"):
            return {"country": state["country_hint"]}
        return {"country": parse_country(raw, lang)}
    if step == "contact":
        if word in YES or word in NO:
            return {"contact_ok": word in YES}
        raise UsageError(reply("yes_or_no", lang))
    if word in YES or word in NO:
        return {"confirmed": word in YES}
    raise UsageError(reply("file_or_cancel", lang))
