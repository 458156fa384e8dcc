"""The signing-certificate layer: URL canonical form, the per-URL cache, the default fetcher's
limits and the default trust store."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

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


def test_a_failure_is_remembered_for_a_while_then_tried_again(pki: Pki) -> None:
    calls: list[str] = []
    clock = [100.0]

    def flaky(url: str) -> bytes:
        calls.append(url)
        if len(calls) == 1:
            raise TimeoutError
        return pki.chain_pem

    keys = SigningKeys(flaky, [pki.root], failure_ttl=60, clock=lambda: clock[0])
    for _ in range(3):
        with pytest.raises(CertFetchFailed):
            keys.key_for(CERT_URL, NOW)
    assert len(calls) == 1  # refused without a download while the failure is remembered
    clock[0] += 60
    keys.key_for(CERT_URL, NOW)
    assert len(calls) == 2


def test_one_download_per_url_while_others_wait_for_it(pki: Pki) -> None:
    started, release = threading.Event(), threading.Event()
    calls: list[str] = []

    def slow(url: str) -> bytes:
        calls.append(url)
        started.set()
        release.wait(5)
        return pki.chain_pem

    keys = SigningKeys(slow, [pki.root])
    results: list[object] = []
    threads = [threading.Thread(target=lambda: results.append(keys.key_for(CERT_URL, NOW)))
               for _ in range(6)]  # fmt: skip
    for thread in threads:
        thread.start()
    assert started.wait(5)
    time.sleep(0.1)  # every other request is now waiting on the one download
    release.set()
    for thread in threads:
        thread.join(5)
    assert len(calls) == 1 and len(results) == 6 and len({id(r) for r in results}) == 1


def test_downloads_in_flight_are_capped_and_the_rest_refused_at_once(pki: Pki) -> None:
    release = threading.Event()

    def hanging(url: str) -> bytes:
        release.wait(5)
        raise TimeoutError

    keys = SigningKeys(hanging, [pki.root], max_fetching=2)
    urls = [f"https://s3.amazonaws.com/echo.api/attack-{n}.pem" for n in range(2)]
    holders = [threading.Thread(target=_expect_refusal, args=(keys, url)) for url in urls]
    for thread in holders:
        thread.start()
    time.sleep(0.2)  # both slots are taken by downloads that hang
    started = time.monotonic()
    with pytest.raises(CertFetchFailed):
        keys.key_for("https://s3.amazonaws.com/echo.api/attack-3.pem", NOW)
    assert time.monotonic() - started < 0.1  # refused without waiting for a slot
    release.set()
    for thread in holders:
        thread.join(5)


def _expect_refusal(keys: SigningKeys, url: str) -> None:
    with pytest.raises(CertFetchFailed):
        keys.key_for(url, NOW)


def test_cache_holds_a_bounded_number_of_urls(pki: Pki) -> None:
    pki.fetched.clear()
    keys = SigningKeys(pki.fetcher(), [pki.root], max_entries=2)
    urls = [f"https://s3.amazonaws.com/echo.api/cert-{n}.pem" for n in range(3)]
    for url in [*urls, urls[0]]:
        keys.key_for(url, NOW)
    assert pki.fetched == [*urls, urls[0]]


class _Serve(http.server.BaseHTTPRequestHandler):
    """A certificate host on loopback; the path says how it behaves."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - name fixed by http.server
        kind = self.path.rsplit("/", 1)[-1]
        if kind == "redirect.pem":
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.1:9/elsewhere.pem")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if kind == "missing.pem":
            self.send_error(404)
            return
        body = b"x" * (MAX_CHAIN_BYTES + 1) if kind == "large.pem" else b"PEM" * 100
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if kind == "trickle.pem":  # a byte at a time, each well inside any per-read timeout
            for byte in body[:40]:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.1)
            return
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture(scope="module")
def cert_host() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Serve)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/echo.api"
    server.shutdown()
    server.server_close()


def test_fetcher_returns_the_body(cert_host: str) -> None:
    assert fetch_chain(f"{cert_host}/chain.pem", timeout=2) == b"PEM" * 100


@pytest.mark.parametrize("name", ["large.pem", "missing.pem", "redirect.pem"])
def test_fetcher_refuses_what_is_no_chain(cert_host: str, name: str) -> None:
    with pytest.raises(CertFetchFailed):
        fetch_chain(f"{cert_host}/{name}", timeout=2)


def test_a_trickling_host_is_cut_off_at_the_overall_deadline(cert_host: str) -> None:
    started = time.monotonic()
    with pytest.raises(CertFetchFailed):
        fetch_chain(f"{cert_host}/trickle.pem", timeout=0.8)
    assert time.monotonic() - started < 1.5  # not a byte's worth of timeout after each read


def test_an_unreachable_host_fails_fast() -> None:
    with pytest.raises(CertFetchFailed):
        fetch_chain("http://127.0.0.1:9/echo.api/cert.pem", timeout=1)


def test_default_trust_store_holds_amazons_roots() -> None:
    names = {
        attr.value
        for cert in default_roots()
        for attr in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    }
    assert {"Amazon Root CA 1", "Starfield Services Root Certificate Authority - G2"} <= names
    SigningKeys()  # every certifi root is accepted by the path validator's store
