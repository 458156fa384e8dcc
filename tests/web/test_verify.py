"""Alexa request verification: a valid signed request passes, and each forged or malformed
variant is refused with the exception class that names its reason."""

from __future__ import annotations

import re

import pytest

from skill.web import refusals as E
from skill.web.verify import RequestVerifier
from tests.web.forgery import (
    NOW,
    S3,
    SECOND,
    SIGNATURE_HEADER,
    URL_HEADER,
    Case,
    ago,
    at,
    body,
    ec_leaf,
    env,
    fetch_fails,
    flip_last_bit,
    header,
    impostor_chain,
    leaf,
    legacy_header_only,
    lower_case_headers,
    mangled_signature,
    run,
    serving,
    sha1_signature,
    signed,
    tampered,
    trusting_only_other_root,
    weak_rsa_leaf,
)
from tests.web.pki import DAY, OTHER_SKILL_ID, Pki, build_pki, rsa_key, to_pem

EVENT = "AlexaSkillEvent.SkillEnabled"
REFUSALS: dict[type[E.VerificationError], dict[str, Case]] = {
    E.CertUrlRejected: {
        "url_http": at("http://s3.amazonaws.com/echo.api/echo-api-cert.pem"),
        "url_other_host": at("https://notamazon.com/echo.api/echo-api-cert.pem"),
        "url_host_suffix": at("https://s3.amazonaws.com.evil.example/echo.api/c.pem"),
        "url_host_prefix": at("https://evil-s3.amazonaws.com/echo.api/c.pem"),
        "url_path_case": at(f"{S3}/EcHo.aPi/echo-api-cert.pem"),
        "url_other_path": at(f"{S3}/invalid.path/echo-api-cert.pem"),
        "url_port_563": at("https://s3.amazonaws.com:563/echo.api/echo-api-cert.pem"),
        "url_port_garbled": at("https://s3.amazonaws.com:44x/echo.api/c.pem"),
        "url_dot_dot_escape": at(f"{S3}/echo.api/../other.bucket/c.pem"),
        "url_encoded_dot_dot": at(f"{S3}/echo.api/%2E%2E/other.bucket/c.pem"),
        "url_userinfo": at("https://user@s3.amazonaws.com/echo.api/c.pem"),
        "url_query": at(f"{S3}/echo.api/c.pem?versionId=1"),
        "url_folder_only": at(f"{S3}/echo.api/"),
        "url_not_a_url": at("echo.api certificate"),
        "url_broken_ipv6_host": at("https://[s3.amazonaws.com/echo.api/c.pem"),
    },
    E.MissingHeader: {
        "no_cert_url_header": header(URL_HEADER, None),
        "no_signature_header": header(SIGNATURE_HEADER, None),
        "blank_signature": header(SIGNATURE_HEADER, "  "),
        "legacy_sha1_header_only": legacy_header_only,
    },
    E.GarbledSignature: {
        "signature_not_base64": header(SIGNATURE_HEADER, "not base64!"),
        "signature_far_too_long": header(SIGNATURE_HEADER, "A" * 4000),
        "signature_truncated": header(SIGNATURE_HEADER, mangled_signature(lambda s: s[:-1])),
    },
    E.CertFetchFailed: {
        "cert_timeout": fetch_fails(TimeoutError()),
        "cert_connection_refused": fetch_fails(ConnectionRefusedError()),
        "cert_oversized": serving(lambda p, o: p.chain_pem + b"\n" * 70_000),
    },
    E.BadCertificate: {
        "cert_garbage": serving(lambda p, o: b"<html>no</html>"),
        "cert_empty": serving(lambda p, o: b""),
        "cert_truncated": serving(lambda p, o: p.chain_pem[:300]),
        "leaf_ec_key": serving(ec_leaf),
    },
    E.CertificateKeyTooWeak: {
        "leaf_rsa_1024": weak_rsa_leaf,
    },
    E.CertificateNotInDate: {
        "leaf_expired": leaf(not_before=NOW - 90 * DAY, not_after=NOW - SECOND),
        "leaf_not_yet_valid": leaf(not_before=NOW + 60 * SECOND, not_after=NOW + 9 * DAY),
    },
    E.CertificateWrongName: {
        "leaf_wrong_name": leaf(names=("echo-api.example.com",)),
        "leaf_wildcard_name": leaf(names=("*.amazon.com",)),
        "leaf_without_san": leaf(names=()),
        "chain_wrong_order": serving(lambda p, o: to_pem(p.intermediate, p.leaf)),
    },
    E.CertificateUntrusted: {
        "chain_from_untrusted_root": serving(lambda p, o: o.chain_pem, signer="o"),
        "chain_without_intermediate": serving(lambda p, o: to_pem(p.leaf)),
        "leaf_from_impostor_ca": serving(impostor_chain),
        "root_not_in_store": trusting_only_other_root,
    },
    E.SignatureMismatch: {
        "body_tampered": tampered(lambda b: b.replace(b"en-US", b"en-GB")),
        "body_with_extra_space": tampered(lambda b: b + b" "),
        "signed_by_stranger": lambda p, o: signed(p, key=rsa_key("stranger")),
        "signed_with_sha1": header(SIGNATURE_HEADER, sha1_signature),
        "signature_bit_flipped": header(SIGNATURE_HEADER, mangled_signature(flip_last_bit)),
    },
    E.MalformedRequest: {
        "body_not_json": body(b"hello"),
        "body_json_array": body(b"[1, 2]"),
        "body_not_utf8": body(b'{"a": "\xff"}'),
        "no_request_object": body(b'{"version": "1.0"}'),
        "request_type_not_text": body(b'{"request": {"type": 5}}'),
    },
    E.InvalidTimestamp: {
        "timestamp_missing": body(b'{"request": {"type": "LaunchRequest"}}'),
        "timestamp_garbled": env(timestamp="yesterday"),
    },
    E.StaleTimestamp: {
        "timestamp_stale": env(timestamp=ago(151)),
        "timestamp_future": env(timestamp=ago(-151)),
        "skill_event_too_old": env(request_type=EVENT, timestamp=ago(3601)),
        "launch_in_event_window": env(timestamp=ago(3000)),
    },
    E.WrongApplicationId: {
        "wrong_skill_id": env(application_id=OTHER_SKILL_ID, session_application_id=OTHER_SKILL_ID),
        "no_application_id": env(application_id=None, session_application_id=None),
        "session_id_differs": env(session_application_id=OTHER_SKILL_ID),
    },
}
MATRIX = [
    pytest.param(make, expected, id=name)
    for expected, cases in REFUSALS.items()
    for name, make in cases.items()
]


