"""The screen in a response: whether the device has one, and the APL directives that show it.

The SDK's APL classes load on the first turn from a device with a screen, so a voice-only turn
and the cold start never pay for them.
"""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_supported_interfaces

from skill.screens import DOCUMENT_TOKEN, Screen, document


def has_screen(handler_input: HandlerInput) -> bool:
    """Whether the request's device renders APL (an Echo Show, Echo Spot, Fire TV...)."""
    try:
        interfaces = get_supported_interfaces(handler_input)
    except AttributeError:  # a request without a context, system or device
        return False
    return getattr(interfaces, "alexa_presentation_apl", None) is not None


def directives(shown: Screen) -> list:
    """``RenderDocument`` with the screen's data, and ``ExecuteCommands`` with the commands
    that speak it when the document speaks."""
    from ask_sdk_model.interfaces.alexa.presentation.apl import (
        ExecuteCommandsDirective,
        RenderDocumentDirective,
    )

    out: list = [
        RenderDocumentDirective(
            token=DOCUMENT_TOKEN, document=document(), datasources=shown.datasources
        )
    ]
    if shown.speaks:
        out.append(ExecuteCommandsDirective(commands=list(shown.commands), token=DOCUMENT_TOKEN))
    return out
