"""Alexa's signing certificate: URL rules, download, path validation and a per-URL cache."""

from __future__ import annotations

import contextlib
import http.client
import posixpath
import re
import socket
import ssl
import threading
import time
import warnings
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from urllib.parse import urlsplit

import certifi
from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.utils import CryptographyDeprecationWarning
from cryptography.x509.verification import DNSName, PolicyBuilder, Store
from cryptography.x509.verification import VerificationError as PathValidationError

from skill.web.refusals import (
    BadCertificate,
    CertFetchFailed,
    CertificateKeyTooWeak,
    CertificateNotInDate,
    CertificateUntrusted,
    CertificateWrongName,
    CertUrlRejected,
    VerificationError,
)

ECHO_API_NAME = "echo-api.amazon.com"
CERT_HOST = "s3.amazonaws.com"
CERT_PATH_PREFIX = "/echo.api/"
MAX_URL_LENGTH = 2048
MAX_CHAIN_BYTES = 64 * 1024
MIN_RSA_KEY_BITS = 2048  # shorter keys are breakable; no current CA issues them
FETCH_TIMEOUT_S = 5.0  # the whole download: connect, TLS and every read
MAX_FETCHING = 2  # downloads in flight at once, over every URL
FAILURE_TTL_S = 60.0  # how long a URL whose chain failed is refused without a download
MAX_REMEMBERED_FAILURES = 1024

# Encoded dots, slashes and backslashes would let a path escape /echo.api/ after our check.
_SUSPICIOUS_URL = re.compile(r"%(2e|2f|5c)|[\\\s\x00-\x1f\x7f]", re.IGNORECASE)

_PEM_CERT = re.compile(rb"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.DOTALL)

Fetcher = Callable[[str], bytes]


def normalise_cert_url(url: str) -> str:
    """Apply Alexa's rules to SignatureCertChainUrl and return the canonical URL to fetch."""
    if not url or len(url) > MAX_URL_LENGTH or _SUSPICIOUS_URL.search(url):
        raise CertUrlRejected()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise CertUrlRejected() from exc
    if (
        parts.scheme.lower() != "https"
        or "@" in parts.netloc
        or (parts.hostname or "").lower() != CERT_HOST
        or port not in (None, 443)
        or parts.query
        or parts.fragment
    ):
        raise CertUrlRejected()
    path = posixpath.normpath(parts.path) if parts.path else ""
    if not path.startswith(CERT_PATH_PREFIX):
        raise CertUrlRejected()
    return f"https://{CERT_HOST}{path}"


@cache
def _tls_context() -> ssl.SSLContext:
    return ssl.create_default_context(cafile=certifi.where())


def fetch_chain(
    url: str, *, timeout: float = FETCH_TIMEOUT_S, max_bytes: int = MAX_CHAIN_BYTES
) -> bytes:
    """Download a PEM chain within ``timeout`` seconds overall, connect, TLS and every read
    together, and at most ``max_bytes`` bytes. A server that trickles bytes is cut off at the
    deadline (a watchdog shuts the socket), not after each read's own timeout. No redirect is
    followed: it could lead away from the checked URL."""
    deadline = time.monotonic() + timeout
    parts = urlsplit(url)
    secure = parts.scheme == "https"
    connection: http.client.HTTPConnection = (
        http.client.HTTPSConnection(parts.hostname or "", parts.port, timeout=timeout,
                                    context=_tls_context())
        if secure
        else http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=timeout)
    )  # fmt: skip
    cut = threading.Event()
    watchdog = threading.Timer(timeout, _cut_off, args=(connection, cut))
    watchdog.daemon = True
    watchdog.start()

    def left() -> float:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise CertFetchFailed()
        return remaining

    try:
        connection.request("GET", parts.path or "/")
        connection.sock.settimeout(left())
        response = connection.getresponse()
        if response.status != 200:
            raise CertFetchFailed()
        data = bytearray()
        while True:
            connection.sock.settimeout(left())
            chunk = response.read1(8192)  # what has arrived; never waits to fill a buffer
            if not chunk:
                if cut.is_set() or response.length:  # cut off, or the body ended early
                    raise CertFetchFailed()
                return bytes(data)
            data += chunk
            if len(data) > max_bytes:
                raise CertFetchFailed()
    except (OSError, ValueError, AttributeError, http.client.HTTPException) as exc:
        raise CertFetchFailed() from exc
    finally:
        watchdog.cancel()
        connection.close()


def _cut_off(connection: http.client.HTTPConnection, cut: threading.Event) -> None:
    """End a download that ran past its deadline, wherever it is blocked."""
    cut.set()
    sock = connection.sock
    if sock is not None:
        with contextlib.suppress(OSError):  # already closed: nothing left to cut
            sock.shutdown(socket.SHUT_RDWR)


@cache
def default_roots() -> tuple[x509.Certificate, ...]:
    """The web PKI roots shipped by certifi (Amazon's roots are among them).

    Roots are read one by one so that a single one this library cannot parse is skipped rather
    than making the whole store unusable.
    """
    with open(certifi.where(), "rb") as bundle:
        blocks = _PEM_CERT.findall(bundle.read())
    roots = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
        for block in blocks:
            try:
                roots.append(x509.load_pem_x509_certificate(block))
            except ValueError:
                continue
    return tuple(roots)


