"""The real endpoint in a process of its own, for load and throughput runs.

``python -m tests.perf.server --skill coach|coach_no_store|baseline --pki DIR [--db PATH]``
serves with
verification on: the chain in ``DIR/chain.pem`` stands in for the certificate URL and
``DIR/root.pem`` is the only trusted root. It prints its port on the first line of standard
output and stops when standard input closes, so it never outlives the process that started it.
Each ``turn-cpu`` line on standard input is answered with one JSON line: how many turns the
skill has answered, and the thread CPU time they took inside ``CustomSkill.invoke`` (the
skill's own work, its store included; not the HTTP server, verification or the SDK's JSON).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

from ask_sdk_core.skill import CustomSkill
from cryptography import x509

from skill.web.cert_chain import SigningKeys
from skill.web.config import WebConfig
from skill.web.server import create_app, make_server
from skill.web.verify import RequestVerifier
from tests.web.pki import CERT_URL, SKILL_ID

ATTACK_FETCH_S = 0.3


def _skill(kind: str, db: Path | None) -> CustomSkill:
    if kind == "baseline":
        from tests.perf.baseline_skill import build_skill

        return build_skill()
    from skill.alexa.builder import build_skill
    from skill.store.sqlite import SqliteStore

    if kind == "coach_no_store":  # the coach's turns without its record: what the store costs
        return build_skill()
    if db is None:
        raise SystemExit("--db is required for the coach")
    return build_skill(store=SqliteStore(db))


def _certificate_host(chain: bytes):
    """S3 as an attacker meets it: the test chain at its URL, and for any other URL under
    /echo.api/ a 404 after S3's usual 0.3 s."""

    def fetch(url: str) -> bytes:
        if url == CERT_URL:
            return chain
        time.sleep(ATTACK_FETCH_S)
        raise OSError("404 Not Found")

    return fetch


class TurnClock:
    """Thread CPU time spent in a skill's ``invoke``, summed over every request."""

    def __init__(self, skill: CustomSkill) -> None:
        self.turns = 0
        self.cpu_s = 0.0
        self._lock = threading.Lock()
        invoke = skill.invoke

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.thread_time()
            try:
                return invoke(*args, **kwargs)
            finally:
                spent = time.thread_time() - started
                with self._lock:
                    self.turns += 1
                    self.cpu_s += spent

        skill.invoke = timed  # type: ignore[method-assign]


def _answer_until_stdin_closes(clock: TurnClock) -> None:
    for line in sys.stdin:
        if line.strip() == "turn-cpu":
            print(json.dumps({"turns": clock.turns, "cpu_s": clock.cpu_s}), flush=True)
    os._exit(0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skill", choices=("coach", "coach_no_store", "baseline"), required=True)
    parser.add_argument("--pki", type=Path, required=True)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    chain = (args.pki / "chain.pem").read_bytes()
    root = x509.load_pem_x509_certificate((args.pki / "root.pem").read_bytes())
    keys = SigningKeys(_certificate_host(chain), [root])
    config = WebConfig(skill_id=SKILL_ID, port=0, log_level="WARNING")
    skill = _skill(args.skill, args.db)
    clock = TurnClock(skill)
    app = create_app(config, skill=skill, verifier=RequestVerifier(SKILL_ID, keys))
    server = make_server(app, config)
    threading.Thread(target=_answer_until_stdin_closes, args=(clock,), daemon=True).start()
    print(server.effective_port, flush=True)
    server.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
