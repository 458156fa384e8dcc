"""`make bench`, `make load` and `make fuzz` run end to end with tiny counts. Nothing here is
timed: the numbers of a quick run mean nothing, only the shape of what the scripts write."""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CELLS = 6


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_bench_writes_a_well_formed_table(tmp_path: Path) -> None:
    out = tmp_path / "RESULTS.md"
    result = run("tests.perf.bench", "--quick", "--out", str(out))
    assert result.returncode == 0, result.stderr[-2000:]
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks: the coach against a bare ask-sdk skill")
    assert re.search(r"^Machine: .+ CPUs, .+CPython 3\.\d+", text, re.MULTILINE)
    lines = text.splitlines()
    start = lines.index("| measure | coach | baseline | ratio | target | result |")
    table = list(itertools.takewhile(lambda line: line.startswith("|"), lines[start:]))
    table.pop(1)  # the |---| line
    assert table[0] == "| measure | coach | baseline | ratio | target | result |"
    body = [row.strip("|").split(" | ") for row in table[1:]]
    assert len(body) >= 10 and all(len(cells) == CELLS for cells in body)
    for measure, coach, baseline, ratio, target, verdict in body:
        assert re.fullmatch(r"[\d.]+ (ms|µs|req/s|MiB)", coach.strip()), measure
        assert re.fullmatch(r"[\d.]+ (ms|µs|req/s|MiB)", baseline.strip()), measure
        assert re.fullmatch(r"\d+\.\d\d×", ratio.strip()), measure
        assert re.fullmatch(r"(≤|≥) \d\.\d\d×|—", target.strip()), measure
        assert verdict.strip() in ("met", "**missed**", "(shown)"), measure
    targets = [cells for cells in body if cells[4].strip() != "—"]
    assert len(targets) == 7
    assert "## How each was measured" in text and "Failed requests by side" in text
    assert result.stdout.startswith(table[0])


def test_load_reports_both_runs_the_attack_and_what_real_users_kept() -> None:
    result = run("tests.perf.load", "--requests", "40", "--threads", "4", "--attackers", "2",
                 "--rounds", "1")  # fmt: skip
    lines = result.stdout.splitlines()
    assert lines[0] == "load: 40 requests per run, 4 threads, keep-alive, verification on", (
        result.stdout + result.stderr[-2000:]
    )
    assert "  real users alone (1 runs)" in lines
    assert "  real users while 2 clients force certificate downloads (1 runs)" in lines
    runs = re.findall(r"(\d+) requests/s, (\d+) errors, latency p50=[\d.]+ .* ms", result.stdout)
    assert len(runs) == 2 and all(errors == "0" for _, errors in runs)
    assert re.search(r"attack +\d+ requests, 0 not refused with a 4xx", result.stdout)
    kept = re.search(r"kept +(\d+)% of real users' throughput", result.stdout)
    assert kept and re.search(r"server RSS +after a run [\d.]+ MiB, peak", result.stdout)
    # 40 requests say nothing of throughput: the verdict on it may go either way here.
    assert result.returncode == (0 if int(kept.group(1)) >= 80 else 1)


def test_fuzz_runner_reports_the_cases_it_ran() -> None:
    result = run("tests.perf.fuzz", "--cases", "8", "--jobs", "1")
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    last = result.stdout.splitlines()[-1]
    found = re.fullmatch(
        r"fuzz: (\d+) cases run \(accepted state (\d+), broken real (\d+), generated (\d+)\)"
        r" in \d+ s, 0 failures",
        last,
    )
    assert found, last
    total, *per_property = map(int, found.groups())
    assert total == sum(per_property) and all(per_property[1:])  # few states may be accepted
