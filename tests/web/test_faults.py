"""Faults while running: a store that starts failing in the middle of a live conversation over
HTTP, content broken at start-up (Lambda import and ``python -m skill.web``), and the signing
certificate's host unreachable. The user always gets a sensible answer or the operator a
precise error, and no stored record is lost or blanked."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from skill.alexa.builder import build_skill
from skill.alexa.entry import make_handler
from skill.content.loader import CONTENT_DIR
from skill.store.interface import Stored, StoreError
from skill.store.sqlite import SqliteStore
from skill.tools.simulator import Conversation
from skill.web.cert_chain import FAILURE_TTL_S, SigningKeys
from skill.web.refusals import CertFetchFailed
from tests.responses import spoken_text
from tests.store.stores import stored_text
from tests.web.live_server import post, running_endpoint, signed_handler
from tests.web.pki import SKILL_ID, Pki, build_pki, encode, envelope, signed_headers

ROOT = Path(__file__).resolve().parents[2]
BAD_HOLD = (
    "content/stretches.yaml: stretches[2].steps[4].hold_seconds: expected int 1–120, got '30s'"
)


class FailingAfter:
    """A store that works for ``turns`` saves, then fails every call until ``recover()``."""

    def __init__(self, inner: SqliteStore, turns: int) -> None:
        self.inner, self.left, self.failed = inner, turns, 0

    def _check(self) -> None:
        if self.left <= 0:
            self.failed += 1
            raise StoreError("simulated outage")

    def recover(self) -> None:
        self.left = 10**9

    def load(self, user_id: str) -> Stored:
        self._check()
        return self.inner.load(user_id)

    def save(self, user_id: str, record: str, version: int) -> bool:
        self._check()
        self.left -= 1
        return self.inner.save(user_id, record, version)

    def delete(self, user_id: str) -> None:
        self._check()
        self.inner.delete(user_id)


@pytest.fixture(scope="module")
def pki() -> Pki:
    return build_pki()


def test_a_store_failing_mid_conversation_over_http(pki, understander, tmp_path, caplog) -> None:
    inner = SqliteStore(tmp_path / "coach.sqlite3")
    store = FailingAfter(inner, turns=3)
    user = "amzn1.ask.account.outage"
    with running_endpoint(pki, SKILL_ID, build_skill(store=store)) as port:
        talk = Conversation(signed_handler(pki, port), understander, user_id=user)
        talk.say("ask back stretch coach to start the routine")  # saves 1: cat and camel done
        talk.say("next")  # 2: kneeling back extension done
        assert "sitting rotation" in spoken_text(talk.say("next"))  # 3: its left side
        saved = stored_text(inner, user)
        with caplog.at_level(logging.ERROR):
            assert "right side" in spoken_text(talk.say("next"))  # the session carries on
            assert "sitting rotation done" in spoken_text(talk.say("next"))
        assert store.failed >= 2 and stored_text(inner, user) == saved  # the last good record kept
        assert "store unavailable" in caplog.text and user not in caplog.text
        talk.end_session("EXCEEDED_MAX_REPROMPTS")

        store.recover()
        again = Conversation(signed_handler(pki, port), understander, user_id=user)
        asked = spoken_text(again.say("open back stretch coach"))  # left midway: did it hurt?
        offer = spoken_text(again.say("no"))
        text = spoken_text(again.say("yes"))
    assert "did anything hurt" in asked
    assert "partway through the routine, at the sitting rotation" in offer
    assert "Picking up the sitting rotation" in text and "Now the right side" in text  # after 3


def _broken_content(folder: Path) -> Path:
    broken = folder / "content"
    shutil.copytree(CONTENT_DIR, broken)
    path = broken / "stretches.yaml"
    path.write_text(path.read_text().replace("hold_seconds: 30\n", "hold_seconds: 30s\n", 1))
    return broken


def _start(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "SKILL_CONTENT_DIR": str(_broken_content(tmp_path)),
        "SKILL_DB_PATH": str(tmp_path / "coach.sqlite3"),
        "SKILL_ID": SKILL_ID,
        "PORT": "0",
    }
    command = [sys.executable, *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_broken_content_stops_the_lambda_module_at_import(tmp_path: Path) -> None:
    result = _start(["-c", "import skill.alexa.lambda_function"], tmp_path)
    assert result.returncode != 0
    assert "ContentError" in result.stderr and BAD_HOLD in result.stderr


def test_broken_content_stops_the_web_service_with_the_precise_error(tmp_path: Path) -> None:
    result = _start(["-m", "skill.web"], tmp_path)
    assert result.returncode != 0
    assert BAD_HOLD in result.stderr
    assert not (tmp_path / "coach.sqlite3").exists()  # nothing was opened, nothing written


def test_broken_content_stops_the_web_service_without_a_traceback(tmp_path: Path) -> None:
    result = _start(["-m", "skill.web"], tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr


class CertificateHost:
    """Serves the test chain, or fails like an unreachable host while ``down``."""

    def __init__(self, pki: Pki, error: Exception) -> None:
        self.pki, self.error, self.down = pki, error, True

    def __call__(self, url: str) -> bytes:
        if self.down:
            raise self.error
        return self.pki.chain_pem


@pytest.mark.parametrize("error", [ConnectionRefusedError(), TimeoutError()], ids=repr)
def test_an_unreachable_certificate_host_is_a_short_4xx_and_loses_nothing(
    pki, error: Exception, tmp_path: Path, caplog
) -> None:
    store = SqliteStore(tmp_path / "coach.sqlite3")
    user = "amzn1.ask.account.test"  # the user of tests.pki.envelope
    before = make_handler(build_skill(store=store))
    before(envelope(request_type="LaunchRequest"), None)
    saved = stored_text(store, user)
    host = CertificateHost(pki, error)
    body = encode(envelope())
    clock = [0.0]
    keys = SigningKeys(host, [pki.root], clock=lambda: clock[0])
    with running_endpoint(pki, SKILL_ID, build_skill(store=store), keys=keys) as port:
        with caplog.at_level(logging.WARNING):
            status, raw = post(port, body, signed_headers(body, pki.leaf_key))
        assert (status, json.loads(raw)) == (400, {"error": CertFetchFailed.reason})
        assert "Traceback" not in caplog.text and stored_text(store, user) == saved
        host.down = False  # back, but the failure is remembered for a while: still refused
        assert post(port, body, signed_headers(body, pki.leaf_key))[0] == 400
        clock[0] += FAILURE_TTL_S  # a while later, the next request is answered
        status, raw = post(port, body, signed_headers(body, pki.leaf_key))
    assert status == 200 and json.loads(raw)["response"]["outputSpeech"]["ssml"]
