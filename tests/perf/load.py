"""``make load``: signed requests at the real endpoint over loopback, verification on.

The endpoint (waitress, Flask, flask-ask-sdk, the coach on SQLite) runs in its own process and
trusts only a generated test root; the requests are the 20-turn routine of one new user after
another, all signed before the clock starts. Prints errors (must be 0), latency percentiles,
throughput and the server's memory before and after; exits 1 on any error. Bounded by a
request count and a time limit.
"""

from __future__ import annotations

import argparse
import math
import sys

from tests.perf import envelopes
from tests.perf.loadgen import SignedBodies, new_pki, routine_users, run_load, scratch, serving
from tests.perf.stats import summary_ms


def _mib(kib: int) -> str:
    return f"{kib / 1024:.1f} MiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds, at most")
    args = parser.parse_args(argv)

    pki = new_pki()
    bodies = SignedBodies(pki, routine_users(math.ceil(args.requests / len(envelopes.ROUTINE))))
    with scratch() as folder, serving("coach", pki, folder) as server:
        before = server.memory_kb()
        result = run_load(server.port, bodies, args.requests, args.threads, args.timeout)
        after = server.memory_kb()

    print(f"load: {result.sent} requests, {args.threads} threads, keep-alive, verification on")
    print(f"  errors      {result.errors}")
    for sample in result.error_samples:
        print(f"    {sample}")
    if result.latencies_s:
        print(f"  latency     {summary_ms(result.latencies_s)}")
    print(f"  throughput  {result.throughput:.0f} requests/s over {result.elapsed_s:.1f} s")
    print(
        f"  server RSS  before {_mib(before['VmRSS'])}, after {_mib(after['VmRSS'])}, "
        f"peak {_mib(after['VmHWM'])}"
    )
    complete = result.sent == args.requests
    if not complete:
        print(f"  stopped at the {args.timeout:.0f} s limit before sending every request")
    return 0 if result.errors == 0 and complete else 1


if __name__ == "__main__":
    sys.exit(main())
