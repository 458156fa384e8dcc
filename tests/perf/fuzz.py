"""``make fuzz``: the properties of ``tests/alexa/test_fuzz.py`` for many more cases.

The cases (100,000 by default, or ``--cases``/FUZZ_CASES) are split over the properties and
over one worker process per CPU. At the end it prints the number of cases actually run (counted
inside the property bodies), what they were answered with, the exceptions the skill caught and
answered with its apology, and any failure; it exits 1 on a failure.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MARK = "FUZZ-RESULT "
PROPERTIES = (
    "test_generated_envelopes_get_valid_answers",
    "test_broken_real_envelopes_get_valid_answers",
    "test_every_state_the_codec_accepts_is_answered_without_the_apology",
)


def worker() -> int:
    """Run every property once (FUZZ_EXAMPLES cases each); print the tallies as one line."""
    import logging

    from tests.alexa import test_fuzz

    root = logging.getLogger()
    root.handlers.clear()
    root.addHandler(logging.NullHandler())
    failures = []
    for name in PROPERTIES:
        try:
            getattr(test_fuzz, name)()
        except Exception:  # a falsified property: report it with its example
            failures.append(f"{name}:\n{traceback.format_exc()[-4000:]}")
    tallies = {
        "cases": dict(test_fuzz.CASES),
        "outcomes": dict(test_fuzz.OUTCOMES),
        "faults": dict(test_fuzz.FAULTS),
        "failures": failures,
    }
    print(MARK + json.dumps(tallies), flush=True)
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=int(os.environ.get("FUZZ_CASES", 100_000)))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return worker()

    per_property = math.ceil(args.cases / (len(PROPERTIES) * args.jobs))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "FUZZ_EXAMPLES": str(per_property)}
    command = [sys.executable, "-m", "tests.perf.fuzz", "--worker"]
    print(f"fuzz: {args.jobs} workers × {len(PROPERTIES)} properties × {per_property} cases")
    started = time.monotonic()
    workers = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(args.jobs)
    ]
    cases: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    faults: Counter[str] = Counter()
    failures: list[str] = []
    for process in workers:
        out, _ = process.communicate()
        lines = [line for line in out.splitlines() if line.startswith(MARK)]
        if not lines:
            failures.append(f"a worker stopped without a result (exit {process.returncode})")
            continue
        tallies = json.loads(lines[-1][len(MARK) :])
        cases.update(tallies["cases"])
        outcomes.update(tallies["outcomes"])
        faults.update(tallies["faults"])
        failures += tallies["failures"]

    for failure in failures:
        print(failure, file=sys.stderr)
    elapsed = time.monotonic() - started
    print(f"  answered with: {', '.join(f'{k} {v}' for k, v in outcomes.most_common())}")
    caught = ", ".join(f"{k} ×{v}" for k, v in faults.most_common()) or "none"
    print(f"  exceptions caught inside the skill (answered with its apology): {caught}")
    by_property = ", ".join(f"{k} {v}" for k, v in sorted(cases.items()))
    print(f"fuzz: {sum(cases.values())} cases run ({by_property}) in {elapsed:.0f} s, "
          f"{len(failures)} failures")  # fmt: skip
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
