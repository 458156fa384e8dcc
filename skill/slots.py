"""Reading what Alexa's entity resolution made of a slot."""

from __future__ import annotations

from ask_sdk_model import Slot
from ask_sdk_model.slu.entityresolution import StatusCode


def resolved_id(slot: Slot | None) -> str:
    """The id entity resolution matched for ``slot``, or "" (no match, an error, no value)."""
    authorities = getattr(getattr(slot, "resolutions", None), "resolutions_per_authority", None)
    for authority in authorities or []:
        code = getattr(getattr(authority, "status", None), "code", None)
        value = getattr(authority.values[0], "value", None) if authority.values else None
        if code == StatusCode.ER_SUCCESS_MATCH and value is not None:
            return str(value.id or "")
    return ""
