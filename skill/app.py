"""Builds the skill: the ask-sdk CustomSkill with every handler, on the validated content."""

from __future__ import annotations

from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import SkillBuilder

from skill import handlers
from skill.content import Content, default_content


def build_skill(content: Content | None = None) -> CustomSkill:
    """The skill object; loading content here makes a broken content file fail at start-up."""
    content = content or default_content()
    builder = SkillBuilder()
    for handler in (
        handlers.LaunchHandler,
        handlers.StartStretchHandler,
        handlers.TopicHandler,
        handlers.MappedIntentHandler,
        handlers.UnknownIntentHandler,
        handlers.SessionEndedHandler,
        handlers.OtherRequestHandler,
    ):
        builder.add_request_handler(handler(content))
    builder.add_exception_handler(handlers.CatchAllExceptionHandler(content))
    return builder.create()
