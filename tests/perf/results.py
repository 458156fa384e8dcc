"""The benchmark table: rows of coach against baseline, the ratio, the target and the verdict,
rendered as Markdown together with the facts of the machine it ran on."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata

PACKAGES = ("ask-sdk-core", "flask-ask-sdk", "flask", "waitress", "pyyaml")


@dataclass(frozen=True)
class Row:
    """One measure; ``limit`` is the target ratio, ``higher`` when more is better."""

    measure: str
    coach: float
    baseline: float
    unit: str
    limit: float | None = None
    higher: bool = False

    @property
    def ratio(self) -> float:
        return self.coach / self.baseline if self.baseline else float("inf")

    @property
    def target(self) -> str:
        if self.limit is None:
            return "—"
        return f"{'≥' if self.higher else '≤'} {self.limit:.2f}×"

    @property
    def met(self) -> bool | None:
        if self.limit is None:
            return None
        return self.ratio >= self.limit if self.higher else self.ratio <= self.limit

    @property
    def verdict(self) -> str:
        return {None: "(shown)", True: "met", False: "**missed**"}[self.met]

    def cells(self) -> list[str]:
        return [
            self.measure,
            f"{_number(self.coach)} {self.unit}",
            f"{_number(self.baseline)} {self.unit}",
            f"{self.ratio:.2f}×",
            self.target,
            self.verdict,
        ]


def _number(value: float) -> str:
    return f"{value:.0f}" if value >= 100 else f"{value:.2f}" if value < 10 else f"{value:.1f}"


def table(rows: list[Row]) -> str:
    head = ["measure", "coach", "baseline", "ratio", "target", "result"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in rows]
    return "\n".join(lines)


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _memory_gib() -> str:
    try:
        with open("/proc/meminfo", encoding="utf-8") as info:
            kib = int(next(line for line in info if line.startswith("MemTotal")).split()[1])
        return f"{kib / 2**20:.1f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        return "RAM unknown"


def machine() -> str:
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    return (
        f"{_cpu_model()}, {os.cpu_count()} CPUs, {_memory_gib()}, {platform.system()} "
        f"{platform.release()}, {platform.python_implementation()} {platform.python_version()}; "
        + ", ".join(versions)
    )


def document(rows: list[Row], sections: list[tuple[str, str]], quick: bool) -> str:
    """The whole results file: header, table, then each (title, Markdown body) section."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    kind = "a quick run with tiny sample counts (numbers not meaningful)" if quick else "a full run"
    missed = [row.measure for row in rows if row.met is False]
    parts = [
        "# Benchmarks: the coach against a bare ask-sdk skill",
        "",
        f"Written by `make bench` (`tests/perf/bench.py`), {kind}, on {stamp}; each run "
        "overwrites this file.",
        "",
        f"Machine: {machine()}.",
        "",
        table(rows),
        "",
        f"Targets met: {sum(row.met is True for row in rows)} of "
        f"{sum(row.met is not None for row in rows)}."
        + (f" Missed: {'; '.join(missed)}." if missed else ""),
    ]
    for title, body in sections:
        parts += ["", f"## {title}", "", body.strip()]
    return "\n".join(parts) + "\n"
