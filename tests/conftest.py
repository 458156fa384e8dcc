from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# The skill's default store is a SQLite file; tests keep theirs out of the project's data/.
os.environ.setdefault("SKILL_DB_PATH", str(Path(tempfile.mkdtemp()) / "coach.sqlite3"))
# The DynamoDB adapter builds a boto3 resource when imported, which needs a region.
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

from skill.content.loader import default_content
from skill.content.model import Content
from skill.tools.simulator import Conversation
from skill.voice_model.matcher import Understander
from skill.voice_model.model import load_model

# HYPOTHESIS_PROFILE=long searches much longer than the default run of `make test`.
settings.register_profile(
    "default", max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("long", parent=settings.get_profile("default"), max_examples=20_000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session")
def content() -> Content:
    return default_content()


@pytest.fixture(scope="session")
def understander() -> Understander:
    return Understander(load_model())


@pytest.fixture
def conversation(understander: Understander) -> Conversation:
    from skill.alexa.lambda_function import handler  # after SKILL_DB_PATH is set, above

    return Conversation(handler, understander)


def pytest_terminal_summary(terminalreporter) -> None:
    """The paraphrase coverage per intent, after the run (tests/voice_model/test_paraphrases.py)."""
    from tests.voice_model.test_paraphrases import REPORT

    if REPORT:
        terminalreporter.section("phrase coverage by the model's exact sample matching")
        for line in REPORT:
            terminalreporter.write_line(line)
