"""What the guided needs conversation says, in the member's language (English where a text is missing)."""

from __future__ import annotations

from handlers.shared.i18n import Phrasebook

TEXTS: dict[str, dict[str, str]] = {
    "ask_text": {
        "en": "What does your NCC need? Describe it in a sentence or two. (`cancel` to stop.)",
        "fr": "De quoi votre NCC a-t-il besoin ? Décrivez-le en une ou deux phrases. (`cancel` pour arrêter.)",
        "de": "Was braucht Ihr NCC? Beschreiben Sie es in ein, zwei Sätzen. (`cancel` zum Abbrechen.)",
        "es": "¿Qué necesita su NCC? Descríbalo en una o dos frases. (`cancel` para parar.)",
        "it": "Di cosa ha bisogno il vostro NCC? Descrivetelo in una o due frasi. (`cancel` per fermarsi.)",
        "pl": "Czego potrzebuje Wasze NCC? Opisz to w jednym lub dwóch zdaniach. (`cancel`, aby przerwać.)",
        "pt": "De que precisa o vosso NCC? Descreva-o numa ou duas frases. (`cancel` para parar.)",
    },
    "tail": {
        "en": "(`back` to change the previous answer, `cancel` to stop.)",
        "fr": "(`back` pour modifier la réponse précédente, `cancel` pour arrêter.)",
        "de": "(`back` ändert die vorige Antwort, `cancel` bricht ab.)",
        "es": "(`back` para cambiar la respuesta anterior, `cancel` para parar.)",
        "it": "(`back` per cambiare la risposta precedente, `cancel` per fermarsi.)",
        "pl": "(`back` zmienia poprzednią odpowiedź, `cancel` przerywa.)",
        "pt": "(`back` para mudar a resposta anterior, `cancel` para parar.)",
    },
    "category": {
        "en": "Which category fits best? I suggest **{suggested}** (reply `ok`), or pick a number:",
        "fr": "Quelle catégorie convient le mieux ? Je propose **{suggested}** (répondez `ok`), "
        "ou choisissez un numéro :",
        "de": "Welche Kategorie passt am besten? Ich schlage **{suggested}** vor (antworten Sie `ok`) oder wählen Sie "
        "eine Nummer:",
        "es": "¿Qué categoría encaja mejor? Propongo **{suggested}** (responda `ok`), o elija un número:",
        "it": "Quale categoria è più adatta? Propongo **{suggested}** (rispondete `ok`), oppure scegliete un numero:",
        "pl": "Która kategoria pasuje najlepiej? Proponuję **{suggested}** (odpowiedz `ok`) albo wybierz numer:",
        "pt": "Que categoria se aplica melhor? Sugiro **{suggested}** (responda `ok`), ou escolha um número:",
    },
    "urgency": {
        "en": "How urgent is it? Pick a number, or say by when you need it (e.g. by March, 15 June):",
        "fr": "Quelle est l'urgence ? Choisissez un numéro, ou dites pour quand (p. ex. fin mars, 15 juin) :",
        "de": "Wie dringend ist es? Wählen Sie eine Nummer oder sagen Sie, bis wann (z. B. Ende März, 15. Juni):",
        "es": "¿Qué urgencia tiene? Elija un número, o diga para cuándo (p. ej. finales de marzo, 15 de junio):",
        "it": "Quanto è urgente? Scegliete un numero, o dite entro quando (es. fine marzo, 15 giugno):",
        "pl": "Jak pilne to jest? Wybierz numer albo podaj termin (np. do końca marca, 15 czerwca):",
        "pt": "Qual a urgência? Escolha um número, ou diga até quando (p. ex. fim de março, 15 de junho):",
    },
    "urgencies": {
        "en": "not urgent|within 3 months|within a month|urgent (this week)",
        "fr": "pas urgent|d'ici 3 mois|d'ici un mois|urgent (cette semaine)",
        "de": "nicht dringend|innerhalb von 3 Monaten|innerhalb eines Monats|dringend (diese Woche)",
        "es": "no urgente|en 3 meses|en un mes|urgente (esta semana)",
        "it": "non urgente|entro 3 mesi|entro un mese|urgente (questa settimana)",
        "pl": "niepilne|w ciągu 3 miesięcy|w ciągu miesiąca|pilne (w tym tygodniu)",
        "pt": "não urgente|dentro de 3 meses|dentro de um mês|urgente (esta semana)",
    },
    "country": {
        "en": "Which NCC or country are you from?",
        "fr": "De quel NCC ou de quel pays êtes-vous ?",
        "de": "Aus welchem NCC oder Land sind Sie?",
        "es": "¿De qué NCC o país es usted?",
        "it": "Di quale NCC o paese siete?",
        "pl": "Z którego NCC lub kraju jesteś?",
        "pt": "De que NCC ou país é?",
    },
    "country_hint": {
        "en": " Last time you said **{country}** (reply `ok` to keep it).",
        "fr": " La dernière fois : **{country}** (répondez `ok` pour le garder).",
        "de": " Letztes Mal: **{country}** (antworten Sie `ok`, um es zu behalten).",
        "es": " La última vez: **{country}** (responda `ok` para mantenerlo).",
        "it": " L'ultima volta: **{country}** (rispondete `ok` per mantenerlo).",
        "pl": " Ostatnio: **{country}** (odpowiedz `ok`, aby zostawić).",
        "pt": " Da última vez: **{country}** (responda `ok` para manter).",
    },
    "contact": {
        "en": "May a coordinator contact you about it? (yes / no)",
        "fr": "Un coordinateur peut-il vous contacter à ce sujet ? (oui / non)",
        "de": "Darf Sie jemand aus der Koordination dazu kontaktieren? (ja / nein)",
        "es": "¿Puede contactarle un coordinador al respecto? (sí / no)",
        "it": "Un coordinatore può contattarvi a riguardo? (sì / no)",
        "pl": "Czy koordynator może się z Tobą skontaktować w tej sprawie? (tak / nie)",
        "pt": "Um coordenador pode contactá-lo sobre isto? (sim / não)",
    },
    "summary": {
        "en": "Your need: “{text}”\nCategory: {category}\nUrgency: {urgency}\nNCC / country: {country}\n"
        "Coordinator may contact you: {contact}",
        "fr": "Votre besoin : « {text} »\nCatégorie : {category}\nUrgence : {urgency}\nNCC / pays : {country}\n"
        "Contact par un coordinateur : {contact}",
        "de": "Ihr Bedarf: „{text}“\nKategorie: {category}\nDringlichkeit: {urgency}\nNCC / Land: {country}\n"
        "Kontakt durch die Koordination: {contact}",
        "es": "Su necesidad: «{text}»\nCategoría: {category}\nUrgencia: {urgency}\nNCC / país: {country}\n"
        "Contacto de un coordinador: {contact}",
        "it": "Il vostro bisogno: «{text}»\nCategoria: {category}\nUrgenza: {urgency}\nNCC / paese: {country}\n"
        "Contatto da un coordinatore: {contact}",
        "pl": "Twoja potrzeba: „{text}”\nKategoria: {category}\nPilność: {urgency}\nNCC / kraj: {country}\n"
        "Kontakt koordynatora: {contact}",
        "pt": "A sua necessidade: «{text}»\nCategoria: {category}\nUrgência: {urgency}\nNCC / país: {country}\n"
        "Contacto por um coordenador: {contact}",
    },
    "yes": {"en": "yes", "fr": "oui", "de": "ja", "es": "sí", "it": "sì", "pl": "tak", "pt": "sim"},
    "no": {"en": "no", "fr": "non", "de": "nein", "es": "no", "it": "no", "pl": "nie", "pt": "não"},
    "by_date": {
        "en": "by {date}",
        "fr": "avant le {date}",
        "de": "bis {date}",
        "es": "antes del {date}",
        "it": "entro il {date}",
        "pl": "do {date}",
        "pt": "até {date}",
    },
    "confirm": {
        "en": "File this need? (yes / no)",
        "fr": "Enregistrer ce besoin ? (oui / non)",
        "de": "Diesen Bedarf einreichen? (ja / nein)",
        "es": "¿Registrar esta necesidad? (sí / no)",
        "it": "Registrare questo bisogno? (sì / no)",
        "pl": "Zapisać tę potrzebę? (tak / nie)",
        "pt": "Registar esta necessidade? (sim / não)",
    },
    "cancelled": {
        "en": "Cancelled; nothing was filed. Start again any time with `!need`.",
        "fr": "Annulé ; rien n'a été enregistré. Recommencez quand vous voulez avec `!need`.",
        "de": "Abgebrochen; nichts wurde eingereicht. Jederzeit neu mit `!need`.",
        "es": "Cancelado; no se registró nada. Empiece de nuevo cuando quiera con `!need`.",
        "it": "Annullato; non è stato registrato nulla. Ricominciate quando volete con `!need`.",
        "pl": "Anulowano; nic nie zapisano. Zacznij od nowa w każdej chwili: `!need`.",
        "pt": "Cancelado; nada foi registado. Recomece quando quiser com `!need`.",
    },
    "first": {
        "en": "This is the first question.",
        "fr": "C'est la première question.",
        "de": "Das ist die erste Frage.",
        "es": "Esta es la primera pregunta.",
        "it": "Questa è la prima domanda.",
        "pl": "To pierwsze pytanie.",
        "pt": "Esta é a primeira pergunta.",
    },
    "filed": {
        "en": "Filed as need #{id}. Thank you! `!needs mine` shows where it stands.",
        "fr": "Enregistré comme besoin n° {id}. Merci ! `!needs mine` indique où il en est.",
        "de": "Als Bedarf #{id} eingereicht. Danke! `!needs mine` zeigt den Stand.",
        "es": "Registrado como necesidad n.º {id}. ¡Gracias! `!needs mine` muestra cómo va.",
        "it": "Registrato come bisogno n. {id}. Grazie! `!needs mine` mostra a che punto è.",
        "pl": "Zapisano jako potrzebę nr {id}. Dziękujemy! `!needs mine` pokazuje jej status.",
        "pt": "Registado como necessidade n.º {id}. Obrigado! `!needs mine` mostra o ponto da situação.",
    },
}


PHRASES = Phrasebook(TEXTS)
say = PHRASES.say


def urgencies(lang: str) -> list[str]:
    return say("urgencies", lang).split("|")
