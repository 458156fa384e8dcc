"""``make load``: signed requests at the real endpoint over loopback, verification on.

The endpoint (waitress, Flask, flask-ask-sdk, the coach on SQLite) runs in its own process and
trusts only a generated test root; the requests are the 20-turn routine of one new user after
another, all signed before the clock starts. Then the same again while ``--attackers`` clients
send unsigned requests made to cost a certificate download each (a fresh URL under /echo.api/
that the stand-in for S3 answers with a 404 after 0.3 s). Prints errors (must be 0), latency
percentiles, throughput without and with the attack, and the server's memory; exits 1 on any
error, any attack request that was not refused with a 4xx, or real users keeping less than
MIN_KEPT of their throughput under attack. Bounded by a request count and a time limit.
"""

from __future__ import annotations

import argparse
import math
import sys

from tests.perf import envelopes
from tests.perf.loadgen import (
    LoadResult,
    SignedBodies,
    attacking,
    new_pki,
    routine_users,
    run_load,
    scratch,
    serving,
)
from tests.perf.stats import median, summary_ms

MIN_KEPT = 0.8  # of real users' throughput, with the attack on


def _mib(kib: int) -> str:
    return f"{kib / 1024:.1f} MiB"


def _report(result: LoadResult) -> None:
    latency = summary_ms(result.latencies_s) if result.latencies_s else "no answers"
    print(f"    {result.throughput:>5.0f} requests/s, {result.errors} errors, latency {latency}")
    for sample in result.error_samples:
        print(f"      {sample}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--attackers", type=int, default=8, help="0: no attack run")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each kind, taking turns")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds, at most, per run")
    args = parser.parse_args(argv)

    pki = new_pki()
    users = math.ceil(args.requests / len(envelopes.ROUTINE))
    plain_runs: list[LoadResult] = []
    attack_runs: list[LoadResult] = []
    sent = not_refused = 0
    memory: dict[str, int] = {}
    # Runs take turns, each on a server and database of its own (a second run on one database
    # is slower by itself as the file grows): medians of the rounds are compared, because one
    # run on a shared two-core machine can be off by a third either way.
    for _ in range(args.rounds if args.attackers else 1):
        with scratch() as folder, serving("coach", pki, folder) as server:
            bodies = SignedBodies(pki, routine_users(users))
            plain_runs.append(run_load(server.port, bodies, args.requests, args.threads,
                                       args.timeout, len(envelopes.ROUTINE)))  # fmt: skip
            memory = server.memory_kb()
        if args.attackers:
            with scratch() as folder, serving("coach", pki, folder) as server:
                bodies = SignedBodies(pki, routine_users(users))
                with attacking(server.port, args.attackers) as counts:
                    attack_runs.append(run_load(server.port, bodies, args.requests,
                                                args.threads, args.timeout,
                                                len(envelopes.ROUTINE)))  # fmt: skip
                sent, not_refused = sent + counts[0], not_refused + counts[1]

    print(f"load: {args.requests} requests per run, {args.threads} threads, keep-alive, "
          "verification on")  # fmt: skip
    failures = 0
    complete = True
    for title, runs in (("real users alone", plain_runs),
                        (f"real users while {args.attackers} clients force certificate "
                         "downloads", attack_runs)):  # fmt: skip
        if not runs:
            continue
        print(f"  {title} ({len(runs)} runs)")
        for run in runs:
            _report(run)
        failures += sum(run.errors for run in runs)
        complete = complete and all(run.sent == args.requests for run in runs)
    if attack_runs:
        plain_median = median([run.throughput for run in plain_runs])
        attack_median = median([run.throughput for run in attack_runs])
        kept = attack_median / plain_median if plain_median else 0.0
        print(f"  attack      {sent} requests, {not_refused} not refused with a 4xx")
        shown = math.floor(kept * 100)  # floored, so a printed 80% always passes 80%
        print(f"  kept        {shown}% of real users' throughput, median against median "
              f"(at least {MIN_KEPT:.0%})")  # fmt: skip
        failures += not_refused + (kept < MIN_KEPT)
    print(f"  server RSS  after a run {_mib(memory['VmRSS'])}, peak {_mib(memory['VmHWM'])}")
    if not complete:
        print(f"  stopped at the {args.timeout:.0f} s limit before sending every request")
    return 0 if failures == 0 and complete else 1


if __name__ == "__main__":
    sys.exit(main())
