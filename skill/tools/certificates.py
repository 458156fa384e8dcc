"""Certificates made on this machine: a CA and the leaves it signs, shaped by web PKI rules
(critical basicConstraints and keyCertSign on CAs; SAN, key identifiers and serverAuth on a
leaf) so that real path validation accepts them. The endpoint tests build Alexa-like chains
from them, and the local stand-in for the Alexa API serves HTTPS on 127.0.0.1 with one.
"""

from __future__ import annotations

import ipaddress
from datetime import UTC, datetime, timedelta
from functools import cache

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DAY = timedelta(days=1)

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


@cache
def rsa_key(label: str) -> rsa.RSAPrivateKey:
    """One 2048-bit key per label, generated once per test run."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Back Stretch Coach Local PKI"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _ski(key: PrivateKey) -> x509.SubjectKeyIdentifier:
    return x509.SubjectKeyIdentifier.from_public_key(key.public_key())


def _aki(issuer_key: PrivateKey) -> x509.AuthorityKeyIdentifier:
    return x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key())


def _usage(ca: bool) -> x509.KeyUsage:
    """A CA signs certificates; a leaf signs and exchanges keys."""
    return x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=False,
        key_encipherment=not ca,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def make_ca(
    name: str,
    key: PrivateKey,
    issuer: tuple[x509.Certificate, PrivateKey] | None = None,
    now: datetime | None = None,
) -> x509.Certificate:
    """A CA certificate, self-signed when ``issuer`` is None."""
    now = now or datetime.now(UTC)
    issuer_name, issuer_key = (issuer[0].subject, issuer[1]) if issuer else (_name(name), key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(name))
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - 30 * DAY)
        .not_valid_after(now + 3650 * DAY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_usage(ca=True), critical=True)
        .add_extension(_ski(key), critical=False)
    )
    if issuer:
        builder = builder.add_extension(_aki(issuer_key), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def make_leaf(
    issuer: tuple[x509.Certificate, PrivateKey],
    key: PrivateKey,
    names: tuple[str, ...] = ("echo-api.amazon.com",),
    not_before: datetime | None = None,
    not_after: datetime | None = None,
) -> x509.Certificate:
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(names[0] if names else "no-san.example"))
        .issuer_name(issuer[0].subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - DAY)
        .not_valid_after(not_after or now + 90 * DAY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(ca=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(_ski(key), critical=False)
        .add_extension(_aki(issuer[1]), critical=False)
    )
    if names:
        san = x509.SubjectAlternativeName([_general_name(n) for n in names])
        builder = builder.add_extension(san, critical=False)
    return builder.sign(issuer[1], hashes.SHA256())


def to_pem(*certs: x509.Certificate) -> bytes:
    return b"".join(cert.public_bytes(serialization.Encoding.PEM) for cert in certs)


def _general_name(name: str) -> x509.GeneralName:
    """An IP address SAN for an address, else a DNS name."""
    try:
        return x509.IPAddress(ipaddress.ip_address(name))
    except ValueError:
        return x509.DNSName(name)
