"""The HTTP client for the Alexa APIs a turn calls (reminders, device settings).

It is the SDK's ``DefaultApiClient`` with two additions: a timeout on every call (the SDK's has
none, and a turn has about 8 s to answer), and a budget for all the calls of one turn
(:func:`api_budget`). It is built on first use, because the ``requests`` library it runs on
takes about 150 ms to import, which a cold start whose turn calls no API need not pay.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from typing import Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.services import ApiClient, ApiClientRequest, ApiClientResponse

API_CALL_TIMEOUT_S = 2.0  # connecting, and each wait for the service's bytes
API_TURN_BUDGET_S = 4.0  # every call of one turn together, well inside Alexa's 8 s
MIN_CALL_S = 0.05  # less time than this left: the call is not made

_turn = threading.local()  # the deadline of the turn this thread is answering


class api_budget:  # lower case: used as a function, ``with api_budget():``
    """Calls made inside share ``seconds``; a call with too little left fails at once. A class
    rather than a generator: it wraps every turn, and costs a third as much."""

    def __init__(self, seconds: float = API_TURN_BUDGET_S) -> None:
        self.seconds = seconds

    def __enter__(self) -> None:
        _turn.deadline = time.monotonic() + self.seconds

    def __exit__(self, *_: object) -> None:
        _turn.deadline = None


def call_timeout() -> float:
    """The timeout for the next call: the per-call limit, or what is left of the turn's budget."""
    deadline = getattr(_turn, "deadline", None)
    if deadline is None:
        return API_CALL_TIMEOUT_S
    return min(API_CALL_TIMEOUT_S, deadline - time.monotonic())


def can_call(handler_input: HandlerInput) -> bool:
    """The request carries what a call to the Alexa API needs: an endpoint and a token."""
    system = getattr(handler_input.request_envelope.context, "system", None)
    token = getattr(system, "api_access_token", None)
    endpoint = getattr(system, "api_endpoint", None)
    factory = handler_input.service_client_factory
    return factory is not None and isinstance(token, str) and bool(token and endpoint)


class TimedApiClient(ApiClient):
    """``DefaultApiClient`` with timeouts; ``ca_bundle`` names the roots to trust for HTTPS
    (None: the usual ones)."""

    def __init__(self, ca_bundle: str | None = None) -> None:
        self.ca_bundle = ca_bundle
        self._client: ApiClient | None = None
        self._lock = threading.Lock()

    def invoke(self, request: ApiClientRequest) -> ApiClientResponse:
        with self._lock:
            if self._client is None:
                self._client = _default_client(self.ca_bundle)
        return self._client.invoke(request)


def _default_client(ca_bundle: str | None) -> ApiClient:
    from ask_sdk_core.api_client import DefaultApiClient
    from ask_sdk_core.exceptions import ApiClientException

    class _Timed(DefaultApiClient):
        def _resolve_method(self, request: ApiClientRequest) -> Callable[..., Any]:
            method = super()._resolve_method(request)
            timeout = call_timeout()
            if timeout < MIN_CALL_S:
                raise ApiClientException("no time left in this turn for another call")
            return functools.partial(method, timeout=timeout, verify=ca_bundle or True)

    return _Timed()
