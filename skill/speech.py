"""Render a :class:`~skill.dialogue.acts.Reply` as SSML for Alexa, and as plain text for cards.

Each instruction is followed by the quiet its step gives to move. Holds are waited out inside
the response: a chime as the hold starts, chained breaks of at most 10 s (Alexa's longest), the
reminder the hold asks for ("ten seconds left"), and a bell at its end. Every limit checked here
is Alexa's, from :mod:`skill.limits`.
"""

from functools import lru_cache
from typing import NamedTuple

from skill.content.model import Content
from skill.content.prompts import Prompt
from skill.dialogue.acts import Act, Caution, Hold, Instruction, Reply, Say
from skill.limits import MAX_AUDIO_CLIPS, MAX_BREAK_SECONDS, MAX_SSML_CHARS

HOLD_START_CUE = "soundbank://soundlibrary/musical/amzn_sfx_bell_short_chime_01"
HOLD_END_CUE = "soundbank://soundlibrary/musical/amzn_sfx_bell_timer_01"


def escape(text: str) -> str:
    """Text safe inside SSML: ``&``, ``<`` and ``>`` as entities.

    Not ``xml.sax.saxutils.escape``, which imports ``urllib.request`` (~25 ms of cold start).
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class SpeechBudgetError(ValueError):
    """A response would break one of Alexa's limits on speech."""


class Rendered(NamedTuple):
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


def hold_ssml(hold: Hold, content: Content) -> str:
    """A hold as SSML: two audio clips (skill.limits.CLIPS_PER_HOLD), the start and the end."""
    parts = [f'<audio src="{HOLD_START_CUE}"/>']
    if hold.remind_at:
        parts += _breaks(hold.seconds - hold.remind_at)
        parts.append(escape(content.prompt(Prompt.HOLD_REMAINING)))
        parts += _breaks(hold.remind_at)
    else:
        parts += _breaks(hold.seconds)
    parts.append(f'<audio src="{HOLD_END_CUE}"/>')
    return " ".join(parts)


# Most acts are a stretch's steps and holds, alike for every user. Typed, so that acts of two
# kinds holding the same values are never taken for each other.
@lru_cache(maxsize=1024, typed=True)
def _act_parts(act: Act, content: Content) -> tuple[str, str] | None:
    """One act as SSML and as card text; None for anything that is not an act."""
    if isinstance(act, Hold):
        card = content.prompt(Prompt.CARD_HOLD, seconds=str(act.seconds))
        return hold_ssml(act, content), card
    if isinstance(act, Instruction):  # then the time to move, before what follows
        return " ".join([escape(act.text), *_breaks(act.move_seconds)]), act.text
    if isinstance(act, Say | Caution):
        return escape(act.text), act.text
    return None


def render(reply: Reply, content: Content) -> Rendered:
    """SSML and plain text for a reply; raises SpeechBudgetError past Alexa's limits."""
    ssml_parts: list[str] = []
    text_parts: list[str] = []
    for act in reply.acts:
        parts = _act_parts(act, content)
        if parts is not None:
            ssml_parts.append(parts[0])
            text_parts.append(parts[1])
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
        if audio > MAX_AUDIO_CLIPS:
            raise SpeechBudgetError(f"{name} has {audio} audio clips, over {MAX_AUDIO_CLIPS}")
