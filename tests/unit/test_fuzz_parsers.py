"""20,000 generated inputs (fixed seed) through every parser of what people type or write: none may fail other
than with the project's own user-facing errors, and none may take more than 200 ms (a guard against inputs that
stall the bot, not a benchmark: `./dev bench fuzz` runs 100,000 and prints the figures)."""

from tests.fuzzing import run


def test_no_parser_crashes_or_stalls_on_generated_input() -> None:
    findings = run(20_000)
    assert findings.inputs >= 19_900
    assert findings.crashes == []
    assert findings.slowest[0] < 0.2, findings.slowest
    assert 0.2 < findings.refused / findings.inputs < 0.95  # the generator reaches both refusals and successes
