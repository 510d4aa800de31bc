"""Features: one module (or package) per feature, each exposing a `router`."""
