"""The signing-certificate layer: URL canonical form, the per-URL cache, the default fetcher's
limits and the default trust store."""

from __future__ import annotations

import http.server
import threading
import time
import urllib.error
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cryptography.x509.oid import NameOID

from skill.web.cert_chain import (
    MAX_CHAIN_BYTES,
    SigningKeys,
    default_roots,
    fetch_chain,
    normalise_cert_url,
)
from skill.web.refusals import CertFetchFailed, CertificateNotInDate, CertUrlRejected
from tests.web.pki import CERT_URL, Pki, build_pki

NOW = datetime.now(UTC)


@pytest.fixture(scope="module")
def pki() -> Pki:
    return build_pki()


def test_equivalent_urls_share_one_canonical_form() -> None:
    spellings = [
        "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "HTTPS://S3.AmazonAWS.com:443/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com/echo.api/./x/../echo-api-cert.pem",
    ]
    assert {normalise_cert_url(url) for url in spellings} == {spellings[0]}


@pytest.mark.parametrize(
    "url",
    [
        "",
        "x" * 3000,
        "https://s3.amazonaws.com/echo.api/a\\..\\..\\b",
        "https://[s3.amazonaws.com/echo.api/c.pem",
        "https://s3.amazonaws.com:99999/echo.api/c.pem",
        "https://s3.amazonaws.com/echo.api/c.pem#x",
        "https://s3.amazonaws.com/echo.api/c\r\n.pem",
    ],
)
def test_odd_urls_are_refused(url: str) -> None:
    with pytest.raises(CertUrlRejected):
        normalise_cert_url(url)


def test_chain_is_fetched_once_per_url_until_it_expires(pki: Pki) -> None:
    pki.fetched.clear()
    keys = SigningKeys(pki.fetcher(), [pki.root])
    first = keys.key_for(CERT_URL, NOW)
    same = keys.key_for(CERT_URL.replace("/echo.api/", "/echo.api/./"), NOW + timedelta(days=1))
    assert first is same
    assert pki.fetched == [CERT_URL]

    after_expiry = pki.leaf.not_valid_after_utc + timedelta(seconds=1)
    with pytest.raises(CertificateNotInDate):
        keys.key_for(CERT_URL, after_expiry)
    assert len(pki.fetched) == 2


def test_failures_are_not_cached(pki: Pki) -> None:
    calls: list[str] = []

    def flaky(url: str) -> bytes:
        calls.append(url)
        if len(calls) == 1:
            raise TimeoutError
        return pki.chain_pem

    keys = SigningKeys(flaky, [pki.root])
    with pytest.raises(CertFetchFailed):
        keys.key_for(CERT_URL, NOW)
    keys.key_for(CERT_URL, NOW)
    assert len(calls) == 2


def test_cache_holds_a_bounded_number_of_urls(pki: Pki) -> None:
    pki.fetched.clear()
    keys = SigningKeys(pki.fetcher(), [pki.root], max_entries=2)
    urls = [f"https://s3.amazonaws.com/echo.api/cert-{n}.pem" for n in range(3)]
    for url in [*urls, urls[0]]:
        keys.key_for(url, NOW)
    assert pki.fetched == [*urls, urls[0]]


class FakeResponse:
    def __init__(self, data: bytes, status: int = 200, delay: float = 0.0) -> None:
        self.data, self.status, self.delay = data, status, delay

    def read(self, size: int) -> bytes:
        time.sleep(self.delay)
        chunk, self.data = self.data[:size], self.data[size:]
        return chunk

    def __enter__(self) -> FakeResponse:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


class FakeOpener:
    def __init__(self, outcome: FakeResponse | Exception) -> None:
        self.outcome = outcome
        self.timeouts: list[float] = []

    def open(self, url: str, timeout: float) -> FakeResponse:
        self.timeouts.append(timeout)
        if isinstance(self.outcome, Exception):
            raise self.outcome
        return self.outcome


def test_fetcher_returns_the_body_and_passes_a_timeout() -> None:
    opener = FakeOpener(FakeResponse(b"PEM" * 100))
    assert fetch_chain(CERT_URL, opener=opener, timeout=2.5) == b"PEM" * 100  # type: ignore[arg-type]
    assert opener.timeouts == [2.5]


@pytest.mark.parametrize(
    "outcome",
    [
        FakeResponse(b"x" * (MAX_CHAIN_BYTES + 1)),
        FakeResponse(b"not found", status=404),
        FakeResponse(b"x" * 40_000, delay=0.02),
        urllib.error.URLError("unreachable"),
        TimeoutError(),
    ],
    ids=["too_large", "http_404", "too_slow", "unreachable", "timeout"],
)
def test_fetcher_refuses(outcome: Any) -> None:
    with pytest.raises(CertFetchFailed):
        fetch_chain(CERT_URL, opener=FakeOpener(outcome), timeout=0.05)  # type: ignore[arg-type]


class _Redirect(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - name fixed by http.server
        self.send_response(302)
        self.send_header("Location", "http://127.0.0.1:9/elsewhere.pem")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def redirecting_server() -> Iterator[str]:
    server = http.server.HTTPServer(("127.0.0.1", 0), _Redirect)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/echo.api/cert.pem"
    server.shutdown()
    server.server_close()


def test_fetcher_does_not_follow_redirects(redirecting_server: str) -> None:
    with pytest.raises(CertFetchFailed):
        fetch_chain(redirecting_server, timeout=2)


def test_default_trust_store_holds_amazons_roots() -> None:
    names = {
        attr.value
        for cert in default_roots()
        for attr in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    }
    assert {"Amazon Root CA 1", "Starfield Services Root Certificate Authority - G2"} <= names
    SigningKeys()  # every certifi root is accepted by the path validator's store
