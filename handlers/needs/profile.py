"""The member's NCC / country for one-line needs: asked once after their first one-line need (the guided
dialogue asks it as a step), remembered in needs_profile, and set or changed with `!need country <NCC or country>`.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import CommandContext
from handlers.needs.feature import feature
from handlers.needs.models import Need, Profile
from handlers.needs.parse import parse_country
from handlers.shared.i18n import Phrasebook

PHRASES = Phrasebook(
    {
        "ask": {
            "en": "Which NCC or country are you with? Tell me once with {prefix}need country <NCC or country>.",
            "fr": "De quel NCC ou pays êtes-vous ? Dites-le une fois : {prefix}need country <NCC ou pays>.",
            "de": "Zu welchem NCC oder Land gehören Sie? Einmal genügt: {prefix}need country <NCC oder Land>.",
            "es": "¿De qué NCC o país es? Dígamelo una vez: {prefix}need country <NCC o país>.",
            "it": "Di quale NCC o paese sei? Dimmelo una volta: {prefix}need country <NCC o paese>.",
            "pl": "Z jakiego NCC lub kraju jesteś? Wystarczy raz: {prefix}need country <NCC lub kraj>.",
            "pt": "De que NCC ou país é? Diga-mo uma vez: {prefix}need country <NCC ou país>.",
        },
        "saved": {
            "en": "Noted: {country}. Your needs without one now carry it, and the guided {prefix}need proposes it.",
            "fr": "C'est noté : {country}. Vos besoins sans pays l'ont maintenant, et {prefix}need le proposera.",
            "de": "Notiert: {country}. Ihre Bedarfe ohne Angabe tragen es jetzt, und {prefix}need schlägt es vor.",
            "es": "Anotado: {country}. Sus necesidades sin país ya lo llevan, y {prefix}need lo propondrá.",
            "it": "Fatto: {country}. I tuoi bisogni senza paese ora lo riportano, e {prefix}need lo proporrà.",
            "pl": "Zapisano: {country}. Twoje potrzeby bez kraju mają go teraz, a {prefix}need go zaproponuje.",
            "pt": "Registado: {country}. As suas necessidades sem país passam a tê-lo, e {prefix}need vai propô-lo.",
        },
    }
)


async def ask_once(session: AsyncSession, user_id: str) -> bool:
    """Should the reply to a one-line need ask for the country? Yes the first time only: the empty profile
    row records that it was asked."""
    if await session.get(Profile, user_id) is not None:
        return False
    session.add(Profile(user_id=user_id, country=None))
    return True


def question(lang: str, prefix: str) -> str:
    return PHRASES.say("ask", lang, prefix=prefix)


@feature.command(
    "need country",
    usage="<NCC or country>",
    help="Tell me which NCC or country you are with (remembered; your needs without one get it).",
    examples=("!need country NCC Portugal", "!need country Lithuania"),
)
async def set_country(ctx: CommandContext, args: str) -> None:
    country = parse_country(args, ctx.language)
    async with ctx.db.begin() as session:
        profile = await session.get(Profile, ctx.sender)
        if profile is None:
            session.add(Profile(user_id=ctx.sender, country=country))
        else:
            profile.country = country
        await session.execute(
            update(Need).where(Need.user_id == ctx.sender, Need.country.is_(None)).values(country=country)
        )
    await ctx.reply(PHRASES.say("saved", ctx.language, country=country, prefix=ctx.prefix), markdown=False)