def parse_chain(pem: bytes) -> list[x509.Certificate]:
    """Leaf first, then intermediates; the leaf must carry an RSA key."""
    try:
        certs = x509.load_pem_x509_certificates(pem)
        leaf_key = certs[0].public_key()
    except (ValueError, IndexError, UnsupportedAlgorithm) as exc:
        raise BadCertificate() from exc
    if not isinstance(leaf_key, rsa.RSAPublicKey):
        raise BadCertificate()
    if leaf_key.key_size < MIN_RSA_KEY_BITS:
        raise CertificateKeyTooWeak()
    return certs


def validate_chain(certs: Sequence[x509.Certificate], store: Store, now: datetime) -> None:
    """Leaf in date, named echo-api.amazon.com, and chained to a root in ``store``."""
    leaf = certs[0]
    if not leaf.not_valid_before_utc <= now <= leaf.not_valid_after_utc:
        raise CertificateNotInDate()
    try:
        san = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound as exc:
        raise CertificateWrongName() from exc
    except ValueError as exc:
        raise BadCertificate() from exc
    if ECHO_API_NAME not in (name.lower() for name in san.get_values_for_type(x509.DNSName)):
        raise CertificateWrongName()
    verifier = PolicyBuilder().store(store).time(now).build_server_verifier(DNSName(ECHO_API_NAME))
    try:
        verifier.verify(leaf, list(certs[1:]))
    except (PathValidationError, ValueError) as exc:
        raise CertificateUntrusted() from exc


@dataclass(frozen=True)
class _CachedKey:
    key: rsa.RSAPublicKey
    expires: datetime


class SigningKeys:
    """Validated signing keys by certificate URL, each kept until its chain's first not-after.

    Downloads cannot be turned against the server: only chains that passed validation are
    cached (at most ``max_entries``); one download runs per URL, and other requests for it wait
    for that one; a URL whose download or validation failed is refused without a download for
    ``failure_ttl`` seconds; and at most ``max_fetching`` downloads run at once, beyond which a
    request for an unknown URL is refused at once rather than holding a worker thread.
    """

    def __init__(
        self,
        fetcher: Fetcher | None = None,
        roots: Iterable[x509.Certificate] | None = None,
        max_entries: int = 16,
        max_fetching: int = MAX_FETCHING,
        failure_ttl: float = FAILURE_TTL_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._fetch = fetcher or fetch_chain
        self._store = Store(list(default_roots() if roots is None else roots))
        self._max_entries = max_entries
        self._entries: dict[str, _CachedKey] = {}
        self._failed: OrderedDict[str, float] = OrderedDict()  # URL -> refused until (clock)
        self._fetching: dict[str, Future[_CachedKey]] = {}
        self._slots = threading.BoundedSemaphore(max_fetching)
        self._failure_ttl = failure_ttl
        self._clock = clock
        self._lock = threading.Lock()

    def key_for(self, url: str, now: datetime) -> rsa.RSAPublicKey:
        """The leaf's public key for ``url``, fetching and validating the chain when needed."""
        canonical = normalise_cert_url(url)
        with self._lock:
            cached = self._entries.get(canonical)
            if cached is not None and now < cached.expires:
                return cached.key
            refused_until = self._failed.get(canonical)
            if refused_until is not None and self._clock() < refused_until:
                raise CertFetchFailed()
            running = self._fetching.get(canonical)
            if running is None:
                if not self._slots.acquire(blocking=False):
                    raise CertFetchFailed()  # too many downloads in flight already
                running = self._fetching[canonical] = Future()
                owner = True
            else:
                owner = False
        if not owner:
            try:
                return running.result(timeout=FETCH_TIMEOUT_S + 1).key
            except FutureTimeout as exc:
                raise CertFetchFailed() from exc
        try:
            entry = self._download(canonical, now)
        except VerificationError as error:
            with self._lock:
                self._failed[canonical] = self._clock() + self._failure_ttl
                self._failed.move_to_end(canonical)
                while len(self._failed) > MAX_REMEMBERED_FAILURES:
                    self._failed.popitem(last=False)
            running.set_exception(error)
            raise
        finally:
            with self._lock:
                self._fetching.pop(canonical, None)
            self._slots.release()
        with self._lock:
            self._entries.pop(canonical, None)
            while len(self._entries) >= self._max_entries:
                self._entries.pop(next(iter(self._entries)))
            self._entries[canonical] = entry
        running.set_result(entry)
        return entry.key

    def _download(self, canonical: str, now: datetime) -> _CachedKey:
        try:
            pem = self._fetch(canonical)
        except (OSError, ValueError, http.client.HTTPException) as exc:
            raise CertFetchFailed() from exc
        if len(pem) > MAX_CHAIN_BYTES:
            raise CertFetchFailed()
        certs = parse_chain(pem)
        validate_chain(certs, self._store, now)
        return _CachedKey(
            key=certs[0].public_key(),  # type: ignore[arg-type]  # checked RSA in parse_chain
            expires=min(cert.not_valid_after_utc for cert in certs),
        )
