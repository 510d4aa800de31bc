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
from handlers.faq.text import fold
from handlers.needs.categories import Categoriser
from handlers.needs.parse import parse_text

STEPS = ("text", "category", "urgency", "country", "contact", "confirm")
URGENCIES = ("not urgent", "within 3 months", "within a month", "urgent (this week)")
YES = {"yes", "y", "ok", "oui", "ja", "si", "sim", "tak", "jawohl", "d'accord", "claro", "certo", "sure"}
NO = {"no", "n", "non", "nein", "nie", "nao", "not"}
CANCEL = {"cancel", "stop", "quit", "annuler", "abbrechen", "cancelar", "annulla", "anuluj"}
BACK = {"back", "retour", "zuruck", "atras", "volver", "indietro", "wstecz", "voltar"}


@dataclass(frozen=True)
class Step:
    state: dict[str, Any]
    say: str
    done: bool = False  # confirmed: file the need
    cancelled: bool = False


def start(profile_country: str | None) -> Step:
    state = {"step": "text", "country_hint": profile_country}
    return Step(state, prompt(state, None))


def prompt(state: dict[str, Any], categories: Categoriser | None) -> str:
    step = state["step"]
    tail = "\n(`back` to change the previous answer, `cancel` to stop.)"
    if step == "text":
        return "What does your NCC need? Describe it in a sentence or two. (`cancel` to stop.)"
    if step == "category":
        assert categories is not None
        lines = [f"{n}) {c.name('en')}" for n, c in enumerate(categories.categories, start=1)]
        suggested = categories.by_id[state["suggested"]].name("en")
        return (
            f"Which category fits best? I suggest **{suggested}** (reply `ok`), or pick a number:\n"
            + "\n".join(lines)
            + tail
        )
    if step == "urgency":
        lines = [f"{n}) {u}" for n, u in enumerate(URGENCIES, start=1)]
        return (
            "How urgent is it? Pick a number, or give a date (YYYY-MM-DD) by which you need it:\n"
            + "\n".join(lines)
            + tail
        )
    if step == "country":
        hint = (
            f" Last time you said **{state['country_hint']}** (reply `ok` to keep it)."
            if state.get("country_hint")
            else ""
        )
        return f"Which NCC or country are you from?{hint}" + tail
    if step == "contact":
        return "May a coordinator contact you about it? (yes / no)" + tail
    return summary(state, categories) + "\nFile this need? (yes / no)" + tail


def summary(state: dict[str, Any], categories: Categoriser | None) -> str:
    category = state.get("category")
    name = categories.by_id[category].name("en") if categories and category in categories.by_id else category
    due = f" (by {state['due_on']})" if state.get("due_on") else ""
    return (
        f"Your need: “{state.get('text')}”\nCategory: {name}\nUrgency: {state.get('urgency')}{due}\n"
        f"NCC / country: {state.get('country')}\nCoordinator may contact you: "
        f"{'yes' if state.get('contact_ok') else 'no'}"
    )


def advance(
    state: dict[str, Any], answer: str, categories: Categoriser, *, max_chars: int = 2000, today: date | None = None
) -> Step:
    """One answer. Invalid answers raise UsageError and leave the state unchanged (the caller re-prompts)."""
    word = fold(answer.strip()).rstrip(".!")
    if word in CANCEL:
        return Step(state, "Cancelled; nothing was filed. Start again any time with `!need`.", cancelled=True)
    step = state["step"]
    if word in BACK:
        if step == "text":
            return Step(state, "This is the first question. " + prompt(state, categories))
        new = {**state, "step": STEPS[STEPS.index(step) - 1]}
        return Step(new, prompt(new, categories))
    new = {**state, **_answer(step, answer, word, state, categories, max_chars, today or date.today())}
    if step == "confirm":
        if new.get("confirmed"):
            return Step(new, "", done=True)
        return Step(new, "Cancelled; nothing was filed. Start again any time with `!need`.", cancelled=True)
    new["step"] = STEPS[STEPS.index(step) + 1]
    return Step(new, prompt(new, categories))


def _answer(
    step: str, raw: str, word: str, state: dict[str, Any], categories: Categoriser, max_chars: int, today: date
) -> dict[str, Any]:
    if step == "text":
        text = parse_text(raw, max_chars)
        return {"text": text, "suggested": categories.suggest(text)[0]}
    if step == "category":
        if word in YES or not word:
            return {"category": state["suggested"]}
        category = categories.resolve(raw)
        if category is None:
            close = categories.closest(raw)
            raise UsageError(
                f"`{raw}` is not one of the categories"
                + (f"; did you mean {close}?" if close else "; reply with a number from the list.")
            )
        return {"category": category}
    if step == "urgency":
        if re.fullmatch(r"[1-4]", word):
            return {"urgency": URGENCIES[int(word) - 1], "due_on": None}
        try:
            due = date.fromisoformat(word)
        except ValueError:
            raise UsageError("Reply with a number from 1 to 4, or a date like 2026-12-31.") from None
        if due < today:
            raise UsageError(f"{due.isoformat()} is in the past; give a future date or a number from 1 to 4.")
        return {"urgency": "by date", "due_on": due.isoformat()}
    if step == "country":
        if word in YES and state.get("country_hint"):
            return {"country": state["country_hint"]}
        country = " ".join(raw.split())
        if not country or len(country) > 100:
            raise UsageError("Tell me your NCC or country in a few words (at most 100 characters).")
        return {"country": country}
    if step == "contact":
        if word in YES or word in NO:
            return {"contact_ok": word in YES}
        raise UsageError("Please answer yes or no.")
    if word in YES or word in NO:
        return {"confirmed": word in YES}
    raise UsageError("Please answer yes (file it) or no (cancel).")
