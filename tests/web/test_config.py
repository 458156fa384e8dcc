"""Endpoint settings: read from the environment, unsafe combinations refused, the development
switch loud and loopback-only, and the real skill served by default."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from skill.web import server as web
from skill.web.config import ConfigError, WebConfig
from skill.web.server import create_app
from tests.web.pki import (
    OTHER_SKILL_ID,
    SKILL_ID,
    build_pki,
    encode,
    envelope,
    hello_skill,
    signed_headers,
)

JSON = {"Content-Type": "application/json"}


def test_defaults_and_environment() -> None:
    assert WebConfig.from_env({}) == WebConfig()
    config = WebConfig.from_env(
        {"SKILL_ID": SKILL_ID, "PORT": "9000", "LOG_LEVEL": "debug", "HOST": "::1"}
    )
    assert config == WebConfig(skill_id=SKILL_ID, host="::1", port=9000, log_level="DEBUG")
    assert WebConfig.from_env({"BSC_INSECURE_NO_VERIFY": "1"}).verify is False
    assert WebConfig.from_env({"BSC_INSECURE_NO_VERIFY": "0"}).verify is True


@pytest.mark.parametrize(
    "environ", [{"BSC_INSECURE_NO_VERIFY": "maybe"}, {"PORT": "eighty"}, {"PORT": "-1"}]
)
def test_unreadable_environment_is_refused(environ: dict[str, str]) -> None:
    with pytest.raises(ConfigError):
        WebConfig.from_env(environ)


@pytest.mark.parametrize(
    "config",
    [
        WebConfig(),  # verification on but no skill id
        WebConfig(skill_id=SKILL_ID, port=70_000),
        WebConfig(skill_id=SKILL_ID, log_level="CHATTY"),
        WebConfig(verify=False, host="0.0.0.0"),
        WebConfig(verify=False, host="192.0.2.10"),
        WebConfig(verify=False, host="::"),
        WebConfig(verify=False, host="skill.example"),
    ],
    ids=["no_skill_id", "port", "log_level", "any_v4", "public_v4", "any_v6", "a_name"],
)
def test_unsafe_settings_are_refused(config: WebConfig) -> None:
    with pytest.raises(ConfigError):
        config.check()
    with pytest.raises(ConfigError):
        create_app(config, skill=hello_skill())


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.0.1", "::1", "[::1]", "localhost"])
def test_insecure_switch_is_allowed_on_loopback(host: str) -> None:
    WebConfig(verify=False, host=host).check()


def test_insecure_mode_warns_and_answers_unsigned_requests(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="skill.web"):
        app = create_app(WebConfig(verify=False), skill=hello_skill())
    assert "REQUEST VERIFICATION IS OFF" in caplog.text
    answer = app.test_client().post("/", data=encode(envelope()), headers=JSON)
    assert answer.status_code == 200


def test_insecure_mode_still_checks_a_configured_skill_id() -> None:
    client = create_app(
        WebConfig(verify=False, skill_id=SKILL_ID), skill=hello_skill()
    ).test_client()
    right = encode(envelope())
    wrong = encode(envelope(application_id=OTHER_SKILL_ID, session_application_id=None))
    assert client.post("/", data=right, headers=JSON).status_code == 200
    refused = client.post("/", data=wrong, headers=JSON)
    assert refused.status_code == 400
    assert refused.get_json() == {"error": "application id does not match this skill"}


def test_the_real_skill_is_served_by_default() -> None:
    from skill.web.cert_chain import SigningKeys
    from skill.web.verify import RequestVerifier

    pki = build_pki()
    verifier = RequestVerifier(SKILL_ID, SigningKeys(pki.fetcher(), [pki.root]))
    client = create_app(WebConfig(skill_id=SKILL_ID), verifier=verifier).test_client()
    body = encode(envelope())
    answer = client.post("/", data=body, headers=signed_headers(body, pki.leaf_key))
    assert answer.status_code == 200
    assert answer.get_json()["response"]["outputSpeech"]["ssml"].startswith("<speak>")


def test_main_will_not_start_insecure_on_a_public_address(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BSC_INSECURE_NO_VERIFY", "1")
    monkeypatch.setattr(web, "make_server", _no_server)
    assert web.main(["--host", "0.0.0.0"]) == 2
    assert "loopback" in capsys.readouterr().err


def test_main_serves_on_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[WebConfig] = []

    class FakeServer:
        effective_port = 8765

        def run(self) -> None:
            started.append(config)

    def fake_make_server(app: Any, given: WebConfig) -> FakeServer:
        nonlocal config
        config = given
        return FakeServer()

    config = WebConfig()
    monkeypatch.setenv("SKILL_ID", SKILL_ID)
    monkeypatch.setenv("PORT", "8765")
    monkeypatch.setattr(web, "make_server", fake_make_server)
    assert web.main([]) == 0
    assert started == [WebConfig(skill_id=SKILL_ID, host="127.0.0.1", port=8765)]


def _no_server(*args: Any) -> Any:
    raise AssertionError("the server must not be created")
