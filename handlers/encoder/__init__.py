"""The shared sentence encoder: one multilingual model, loaded once, used by the FAQ and the needs.

The feature is declared in `feature.py` (a config section and a service, no commands).
"""

from handlers.encoder.feature import feature

__all__ = ["feature"]
