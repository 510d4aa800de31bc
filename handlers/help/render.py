"""`!help`, in the asker's language: the overview of the commands they may use and one command's details. The
help lines come from each feature's translations file (`Feature(translations=...)`, here in handlers/help/)."""

from __future__ import annotations

from html import escape

from bot.feature import Command, Feature
from bot.permissions import Authority
from bot.registry import Registry
from handlers.shared.i18n import Phrasebook

HELP = Phrasebook(
    {
        "title": {
            "en": "Commands you can use:",
            "fr": "Les commandes que vous pouvez utiliser :",
            "de": "Befehle, die Sie nutzen können:",
            "es": "Comandos que puede usar:",
            "it": "Comandi che puoi usare:",
            "pl": "Polecenia, których możesz używać:",
            "pt": "Comandos que pode usar:",
        },
        "tail": {
            "en": "Type {prefix}help <command> for details, e.g. {prefix}help help.",
            "fr": "Tapez {prefix}help <commande> pour les détails, p. ex. {prefix}help help.",
            "de": "Details mit {prefix}help <Befehl>, z. B. {prefix}help help.",
            "es": "Escriba {prefix}help <comando> para más detalles, p. ej. {prefix}help help.",
            "it": "Scrivi {prefix}help <comando> per i dettagli, ad es. {prefix}help help.",
            "pl": "Wpisz {prefix}help <polecenie>, aby zobaczyć szczegóły, np. {prefix}help help.",
            "pt": "Escreva {prefix}help <comando> para detalhes, p. ex. {prefix}help help.",
        },
        "no_command": {
            "en": "There is no command {command}; {help} lists them.",
            "fr": "Il n'y a pas de commande {command} ; {help} les liste.",
            "de": "Es gibt keinen Befehl {command}; {help} listet sie.",
            "es": "No existe el comando {command}; {help} los lista.",
            "it": "Non esiste il comando {command}; {help} li elenca.",
            "pl": "Nie ma polecenia {command}; {help} je wymienia.",
            "pt": "Não existe o comando {command}; {help} lista-os.",
        },
        "is_for": {
            "en": "{command} is for {who}; {help} lists what you can use.",
            "fr": "{command} est réservé {who} ; {help} liste ce que vous pouvez utiliser.",
            "de": "{command} ist für {who}; {help} listet, was Sie nutzen können.",
            "es": "{command} es para {who}; {help} lista lo que puede usar.",
            "it": "{command} è per {who}; {help} elenca cosa puoi usare.",
            "pl": "{command} jest dla {who}; {help} wymienia, czego możesz używać.",
            "pt": "{command} é para {who}; {help} lista o que pode usar.",
        },
        "usage": {"en": "Usage", "fr": "Usage", "de": "Aufruf", "es": "Uso", "it": "Uso", "pl": "Użycie", "pt": "Uso"},
        "also": {
            "en": "Also",
            "fr": "Aussi",
            "de": "Auch",
            "es": "También",
            "it": "Anche",
            "pl": "Także",
            "pt": "Também",
        },
        "examples": {
            "en": "Examples",
            "fr": "Exemples",
            "de": "Beispiele",
            "es": "Ejemplos",
            "it": "Esempi",
            "pl": "Przykłady",
            "pt": "Exemplos",
        },
        "mark_1": {
            "en": " (room moderators)",
            "fr": " (modérateurs du salon)",
            "de": " (Raummoderation)",
            "es": " (moderadores de la sala)",
            "it": " (moderatori della stanza)",
            "pl": " (moderatorzy pokoju)",
            "pt": " (moderadores da sala)",
        },
        "mark_2": {
            "en": " (network coordinators)",
            "fr": " (coordinateurs du réseau)",
            "de": " (Netzwerk-Koordination)",
            "es": " (coordinadores de la red)",
            "it": " (coordinatori della rete)",
            "pl": " (koordynatorzy sieci)",
            "pt": " (coordenadores da rede)",
        },
        "for_1": {
            "en": "For this room's moderators (on this room's things) and the network's coordinators.",
            "fr": "Pour les modérateurs de ce salon (sur ce qui le concerne) et les coordinateurs du réseau.",
            "de": "Für die Moderation dieses Raums (für seine Inhalte) und die Koordination des Netzwerks.",
            "es": "Para los moderadores de esta sala (sobre lo suyo) y los coordinadores de la red.",
            "it": "Per i moderatori di questa stanza (sulle sue cose) e i coordinatori della rete.",
            "pl": "Dla moderatorów tego pokoju (w jego sprawach) i koordynatorów sieci.",
            "pt": "Para os moderadores desta sala (no que lhe diz respeito) e os coordenadores da rede.",
        },
        "for_2": {
            "en": "For the network's coordinators only.",
            "fr": "Réservé aux coordinateurs du réseau.",
            "de": "Nur für die Koordination des Netzwerks.",
            "es": "Solo para los coordinadores de la red.",
            "it": "Solo per i coordinatori della rete.",
            "pl": "Tylko dla koordynatorów sieci.",
            "pt": "Só para os coordenadores da rede.",
        },
    }
)
say = HELP.say


def help_line(registry: Registry, command: Command, lang: str) -> str:
    owner = feature_of(registry, command)
    return owner.translated(command.name, lang, command.help) if owner else command.help


def feature_of(registry: Registry, command: Command) -> Feature | None:
    return next((f for f in registry.features if f.name == command.feature), None)


def overview(registry: Registry, prefix: str, *, authority: Authority, lang: str = "en") -> tuple[str, str]:
    """The `!help` text and HTML, built from the same data: the commands the asker may use, by feature."""
    lines, html = [say("title", lang)], [f"<p>{escape(say('title', lang))}</p>"]
    for item in registry.features:
        usable = [c for c in item.commands if c.requires <= authority]
        if not usable:
            continue
        title = item.translated("_description", lang, item.description or item.name)
        lines.append(f"\n{title}")
        html.append(f"<p><b>{escape(title)}</b></p><ul>")
        for command in usable:
            mark = say(f"mark_{int(command.requires)}", lang) if command.restricted else ""
            text = item.translated(command.name, lang, command.help)
            lines.append(f"  {command.usage_line(prefix)} — {text}{mark}")
            html.append(f"<li><code>{escape(command.usage_line(prefix))}</code> — {escape(text)}{escape(mark)}</li>")
        html.append("</ul>")
    tail = say("tail", lang, prefix=prefix)
    lines.append("\n" + tail)
    html.append(f"<p>{escape(tail)}</p>")
    return "\n".join(lines), "".join(html)


def command_help(registry: Registry, command: Command, prefix: str, lang: str = "en") -> tuple[str, str]:
    text = help_line(registry, command, lang)
    usage = say("usage", lang)
    lines = [f"{usage}: {command.usage_line(prefix)}", text]
    html = [f"<p>{usage}: <code>{escape(command.usage_line(prefix))}</code></p><p>{escape(text)}</p>"]
    if command.aliases:
        names = ", ".join(prefix + a for a in command.aliases)
        lines.append(f"{say('also', lang)}: {names}")
        html.append(f"<p>{say('also', lang)}: {escape(names)}</p>")
    if command.examples:
        lines.append(f"{say('examples', lang)}: " + "; ".join(command.examples))
        items = "".join(f"<li><code>{escape(e)}</code></li>" for e in command.examples)
        html.append(f"<p>{say('examples', lang)}:</p><ul>{items}</ul>")
    if command.restricted:
        who = say(f"for_{int(command.requires)}", lang)
        lines.append(who)
        html.append(f"<p><i>{escape(who)}</i></p>")
    return "\n".join(lines), "".join(html)
