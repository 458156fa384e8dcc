"""Builds the skill: the ask-sdk CustomSkill with every handler, on the validated content."""

from __future__ import annotations

from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_model.services import ApiClient

from skill.alexa import handlers
from skill.alexa.api_client import TimedApiClient
from skill.alexa.can_fulfill import CanFulfillIntentHandler
from skill.content.loader import default_content
from skill.content.model import Content, ContentError
from skill.store.interface import Store


def build_skill(
    content: Content | None = None, store: Store | None = None, api: ApiClient | None = None
) -> CustomSkill:
    """The skill object; loading content here makes a broken content file fail at start-up.

    ``store`` keeps users' records between sessions; without one the skill forgets. ``api``
    calls the Alexa APIs (reminders, time zones); by default over HTTPS with the usual roots.
    """
    content = content or default_content()
    _check_topic_intents(content)
    builder = CustomSkillBuilder(api_client=api or TimedApiClient())
    # First, and without the store: answering CanFulfillIntentRequest must have no side effects.
    builder.add_request_handler(CanFulfillIntentHandler(content))
    # The rest answer disjoint requests, so their order is only the order they are tried in:
    # the intents of most turns (next, yes, repeat, stop...) first.
    for handler in (
        handlers.MappedIntentHandler,
        handlers.LaunchHandler,
        handlers.StartStretchHandler,
        handlers.TopicHandler,
        handlers.PreferenceHandler,
        handlers.ReminderHandler,
        handlers.ConsentAnswerHandler,
        handlers.TouchHandler,
        handlers.SkillDisabledHandler,
        handlers.UnknownIntentHandler,
        handlers.SessionEndedHandler,
        handlers.OtherRequestHandler,
    ):
        builder.add_request_handler(handler(content, store))
    builder.add_exception_handler(handlers.CatchAllExceptionHandler(content))
    return builder.create()


def _check_topic_intents(content: Content) -> None:
    """A knowledge topic on an intent the code answers would take it over (a topic on
    PainIntent would stop "it hurts" from stopping the stretch): refused at start-up."""
    errors = [
        f"knowledge.yaml: topics[{index}].intent: expected an intent of the topic's own, got "
        f"{topic.intent!r}, which the skill answers in code"
        for index, topic in enumerate(content.topics)
        if topic.intent in handlers.CODED_INTENTS
    ]
    if errors:
        raise ContentError(errors)
