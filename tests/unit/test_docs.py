"""The README cannot drift from the code: commands are generated, every setting is documented."""

from pathlib import Path

from bot.config import CoreSettings
from bot.config_file import ENV_OVERRIDES
from devtools.docs import README, commands_reference, readme_block
from handlers import FEATURES


def test_readme_commands_reference_is_current() -> None:
    assert readme_block(README.read_text()) == commands_reference(list(FEATURES)), (
        "README.md is out of date: run `python -m devtools.docs --write`"
    )


def test_every_setting_and_variable_is_documented() -> None:
    text = README.read_text()
    for name in CoreSettings.model_fields:
        if name not in ("password", "access_token", "pickle_key"):  # secrets: documented by their variables
            assert f"`{name}`" in text, f"setting {name} missing from README"
    for variable in ENV_OVERRIDES:
        assert variable in text, f"{variable} missing from README"


def test_quick_start_has_exactly_two_commands_after_clone() -> None:
    text = README.read_text()
    block = text.split("## Quick start", 1)[1].split("```", 2)[1]
    lines = [line.split("#")[0].strip() for line in block.splitlines()[1:]]
    lines = [line for line in lines if line]
    assert lines[0].startswith("git clone")
    assert lines[1:] == ["./dev demo", "./dev test"]
    assert Path(README.parent / ".ci" / "run").read_text().count("./dev test") == 1
