"""The prose of the results file: how each measure was taken, where the time goes, and the
cause of each missed target, filled in with this run's numbers."""

from __future__ import annotations

from typing import Any

from skill.web.server import THREADS
from tests.perf.results import Row


def _method(plan: Any) -> str:
    e = plan.endpoint
    return f"""
Baseline: `tests/perf/baseline_skill.py`, one ask-sdk-core handler that greets every request and
ignores slots, session attributes and the user. Both sides get the same envelopes: the 20-turn
routine recorded from the coach (`tests/perf/envelopes.py`), replayed for a new user each time.

- **Cold start**: {plan.cold} fresh `python -c` processes per side, alternating. Each first
  imports what Lambda's Python runtime (awslambdaric's bootstrap) has imported before it
  imports a handler module (`json`, `logging` with a handler on the root logger, `traceback`
  and the rest), then is timed from there to a ready Lambda handler (the coach:
  `import skill.alexa.lambda_function`, which loads and checks the content and builds the
  skill on SQLite), then to the first response (a LaunchRequest); and from outside for the
  whole process, interpreter included. The DynamoDB row is the
  same import with `TABLE_NAME` set, as on Lambda (no table is called), against the baseline
  built on the SDK's DynamoDB adapter (`make_dynamo_handler`). Both sides read
  bytecode compiled by one untimed run first, as pip compiles the SDK's at install and
  `make package` ships the coach's (with the runtime's Python at hand), so no sample
  includes compiling source.
- **Warm step turn**: "next" inside knee to chest, as a Lambda invocation (JSON in, dict out),
  {plan.step} samples per side without a store, {plan.step_store} with the SQLite store (each
  sample a user whose record was saved by an untimed "start knee to chest"), in alternating
  blocks of 25.
- **20-turn routine**: {plan.routines} routines per side on SQLite, alternating; each turn timed.
- **Endpoint**: `create_app` + `make_server` (waitress, {THREADS} threads) in a process of its
  own per side, verification on (signature over the body, certificate chain from a generated
  test PKI fetched once and cached, timestamp, skill id). {e.threads} client threads on keep-alive
  connections, {e.warm_up} warm-up requests, then {e.rounds} alternating rounds of
  {e.per_round} requests per side: the routine of one new user after another, the same signed
  requests for every side, signed before the round starts. Each client thread is one device
  at a time: it sends one user's turns in order, each after the last one's answer, so no two
  turns of one user are ever in flight together (no device sends them so). Throughput is
  successful requests over the rounds' wall time. The coach built without a store is served
  and loaded the same way beside them, so the store's share of the gap is measured too.
- **Memory**: {plan.memory} fresh processes per side: start-up, then the routine; the peak of
  VmHWM, and in separate processes the tracemalloc peak from before the first import.
"""


def _imports(found: dict[str, Any], rows: list[Row]) -> str:
    lines = ["| what the coach imports or runs beyond the baseline | ms |", "|---|---|"]
    for name, ms in found["imports"].items():
        if ms >= 0.3:
            lines.append(f"| {name} | {ms:.1f} |")
    total = sum(found["imports"].values())
    lines.append(f"| all of it (one `-X importtime` run; self-times add up) | {total:.1f} |")
    c = found["classes"]
    return "\n".join(lines) + (
        f"\n\nBy the time its handler is ready the coach has loaded {c['modules']} modules of its "
        f"own, defining {c['named_tuples']} named tuples, {c['enums']} enums and "
        f"{c['dataclasses']} dataclasses. Building {c['named_tuples']} named tuples afresh takes "
        f"{c['tuples_ms']:.1f} ms on this machine, and as many frozen dataclasses "
        f"{c['frozen_ms']:.1f} ms (CPython compiles a dataclass's methods at import): why the "
        "values on the Lambda path are named tuples."
        "\n\nKept out of start-up: PyYAML and the YAML parse (the content is read from "
        "`content/snapshot.json` while it matches the YAML); `xml.sax.saxutils` (SSML is "
        "escaped without it), which imports `urllib.request`, `http.client` and `email`; "
        "`uuid`, which imports `platform`, and `random` (the store's versions and a record's "
        "lineage come from `os.urandom`); and, until a turn needs them, the screens with the "
        "SDK's APL classes, the permission directive, and slot resolution's model classes."
        + _dynamo(rows)
    )


