"""What the events feature answers members (listings, RSVP counts, DM opt-ins), in their language."""

from __future__ import annotations

from handlers.shared.i18n import Phrasebook

REPLIES = Phrasebook(
    {
        "no_upcoming": {
            "en": "No upcoming events here.",
            "fr": "Aucun événement à venir ici.",
            "de": "Hier stehen keine Termine an.",
            "es": "No hay próximos eventos aquí.",
            "it": "Nessun evento in programma qui.",
            "pl": "Brak nadchodzących wydarzeń.",
            "pt": "Não há próximos eventos aqui.",
        },
        "no_events": {
            "en": "No events here yet.",
            "fr": "Pas encore d'événement ici.",
            "de": "Hier gibt es noch keine Termine.",
            "es": "Todavía no hay eventos aquí.",
            "it": "Ancora nessun evento qui.",
            "pl": "Nie ma tu jeszcze wydarzeń.",
            "pt": "Ainda não há eventos aqui.",
        },
        "events": {
            "en": "Events:",
            "fr": "Événements :",
            "de": "Termine:",
            "es": "Eventos:",
            "it": "Eventi:",
            "pl": "Wydarzenia:",
            "pt": "Eventos:",
        },
        "rsvp": {
            "en": "RSVP: ✅ {going} going · ❔ {maybe} maybe · ❌ {no} not",
            "fr": "Réponses : ✅ {going} oui · ❔ {maybe} peut-être · ❌ {no} non",
            "de": "Zusagen: ✅ {going} ja · ❔ {maybe} vielleicht · ❌ {no} nein",
            "es": "Asistencia: ✅ {going} sí · ❔ {maybe} quizá · ❌ {no} no",
            "it": "Presenze: ✅ {going} sì · ❔ {maybe} forse · ❌ {no} no",
            "pl": "Obecność: ✅ {going} tak · ❔ {maybe} może · ❌ {no} nie",
            "pt": "Presenças: ✅ {going} sim · ❔ {maybe} talvez · ❌ {no} não",
        },
        "cancelled": {
            "en": "Cancelled.",
            "fr": "Annulé.",
            "de": "Abgesagt.",
            "es": "Cancelado.",
            "it": "Annullato.",
            "pl": "Odwołane.",
            "pt": "Cancelado.",
        },
        "reminders": {
            "en": "Reminders: {which}.",
            "fr": "Rappels : {which}.",
            "de": "Erinnerungen: {which}.",
            "es": "Recordatorios: {which}.",
            "it": "Promemoria: {which}.",
            "pl": "Przypomnienia: {which}.",
            "pt": "Lembretes: {which}.",
        },
        "pending": {
            "en": "{offsets} before",
            "fr": "{offsets} avant",
            "de": "{offsets} vorher",
            "es": "{offsets} antes",
            "it": "{offsets} prima",
            "pl": "{offsets} przed",
            "pt": "{offsets} antes",
        },
        "none_pending": {
            "en": "none pending",
            "fr": "aucun en attente",
            "de": "keine ausstehend",
            "es": "ninguno pendiente",
            "it": "nessuno in attesa",
            "pl": "brak oczekujących",
            "pt": "nenhum pendente",
        },
        "remindme": {
            "en": "You'll get event #{id}'s reminders by direct message (and count as going).",
            "fr": "Vous recevrez les rappels de l'événement n° {id} en message direct (et comptez comme présent).",
            "de": "Sie bekommen die Erinnerungen zu Termin #{id} per Direktnachricht (und gelten als zugesagt).",
            "es": "Recibirá los recordatorios del evento n.º {id} por mensaje directo (y cuenta como asistente).",
            "it": "Riceverai i promemoria dell'evento n. {id} in messaggio diretto (e risulti presente).",
            "pl": "Przypomnienia o wydarzeniu nr {id} dostaniesz w wiadomości prywatnej (i liczysz się jako obecny).",
            "pt": "Vai receber os lembretes do evento n.º {id} por mensagem direta (e conta como presente).",
        },
    }
)
say = REPLIES.say
