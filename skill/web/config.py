"""Settings of the self-hosted endpoint, read from the environment.

SKILL_ID                 the skill's application id (amzn1.ask.skill.…); required unless
                         verification is off
HOST, PORT               where to listen (127.0.0.1:8080 by default)
LOG_LEVEL                DEBUG, INFO, WARNING or ERROR (INFO by default)
BSC_INSECURE_NO_VERIFY   1 turns off signature, certificate and timestamp checks, for local
                         tools that cannot sign; only allowed on a loopback address
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass

INSECURE_SWITCH = "BSC_INSECURE_NO_VERIFY"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("", "0", "false", "no", "off")


class ConfigError(ValueError):
    """The endpoint must not start with these settings."""


@dataclass(frozen=True)
class WebConfig:
    skill_id: str | None = None
    host: str = "127.0.0.1"
    port: int = 8080
    log_level: str = "INFO"
    verify: bool = True
    max_body_bytes: int = 256 * 1024

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> WebConfig:
        env = os.environ if environ is None else environ
        switch = env.get(INSECURE_SWITCH, "").strip().lower()
        if switch not in _TRUE + _FALSE:
            raise ConfigError(f"{INSECURE_SWITCH} must be 1 or 0")
        port_text = env.get("PORT", "8080").strip()
        if not port_text.isdigit():
            raise ConfigError("PORT must be a number")
        return cls(
            skill_id=env.get("SKILL_ID", "").strip() or None,
            host=env.get("HOST", "127.0.0.1").strip() or "127.0.0.1",
            port=int(port_text),
            log_level=env.get("LOG_LEVEL", "INFO").strip().upper() or "INFO",
            verify=switch not in _TRUE,
        )

    def check(self) -> None:
        """Raise ConfigError unless these settings are safe to serve with."""
        if not 0 <= self.port <= 65535:
            raise ConfigError("PORT must be between 0 and 65535")
        if self.log_level not in LOG_LEVELS:
            raise ConfigError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}")
        if self.verify and not self.skill_id:
            raise ConfigError("SKILL_ID is required while request verification is on")
        if not self.verify and not is_loopback(self.host):
            raise ConfigError(
                f"{INSECURE_SWITCH}=1 is only allowed on a loopback address, not {self.host!r}"
            )


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
