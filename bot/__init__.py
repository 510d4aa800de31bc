"""ncc-bot core: client, config, storage, command routing. Knows nothing of any feature."""

__version__ = "0.2.0"
