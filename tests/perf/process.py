"""Measurements that need a fresh interpreter: cold start, peak memory, and where the coach's
extra start-up time goes (``-X importtime``). One subprocess per sample, sides alternating."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Each side's start-up: imports, content load and skill build, ending with a Lambda handler.
# "dynamo" is the coach as Lambda runs it, on DynamoDB (TABLE_NAME set; no table is called),
# and "adapter" its floor: the baseline keeping its users through the SDK's DynamoDB adapter.
READY = {
    "coach": "from skill.alexa.lambda_function import handler",
    "baseline": "from tests.perf.baseline_skill import make_handler; handler = make_handler()",
    "dynamo": "from skill.alexa.lambda_function import handler",
    "adapter": "from tests.perf.baseline_skill import make_dynamo_handler as make\n"
    "handler = make()",
}
ON_DYNAMODB = ("dynamo", "adapter")
# What Lambda's Python runtime (awslambdaric's bootstrap) has imported, and its logging set
# up, before it imports the handler's module; a sample starts its clock from there, as Lambda
# runs the module.
_RUNTIME = "import importlib, json, logging, os, sys, time, traceback"
_COLD = (
    _RUNTIME
    + """
logging.getLogger().addHandler(logging.StreamHandler())
started = time.perf_counter()
{ready}
ready = time.perf_counter()
if sys.argv[2] == "answer":
    handler(json.load(open(sys.argv[1]))[0], None)
print(json.dumps({{"ready": ready - started, "first": time.perf_counter() - started}}))
"""
)
_MEMORY = """
import json, sys{tracing}
{ready}
for event in json.load(open(sys.argv[1])):
    handler(event, None)
