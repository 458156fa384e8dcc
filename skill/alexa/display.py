"""The screen in a response: whether the device has one, and the APL directives that show it.

:mod:`skill.screens` and the SDK's APL classes load on the first turn from a device with a
screen, so a voice-only turn and the cold start never pay for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_supported_interfaces

from skill.content.model import Content
from skill.dialogue.acts import Reply
from skill.dialogue.state import State

if TYPE_CHECKING:
    from skill.screens import Screen


def has_screen(handler_input: HandlerInput) -> bool:
    """Whether the request's device renders APL (an Echo Show, Echo Spot, Fire TV...)."""
    try:
        interfaces = get_supported_interfaces(handler_input)
    except AttributeError:  # a request without a context, system or device
        return False
    return getattr(interfaces, "alexa_presentation_apl", None) is not None


def screen(
    handler_input: HandlerInput, reply: Reply, state: State, content: Content
) -> Screen | None:
    """What to show with ``reply``; None on a device without a screen, and beside Alexa's own
    permission question (that directive hands the dialogue over)."""
    if reply.ask_consent is not None or not has_screen(handler_input):
        return None
    from skill.screens import screen as screen_of

    return screen_of(reply, state, content)


def directives(shown: Screen) -> list:
    """``RenderDocument`` with the screen's data, and ``ExecuteCommands`` with the commands
    that speak it when the document speaks."""
    from ask_sdk_model.interfaces.alexa.presentation.apl import (
        ExecuteCommandsDirective,
        RenderDocumentDirective,
    )

    from skill.screens import DOCUMENT_TOKEN, document

    out: list = [
        RenderDocumentDirective(
            token=DOCUMENT_TOKEN, document=document(), datasources=shown.datasources
        )
    ]
    if shown.speaks:
        out.append(ExecuteCommandsDirective(commands=list(shown.commands), token=DOCUMENT_TOKEN))
    return out