def _dynamo(rows: list[Row]) -> str:
    by_name = {row.measure: row for row in rows}
    sqlite = by_name.get("cold start: imports, content, build (median)")
    dynamo = next((r for r in rows if r.measure.startswith("cold start on DynamoDB")), None)
    if not (sqlite and dynamo):
        return ""
    return (
        "\n\nOn Lambda the store is DynamoDB: there the coach starts "
        f"{dynamo.coach - sqlite.coach:.0f} ms later than on SQLite, importing boto3 and "
        "making one DynamoDB client. Any skill that keeps its users on DynamoDB pays for boto3, "
        "so that row's floor is the baseline keeping its users through the SDK's DynamoDB "
        f"adapter, ready in {dynamo.baseline:.0f} ms."
    )


def _warm(found: dict[str, Any]) -> str:
    parts = ["| the coach's own part of the step turn, timed alone (median) | µs |", "|---|---|"]
    parts += [f"| {name} | {us:.1f} |" for name, us in found["parts"].items()]
    return (
        found["profile"]
        + "\n\n"
        + "\n".join(parts)
        + "\n\nEvery sample above sends a state seen before, as every user at the same place of "
        "a stretch with the same preferences does, and codec.decode keeps each state it "
        "accepted by its text. A state not seen before is checked in full: "
        f"{found['decode_unseen']:.1f} µs (median, the kept states emptied before each sample)."
        + f"\n\nOne record save on SQLite: {found['save']:.0f} µs (median), as the store runs "
        "(WAL at synchronous=NORMAL: a commit does not wait for an fsync)."
    )


def _store_share(row: Row, cpu: dict[str, float], no_store_throughput: float) -> str:
    """What the endpoint gap is without the store, from the coach served without one."""
    return (
        "Served the same way without a store, the coach's turns took "
        f"{cpu['coach_no_store']:.2f} ms a request against {cpu['coach']:.2f} ms with SQLite, "
        f"and it answered {no_store_throughput:.0f} requests a second, "
        f"{no_store_throughput / row.baseline:.2f} times the baseline's (with SQLite "
        f"{row.coach / row.baseline:.2f}). The difference is the store. Each of its SQLite calls "
        "releases the interpreter lock to another of the server's threads and waits to take it "
        "back: the likeliest reason it costs more there than on one thread (the parts above)."
    )


def _is_store(part: str) -> bool:
    return part.startswith("SQLite") or "record" in part