peak = {peak}
print(json.dumps({{"peak": peak}}))
"""
# VmHWM, not ru_maxrss: after fork and exec, ru_maxrss still counts the parent's pages.
_HWM = "next(line for line in open('/proc/self/status') if line.startswith('VmHWM'))"
_RSS = ("", f"int({_HWM}.split()[1]) * 1024")
_TRACED = ("\nimport tracemalloc; tracemalloc.start()", "tracemalloc.get_traced_memory()[1]")


@dataclass
class Samples:
    values: dict[str, dict[str, list[float]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )

    def of(self, side: str, key: str) -> list[float]:
        return self.values[side][key]


def _env(folder: Path, side: str = "coach") -> dict[str, str]:
    """A sample's environment. Both sides read bytecode from one cache, filled by an untimed
    first run (:func:`compiled`): pip compiled the SDK's at install, and a deployed skill ships
    its own, so neither side's timings include compiling source."""
    unset = ("TABLE_NAME", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env |= {
        "PYTHONPATH": str(ROOT),
        "PYTHONPYCACHEPREFIX": str(folder / "bytecode"),
        "SKILL_DB_PATH": str(folder / "cold.sqlite3"),
        "LOG_LEVEL": "WARNING",
    }
    if side in ON_DYNAMODB:
        env |= {"TABLE_NAME": "bench-never-called"}
        env.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    return env


def _run(code: str, events: Path, folder: Path, side: str, *args: str) -> dict[str, float]:
    command = [sys.executable, "-c", code, str(events), *args]
    env = _env(folder, side)
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"sample failed: {result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _alternating(samples: int, sides: tuple[str, ...] = ("coach", "baseline")) -> list[str]:
    order = []
    for index in range(samples):
        order += sides if index % 2 == 0 else sides[::-1]
    return order


def compiled(events: Path, folder: Path) -> None:
    """One untimed run of each side, which writes every module's bytecode to the cache."""
    for side in READY:
        _run(_COLD.format(ready=READY[side]), events, folder, side, "no")


def cold_start(samples: int, events: Path, folder: Path) -> Samples:
    """Seconds to a ready handler, to the first response (not on DynamoDB, whose table cannot
    be reached here), and of the whole process."""
    compiled(events, folder)
    out = Samples()
    for side in _alternating(samples, tuple(READY)):
        started = time.perf_counter()
        answer = "no" if side in ON_DYNAMODB else "answer"
        found = _run(_COLD.format(ready=READY[side]), events, folder, side, answer)
        found["process"] = time.perf_counter() - started
        for key, value in found.items():
            out.of(side, key).append(value)
    return out


def memory(samples: int, events: Path, folder: Path) -> Samples:
    """Peak RSS and peak traced Python allocations (bytes) over start-up and ``events``."""
    compiled(events, folder)
    out = Samples()
    for side in _alternating(samples):
        for key, (tracing, peak) in (("rss", _RSS), ("traced", _TRACED)):
            code = _MEMORY.format(tracing=tracing, ready=READY[side], peak=peak)
            out.of(side, key).append(_run(code, events, folder, side)["peak"])
    return out


def _group(module: str) -> str:
    if module == "skill.alexa.lambda_function":
        return "skill.alexa.lambda_function (module body: content load, skill build)"
    if module == "skill" or module.startswith("skill."):
        return "skill.* (the coach's own modules)"
    top = module.split(".")[0].lstrip("_")
    return "yaml (PyYAML)" if top == "yaml" else top


def import_breakdown(folder: Path) -> dict[str, float]:
    """Milliseconds of import self-time the coach adds after the baseline, by package."""
    # tests.perf.stats, imported by neither side, marks where the baseline's imports end.
    code = f"{_RUNTIME}\n{READY['baseline']}\nimport tests.perf.stats\n{READY['coach']}"
    command = [sys.executable, "-X", "importtime", "-c", code]
    result = subprocess.run(
        command, cwd=ROOT, env=_env(folder), capture_output=True, text=True, timeout=120
    )
    lines = [line for line in result.stderr.splitlines() if line.startswith("import time:")]
    marker = next(i for i, line in enumerate(lines) if line.rstrip().endswith("| tests.perf.stats"))
    totals: dict[str, float] = defaultdict(float)
    for line in lines[marker + 1 :]:
        self_us, _, name = line.removeprefix("import time:").split("|")
        totals[_group(name.strip())] += int(self_us) / 1000
    return dict(sorted(totals.items(), key=lambda item: -item[1]))


_CLASSES = """
import dataclasses, enum, json, sys, time
from typing import NamedTuple
{ready}
modules = [m for n, m in list(sys.modules.items()) if n == "skill" or n.startswith("skill.")]
own = {{id(c): c for m in modules for c in vars(m).values()
       if isinstance(c, type) and c.__module__ == m.__name__}}.values()
tuples = sum(issubclass(c, tuple) and hasattr(c, "_fields") for c in own)
enums = sum(issubclass(c, enum.Enum) for c in own)
dataclass_count = sum(dataclasses.is_dataclass(c) for c in own)
started = time.perf_counter()
for n in range(tuples):  # as many named tuples, of four fields each, built afresh
    NamedTuple(f"T{{n}}", [("a", int), ("b", str), ("c", tuple), ("d", bool)])
tuples_ms = (time.perf_counter() - started) * 1000
started = time.perf_counter()
for n in range(tuples):  # and as many frozen dataclasses, as the values were before
    body = {{"__annotations__": {{"a": "int", "b": "str", "c": "tuple", "d": "bool"}},
            "a": 0, "b": "", "c": (), "d": False}}
    dataclasses.dataclass(frozen=True)(type(f"C{{n}}", (), body))
frozen_ms = (time.perf_counter() - started) * 1000
print(json.dumps({{"modules": len(modules), "named_tuples": tuples, "enums": enums,
                  "dataclasses": dataclass_count, "tuples_ms": tuples_ms, "frozen_ms": frozen_ms}}))
"""


def classes_at_start(folder: Path) -> dict[str, float]:
    """How many named tuples, enums and dataclasses the coach's modules define by the time its
    handler is ready, and what building that many named tuples, and as many frozen dataclasses,
    costs on this machine (ms)."""
    command = [sys.executable, "-c", _CLASSES.format(ready=READY["coach"])]
    result = subprocess.run(
        command, cwd=ROOT, env=_env(folder), capture_output=True, text=True, timeout=120
    )
    if result.returncode != 0:
        raise RuntimeError(f"class count failed: {result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])
