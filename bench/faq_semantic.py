"""The semantic FAQ's costs: lookup latency, start-up and the idle bot's memory, each beside the lexical-only
matcher (`faq.semantic: false`) measured in the same run.

    ./dev bench faq_semantic [--entries 2000] [--variants 10] [--queries N] [--no-rss | --rss-only]

- Lookups: a knowledge base of `entries` x `variants` wordings, made of the shipped wordings (each made unique, so
  nothing is shared), asked the questions of both FAQ sets, each once (a repeat would find its vectors in the
  encoder's memo); p50/p99 of `FaqService.ask`, encoding included.
  Budgets: p99 <= 10 ms semantic, <= 2 ms lexical. Then the same questions of the shipped knowledge base.
- Start-up: `load()` until the semantic index is ready, cold (empty vector cache) and warm. Budgets: warm adds
  <= 1 s, cold <= 10 s.
- Memory: `ncc-bot run` as a real process against a throwaway Synapse, idle after answering one question, VmRSS,
  at its first start (schema created) and after a restart.
  Budgets: <= 250 MB with the encoder, <= 120 MB without.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from handlers.encoder.config import EncoderConfig  # noqa: E402
from handlers.encoder.service import EncoderService  # noqa: E402
from handlers.faq.config import FaqConfig  # noqa: E402
from handlers.faq.evaluation import load_items  # noqa: E402
from handlers.faq.kb import SHIPPED_KB, load_entries  # noqa: E402
from handlers.faq.service import FaqService  # noqa: E402


def synthetic_kb(entries: int, variants: int, folder: Path) -> Path:
    shipped = load_entries(SHIPPED_KB)
    wordings = [(lang, text) for e in shipped for lang, texts in e.questions.items() for text in texts]
    answers = [e.answer["en"] for e in shipped]
    cycle = itertools.cycle(wordings)
    data = []
    for n in range(entries):
        questions: dict[str, list[str]] = {}
        for v in range(variants):
            lang, text = next(cycle)
            questions.setdefault(lang, []).append(f"{text} ({n}.{v})")
        data.append(
            {
                "id": f"entry-{n}",
                "topic": "bench",
                "reviewed": "2026-12-01",
                "questions": questions,
                "answer": {"en": answers[n % len(answers)]},
            }
        )
    path = folder / "kb.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


async def start(kb: Path, semantic: bool, cache: Path) -> tuple[FaqService, float]:
    started = time.perf_counter()
    encoder = EncoderService(EncoderConfig(), cache) if semantic else None
    faq = FaqService(FaqConfig(knowledge_base=kb, semantic=semantic), None, encoder)
    await faq.load(wait=True)
    return faq, time.perf_counter() - started


async def lookups(faq: FaqService, questions: list[str]) -> tuple[float, float]:
    durations = []
    for question in questions:
        started = time.perf_counter()
        await faq.ask(question)
        durations.append((time.perf_counter() - started) * 1000)
    durations.sort()
    return statistics.median(durations), durations[int(0.99 * (len(durations) - 1))]


async def speed(args: argparse.Namespace) -> None:
    # Every question asked once: a repeated one would take its vectors from the encoder's memo, not encode them
    sets = [load_items(ROOT / "tests" / "faq" / name) for name in ("eval_test.yaml", "eval_dev.yaml")]
    questions = list(dict.fromkeys(item.q for items in sets for item in items))[: args.queries]
    warm_up = [f"warming up the matcher, question {n}" for n in range(50)]
    with tempfile.TemporaryDirectory() as tmp:
        kb = synthetic_kb(args.entries, args.variants, Path(tmp))
        print(f"Knowledge base: {args.entries} entries x {args.variants} wordings; {len(questions)} questions")
        lexical, lexical_start = await start(kb, False, Path(tmp) / "cache")
        cold, cold_start = await start(kb, True, Path(tmp) / "cache")
        warm, warm_start = await start(kb, True, Path(tmp) / "cache")
        print(
            f"  start-up: lexical {lexical_start:.2f} s; semantic cold {cold_start:.2f} s "
            f"(+{cold_start - lexical_start:.2f} s), warm {warm_start:.2f} s (+{warm_start - lexical_start:.2f} s)"
        )
        await lookups(warm, warm_up)  # warm both alike, with questions that are not measured
        await lookups(lexical, warm_up)
        for name, faq, budget in (("semantic", warm, 10.0), ("lexical ", lexical, 2.0)):
            p50, p99 = await lookups(faq, questions)
            print(
                f"  {name} lookups: p50 {p50:.2f} ms, p99 {p99:.2f} ms (budget p99 <= {budget:g} ms: "
                f"{'met' if p99 <= budget else 'NOT met'})"
            )
        for faq in (cold, warm):
            assert faq.encoder is not None
            faq.encoder.close()
        await shipped_lookups(questions, warm_up, Path(tmp) / "shipped-cache")


async def shipped_lookups(questions: list[str], warm_up: list[str], cache: Path) -> None:
    """The knowledge base members meet: few entries, but ~90 wordings each over seven languages."""
    entries = load_entries(SHIPPED_KB)
    wordings = sum(len(texts) for e in entries for texts in e.questions.values())
    print(f"Shipped knowledge base: {len(entries)} entries, {wordings} wordings")
    for name, semantic in (("semantic", True), ("lexical ", False)):
        faq, _ = await start(SHIPPED_KB, semantic, cache)
        await lookups(faq, warm_up)
        p50, p99 = await lookups(faq, questions)
        print(f"  {name} lookups: p50 {p50:.2f} ms, p99 {p99:.2f} ms")
        if faq.encoder is not None:
            faq.encoder.close()


LEXICAL_ONLY = "faq: {semantic: false}\nneeds: {semantic: false}\n"


def spawn(config: Path, root: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "handlers", "run", "--config", str(config)]
    return subprocess.Popen(command, cwd=root, env=env, stderr=subprocess.DEVNULL)


def vm_rss(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(row for row in status.splitlines() if row.startswith("VmRSS:")).split()[1]) / 1024


def idle_rss(config_text: str, root: Path = ROOT) -> tuple[float, float]:
    """VmRSS (MB) of `ncc-bot run` (the checkout at `root`), idle after one answered question, against a
    throwaway Synapse: at its first start (which creates the schema) and after a restart on the same data."""
    from devtools.chat import ChatUser
    from devtools.synapse import Synapse, free_port

    async def one_run(
        synapse: Synapse, bot: Any, member: ChatUser, token: str, room: str, config: Path, data: Path
    ) -> float:
        env = {
            "NCC_BOT_HOMESERVER": synapse.url,
            "NCC_BOT_USER_ID": bot.user_id,
            "NCC_BOT_PASSWORD": bot.password,
            "NCC_BOT_DATA_DIR": str(data),
            "NCC_BOT_METRICS_LISTEN": f"127.0.0.1:{free_port()}",
            "PATH": "/usr/bin:/bin",
        }
        process = spawn(config, root, env)
        try:
            for _ in range(240):
                if await asyncio.to_thread(synapse.membership, token, room, bot.user_id) == "join":
                    break
                await asyncio.sleep(0.5)
            await member.ask(room, "!faq how long can an NCC project last?", timeout=90)
            await asyncio.sleep(5)
            return vm_rss(process.pid)
        finally:
            process.terminate()
            process.wait(30)

    async def measure() -> tuple[float, float]:
        with Synapse() as synapse, tempfile.TemporaryDirectory() as work:
            bot = synapse.register("ncc-bot")
            account = synapse.register("member")
            room = synapse.create_room(account.access_token, name="RSS", invite=[bot.user_id])
            config = Path(work) / "config.yaml"
            config.write_text(config_text)
            member = await ChatUser(synapse.url, account.user_id, account.access_token, account.device_id).start()
            try:
                first = await one_run(synapse, bot, member, account.access_token, room, config, Path(work) / "data")
                restart = await one_run(synapse, bot, member, account.access_token, room, config, Path(work) / "data")
            finally:
                await member.close()
            return first, restart

    return asyncio.run(measure())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--variants", type=int, default=10)
    parser.add_argument("--queries", type=int, help="ask only the first N questions (default: all 1,337, once each)")
    parser.add_argument("--no-rss", action="store_true", help="skip the memory figures (they start Synapse)")
    parser.add_argument("--rss-only", action="store_true", help="only the memory figures")
    parser.add_argument("--baseline", type=Path, help="a checkout of an earlier version: its idle RSS too")
    args = parser.parse_args()
    if not args.rss_only:
        asyncio.run(speed(args))
    if not args.no_rss:
        for name, config, budget in (("with the encoder", "", 250), ("lexical only", LEXICAL_ONLY, 120)):
            first, restart = idle_rss(config)
            print(f"Idle bot RSS, {name}: first start {first:.0f} MB, restart {restart:.0f} MB (budget {budget})")
            if args.baseline:
                first, restart = idle_rss(config, args.baseline.resolve())
                print(f"  the baseline at {args.baseline}: first start {first:.0f} MB, restart {restart:.0f} MB")


if __name__ == "__main__":
    main()
