"""The baseline for benchmarks: a bare hello-world ask-sdk-core skill.

It answers every request with one fixed sentence and ignores slots, session attributes and the
user, so whatever the coach costs beyond it is the coach's own work.
"""

from __future__ import annotations

import os
from typing import Any

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_model import Response

GREETING = "Hello from the baseline skill."


class HelloHandler(AbstractRequestHandler):
    """Greets whatever it is asked and keeps the session open."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        builder = handler_input.response_builder.speak(GREETING).ask(GREETING)
        return builder.set_should_end_session(False).response


def _builder() -> SkillBuilder:
    builder = SkillBuilder()
    builder.add_request_handler(HelloHandler())
    return builder


def build_skill() -> CustomSkill:
    """The skill object, for the web endpoint."""
    return _builder().create()


def make_handler() -> Any:
    """The SDK's own Lambda handler for the skill."""
    return _builder().lambda_handler()


def make_dynamo_handler() -> Any:
    """The same skill keeping its users' attributes through the SDK's DynamoDB adapter, on the
    table ``TABLE_NAME`` names, as a skill that remembers anything on Lambda would: the floor
    for the coach's start-up on DynamoDB."""
    from ask_sdk_core.skill_builder import CustomSkillBuilder
    from ask_sdk_dynamodb.adapter import DynamoDbAdapter

    adapter = DynamoDbAdapter(table_name=os.environ["TABLE_NAME"], create_table=False)
    builder = CustomSkillBuilder(persistence_adapter=adapter)
    builder.add_request_handler(HelloHandler())
    return builder.lambda_handler()
