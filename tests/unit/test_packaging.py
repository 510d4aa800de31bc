"""Every data file the code reads ships in the wheel: a YAML file beside a module that pyproject.toml's
package-data does not declare works in the checkout and breaks the installed bot (the wheel test catches it
too, but minutes later)."""

import tomllib
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_data_file_is_declared_as_package_data() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    files = [p for top in ("bot", "handlers", "knowledge") for p in (ROOT / top).rglob("*.yaml")]
    assert files
    missing = []
    for path in files:
        package = ".".join(path.parent.relative_to(ROOT).parts)
        if not any(fnmatch(path.name, pattern) for pattern in declared.get(package, [])):
            missing.append(str(path.relative_to(ROOT)))
    assert missing == []
