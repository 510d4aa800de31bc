"""Always-on basics: `!ping` (liveness, used by the latency bench) and `!help`, generated from the registry."""

from __future__ import annotations

from datetime import timedelta

from bot import __version__, phrases
from bot.config import LANGUAGES
from bot.context import CommandContext
from bot.errors import NotFound, UsageError
from bot.feature import Feature
from bot.languages import language_named
from bot.messages import code, quoted
from bot.permissions import Authority
from handlers.help import HELP_DIR
from handlers.help.render import command_help, overview
from handlers.help.render import say as say_help
from handlers.shared.i18n import Phrasebook

feature: Feature[None, None] = Feature(
    "admin", description="Basics", always_on=True, translations=HELP_DIR / "admin.yaml"
)


@feature.command("ping", read_only=True, help="Check that the bot is alive; it answers `pong`.")
async def ping(ctx: CommandContext, args: str) -> None:
    await ctx.reply("pong")


@feature.command(
    "help",
    read_only=True,
    usage="[command]",
    help="List the commands you can use, or show how to use one.",
    examples=("!help", "!help need"),
)
async def show_help(ctx: CommandContext, args: str) -> None:
    registry = ctx.services.registry
    if args.strip():
        command = registry.find(args.strip().removeprefix(ctx.prefix))
        lang, help_command = ctx.language, code(ctx.prefix + "help")
        if command is None:
            raise NotFound(say_help("no_command", lang, command=quoted(ctx.prefix + args.strip()), help=help_command))
        if command.requires > ctx.authority:  # it exists: say for whom, rather than pretend it does not
            who = phrases.say(phrases.WHO_KEYS[int(command.requires)], lang)
            text = say_help("is_for", lang, command=code(ctx.prefix + command.name), who=who, help=help_command)
            await ctx.reply(text, markdown=True)
            return
        text, html = command_help(registry, command, ctx.prefix, ctx.language)
    else:
        text, html = overview(registry, ctx.prefix, authority=ctx.authority, lang=ctx.language)
    await ctx.reply(text, html)


@feature.command("version", read_only=True, help="Show the bot's version.")
async def version(ctx: CommandContext, args: str) -> None:
    await ctx.reply(f"ncc-bot {__version__}")


@feature.command(
    "status",
    read_only=True,
    help="Show uptime, rooms and counters (events, commands, errors, retries).",
    requires=Authority.NETWORK_COORDINATOR,
)
async def status(ctx: CommandContext, args: str) -> None:
    services = ctx.services
    uptime = services.now() - (services.started_at or services.now())
    rooms = services.rooms.joined_count()
    counters = ", ".join(f"{k} {v:g}" for k, v in sorted(services.metrics.totals.items()))
    values = {"version": __version__, "uptime": format_duration(uptime), "rooms": str(rooms)}
    text = ADMIN.say("status", ctx.language, **values)
    if counters:
        text += " " + ADMIN.say("counters", ctx.language, counters=counters)
    await ctx.reply(text)


