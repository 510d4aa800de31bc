"""What the needs feature answers outside the dialogue's prompts — confirmations and the errors of a wrong
answer — in the member's language (one language per person: a Polish dialogue gets Polish errors)."""

from __future__ import annotations

from handlers.shared.i18n import Phrasebook

REPLIES = Phrasebook(
    {
        "not_a_category": {
            "en": "{raw} is not one of the categories{hint}",
            "fr": "{raw} n'est pas une des catégories{hint}",
            "de": "{raw} ist keine der Kategorien{hint}",
            "es": "{raw} no es una de las categorías{hint}",
            "it": "{raw} non è una delle categorie{hint}",
            "pl": "{raw} nie jest jedną z kategorii{hint}",
            "pt": "{raw} não é uma das categorias{hint}",
        },
        "did_you_mean": {
            "en": "; did you mean {close}?",
            "fr": " ; vouliez-vous dire {close} ?",
            "de": "; meinten Sie {close}?",
            "es": "; ¿quería decir {close}?",
            "it": "; intendevi {close}?",
            "pl": "; czy chodziło o {close}?",
            "pt": "; quis dizer {close}?",
        },
        "pick_number": {
            "en": "; reply with a number from the list.",
            "fr": " ; répondez avec un numéro de la liste.",
            "de": "; antworten Sie mit einer Nummer aus der Liste.",
            "es": "; responda con un número de la lista.",
            "it": "; rispondi con un numero dell'elenco.",
            "pl": "; odpowiedz numerem z listy.",
            "pt": "; responda com um número da lista.",
        },
        "urgency_or_date": {
            "en": "Reply with a number from 1 to 4, or a date like {example}.",
            "fr": "Répondez avec un numéro de 1 à 4, ou une date comme {example}.",
            "de": "Antworten Sie mit einer Zahl von 1 bis 4 oder einem Datum wie {example}.",
            "es": "Responda con un número del 1 al 4, o una fecha como {example}.",
            "it": "Rispondi con un numero da 1 a 4, o una data come {example}.",
            "pl": "Odpowiedz liczbą od 1 do 4 albo datą, np. {example}.",
            "pt": "Responda com um número de 1 a 4, ou uma data como {example}.",
        },
        "in_the_past": {
            "en": "{date} is in the past; give a future date or a number from 1 to 4.",
            "fr": "Le {date} est passé ; donnez une date à venir ou un numéro de 1 à 4.",
            "de": "Der {date} liegt in der Vergangenheit; nennen Sie ein künftiges Datum oder eine Zahl von 1 bis 4.",
            "es": "El {date} ya pasó; indique una fecha futura o un número del 1 al 4.",
            "it": "Il {date} è già passato; indica una data futura o un numero da 1 a 4.",
            "pl": "{date} już minął; podaj przyszłą datę albo liczbę od 1 do 4.",
            "pt": "{date} já passou; indique uma data futura ou um número de 1 a 4.",
        },
        "country_words": {
            "en": "Tell me your NCC or country in a few words (at most 100 characters).",
            "fr": "Indiquez votre NCC ou votre pays en quelques mots (100 caractères au plus).",
            "de": "Nennen Sie Ihr NCC oder Land in wenigen Worten (höchstens 100 Zeichen).",
            "es": "Indique su NCC o país en pocas palabras (100 caracteres como máximo).",
            "it": "Indica il tuo NCC o paese in poche parole (al massimo 100 caratteri).",
            "pl": "Podaj swoje NCC lub kraj w kilku słowach (najwyżej 100 znaków).",
            "pt": "Indique o seu NCC ou país em poucas palavras (no máximo 100 caracteres).",
        },
        "yes_or_no": {
            "en": "Please answer yes or no.",
            "fr": "Répondez oui ou non, s'il vous plaît.",
            "de": "Bitte antworten Sie mit ja oder nein.",
            "es": "Responda sí o no, por favor.",
            "it": "Rispondi sì o no, per favore.",
            "pl": "Odpowiedz tak lub nie.",
            "pt": "Responda sim ou não, por favor.",
        },
        "file_or_cancel": {
            "en": "Please answer yes (file it) or no (cancel).",
            "fr": "Répondez oui (l'enregistrer) ou non (annuler).",
            "de": "Bitte antworten Sie ja (einreichen) oder nein (abbrechen).",
            "es": "Responda sí (registrarla) o no (cancelar).",
            "it": "Rispondi sì (registralo) o no (annulla).",
            "pl": "Odpowiedz tak (zapisz) albo nie (anuluj).",
            "pt": "Responda sim (registar) ou não (cancelar).",
        },
        "noted": {
            "en": "Noted as need #{id} ({category}). Wrong category? {prefix}need category {id} <category> "
            "({prefix}needs categories lists them).",
            "fr": "Enregistré comme besoin n° {id} ({category}). Mauvaise catégorie ? {prefix}need category {id} "
            "<catégorie> ({prefix}needs categories les liste).",
            "de": "Als Bedarf #{id} notiert ({category}). Falsche Kategorie? {prefix}need category {id} <Kategorie> "
            "({prefix}needs categories listet sie).",
            "es": "Registrado como necesidad n.º {id} ({category}). ¿Categoría equivocada? {prefix}need category {id} "
            "<categoría> ({prefix}needs categories las lista).",
            "it": "Registrato come bisogno n. {id} ({category}). Categoria sbagliata? {prefix}need category {id} "
            "<categoria> ({prefix}needs categories le elenca).",
            "pl": "Zapisano jako potrzebę nr {id} ({category}). Zła kategoria? {prefix}need category {id} "
            "<kategoria> ({prefix}needs categories je wymienia).",
            "pt": "Registado como necessidade n.º {id} ({category}). Categoria errada? {prefix}need category {id} "
            "<categoria> ({prefix}needs categories lista-as).",
        },
        "similar": {
            "en": "A similar need was filed in this room: #{id} ({category}, {status}, {supporters} supporter(s)).",
            "fr": "Un besoin semblable existe dans ce salon : n° {id} ({category}, {status}, {supporters} soutien(s)).",
            "de": "Ein ähnlicher Bedarf ist in diesem Raum: #{id} ({category}, {status}, {supporters} Unterstützer).",
            "es": "Ya hay una necesidad parecida en esta sala: n.º {id} ({category}, {status}, {supporters} apoyo(s)).",
            "it": "C'è già un bisogno simile in questa stanza: n. {id} ({category}, {status}, {supporters} sostegni).",
            "pl": "W tym pokoju jest już podobna potrzeba: nr {id} ({category}, {status}, poparcia: {supporters}).",
            "pt": "Já há uma necessidade parecida nesta sala: n.º {id} ({category}, {status}, {supporters} apoio(s)).",
        },
        "similar_how": {
            "en": "Support it with {prefix}need +1 {id}, or file yours anyway with {prefix}need new <your text>.",
            "fr": "Soutenez-le avec {prefix}need +1 {id}, ou enregistrez le vôtre : {prefix}need new <votre texte>.",
            "de": "Unterstützen Sie ihn mit {prefix}need +1 {id} oder reichen Sie Ihren ein: {prefix}need new <Text>.",
            "es": "Apóyela con {prefix}need +1 {id}, o registre la suya igualmente: {prefix}need new <su texto>.",
            "it": "Sostienilo con {prefix}need +1 {id}, o registra comunque il tuo: {prefix}need new <il tuo testo>.",
            "pl": "Poprzyj ją: {prefix}need +1 {id}, albo i tak zapisz swoją: {prefix}need new <Twój tekst>.",
            "pt": "Apoie-a com {prefix}need +1 {id}, ou registe a sua na mesma: {prefix}need new <o seu texto>.",
        },
    }
)
say = REPLIES.say
