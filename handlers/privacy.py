"""GDPR: `!mydata` sends members everything the bot holds about them; `!forgetme` deletes it everywhere.

What is held is gathered by the core's Privacy service from every feature's `personal_data` / `forget` hooks
and the core's own tables; this feature is the two commands.
"""

from __future__ import annotations

import json
import logging

from bot.context import CommandContext
from bot.feature import Feature
from handlers.help import HELP_DIR
from handlers.shared.i18n import Phrasebook

log = logging.getLogger(__name__)
feature: Feature[None, None] = Feature("privacy", description="Your data", translations=HELP_DIR / "privacy.yaml")
PHRASES = Phrasebook(
    {
        "sent": {
            "en": "Your data ({file}) is in our direct chat; only you can see it there.",
            "fr": "Vos données ({file}) sont dans notre conversation directe ; vous seul pouvez les y voir.",
            "de": "Ihre Daten ({file}) liegen in unserem Direktchat; nur Sie sehen sie dort.",
            "es": "Sus datos ({file}) están en nuestro chat directo; solo usted puede verlos ahí.",
            "it": "I tuoi dati ({file}) sono nella nostra chat diretta; solo tu puoi vederli lì.",
            "pl": "Twoje dane ({file}) są w naszym czacie prywatnym; tylko Ty je tam widzisz.",
            "pt": "Os seus dados ({file}) estão na nossa conversa direta; só você os vê lá.",
        },
        "invited": {
            "en": "Your data ({file}) is in a direct chat I've invited you to (accept the invitation).",
            "fr": "Vos données ({file}) sont dans une conversation directe à laquelle je vous ai invité (à accepter).",
            "de": "Ihre Daten ({file}) liegen in einem Direktchat, zu dem ich Sie eingeladen habe (bitte annehmen).",
            "es": "Sus datos ({file}) están en un chat directo al que le he invitado (acepte la invitación).",
            "it": "I tuoi dati ({file}) sono in una chat diretta a cui ti ho invitato (accetta l'invito).",
            "pl": "Twoje dane ({file}) są w czacie prywatnym, do którego Cię zaprosiłem (przyjmij zaproszenie).",
            "pt": "Os seus dados ({file}) estão numa conversa direta para a qual o convidei (aceite o convite).",
        },
        "forget_warning": {
            "en": "This deletes everything I hold about you: your supports, dialogues, profile, questions and "
            "feedback; needs you filed stay for the coordinators, without your name. To go ahead, send: "
            "{prefix}forgetme confirm",
            "fr": "Cela efface tout ce que je détiens sur vous : soutiens, dialogues, profil, questions et avis ; "
            "les besoins déposés restent pour les coordinateurs, sans votre nom. Pour continuer, envoyez : "
            "{prefix}forgetme confirm",
            "de": "Das löscht alles, was ich über Sie habe: Unterstützungen, Dialoge, Profil, Fragen und Bewertungen; "
            "eingereichte Bedarfe bleiben für die Koordination, ohne Ihren Namen. Zum Fortfahren senden Sie: "
            "{prefix}forgetme confirm",
            "es": "Esto borra todo lo que guardo sobre usted: apoyos, diálogos, perfil, preguntas y valoraciones; "
            "las necesidades registradas se quedan para los coordinadores, sin su nombre. Para seguir, envíe: "
            "{prefix}forgetme confirm",
            "it": "Questo cancella tutto ciò che ho su di te: sostegni, dialoghi, profilo, domande e valutazioni; "
            "i bisogni registrati restano ai coordinatori, senza il tuo nome. Per procedere, invia: "
            "{prefix}forgetme confirm",
            "pl": "To usuwa wszystko, co o Tobie przechowuję: poparcia, rozmowy, profil, pytania i oceny; "
            "zgłoszone potrzeby zostają dla koordynatorów, bez Twojego nazwiska. Aby kontynuować, wyślij: "
            "{prefix}forgetme confirm",
            "pt": "Isto apaga tudo o que guardo sobre si: apoios, diálogos, perfil, perguntas e avaliações; "
            "as necessidades registadas ficam para os coordenadores, sem o seu nome. Para continuar, envie: "
            "{prefix}forgetme confirm",
        },
        "forgotten": {
            "en": "Done: I no longer hold any data about you.",
            "fr": "C'est fait : je ne détiens plus aucune donnée sur vous.",
            "de": "Erledigt: Ich habe keine Daten mehr über Sie.",
            "es": "Hecho: ya no guardo ningún dato sobre usted.",
            "it": "Fatto: non conservo più alcun dato su di te.",
            "pl": "Gotowe: nie przechowuję już żadnych danych o Tobie.",
            "pt": "Feito: já não guardo nenhum dado sobre si.",
        },
    }
)


@feature.command("mydata", help="Get, by direct message, everything the bot holds about you (a JSON file).")
async def mydata(ctx: CommandContext, args: str) -> None:
    services = ctx.services
    data = json.dumps(await services.privacy.collect(services, ctx.sender), ensure_ascii=False, indent=1, default=str)
    filename = "my-ncc-bot-data.json"
    sent = await services.dms.send_file(
        ctx.sender, data.encode("utf-8"), filename, "application/json", tx_key=ctx.next_tx_key()
    )
    if ctx.is_direct and sent:
        return
    await ctx.reply(PHRASES.say("sent" if sent else "invited", ctx.language, file=filename))


@feature.command(
    "forgetme", usage="[confirm]", help="Delete everything the bot holds about you (needs you filed stay, anonymised)."
)
async def forgetme(ctx: CommandContext, args: str) -> None:
    if args.strip().lower() != "confirm":
        await ctx.reply(PHRASES.say("forget_warning", ctx.language, prefix=ctx.prefix))
        return
    lang = ctx.language  # theirs: the choice itself is forgotten below
    await ctx.services.privacy.forget(ctx.services, ctx.sender)
    log.info("personal data deleted", extra={"room_id": ctx.room_id})
    await ctx.reply(PHRASES.say("forgotten", lang))
