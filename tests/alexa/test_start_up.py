"""What the Lambda module loads: at start-up nothing a turn may not need, and through a whole
voice-only routine nothing that only a device with a screen, a reminder or a failure needs;
and the garbage collector it leaves behind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from skill import PROJECT_ROOT
from tests.perf import envelopes

# Not at start-up, nor in a routine on a device without a screen.
NEVER_FOR_VOICE = (
    "yaml",  # the content is read from its snapshot
    "skill.screens",
    "ask_sdk_model.interfaces.alexa.presentation.apl",
    "random",  # only when two saves race
    "uuid",
    "platform",
)
# Not at start-up: loaded with the first request that has slots, by the SDK itself.
NOT_AT_START = (*NEVER_FOR_VOICE, "ask_sdk_model.slu.entityresolution")

_RUN = """
import gc, json, sys
def loaded(names):
    return sorted(n for n in names if n in sys.modules)
from skill.alexa.lambda_function import handler
at_start = loaded(json.loads(sys.argv[2]))
collector = {"enabled": gc.isenabled(), "frozen": gc.get_freeze_count() > 0}
for event in json.load(open(sys.argv[1])):
    handler(event, None)
routine = loaded(json.loads(sys.argv[3]))
print(json.dumps({"start": at_start, "routine": routine, "collector": collector}))
"""


def test_start_up_and_a_voice_routine_load_only_what_they_use(tmp_path: Path) -> None:
    events = envelopes.dump(envelopes.as_user(envelopes.routine()), tmp_path / "routine.json")
    env = {k: v for k, v in os.environ.items() if k != "TABLE_NAME"}
    env["SKILL_DB_PATH"] = str(tmp_path / "coach.sqlite3")
    command = [sys.executable, "-c", _RUN, str(events), json.dumps(NOT_AT_START),
               json.dumps(NEVER_FOR_VOICE)]  # fmt: skip
    run = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True,
                         timeout=120)  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    loaded = json.loads(run.stdout.strip().splitlines()[-1])
    # The collector, off while start-up builds what lives as long as the process, is on again,
    # and what start-up built is frozen out of its walks.
    collector = {"enabled": True, "frozen": True}
    assert loaded == {"start": [], "routine": [], "collector": collector}


def test_on_dynamodb_start_up_loads_no_sqlite(tmp_path: Path) -> None:
    env = {**os.environ, "TABLE_NAME": "never-called", "AWS_DEFAULT_REGION": "us-east-1"}
    code = "import sys, skill.alexa.lambda_function; print('sqlite3' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env,
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "False"
