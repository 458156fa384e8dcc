"""Render a :class:`~skill.acts.Reply` as SSML for Alexa, and as plain text for cards.

Holds are waited out inside the response: an audio cue, chained breaks of at most 10 s (Alexa's
longest break), a spoken "ten seconds left" in holds of 20 s or more, and a closing cue.
"""

from __future__ import annotations

from dataclasses import dataclass

from skill.acts import Caution, Hold, Reply, Say, Step
from skill.content import Content

HOLD_START_CUE = "soundbank://soundlibrary/musical/amzn_sfx_bell_short_chime_01"
HOLD_END_CUE = "soundbank://soundlibrary/musical/amzn_sfx_bell_timer_01"
MAX_BREAK_SECONDS = 10
STEP_PAUSE = '<break time="2s"/>'  # time to move between two steps
COUNT_CUE_MIN_HOLD = 20
COUNT_CUE_AT = 10  # seconds left when the count cue is spoken
MAX_SSML_CHARS = 8000
MAX_AUDIO_TAGS = 5


def escape(text: str) -> str:
    """Text safe inside SSML: ``&``, ``<`` and ``>`` as entities.

    Not ``xml.sax.saxutils.escape``, which imports ``urllib.request`` (~25 ms of cold start).
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class SpeechBudgetError(ValueError):
    """A response would break one of Alexa's limits on speech."""


@dataclass(frozen=True)
class Rendered:
    ssml: str  # the inner SSML, without <speak>; the SDK adds it
    reprompt_ssml: str
    text: str  # the same acts as plain text, for cards
    ends_session: bool

    @property
    def speak_ssml(self) -> str:
        return f"<speak>{self.ssml}</speak>"


def _breaks(seconds: int) -> list[str]:
    out = []
    while seconds > 0:
        chunk = min(seconds, MAX_BREAK_SECONDS)
        out.append(f'<break time="{chunk}s"/>')
        seconds -= chunk
    return out


def hold_ssml(seconds: int, content: Content) -> str:
    parts = [f'<audio src="{HOLD_START_CUE}"/>']
    if seconds >= COUNT_CUE_MIN_HOLD:
        parts += _breaks(seconds - COUNT_CUE_AT)
        parts.append(escape(content.prompt("hold_remaining")))
        parts += _breaks(COUNT_CUE_AT)
    else:
        parts += _breaks(seconds)
    parts.append(f'<audio src="{HOLD_END_CUE}"/>')
    return " ".join(parts)


def render(reply: Reply, content: Content) -> Rendered:
    """SSML and plain text for a reply; raises SpeechBudgetError past Alexa's limits."""
    ssml_parts: list[str] = []
    text_parts: list[str] = []
    previous = None
    for act in reply.acts:
        if isinstance(act, Step) and isinstance(previous, Step):
            ssml_parts.append(STEP_PAUSE)
        previous = act
        if isinstance(act, Hold):
            ssml_parts.append(hold_ssml(act.seconds, content))
            text_parts.append(content.prompt("card_hold", seconds=str(act.seconds)))
        elif isinstance(act, Say | Step | Caution):
            ssml_parts.append(escape(act.text))
            text_parts.append(act.text)
    if reply.ask:
        ssml_parts.append(escape(reply.ask))
        text_parts.append(reply.ask)
    ssml = " ".join(ssml_parts)
    rendered = Rendered(
        ssml=ssml,
        reprompt_ssml=escape(reply.reprompt or reply.ask),
        text="\n".join(text_parts),
        ends_session=reply.ends_session,
    )
    check_budget(rendered)
    return rendered


def check_budget(rendered: Rendered) -> None:
    for name, ssml in (("speech", rendered.speak_ssml), ("reprompt", rendered.reprompt_ssml)):
        if len(ssml) > MAX_SSML_CHARS:
            raise SpeechBudgetError(f"{name} is {len(ssml)} characters, over {MAX_SSML_CHARS}")
        audio = ssml.count("<audio ")
        if audio > MAX_AUDIO_TAGS:
            raise SpeechBudgetError(f"{name} has {audio} audio clips, over {MAX_AUDIO_TAGS}")