@pytest.fixture(scope="module")
def pki() -> Pki:
    return build_pki()


@pytest.fixture(scope="module")
def other() -> Pki:
    """A look-alike PKI with its own keys, trusted by nobody."""
    return build_pki("other")


@pytest.mark.parametrize(("make", "expected"), MATRIX)
def test_refused_for_the_right_reason(
    pki: Pki, other: Pki, make: Case, expected: type[E.VerificationError]
) -> None:
    with pytest.raises(E.VerificationError) as caught:
        run(pki, make(pki, other))
    assert type(caught.value) is expected
    assert str(caught.value) == expected.reason


def test_the_matrix_is_wide() -> None:
    assert len(MATRIX) >= 25
    assert len({param.id for param in MATRIX}) == len(MATRIX)


ACCEPTED: dict[str, Case] = {
    "genuine": lambda p, o: signed(p),
    "url_upper_case_scheme_and_host": at("HTTPS://S3.AMAZONAWS.COM/echo.api/c.pem"),
    "url_port_443": at("https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem"),
    "url_dot_dot_back_inside": at(f"{S3}/echo.api/../echo.api/echo-api-cert.pem"),
    "timestamp_149_s_old": env(timestamp=ago(149)),
    "timestamp_149_s_ahead": env(timestamp=ago(-149)),
    "timestamp_with_fraction": env(timestamp=ago(5)[:-1] + ".250Z"),
    "skill_event_within_an_hour": env(request_type=EVENT, timestamp=ago(3000)),
    "session_id_only": env(application_id=None),
    "context_id_only": env(session_application_id=None),
    "leaf_with_several_names": leaf(names=("alexa.example", "echo-api.amazon.com")),
    "header_names_in_other_case": lower_case_headers,
}


@pytest.mark.parametrize("make", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_accepted(pki: Pki, other: Pki, make: Case) -> None:
    parsed = run(pki, make(pki, other))
    assert isinstance(parsed["request"]["type"], str)


def test_every_refusal_class_has_its_own_short_fixed_reason() -> None:
    classes = [
        c for c in vars(E).values() if isinstance(c, type) and issubclass(c, E.VerificationError)
    ]
    reasons = [c.reason for c in classes]
    assert len(set(reasons)) == len(classes) >= 17
    for cls in classes:
        assert cls.__name__ in (E.__doc__ or "")
        assert 0 < len(cls.reason) <= 60 and re.fullmatch(r"[A-Za-z0-9 .\-]+", cls.reason)
        assert str(cls()) == cls.reason


def test_a_skill_id_is_required() -> None:
    with pytest.raises(ValueError):
        RequestVerifier("")
