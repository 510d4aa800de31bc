"""What the core itself says to people (refusals, unknown commands, usage, limits, failures), in the language
they are answered in (`ctx.language`: their `!lang`, else the room's)."""

from __future__ import annotations

from bot.i18n import Phrasebook

CORE = Phrasebook(
    {
        "too_long": {
            "en": "That is too long for a command ({length} characters; at most {limit}).",
            "fr": "C'est trop long pour une commande ({length} caractères ; {limit} au plus).",
            "de": "Das ist zu lang für einen Befehl ({length} Zeichen; höchstens {limit}).",
            "es": "Es demasiado largo para un comando ({length} caracteres; como máximo {limit}).",
            "it": "È troppo lungo per un comando ({length} caratteri; al massimo {limit}).",
            "pl": "To za długie jak na polecenie ({length} znaków; najwyżej {limit}).",
            "pt": "É demasiado longo para um comando ({length} caracteres; no máximo {limit}).",
        },
        "slow_down": {
            "en": "You're sending messages faster than I can answer for everyone; I'll listen again in a few seconds.",
            "fr": "Vous envoyez des messages plus vite que je ne peux répondre à tous ; je vous réécoute dans un "
            "instant.",
            "de": "Sie schreiben schneller, als ich allen antworten kann; in ein paar Sekunden höre ich wieder zu.",
            "es": "Envía mensajes más rápido de lo que puedo responder a todos; le vuelvo a escuchar en unos segundos.",
            "it": "Mandi messaggi più in fretta di quanto io possa rispondere a tutti; ti riascolto tra poco.",
            "pl": "Piszesz szybciej, niż mogę odpowiadać wszystkim; za kilka sekund znowu słucham.",
            "pt": "Está a enviar mensagens mais depressa do que consigo responder a todos; volto a ouvir em segundos.",
        },
        "edited_after_running": {
            "en": "That command had already run, so I did not run your edit (it would do it twice): "
            "send the corrected command as a new message.",
            "fr": "Cette commande avait déjà été exécutée, je n'ai donc pas exécuté votre modification (ce serait "
            "la faire deux fois) : envoyez la commande corrigée dans un nouveau message.",
            "de": "Der Befehl war schon ausgeführt, daher habe ich Ihre Änderung nicht ausgeführt (sonst doppelt): "
            "senden Sie den korrigierten Befehl als neue Nachricht.",
            "es": "Ese comando ya se había ejecutado, así que no ejecuté su edición (se haría dos veces): "
            "envíe el comando corregido en un mensaje nuevo.",
            "it": "Quel comando era già stato eseguito, quindi non ho eseguito la modifica (lo farebbe due volte): "
            "invia il comando corretto in un nuovo messaggio.",
            "pl": "To polecenie już zostało wykonane, więc nie wykonałem poprawki (byłoby podwójnie): "
            "wyślij poprawione polecenie jako nową wiadomość.",
            "pt": "Esse comando já tinha sido executado, por isso não executei a edição (seria feito duas vezes): "
            "envie o comando corrigido numa nova mensagem.",
        },
        "unknown": {
            "en": "Unknown command {command}{hint} {help} lists the commands.",
            "fr": "Commande inconnue {command}{hint} {help} liste les commandes.",
            "de": "Unbekannter Befehl {command}{hint} {help} listet die Befehle.",
            "es": "Comando desconocido {command}{hint} {help} lista los comandos.",
            "it": "Comando sconosciuto {command}{hint} {help} elenca i comandi.",
            "pl": "Nieznane polecenie {command}{hint} {help} wymienia polecenia.",
            "pt": "Comando desconhecido {command}{hint} {help} lista os comandos.",
        },
        "did_you_mean": {
            "en": " — did you mean {guess}?",
            "fr": " — vouliez-vous dire {guess} ?",
            "de": " — meinten Sie {guess}?",
            "es": " — ¿quería decir {guess}?",
            "it": " — intendevi {guess}?",
            "pl": " — czy chodziło o {guess}?",
            "pt": " — quis dizer {guess}?",
        },
        "refused": {
            "en": "Sorry, {command} is for {who}. {hint}",
            "fr": "Désolé, {command} est réservé {who}. {hint}",
            "de": "Leider ist {command} nur für {who}. {hint}",
            "es": "Lo siento, {command} es para {who}. {hint}",
            "it": "Mi dispiace, {command} è per {who}. {hint}",
            "pl": "Niestety {command} jest dla {who}. {hint}",
            "pt": "Lamento, {command} é para {who}. {hint}",
        },
        "who_moderators": {
            "en": "this room's moderators and the network's coordinators",
            "fr": "aux modérateurs de ce salon et aux coordinateurs du réseau",
            "de": "die Moderation dieses Raums und die Koordination des Netzwerks",
            "es": "los moderadores de esta sala y los coordinadores de la red",
            "it": "i moderatori di questa stanza e i coordinatori della rete",
            "pl": "moderatorów tego pokoju i koordynatorów sieci",
            "pt": "os moderadores desta sala e os coordenadores da rede",
        },
        "who_coordinators": {
            "en": "the network's coordinators",
            "fr": "aux coordinateurs du réseau",
            "de": "die Koordination des Netzwerks",
            "es": "los coordinadores de la red",
            "it": "i coordinatori della rete",
            "pl": "koordynatorów sieci",
            "pt": "os coordenadores da rede",
        },
        "try_instead": {
            "en": "Try {command}.",
            "fr": "Essayez {command}.",
            "de": "Versuchen Sie {command}.",
            "es": "Pruebe {command}.",
            "it": "Prova {command}.",
            "pl": "Spróbuj {command}.",
            "pt": "Experimente {command}.",
        },
        "help_shows": {
            "en": "{help} shows what you can use.",
            "fr": "{help} montre ce que vous pouvez utiliser.",
            "de": "{help} zeigt, was Sie nutzen können.",
            "es": "{help} muestra lo que puede usar.",
            "it": "{help} mostra cosa puoi usare.",
            "pl": "{help} pokazuje, czego możesz używać.",
            "pt": "{help} mostra o que pode usar.",
        },
        "usage": {"en": "Usage", "fr": "Usage", "de": "Aufruf", "es": "Uso", "it": "Uso", "pl": "Użycie", "pt": "Uso"},
        "failed": {
            "en": "Sorry, that failed on my side (ref {ref}). The coordinators can find it in the log.",
            "fr": "Désolé, cela a échoué de mon côté (réf. {ref}). Les coordinateurs le retrouveront dans le journal.",
            "de": "Leider ist das bei mir fehlgeschlagen (Ref. {ref}). Die Koordination findet es im Log.",
            "es": "Lo siento, ha fallado por mi parte (ref. {ref}). Los coordinadores lo encontrarán en el registro.",
            "it": "Mi dispiace, è fallito da parte mia (rif. {ref}). I coordinatori lo trovano nel log.",
            "pl": "Niestety, po mojej stronie wystąpił błąd (nr {ref}). Koordynatorzy znajdą go w logu.",
            "pt": "Lamento, falhou do meu lado (ref. {ref}). Os coordenadores encontram-no no registo.",
        },
    }
)
say = CORE.say
WHO_KEYS = {1: "who_moderators", 2: "who_coordinators"}  # by Authority value (bot/permissions.py)
