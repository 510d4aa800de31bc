"""What the FAQ says, in the asker's language: answers with sources, "did you mean", "I don't know yet"."""

from __future__ import annotations

from urllib.parse import urlsplit

from handlers.faq.kb import Entry
from handlers.shared.i18n import Phrasebook

LANGUAGE_NAMES = {
    "en": "English",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "it": "Italian",
    "pl": "Polish",
    "pt": "Portuguese",
}

STRINGS: dict[str, dict[str, str]] = {
    "dont_know": {
        "en": "I don't have an answer to that yet; I've noted the question for the coordinators.",
        "fr": "Je n'ai pas encore de réponse à cette question ; je l'ai notée pour les coordinateurs.",
        "de": "Darauf habe ich noch keine Antwort; ich habe die Frage für die Koordination notiert.",
        "es": "Todavía no tengo respuesta para eso; he anotado la pregunta para los coordinadores.",
        "it": "Non ho ancora una risposta; ho annotato la domanda per i coordinatori.",
        "pl": "Nie mam jeszcze odpowiedzi na to pytanie; zapisałem je dla koordynatorów.",
        "pt": "Ainda não tenho resposta para isso; registei a pergunta para os coordenadores.",
    },
    "dont_know_offer": {
        "en": "I don't have an answer to that yet. Shall I pass your question on to the coordinators? Reply yes.",
        "fr": "Je n'ai pas encore de réponse à cela. Je transmets votre question aux coordinateurs ? Répondez oui.",
        "de": "Darauf habe ich noch keine Antwort. Soll ich die Frage an die Koordination weitergeben? Dann: ja.",
        "es": "Todavía no tengo respuesta para eso. ¿Paso su pregunta a los coordinadores? Responda sí.",
        "it": "Non ho ancora una risposta. Vuoi che inoltri la domanda ai coordinatori? Rispondi sì.",
        "pl": "Nie mam jeszcze odpowiedzi na to pytanie. Czy przekazać je koordynatorom? Odpowiedz tak.",
        "pt": "Ainda não tenho resposta para isso. Quer que passe a sua pergunta aos coordenadores? Responda sim.",
    },
    "passed_on": {
        "en": "Passed on to the coordinators: their answer will come here, as a reply to your question.",
        "fr": "Transmise aux coordinateurs : leur réponse arrivera ici, en réponse à votre question.",
        "de": "An die Koordination weitergegeben: Die Antwort kommt hier, als Antwort auf Ihre Frage.",
        "es": "Enviada a los coordinadores: su respuesta llegará aquí, como respuesta a su pregunta.",
        "it": "Inoltrata ai coordinatori: la risposta arriverà qui, in risposta alla tua domanda.",
        "pl": "Przekazano koordynatorom: ich odpowiedź pojawi się tutaj, jako odpowiedź na Twoje pytanie.",
        "pt": "Enviada aos coordenadores: a resposta chegará aqui, em resposta à sua pergunta.",
    },
    "coordinator_answered": {
        "en": "💬 {name}, a coordinator, answered your question:",
        "fr": "💬 {name}, coordinateur, a répondu à votre question :",
        "de": "💬 {name} aus der Koordination hat Ihre Frage beantwortet:",
        "es": "💬 {name}, coordinador, ha respondido a su pregunta:",
        "it": "💬 {name}, coordinatore, ha risposto alla tua domanda:",
        "pl": "💬 {name}, koordynator, odpowiedział na Twoje pytanie:",
        "pt": "💬 {name}, coordenador, respondeu à sua pergunta:",
    },
    "none_of_these": {
        "en": "none of these",
        "fr": "aucune de ces questions",
        "de": "nichts davon",
        "es": "ninguna de estas",
        "it": "nessuna di queste",
        "pl": "żadne z nich",
        "pt": "nenhuma destas",
    },
    "noted": {
        "en": "Noted: I've kept the question for the coordinators.",
        "fr": "C'est noté : j'ai gardé la question pour les coordinateurs.",
        "de": "Notiert: Ich habe die Frage für die Koordination festgehalten.",
        "es": "Anotado: he guardado la pregunta para los coordinadores.",
        "it": "Fatto: ho annotato la domanda per i coordinatori.",
        "pl": "Zanotowano: zapisałem pytanie dla koordynatorów.",
        "pt": "Registado: guardei a pergunta para os coordenadores.",
    },
    "choose_between": {
        "en": "Please answer with a number from 0 to {count}.",
        "fr": "Répondez avec un numéro de 0 à {count}.",
        "de": "Bitte antworten Sie mit einer Zahl von 0 bis {count}.",
        "es": "Responda con un número del 0 al {count}.",
        "it": "Rispondi con un numero da 0 a {count}.",
        "pl": "Odpowiedz liczbą od 0 do {count}.",
        "pt": "Responda com um número de 0 a {count}.",
    },
    "did_you_mean": {
        "en": "Did you mean:",
        "fr": "Vouliez-vous dire :",
        "de": "Meinten Sie:",
        "es": "¿Quería decir:",
        "it": "Intendevi:",
        "pl": "Czy chodziło o:",
        "pt": "Quis dizer:",
    },
    "reply_number": {
        "en": "Reply with the number.",
        "fr": "Répondez avec le numéro.",
        "de": "Antworten Sie mit der Nummer.",
        "es": "Responda con el número.",
        "it": "Rispondi con il numero.",
        "pl": "Odpowiedz numerem.",
        "pt": "Responda com o número.",
    },
    "fallback": {
        "en": "(No {language} translation yet; here it is in {used}.)",
        "fr": "(Pas encore de traduction en {language} ; voici la réponse en {used}.)",
        "de": "(Noch keine Übersetzung auf {language}; hier die Antwort auf {used}.)",
        "es": "(Aún no hay traducción al {language}; esta es la respuesta en {used}.)",
        "it": "(Non c'è ancora una traduzione in {language}; ecco la risposta in {used}.)",
        "pl": "(Brak jeszcze tłumaczenia na język {language}; oto odpowiedź w języku: {used}.)",
        "pt": "(Ainda não há tradução em {language}; eis a resposta em {used}.)",
    },
    "sources": {
        "en": "Sources",
        "fr": "Sources",
        "de": "Quellen",
        "es": "Fuentes",
        "it": "Fonti",
        "pl": "Źródła",
        "pt": "Fontes",
    },
}

