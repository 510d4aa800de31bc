"""Weekday and month names in the seven languages: how a date is shown to a person (`jeu. 3 déc. 2026`) and
written in examples the date parser reads back (`15 mars 2027`, Polish in the genitive: `15 marca 2027`)."""

from __future__ import annotations

WEEKDAYS = {  # Monday first, as datetime.weekday()
    "en": "Mon Tue Wed Thu Fri Sat Sun",
    "fr": "lun. mar. mer. jeu. ven. sam. dim.",
    "de": "Mo. Di. Mi. Do. Fr. Sa. So.",
    "es": "lun. mar. mié. jue. vie. sáb. dom.",
    "it": "lun mar mer gio ven sab dom",
    "pl": "pon. wt. śr. czw. pt. sob. niedz.",
    "pt": "seg. ter. qua. qui. sex. sáb. dom.",
}
SHORT_MONTHS = {
    "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
    "fr": "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.",
    "de": "Jan. Feb. März Apr. Mai Juni Juli Aug. Sept. Okt. Nov. Dez.",
    "es": "ene. feb. mar. abr. may. jun. jul. ago. sept. oct. nov. dic.",
    "it": "gen feb mar apr mag giu lug ago set ott nov dic",
    "pl": "sty lut mar kwi maj cze lip sie wrz paź lis gru",
    "pt": "jan. fev. mar. abr. mai. jun. jul. ago. set. out. nov. dez.",
}
MONTHS = {
    "en": "January February March April May June July August September October November December",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
}


def weekday(index: int, lang: str) -> str:
    return WEEKDAYS.get(lang, WEEKDAYS["en"]).split()[index]


def short_month(month: int, lang: str) -> str:
    return SHORT_MONTHS.get(lang, SHORT_MONTHS["en"]).split()[month - 1]


def month(month: int, lang: str) -> str:
    return MONTHS.get(lang, MONTHS["en"]).split()[month - 1]


def day_number(day: int, lang: str) -> str:
    """German writes the day as an ordinal: `3. Dez.`."""
    return f"{day}." if lang == "de" else str(day)
