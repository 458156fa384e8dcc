"""``make bench``: the coach against a bare hello-world ask-sdk skill, in one run, alternating.

Both get the same request envelopes (recorded from a real 20-turn routine with the coach), so
each ratio is the coach's own work. Prints the table and writes it, with the machine's facts and
what explains each missed target, to ``tests/perf/RESULTS.md`` (or ``--out``).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.perf import causes, envelopes, notes, process, turns
from tests.perf.endpoint import EndpointPlan, endpoint
from tests.perf.loadgen import scratch
from tests.perf.results import Row, document, table
from tests.perf.stats import median, percentile

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


@dataclass(frozen=True)
class Plan:
    cold: int
    memory: int
    step: int
    step_store: int
    routines: int
    profile: int
    saves: int
    endpoint: EndpointPlan


FULL = Plan(40, 5, 3000, 2000, 100, 500, 300, EndpointPlan(4, 2500, 300))
QUICK = Plan(1, 1, 20, 10, 2, 10, 5, EndpointPlan(2, 20, 5, threads=4))


def _say(text: str) -> None:
    print(f"bench: {text}", file=sys.stderr, flush=True)


def _pair_rows(name: str, pair: turns.Pair, target: float) -> list[Row]:
    micro = 1e6
    return [
        Row(f"{name}, median", median(pair.coach) * micro, median(pair.baseline) * micro,
            "µs", target),
        Row(f"{name}, p99", percentile(pair.coach, 99) * micro,
            percentile(pair.baseline, 99) * micro, "µs"),
    ]  # fmt: skip


def measure(plan: Plan, folder: Path) -> tuple[list[Row], dict[str, object]]:
    """Every measure of the table, and the extra findings the notes draw on."""
    routine = envelopes.dump(envelopes.as_user(envelopes.routine()), folder / "routine.json")
    _say(f"cold start, {plan.cold} fresh interpreters per side")
    cold = process.cold_start(plan.cold, routine, folder)
    _say(f"peak memory, {plan.memory} fresh interpreters per side and kind")
    memory = process.memory(plan.memory, routine, folder)
    _say("warm turns")
    turns.warm_up(folder)
    step = turns.step_turn(plan.step, folder, with_store=False)
    step_store = turns.step_turn(plan.step_store, folder, with_store=True)
    conversation = turns.conversation(plan.routines, folder)
    _say(f"endpoint, {plan.endpoint.rounds} rounds of {plan.endpoint.per_round} per side")
    served = endpoint(plan.endpoint, folder)
    _say("profiles")
    found: dict[str, object] = {
        "imports": process.import_breakdown(folder),
        "classes": process.classes_at_start(folder),
        "profile": causes.turn_profile(plan.profile),
        "save": causes.sqlite_save(folder, plan.saves),
        "parts": causes.core_parts(folder, plan.saves),
        "decode_unseen": causes.decode_unseen(plan.saves),
        "errors": {side: result.errors for side, result in served.items()},
        "turn_cpu_ms": {side: result.turn_cpu_s * 1000 for side, result in served.items()},
        "no_store_throughput": served["coach_no_store"].throughput,
        "plan": plan,
    }

    def cold_row(key: str, label: str, limit: float | None = None) -> Row:
        values = {side: median(cold.of(side, key)) * 1000 for side in ("coach", "baseline")}
        return Row(label, values["coach"], values["baseline"], "ms", limit)

    def memory_row(key: str, label: str, limit: float | None = None) -> Row:
        values = {side: max(memory.of(side, key)) / 2**20 for side in ("coach", "baseline")}
        return Row(label, values["coach"], values["baseline"], "MiB", limit)

    coach, baseline = served["coach"], served["baseline"]
    rows = [
        cold_row("ready", "cold start: imports, content, build (median)", 1.25),
        cold_row("first", "cold start to the first response (median)"),
        cold_row("process", "cold start, whole process with interpreter (median)"),
        Row("cold start on DynamoDB as on Lambda, against the baseline on the SDK's DynamoDB "
            "adapter: imports, content, build (median)", median(cold.of("dynamo", "ready")) * 1000,
            median(cold.of("adapter", "ready")) * 1000, "ms", 1.25),
        *_pair_rows("warm step turn, no store", step, 1.3),
        *_pair_rows("warm step turn, SQLite store", step_store, 1.5),
        *_pair_rows("20-turn routine, SQLite, per turn", conversation, 1.5),
        Row("endpoint throughput, verification on", coach.throughput, baseline.throughput,
            "req/s", 0.8, higher=True),
        Row("endpoint latency p99", percentile(coach.latencies_s, 99) * 1000,
            percentile(baseline.latencies_s, 99) * 1000, "ms"),
        memory_row("rss", "peak RSS (VmHWM), start-up + routine", 1.3),
        memory_row("traced", "peak Python allocations (tracemalloc)"),
    ]  # fmt: skip
    return rows, found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sample counts, for a check")
    parser.add_argument("--out", type=Path, default=RESULTS, help="results file to overwrite")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    with scratch() as folder:
        rows, found = measure(plan, folder)
    written = notes.sections(rows, found)
    args.out.write_text(document(rows, written, quick=args.quick), encoding="utf-8")
    print(table(rows))
    for title, body in written:
        if title == notes.MISSED:  # what stops each missed row, measured, as in the file
            print(f"\n{title} (the tables it names are in {args.out.name}):\n\n{body}")
    print(f"\nwritten to {args.out}")
    errors = found["errors"]
    assert isinstance(errors, dict)
    if any(errors.values()):
        print(f"endpoint errors: {errors}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
