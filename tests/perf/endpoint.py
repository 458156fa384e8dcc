"""Endpoint throughput: the coach's and the baseline's endpoints, and the coach's without a
store, each in its own process with verification on, loaded in alternating rounds with the same
signed requests; and, read from each server, the CPU its skill's own turns took there."""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass
from pathlib import Path

from tests.perf.envelopes import ROUTINE
from tests.perf.loadgen import (
    LoadResult,
    SignedBodies,
    new_pki,
    routine_users,
    run_load,
    serving,
)
from tests.web.pki import Pki

# The coach without a store is served beside them, so the store's share of the gap is measured.
SIDES = ("coach", "baseline", "coach_no_store")


@dataclass(frozen=True)
class EndpointPlan:
    rounds: int
    per_round: int
    warm_up: int
    threads: int = 16


def _merge(into: LoadResult, more: LoadResult) -> None:
    into.latencies_s.extend(more.latencies_s)
    into.errors += more.errors
    into.error_samples.extend(more.error_samples[: 5 - len(into.error_samples)])
    into.elapsed_s += more.elapsed_s


def _requests(pki: Pki, count: int) -> SignedBodies:
    """``count`` requests: the routine for as many new users as it takes."""
    return SignedBodies(pki, routine_users(math.ceil(count / len(ROUTINE))))


def endpoint(plan: EndpointPlan, folder: Path) -> dict[str, LoadResult]:
    """Requests per second and latencies per side, over every round. Each round's users are new
    to every side, and every side gets the same signed requests."""
    pki = new_pki()
    results = {side: LoadResult() for side in SIDES}
    with contextlib.ExitStack() as stack:
        servers = [(side, stack.enter_context(serving(side, pki, folder))) for side in SIDES]
        warm = _requests(pki, plan.warm_up)
        for _, server in servers:
            run_load(server.port, warm, plan.warm_up, plan.threads, turns_per_user=len(ROUTINE))
        before = {side: server.turn_cpu() for side, server in servers}
        for round_ in range(plan.rounds):
            bodies = _requests(pki, plan.per_round)
            order = (
                servers if round_ % 2 == 0 else servers[::-1]
            )  # the coach and baseline alternate
            for side, server in order:
                load = run_load(
                    server.port, bodies, plan.per_round, plan.threads, turns_per_user=len(ROUTINE)
                )
                _merge(results[side], load)
        for side, server in servers:
            turns, cpu_s = server.turn_cpu()
            done = turns - before[side][0]
            results[side].turn_cpu_s = (cpu_s - before[side][1]) / done if done else 0.0
    return results
