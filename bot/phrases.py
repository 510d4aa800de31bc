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
        "args_unreadable": {
            "en": "I could not read the arguments ({error}); check the quotes.",
            "fr": "Je n'ai pas pu lire les arguments ({error}) ; vérifiez les guillemets.",
            "de": "Ich konnte die Argumente nicht lesen ({error}); prüfen Sie die Anführungszeichen.",
            "es": "No he podido leer los argumentos ({error}); revise las comillas.",
            "it": "Non sono riuscito a leggere gli argomenti ({error}); controlla le virgolette.",
            "pl": "Nie udało mi się odczytać argumentów ({error}); sprawdź cudzysłowy.",
            "pt": "Não consegui ler os argumentos ({error}); verifique as aspas.",
        },
        "expected_fields": {
            "en": "Expected {required} part(s) separated by `|`.",
            "fr": "J'attendais {required} partie(s) séparées par `|`.",
            "de": "Erwartet: {required} Teil(e), getrennt durch `|`.",
            "es": "Esperaba {required} parte(s) separadas por `|`.",
            "it": "Mi aspettavo {required} parte/i separate da `|`.",
            "pl": "Oczekiwano części oddzielonych `|`: {required}.",
            "pt": "Esperava {required} parte(s) separadas por `|`.",
        },
        "not_an_id": {
            "en": "{word} is not an id; ids are numbers like `12` ({listing}).",
            "fr": "{word} n'est pas un identifiant ; ce sont des numéros comme `12` ({listing}).",
            "de": "{word} ist keine Nummer; Nummern sehen so aus: `12` ({listing}).",
            "es": "{word} no es un identificador; son números como `12` ({listing}).",
            "it": "{word} non è un identificativo; sono numeri come `12` ({listing}).",
            "pl": "{word} to nie numer; numery wyglądają tak: `12` ({listing}).",
            "pt": "{word} não é um identificador; são números como `12` ({listing}).",
        },
        "unreadable": {
            "en": "I could not read this encrypted message: its key never reached my device. Please send it again; "
            "if this keeps happening, check that your client shares keys with unverified devices, or use an "
            "unencrypted room.",
            "fr": "Je n'ai pas pu lire ce message chiffré : sa clé n'est jamais arrivée sur mon appareil. "
            "Renvoyez-le ; si cela se répète, vérifiez que votre client partage ses clés avec les appareils "
            "non vérifiés, ou utilisez un salon non chiffré.",
            "de": "Ich konnte diese verschlüsselte Nachricht nicht lesen: ihr Schlüssel kam nie auf meinem Gerät an. "
            "Bitte senden Sie sie erneut; wenn das öfter passiert, prüfen Sie, ob Ihr Client Schlüssel mit "
            "unverifizierten Geräten teilt, oder nutzen Sie einen unverschlüsselten Raum.",
            "es": "No he podido leer este mensaje cifrado: su clave nunca llegó a mi dispositivo. Envíelo de nuevo; si "
            "vuelve a ocurrir, compruebe que su cliente comparte claves con dispositivos no verificados, o use una "
            "sala sin cifrar.",
            "it": "Non sono riuscito a leggere questo messaggio cifrato: la sua chiave non è mai arrivata al mio "
            "dispositivo. Rimandalo; se succede ancora, controlla che il tuo client condivida le chiavi con i "
            "dispositivi non verificati, oppure usa una stanza non cifrata.",
            "pl": "Nie mogę odczytać tej zaszyfrowanej wiadomości: jej klucz nie dotarł do mojego urządzenia. "
            "Wyślij ją ponownie; jeśli to się powtarza, sprawdź, czy twój klient udostępnia klucze niezweryfikowanym "
            "urządzeniom, albo użyj niezaszyfrowanego pokoju.",
            "pt": "Não consegui ler esta mensagem cifrada: a sua chave nunca chegou ao meu dispositivo. "
            "Envie-a de novo; se isto se repetir, verifique se o seu cliente partilha chaves com dispositivos "
            "não verificados, ou use uma sala não cifrada.",
        },
        "followed": {
            "en": "This room was upgraded; I moved here with its events, announcements and needs.",
            "fr": "Ce salon a été mis à niveau ; je suis venu ici avec ses événements, annonces et besoins.",
            "de": "Dieser Raum wurde aktualisiert; ich bin mit seinen Terminen, Ankündigungen und Bedarfen "
            "hierher umgezogen.",
            "es": "Esta sala se ha actualizado; me he trasladado aquí con sus eventos, anuncios y necesidades.",
            "it": "Questa stanza è stata aggiornata; mi sono spostato qui con i suoi eventi, annunci ed esigenze.",
            "pl": "Ten pokój został zaktualizowany; przeniosłem się tutaj z jego wydarzeniami, ogłoszeniami "
            "i potrzebami.",
            "pt": "Esta sala foi atualizada; mudei-me para aqui com os seus eventos, anúncios e necessidades.",
        },
        "dm_left": {
            "en": "You left our direct chat recently, so I won't open another one by myself; start a direct chat "
            "with me (invite me) and ask again.",
            "fr": "Vous avez quitté notre conversation privée récemment, je n'en ouvrirai donc pas d'autre "
            "de moi-même ; ouvrez une conversation privée avec moi (invitez-moi) et redemandez.",
            "de": "Sie haben unseren Direktchat kürzlich verlassen, daher öffne ich von mir aus keinen neuen; starten "
            "Sie einen Direktchat mit mir (laden Sie mich ein) und fragen Sie noch einmal.",
            "es": "Salió hace poco de nuestro chat directo, así que no abriré otro por mi cuenta; inicie un chat "
            "directo conmigo (invíteme) y vuelva a preguntar.",
            "it": "Hai lasciato da poco la nostra chat diretta, quindi non ne aprirò un'altra da solo; avvia tu una "
            "chat diretta con me (invitami) e chiedi di nuovo.",
            "pl": "Niedawno opuściłeś nasz czat prywatny, więc sam nie otworzę nowego; rozpocznij ze mną czat "
            "prywatny (zaproś mnie) i zapytaj ponownie.",
            "pt": "Saiu há pouco da nossa conversa direta, por isso não abrirei outra por iniciativa própria; inicie "
            "uma conversa direta comigo (convide-me) e pergunte de novo.",
        },
    }
)
say = CORE.say
WHO_KEYS = {1: "who_moderators", 2: "who_coordinators"}  # by Authority value (bot/permissions.py)
