"""The prose of the results file: how each measure was taken, where the time goes, and the
cause of each missed target, filled in with this run's numbers."""

from __future__ import annotations

from typing import Any

from tests.perf.results import Row


def _method(plan: Any) -> str:
    e = plan.endpoint
    return f"""
Baseline: `tests/perf/baseline_skill.py`, one ask-sdk-core handler that greets every request and
ignores slots, session attributes and the user. Both sides get the same envelopes: the 20-turn
routine recorded from the coach (`tests/perf/envelopes.py`), replayed for a new user each time.

- **Cold start**: {plan.cold} fresh `python -c` processes per side, alternating; timed inside
  from the first import to a ready Lambda handler (the coach: `import skill.alexa.lambda_function`,
  which loads and checks the content and builds the skill on SQLite), then to the first
  response (a LaunchRequest), and from outside for the whole process. The DynamoDB row is the
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
- **Endpoint**: `create_app` + `make_server` (waitress, 4 threads) in a process of its own per
  side, verification on (signature over the body, certificate chain from a generated test PKI
  fetched once and cached, timestamp, skill id). {e.threads} client threads on keep-alive
  connections, {e.warm_up} warm-up requests, then {e.rounds} alternating rounds of
  {e.per_round} requests per side: the routine of one new user after another, the same signed
  requests for every side, signed before the round starts. Each client thread is one device
  at a time: it sends one user's turns in order, each after the last one's answer, so no two
  turns of one user are ever in flight together (no device sends them so). Throughput is
  successful requests over the rounds' wall time.
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
    return "\n".join(lines) + (
        "\n\nAlready kept out of start-up: PyYAML and the YAML parse (the content is read from "
        "`content/snapshot.json` while it matches the YAML), and `xml.sax.saxutils` (SSML is "
        "escaped without it), which imports `urllib.request`, `http.client` and `email`."
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
    return (
        found["profile"]
        + f"\n\nOne record save on SQLite: {found['save']:.0f} µs (median), as the store runs "
        "(WAL at synchronous=NORMAL: a commit does not wait for an fsync)."
    )


def _cause(row: Row, rows: list[Row], found: dict[str, Any]) -> str | None:
    imports = found["imports"]
    own = sum(ms for name, ms in imports.items() if name.startswith("skill"))
    classes = found["classes"]
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
            "its own modules and start-up work (the import table above). The largest part is "
            f"building classes: the coach's modules define {classes['dataclasses']} frozen "
            f"dataclasses and {classes['enums']} enums by the time the handler is ready, and "
            f"building that many frozen dataclasses afresh takes {classes['build_ms']:.0f} ms "
            "on this machine (CPython compiles each one's generated methods at import). Already "
            "done: no PyYAML and no YAML parse at start-up (the content is read from "
            "`content/snapshot.json`), bytecode shipped in the Lambda zip, the APL and "
            "permission classes loaded on first use. Meeting 1.25× would need far fewer "
            "dataclasses (plain classes or tuples for the values), a rewrite of the dialogue's "
            "values that was not taken on."
        )
    if row.measure.startswith("warm step turn, no store"):
        return (
            f"**{row.measure}**: not one hot spot but the turn itself: reading back and checking "
            "the session state, advancing the dialogue, rendering the SSML with the hold's "
            "breaks and cues plus a card, and a larger response for the SDK to serialise (see "
            "the profile above). The baseline's handler does none of that."
        )
    if "SQLite" in row.measure:
        nostore = by_name.get("warm step turn, no store, median")
        stored = by_name.get("warm step turn, SQLite store, median")
        added = f"{stored.coach - nostore.coach:.0f} µs" if nostore and stored else "the time"
        return (
            "**The turns on SQLite**: the coach loads, checks and saves the user's record every "
            f"turn; the baseline stores nothing. Of the {added} the store adds to the step turn, "
            f"about {found['save']:.0f} µs is the save itself; the rest is reading, checking "
            "and writing the record's JSON."
        )
    if row.measure.startswith("endpoint throughput"):
        routine = by_name.get("20-turn routine, SQLite, per turn, median")
        in_process = f"{(routine.coach - routine.baseline) / 1000:.2f} ms" if routine else "?"
        extra = 1000 / row.coach - 1000 / row.baseline
        share = (routine.coach - routine.baseline) / 1000 / extra if routine and extra else 0
        return (
            f"**{row.measure}**: both endpoints do the same parsing, verification and SDK work "
            f"per request. The baseline answers one request every {1000 / row.baseline:.2f} ms "
            f"of the server's time, the coach one every {1000 / row.coach:.2f} ms: "
            f"{extra:.2f} ms more. The {in_process} a routine turn costs the coach over the "
            f"baseline in process (its turn and the store, above) is {share:.0%} of that; the "
            "server's four threads share one interpreter lock, so none of it hides behind "
            "concurrency. The rest is not yet explained by a measurement of this run."
        )
    if row.measure.startswith("peak RSS"):
        return (
            f"**{row.measure}**: the coach's modules and the parsed content stay resident "
            "after start-up; the baseline loads only the SDK."
        )
    return None


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
        out.append(("Why targets were missed", "\n\n".join(missed)))
    errors = found["errors"]
    counts = ", ".join(f"{side.replace('_', ' ')}: {count}" for side, count in errors.items())
    out.append(("Endpoint errors", f"Failed requests by side: {counts}."))
    return out