def _cause(row: Row, rows: list[Row], found: dict[str, Any]) -> str | None:
    imports = found["imports"]
    own = sum(ms for name, ms in imports.items() if name.startswith("skill"))
    by_name = {r.measure: r for r in rows}
    if row.measure.startswith("cold start on DynamoDB"):
        return (
            f"**{row.measure}**: both sides import boto3 and make their DynamoDB handle; what "
            f"the coach adds over the adapter baseline ({row.coach - row.baseline:.0f} ms) is "
            "its own start-up, the same as on SQLite (the cause below)."
        )
    if row.measure.startswith("cold start"):
        return (
            f"**{row.measure}**: the baseline is the SDK alone; the coach adds {own:.0f} ms of "
            "its own modules and start-up work (the import table above): reading each module's "
            "bytecode and running its body, the enums and named tuples among it, then the "
            "content check and the skill build. What start-up no longer does is listed under "
            "the table; what is left is the code itself, spread over its modules, with no one "
            "part large enough to cut alone."
        )
    if row.measure.startswith("warm step turn, no store"):
        core = sum(us for name, us in found["parts"].items() if not _is_store(name))
        allowed = (row.limit - 1) * row.baseline if row.limit else 0.0
        return (
            f"**{row.measure}**: not one hot spot but the turn itself. The target allows "
            f"{allowed:.0f} µs more than the baseline; the coach takes "
            f"{row.coach - row.baseline:.0f} µs more. Its pure core (state read back and "
            f"checked, the dialogue, the SSML, the state written) takes {core:.0f} µs of that "
            "timed alone (the table above), and the rest is the turn around it: the SDK "
            "building and serialising a larger response (SSML with the hold's breaks and cues, "
            "a reprompt, a card, the session state), the user's time and facts, the screen "
            "check. Already done: a plan item's segments, a chunk's steps and each act's SSML "
            "worked out once, each accepted state kept by its text, values copied in C "
            "(named tuples), the handlers of most turns tried first."
        )
    if "SQLite" in row.measure:
        nostore = by_name.get("warm step turn, no store, median")
        stored = by_name.get("warm step turn, SQLite store, median")
        added = f"{stored.coach - nostore.coach:.0f} µs" if nostore and stored else "the time"
        alone = sum(us for name, us in found["parts"].items() if _is_store(name))
        step_row = stored or row
        allowed = (step_row.limit - 1) * step_row.baseline if step_row.limit else 0.0
        before = f"{nostore.coach - nostore.baseline:.0f} µs" if nostore else "some"
        inside = (
            "Inside a turn they cost more: each sample is another user's record, and the "
            "record's pages and the SDK's objects compete for the processor's caches (a larger "
            "SQLite page cache and memory-mapped reads were tried and changed nothing). "
        )
        return (
            "**The turns on SQLite**: the coach loads, checks and saves the user's record every "
            f"turn; the baseline stores nothing. The step turn's target allows {allowed:.0f} µs "
            f"more than the baseline, and without a store the coach already takes {before} "
            f"more (above). The store adds {added} to the step turn; timed "
            f"alone, its parts (load, check, the record after the turn, save) take {alone:.0f} µs. "
            + (inside if stored and nostore and alone < stored.coach - nostore.coach else "")
            + "Already "
            "done: no fsync per commit, no write when the record did not change, the stored "
            "state not read back when the session carries one, the record's JSON written by an "
            "encoder built once. Not done: saving the record "
            "only when a session ends, which would drop a write per turn but lose the user's "
            "place whenever the end of a session is not seen."
        )
    if row.measure.startswith("endpoint throughput"):
        routine = by_name.get("20-turn routine, SQLite, per turn, median")
        in_process = (routine.coach - routine.baseline) / 1000 if routine else 0.0
        extra = 1000 / row.coach - 1000 / row.baseline
        cpu = found["turn_cpu_ms"]
        turns = cpu["coach"] - cpu["baseline"]
        return (
            f"**{row.measure}**: both endpoints do the same HTTP, verification and SDK work per "
            f"request. The baseline answers one request every {1000 / row.baseline:.2f} ms of "
            f"the server's time, the coach one every {1000 / row.coach:.2f} ms: {extra:.2f} ms "
            "more. Measured inside each server (thread CPU time in the skill's own turn, its "
            f"store included), the coach's turns take {cpu['coach']:.2f} ms a request there and "
            f"the baseline's {cpu['baseline']:.2f} ms: {turns:.2f} ms, {turns / extra:.0%} of "
            f"the gap. In process, on one thread, the same routine's turns cost the coach "
            f"{in_process:.2f} ms more than the baseline's, so under the server's {THREADS} "
            f"threads its extra work costs {turns / in_process if in_process else 0:.1f} times "
            f"as much. {_store_share(row, cpu, found['no_store_throughput'])} Tried, in separate "
            "runs of two or three "
            "rounds: the coach's SQLite file in memory (/dev/shm) rather than on disk, a smaller "
            "page cache, memory-mapped reads, SQLite's shared-cache mode, the server's garbage "
            "collector frozen after "
            "start-up or off, and the interpreter's switch interval at 0.5 ms and at 50 ms; none "
            "moved the coach's throughput beyond the noise between rounds. One SQLite connection "
            "shared by every thread behind a lock made it worse (0.45 times the baseline's): "
            "the lock is held while SQLite runs without the interpreter lock, so threads queue."
        )
    if row.measure.startswith("peak RSS"):
        return (
            f"**{row.measure}**: the coach's modules and the parsed content stay resident "
            "after start-up; the baseline loads only the SDK."
        )
    return None


MISSED = "Why targets were missed"  # the section make bench also prints


def sections(rows: list[Row], found: dict[str, Any]) -> list[tuple[str, str]]:
    missed: list[str] = []
    for row in rows:
        cause = _cause(row, rows, found) if row.met is False else None
        if cause and cause not in missed:
            missed.append(cause)
    out = [
        ("How each was measured", _method(found["plan"])),
        ("Where the coach's start-up time goes", _imports(found, rows)),
        ("Where a warm turn's time goes", _warm(found)),
    ]
    if missed:
        out.append((MISSED, "\n\n".join(missed)))
    errors = found["errors"]
    counts = ", ".join(f"{side.replace('_', ' ')}: {count}" for side, count in errors.items())
    out.append(("Endpoint errors", f"Failed requests by side: {counts}."))
    return out