def format_duration(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    days, seconds = divmod(seconds, 86_400)
    hours, seconds = divmod(seconds, 3_600)
    minutes, seconds = divmod(seconds, 60)
    parts = [f"{days} d"] if days else []
    parts += [f"{hours} h"] if hours or days else []
    parts += [f"{minutes} min", f"{seconds} s"] if not days else [f"{minutes} min"]
    return " ".join(parts)


ADMIN = Phrasebook(
    {
        "status": {
            "en": "ncc-bot {version}, up {uptime}, in {rooms} room(s).",
            "fr": "ncc-bot {version}, en marche depuis {uptime}, dans {rooms} salon(s).",
            "de": "ncc-bot {version}, läuft seit {uptime}, in {rooms} Raum/Räumen.",
            "es": "ncc-bot {version}, en marcha desde hace {uptime}, en {rooms} sala(s).",
            "it": "ncc-bot {version}, attivo da {uptime}, in {rooms} stanza/e.",
            "pl": "ncc-bot {version}, działa od {uptime}, liczba pokojów: {rooms}.",
            "pt": "ncc-bot {version}, ativo há {uptime}, em {rooms} sala(s).",
        },
        "counters": {
            "en": "Counters: {counters}.",
            "fr": "Compteurs : {counters}.",
            "de": "Zähler: {counters}.",
            "es": "Contadores: {counters}.",
            "it": "Contatori: {counters}.",
            "pl": "Liczniki: {counters}.",
            "pt": "Contadores: {counters}.",
        },
        "set": {
            "en": "From now on I'll answer you in English, wherever you write (`{prefix}lang auto` undoes it).",
            "fr": "Désormais je vous réponds en français, où que vous écriviez (`{prefix}lang auto` pour annuler).",
            "de": "Ab jetzt antworte ich Ihnen auf Deutsch, wo immer Sie schreiben (`{prefix}lang auto` hebt es auf).",
            "es": "A partir de ahora le respondo en español, escriba donde escriba (`{prefix}lang auto` lo deshace).",
            "it": "D'ora in poi ti rispondo in italiano, ovunque scrivi (`{prefix}lang auto` annulla).",
            "pl": "Od teraz odpowiadam Ci po polsku, gdziekolwiek piszesz (`{prefix}lang auto` cofa to).",
            "pt": "A partir de agora respondo-lhe em português, onde quer que escreva (`{prefix}lang auto` desfaz).",
        },
        "chosen": {
            "en": "I answer you in English (`{code}`), everywhere.",
            "fr": "Je vous réponds en français (`{code}`), partout.",
            "de": "Ich antworte Ihnen überall auf Deutsch (`{code}`).",
            "es": "Le respondo en español (`{code}`), en todas partes.",
            "it": "Ti rispondo in italiano (`{code}`), ovunque.",
            "pl": "Odpowiadam Ci po polsku (`{code}`), wszędzie.",
            "pt": "Respondo-lhe em português (`{code}`), em todo o lado.",
        },
        "unset": {
            "en": "You have not chosen a language: I follow your messages, else this room's ({room}).",
            "fr": "Vous n'avez pas choisi de langue : je suis vos messages, sinon celle du salon ({room}).",
            "de": "Sie haben keine Sprache gewählt: Ich folge Ihren Nachrichten, sonst der des Raums ({room}).",
            "es": "No ha elegido idioma: sigo sus mensajes; si no, el de la sala ({room}).",
            "it": "Non hai scelto una lingua: seguo i tuoi messaggi, altrimenti quella della stanza ({room}).",
            "pl": "Nie wybrano języka: odpowiadam w języku Twoich wiadomości, inaczej pokoju ({room}).",
            "pt": "Não escolheu uma língua: sigo as suas mensagens; senão, a da sala ({room}).",
        },
        "auto": {
            "en": "I'll answer in the language you write in again (else this room's: {room}).",
            "fr": "Je réponds de nouveau dans la langue de vos messages (sinon celle du salon : {room}).",
            "de": "Ich antworte wieder in der Sprache Ihrer Nachrichten (sonst in der des Raums: {room}).",
            "es": "Vuelvo a responder en el idioma en que escriba (si no, el de la sala: {room}).",
            "it": "Torno a rispondere nella lingua in cui scrivi (altrimenti quella della stanza: {room}).",
            "pl": "Znowu odpowiadam w języku Twoich wiadomości (inaczej w języku pokoju: {room}).",
            "pt": "Volto a responder na língua em que escreve (senão, na da sala: {room}).",
        },
    }
)


@feature.command(
    "lang",
    usage="[language | auto]",
    help="Choose the language I answer you in, everywhere (en, fr, de, es, it, pl, pt); `auto` follows your messages.",
    examples=("!lang fr", "!lang polski", "!lang auto"),
)
async def choose_language(ctx: CommandContext, args: str) -> None:
    wanted = args.strip()
    languages = ctx.services.languages
    room = ctx.services.settings.room_language(ctx.room_id)
    if not wanted:
        chosen = languages.of(ctx.sender)
        await ctx.reply(
            ADMIN.say("chosen", chosen, code=chosen) if chosen else ADMIN.say("unset", room, room=room),
            markdown=True,
        )
        return
    if wanted.lower() in ("auto", "off", "reset", "none"):
        await languages.choose(ctx.db, ctx.sender, None)
        await ctx.reply(ADMIN.say("auto", room, room=room))
        return
    lang = language_named(wanted)
    if lang is None:  # in English: the one language every member can be assumed to read a line of
        raise UsageError(
            f"I don't speak {quoted(wanted)} yet. I answer in {', '.join(LANGUAGES)} "
            f"(English, French, German, Spanish, Italian, Polish, Portuguese): {code(ctx.prefix + 'lang fr')}."
        )
    await languages.choose(ctx.db, ctx.sender, lang)
    await ctx.reply(ADMIN.say("set", lang, prefix=ctx.prefix), markdown=True)
