"""LOG_LEVEL holds on Lambda, where the runtime has given the root logger a handler (and left
it at WARNING) before it imports the handler's module, as well as in a bare interpreter."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from skill import PROJECT_ROOT

_AS_LAMBDA = "import logging; logging.getLogger().addHandler(logging.StreamHandler())\n"
_REPORT = (
    "import logging, skill.alexa.lambda_function\n"
    "root = logging.getLogger()\n"
    "print(logging.getLevelName(root.level), len(root.handlers))\n"
)


def _levels(prelude: str, tmp_path: Path, level: str | None, lambda_level: str = "") -> str:
    env = {**os.environ, "SKILL_DB_PATH": str(tmp_path / "coach.sqlite3")}
    for name in ("LOG_LEVEL", "TABLE_NAME", "AWS_LAMBDA_LOG_LEVEL"):
        env.pop(name, None)
    if level is not None:
        env["LOG_LEVEL"] = level
    if lambda_level:
        env["AWS_LAMBDA_LOG_LEVEL"] = lambda_level
    command = [sys.executable, "-c", prelude + _REPORT]
    result = subprocess.run(
        command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize("prelude", ["", _AS_LAMBDA], ids=["bare", "as on lambda"])
def test_the_level_is_info_by_default_and_log_level_sets_it(prelude, tmp_path) -> None:
    assert _levels(prelude, tmp_path, None) == "INFO 1"  # one handler: ours or the runtime's
    assert _levels(prelude, tmp_path, "DEBUG") == "DEBUG 1"


def test_a_level_from_lambdas_logging_configuration_is_kept_unless_log_level_names_one(
    tmp_path,
) -> None:
    # The runtime applies AWS_LAMBDA_LOG_LEVEL to the root logger before the module loads.
    configured = _AS_LAMBDA + "logging.getLogger().setLevel(logging.WARNING)\n"
    assert _levels(configured, tmp_path, None, lambda_level="WARN") == "WARNING 1"
    assert _levels(configured, tmp_path, "DEBUG", lambda_level="WARN") == "DEBUG 1"


def test_a_log_level_that_names_no_level_stops_the_start_with_the_variable_named(
    tmp_path,
) -> None:
    env = {**os.environ, "SKILL_DB_PATH": str(tmp_path / "coach.sqlite3"), "LOG_LEVEL": "loud"}
    env.pop("TABLE_NAME", None)
    command = [sys.executable, "-c", "import skill.alexa.lambda_function"]
    result = subprocess.run(
        command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "LOG_LEVEL: expected DEBUG, INFO, WARNING or ERROR, got 'loud'" in result.stderr
