"""Small statistics for timings: nearest-rank percentiles and a summary line."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], p: float) -> float:
    """The nearest-rank ``p``-th percentile (0 < p ≤ 100) of ``values``."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def summary_ms(values_s: Sequence[float]) -> str:
    """p50/p90/p99/max of timings given in seconds, shown in milliseconds."""
    parts = [f"p{p}={percentile(values_s, p) * 1000:.2f}" for p in (50, 90, 99)]
    return " ".join([*parts, f"max={max(values_s) * 1000:.2f} ms"])
