"""Time spans in words, in the seven languages: "in 2 minutes", "dans 2 heures", "za 5 minut", never "in 119s".

Rounded the way people say it: minutes under an hour, hours under a day, then days.
"""

from __future__ import annotations

from datetime import timedelta

# unit -> language -> (singular, plural) or, for Polish, (one, few, many)
UNITS: dict[str, dict[str, tuple[str, ...]]] = {
    "minute": {
        "en": ("minute", "minutes"), "fr": ("minute", "minutes"), "de": ("Minute", "Minuten"),
        "es": ("minuto", "minutos"), "it": ("minuto", "minuti"), "pt": ("minuto", "minutos"),
        "pl": ("minutę", "minuty", "minut"),
    },
    "hour": {
        "en": ("hour", "hours"), "fr": ("heure", "heures"), "de": ("Stunde", "Stunden"),
        "es": ("hora", "horas"), "it": ("ora", "ore"), "pt": ("hora", "horas"),
        "pl": ("godzinę", "godziny", "godzin"),
    },
    "day": {
        "en": ("day", "days"), "fr": ("jour", "jours"), "de": ("Tag", "Tagen"),
        "es": ("día", "días"), "it": ("giorno", "giorni"), "pt": ("dia", "dias"),
        "pl": ("dzień", "dni", "dni"),
    },
}  # fmt: skip
IN = {"en": "in {}", "fr": "dans {}", "de": "in {}", "es": "en {}", "it": "tra {}", "pt": "em {}", "pl": "za {}"}
NOW = {"en": "now", "fr": "maintenant", "de": "jetzt", "es": "ahora", "it": "adesso", "pt": "agora", "pl": "teraz"}


def plural(n: int, forms: tuple[str, ...]) -> str:
    if len(forms) == 3:  # Polish: 1 minutę, 2-4 minuty (not 12-14), otherwise minut
        if n == 1:
            return forms[0]
        return forms[1] if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14) else forms[2]
    return forms[0] if n == 1 else forms[1]


def span(delta: timedelta, lang: str) -> str:
    """`delta` as a count and a unit ("2 hours"), rounded to what people say."""
    seconds = max(0.0, delta.total_seconds())
    if seconds < 59.5 * 60:
        n, unit = max(1, round(seconds / 60)), "minute"
    elif seconds < 23.5 * 3600:
        n, unit = round(seconds / 3600), "hour"
    else:
        n, unit = round(seconds / 86400), "day"
    forms = UNITS[unit].get(lang, UNITS[unit]["en"])
    return f"{n} {plural(n, forms)}"


def in_words(delta: timedelta, lang: str) -> str:
    """"in 2 minutes" / "dans 2 heures" / "za 5 minut"; "now" for no time left."""
    if delta.total_seconds() < 30:
        return NOW.get(lang, NOW["en"])
    return IN.get(lang, IN["en"]).format(span(delta, lang))