LOCAL_LANGUAGE_NAMES = {
    "fr": {
        "en": "anglais",
        "fr": "français",
        "de": "allemand",
        "es": "espagnol",
        "it": "italien",
        "pl": "polonais",
        "pt": "portugais",
    },
    "de": {
        "en": "Englisch",
        "fr": "Französisch",
        "de": "Deutsch",
        "es": "Spanisch",
        "it": "Italienisch",
        "pl": "Polnisch",
        "pt": "Portugiesisch",
    },
    "es": {
        "en": "inglés",
        "fr": "francés",
        "de": "alemán",
        "es": "español",
        "it": "italiano",
        "pl": "polaco",
        "pt": "portugués",
    },
    "it": {
        "en": "inglese",
        "fr": "francese",
        "de": "tedesco",
        "es": "spagnolo",
        "it": "italiano",
        "pl": "polacco",
        "pt": "portoghese",
    },
    "pl": {
        "en": "angielski",
        "fr": "francuski",
        "de": "niemiecki",
        "es": "hiszpański",
        "it": "włoski",
        "pl": "polski",
        "pt": "portugalski",
    },
    "pt": {
        "en": "inglês",
        "fr": "francês",
        "de": "alemão",
        "es": "espanhol",
        "it": "italiano",
        "pl": "polaco",
        "pt": "português",
    },
}


PHRASES = Phrasebook(STRINGS)
say = PHRASES.say


def language_name(lang: str, in_lang: str) -> str:
    return LOCAL_LANGUAGE_NAMES.get(in_lang, LANGUAGE_NAMES).get(lang, LANGUAGE_NAMES.get(lang, lang))


def source_links(entry: Entry, lang: str) -> str:
    links = [f"[{urlsplit(url).hostname or url}]({url})" for url in entry.sources]
    return f"{say('sources', lang)}: " + " · ".join(links)


def answer_markdown(entry: Entry, lang: str) -> str:
    """The answer in `lang` (or English with a one-line note), its sources, and the entry id."""
    text, used = entry.answer_in(lang)
    parts = []
    if used != lang:
        names = {"language": language_name(lang, lang), "used": language_name(used, lang)}
        parts.append(f"_{say('fallback', lang, **names)}_")
    footer = f"{source_links(entry, lang)} · `{entry.id}`" if entry.sources else f"`{entry.id}`"
    parts += [text, footer]
    return "\n\n".join(parts)


def did_you_mean(entries: list[Entry], lang: str, labels: dict[str, str] | None = None) -> str:
    """The choices, each labelled with its wording closest to the question, and 0 for "none of these"."""
    labels = labels or {}
    lines = [say("did_you_mean", lang)]
    lines += [f"{n}) {labels.get(entry.id) or entry.title(lang)}" for n, entry in enumerate(entries, start=1)]
    way_out = f"0. {say('none_of_these', lang)}"  # "." not ")": its own list, or Markdown would number it 4
    return "\n".join(lines) + "\n\n" + way_out + "\n\n" + say("reply_number", lang)
