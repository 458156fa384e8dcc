"""Signed requests over loopback: the endpoint in a subprocess, a pool of signed bodies and a
threaded keep-alive client that times every request."""

from __future__ import annotations

import base64
import http.client
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.web.pki import Pki, build_pki, encode, envelope, iso, signed_headers, to_pem

ROOT = Path(__file__).resolve().parents[2]
RESIGN_AFTER_S = 60.0  # well inside the endpoint's 150 s timestamp window


@dataclass
class Server:
    """A running endpoint process."""

    process: subprocess.Popen[str]
    port: int

    def turn_cpu(self) -> tuple[int, float]:
        """Turns answered so far, and the thread CPU seconds the skill spent on them."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("turn-cpu\n")
        self.process.stdin.flush()
        found = json.loads(self.process.stdout.readline())
        return found["turns"], found["cpu_s"]

    def memory_kb(self) -> dict[str, int]:
        """VmRSS (now) and VmHWM (peak) of the server, from /proc, in KiB."""
        found: dict[str, int] = {}
        status = Path(f"/proc/{self.process.pid}/status")
        for line in status.read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                found[name] = int(value.split()[0])
        return found


@contextmanager
def serving(kind: str, pki: Pki, folder: Path) -> Iterator[Server]:
    """Start ``python -m tests.perf.server`` for ``kind`` (coach or baseline); stop it after."""
    pki_dir = folder / "pki"
    pki_dir.mkdir(exist_ok=True)
    (pki_dir / "chain.pem").write_bytes(pki.chain_pem)
    (pki_dir / "root.pem").write_bytes(to_pem(pki.root))
    name = kind
    command = [sys.executable, "-m", "tests.perf.server", "--skill", kind, "--pki", str(pki_dir)]
    command += ["--db", str(folder / f"{name}.sqlite3")]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    log = (folder / f"{name}.log").open("w")
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
        text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        if not line.isdigit():
            log.flush()
            raise RuntimeError(
                f"{name} server did not start: {(folder / f'{name}.log').read_text()}"
            )
        yield Server(process, int(line))
    finally:
        if process.stdin:
            process.stdin.close()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


class SignedBodies:
    """``events`` signed with fresh timestamps, all up front; one that has grown older than a
    minute is signed again when next taken."""

    def __init__(self, pki: Pki, events: list[dict[str, Any]]) -> None:
        self._pki = pki
        self._events = events
        self._signed = [self._sign(event) for event in events]

    def _sign(self, event: dict[str, Any]) -> tuple[float, bytes, dict[str, str]]:
        event = {**event, "request": {**event["request"], "timestamp": iso(datetime.now(UTC))}}
        body = encode(event)
        return time.monotonic(), body, signed_headers(body, self._pki.leaf_key)

    def __len__(self) -> int:
        return len(self._events)

    def get(self, index: int) -> tuple[bytes, dict[str, str]]:
        index %= len(self._events)
        signed_at, body, headers = self._signed[index]
        if time.monotonic() - signed_at > RESIGN_AFTER_S:
            signed_at, body, headers = self._signed[index] = self._sign(self._events[index])
        return body, headers


def routine_users(count: int) -> list[dict[str, Any]]:
    """The 20-turn routine for ``count`` new users, one after another: each request is a turn
    a real user could send (nobody does the routine twenty times a day)."""
    from tests.perf import envelopes

    routine = envelopes.routine()
    return [event for _ in range(count) for event in envelopes.as_user(routine)]


@dataclass
class LoadResult:
    latencies_s: list[float] = field(default_factory=list)
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    elapsed_s: float = 0.0
    turn_cpu_s: float = 0.0  # mean thread CPU of the skill's own turn per request, if measured

    @property
    def sent(self) -> int:
        return len(self.latencies_s) + self.errors

    @property
    def throughput(self) -> float:
        return len(self.latencies_s) / self.elapsed_s if self.elapsed_s else 0.0


def _valid(status: int, raw: bytes) -> str | None:
    """None for a good answer, else a short description of what came back."""
    if status != 200:
        return f"HTTP {status}: {raw[:120]!r}"
    try:
        answer = json.loads(raw)
    except ValueError:
        return f"not JSON: {raw[:120]!r}"
    if not isinstance(answer, dict) or answer.get("version") != "1.0":
        return f"not an Alexa response: {raw[:120]!r}"
    return None


def attack_body() -> tuple[bytes, dict[str, str]]:
    """An unsigned request built to cost a download: a well-formed envelope for the skill, in
    date, a signature of the right shape, and a certificate URL under /echo.api/ never seen."""
    body = encode(envelope(timestamp=iso(datetime.now(UTC))))
    url = f"https://s3.amazonaws.com/echo.api/{uuid.uuid4().hex}.pem"
    signature = base64.b64encode(os.urandom(256)).decode()
    return body, {"Content-Type": "application/json", "SignatureCertChainUrl": url,
                  "Signature-256": signature}  # fmt: skip


def _attacker(port: int, stop: threading.Event, counts: list[int]) -> None:
    """One attacking client: back-to-back requests, each on a new connection, until ``stop``."""
    while not stop.is_set():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            body, headers = attack_body()
            connection.request("POST", "/", body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            status = 0
        finally:
            connection.close()
        counts[0] += 1
        counts[1] += not 400 <= status < 500


def _attack_process(port: int, clients: int, stop: Any, totals: Any) -> None:
    """The attacking clients, as threads of a process of their own (a machine apart, as it
    were): they must not share the interpreter that times the real users."""
    done = threading.Event()
    counts = [[0, 0] for _ in range(clients)]
    pool = [threading.Thread(target=_attacker, args=(port, done, c)) for c in counts]
    for thread in pool:
        thread.start()
    stop.wait()
    done.set()
    for thread in pool:
        thread.join(35)
    totals[0], totals[1] = sum(c[0] for c in counts), sum(c[1] for c in counts)


@contextmanager
def attacking(port: int, clients: int) -> Iterator[Any]:
    """``clients`` attacking clients while the block runs; yields [requests sent, answers that
    were not a 4xx refusal], filled in when the block ends."""
    context = multiprocessing.get_context("spawn")
    stop = context.Event()
    totals = context.Array("i", 2)
    process = context.Process(target=_attack_process, args=(port, clients, stop, totals))
    process.start()
    try:
        yield totals
    finally:
        stop.set()
        process.join(60)


def run_load(
    port: int,
    bodies: SignedBodies,
    total: int,
    threads: int = 16,
    timeout_s: float = 600.0,
    turns_per_user: int = 1,
) -> LoadResult:
    """Send ``total`` requests from ``threads`` keep-alive connections; stop at ``timeout_s``.

    Each thread is one device at a time: it takes the next user's ``turns_per_user`` requests
    and sends them in order, each after the answer to the last, as Alexa does. One user's turns
    never overlap, so no turn of the coach races another of the same user (which no device
    sends, and which would time the coach's merging of racing saves instead of its turns)."""
    result = LoadResult()
    lock = threading.Lock()
    counter = iter(range(total))
    deadline = time.monotonic() + timeout_s
    queued: dict[int, list[int]] = {}  # per thread, the rest of its user's turns

    def next_index(worker: int) -> int | None:
        mine = queued.setdefault(worker, [])
        if not mine:
            with lock:
                start = next(counter, None)
                if start is None:
                    return None
                mine.append(start)
                for _ in range(turns_per_user - 1):
                    following = next(counter, None)
                    if following is None:
                        break
                    mine.append(following)
        return mine.pop(0)

    def worker(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        times: list[float] = []
        failures: list[str] = []
        while time.monotonic() < deadline:
            index = next_index(number)
            if index is None:
                break
            body, headers = bodies.get(index)
            started = time.perf_counter()
            try:
                connection.request("POST", "/", body=body, headers=headers)
                response = connection.getresponse()
                problem = _valid(response.status, response.read())
            except (OSError, http.client.HTTPException) as error:
                problem = f"{type(error).__name__}: {error}"
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            if problem is None:
                times.append(time.perf_counter() - started)
            else:
                failures.append(problem)
        connection.close()
        with lock:
            result.latencies_s.extend(times)
            result.errors += len(failures)
            result.error_samples.extend(failures[: 5 - len(result.error_samples)])

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    started = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    result.elapsed_s = time.perf_counter() - started
    return result


def new_pki() -> Pki:
    return build_pki("perf")


@contextmanager
def scratch() -> Iterator[Path]:
    """A temporary folder for databases, logs and PEM files, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="bsc-perf-") as folder:
        yield Path(folder)
