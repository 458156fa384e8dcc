"""Whatever arrives, the endpoint answers with a response or a 4xx, never a 500."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skill.web.config import WebConfig
from skill.web.server import create_app
from tests.web.pki import SKILL_ID, envelope, hello_skill

JSON = {"Content-Type": "application/json"}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
# Places inside an otherwise valid envelope where a stray value is planted.
SPOTS = [
    ("request",),
    ("request", "type"),
    ("request", "timestamp"),
    ("request", "intent"),
    ("request", "locale"),
    ("session",),
    ("session", "application"),
    ("session", "attributes"),
    ("context",),
    ("context", "System"),
    ("context", "System", "application"),
    ("context", "System", "application", "applicationId"),
    ("version",),
]


@cache
def client() -> FlaskClient:
    app = create_app(WebConfig(verify=False, skill_id=SKILL_ID), skill=hello_skill())
    return app.test_client()


def plant(spot: tuple[str, ...], value: Any) -> bytes:
    body = envelope()
    node = body
    for key in spot[:-1]:
        node = node.setdefault(key, {}) if isinstance(node, dict) else {}
    if isinstance(node, dict):
        node[spot[-1]] = value
    return json.dumps(body).encode()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spot=st.sampled_from(SPOTS), value=json_values)
def test_odd_envelopes_never_cause_a_server_error(spot: tuple[str, ...], value: Any) -> None:
    answer = client().post("/", data=plant(spot, value), headers=JSON)
    assert answer.status_code in (200, 400)
    assert b"Traceback" not in answer.data


@settings(max_examples=100, deadline=None)
@given(body=st.binary(max_size=300) | json_values.map(lambda v: json.dumps(v).encode()))
def test_arbitrary_bodies_never_cause_a_server_error(body: bytes) -> None:
    answer = client().post("/", data=body, headers=JSON)
    assert answer.status_code == 400
    assert answer.get_json() == {"error": "body is not an Alexa request"}
