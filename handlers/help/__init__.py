"""`!help` in seven languages: the renderer and each feature's translated help lines (`<feature>.yaml`)."""

from pathlib import Path

HELP_DIR = Path(__file__).parent
