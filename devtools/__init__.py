"""Developer tooling: the throwaway Synapse, the terminal chat client, the demo and the docs generator.
Used by ./dev, the tests and the benches; not part of the production package (the wheel ships bot/ and handlers/)."""
