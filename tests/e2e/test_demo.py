"""The README's first command: `ncc-bot demo` answers in its terminal chat and leaves nothing running."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def synapse_processes() -> set[str]:
    out = subprocess.run(["ps", "-eo", "pid,args"], capture_output=True, text=True).stdout
    return {line.split()[0] for line in out.splitlines() if "synapse.app.homeserver" in line and "ncc-demo-" in line}


def test_demo_answers_ping_and_help_then_cleans_up() -> None:
    before = synapse_processes()
    result = subprocess.run(
        [sys.executable, "-m", "devtools.demo", "--say", "!ping", "--say", "!help", "--say", "!evnt"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "Homeserver: http://127.0.0.1:" in out and "password: demo-member" in out
    assert "[bot] pong" in out
    assert "Commands you can use:" in out and "!help [command]" in out
    assert "did you mean !event?" in out or "Unknown command !evnt" in out
    assert "Demo stopped; nothing left running." in out
    assert synapse_processes() <= before


def test_demo_as_coordinator_sees_coordinator_commands() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "devtools.demo", "--as", "coordinator", "--say", "!status", "--say", "!dashboard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Counters:" in result.stdout
    assert "Dashboard: http://127.0.0.1:" in result.stdout  # the banner gives its address, the DM its link
    assert "[DM] [bot] Your sign-in link to the dashboard" in result.stdout


def test_demo_shows_the_direct_chat_and_saves_files() -> None:
    """The guided need and !mydata happen in the member's DM with the bot: the demo accepts it and shows it."""
    lines = ["!need", "/dm", "We need indicators to show the social impact of our incubator", "1", "/room", "!mydata"]
    result = subprocess.run(
        [sys.executable, "-m", "devtools.demo", *(arg for line in lines for arg in ("--say", line))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "[DM] [bot] What does your NCC need?" in out
    assert "[DM] [bot] Which category fits best?" in out and "[DM] [bot] How urgent is it?" in out
    saved = [line for line in out.splitlines() if "my-ncc-bot-data.json  (saved to " in line]
    assert saved, out
    path = Path(saved[0].split("(saved to ", 1)[1].rstrip(")"))
    assert path.exists() and '"user_id": "@demo-member:localhost"' in path.read_text()
