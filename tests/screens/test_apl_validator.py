"""The screens pass Amazon's APL validator (apl-suggester, from npm) with nothing to report:
the document itself, and the document with each kind of response's commands run on mount, so
that the validator also checks every command the skill sends."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from skill.dialogue.acts import Hold, Instruction
from skill.screens import document, screen
from tests.screens.test_screens import ALL, CONTENT
from tests.virtual_alexa import NODE_DIR, node_for

VALIDATOR = NODE_DIR / "validate_apl.js"


def validate(paths: list[Path]) -> list[dict]:
    run = subprocess.run(
        [node_for("apl-suggester"), str(VALIDATOR), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode in (0, 1), run.stderr
    return [json.loads(line) for line in run.stdout.splitlines()]


def test_the_validator_reports_a_broken_document(tmp_path) -> None:
    broken = json.loads(json.dumps(document()))
    broken["layouts"]["Header"]["item"]["items"][0]["textAlign"] = "middle"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken))
    [result] = validate([path])
    assert any("textAlign" in p["path"] for p in result["problems"]), result


def test_the_document_and_every_kind_of_command_pass_with_no_warnings(tmp_path) -> None:
    paths = [tmp_path / "coach.json"]
    paths[0].write_text(json.dumps(document()))
    samples = {}  # one response of each shape: steps alone, a short hold, a long one, chained
    for _, reply, state in ALL:
        shown = screen(reply, state, CONTENT)
        if shown.speaks:
            holds = tuple(a.remind_at > 0 for a in reply.acts if isinstance(a, Hold))
            moves = any(isinstance(a, Instruction) and a.move_seconds for a in reply.acts)
            samples.setdefault((holds, moves), shown)
    assert len(samples) >= 3
    for n, shown in enumerate(samples.values()):
        mounted = json.loads(json.dumps(document()))
        mounted["onMount"] = list(shown.commands)
        paths.append(tmp_path / f"commands-{n}.json")
        paths[-1].write_text(json.dumps(mounted))
    results = validate(paths)
    assert len(results) == len(paths)
    for result in results:
        assert result["problems"] == [], result
