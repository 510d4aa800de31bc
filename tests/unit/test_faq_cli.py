"""`ncc-bot ask` / `faq export` / `check-config` on the knowledge base: no Matrix, exact output formats."""

import io
import json
from pathlib import Path

import pytest
import yaml

from handlers import main
from handlers.faq.kb import load_entries


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text("data_dir: data\n")
    return path


def test_ask_json_format(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--config", str(config), "--json", "quelle est la durée maximale d'un projet ?"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"answered", "id", "score", "lang", "answer", "alternatives"}
    assert data["answered"] is True and data["id"] == "project-duration" and data["lang"] == "fr"
    assert 0 <= data["score"] <= 100 and "36" in data["answer"]
    assert all(set(a) == {"id", "score"} for a in data["alternatives"])


def test_ask_reads_stdin_one_json_per_line(
    config: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("who won the match yesterday?\n\nWas ist die PIC-Nummer?\n"))
    assert main(["ask", "--config", str(config), "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 2
    assert lines[0]["answered"] is False and lines[0]["id"] is None
    assert lines[0]["answer"].startswith("I don't have an answer")
    assert lines[1]["lang"] == "de"


def test_ask_with_forced_language(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--config", str(config), "--json", "--lang", "pt", "disclaimer text"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["lang"] == "pt" and data["id"] == "eu-disclaimer"


def test_export_writes_the_merged_knowledge_base(config: Path, tmp_path: Path) -> None:
    out = tmp_path / "kb.yaml"
    assert main(["faq", "export", "--config", str(config), "--output", str(out)]) == 0
    assert len(load_entries(out)) >= 40


def test_check_config_reports_a_broken_knowledge_base(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kb = tmp_path / "kb.yaml"
    kb.write_text(
        yaml.safe_dump(
            [{"id": "x1", "topic": "t", "reviewed": "2026-01-01", "questions": {"en": ["q"]}, "answer": {"en": ""}}]
        )
    )
    config = tmp_path / "config.yaml"
    config.write_text("faq:\n  knowledge_base: kb.yaml\n")
    assert main(["check-config", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert "entry 'x1' (#1): answer: an answer is required" in err and "Traceback" not in err


def test_ask_reports_a_choice_as_a_choice(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--config", str(config), "--json", "horizon europe"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["answered"] is False and data["answer"].startswith("Did you mean:")
    assert 2 <= len(data["alternatives"]) <= 3  # exactly the choices offered, each in the text
    assert "0. none of these" in data["answer"]
    assert main(["ask", "--config", str(config), "horizon europe"]) == 0
    assert capsys.readouterr().out.startswith("[did you mean · en]")
