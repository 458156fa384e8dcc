"""Prompt keys the code names: every prompt in ``content/prompts.yaml`` is spoken somewhere,
every key the code speaks exists, and no key is built from a string at run time."""

from __future__ import annotations

import ast
from collections import Counter

import yaml

from skill import PROJECT_ROOT
from skill.content.prompts import Prompt, prompt_keys

PROMPTS_FILE = PROJECT_ROOT / "content" / "prompts.yaml"
DECLARED_IN = PROJECT_ROOT / "skill" / "content" / "prompts.py"
# Calls whose argument at this index is a prompt key: content.prompt(key, …), its local alias
# p(key, …) (``p = content.prompt``), and say(content, key, …).
KEY_ARGUMENT = {"prompt": 0, "p": 0, "say": 1}


def _code() -> list[tuple[str, ast.AST]]:
    found = []
    for path in sorted((PROJECT_ROOT / "skill").rglob("*.py")):
        if path != DECLARED_IN:
            tree = ast.parse(path.read_text(encoding="utf-8"))
            found += [(path.relative_to(PROJECT_ROOT).as_posix(), node) for node in ast.walk(tree)]
    return found


CODE = _code()


def _named_keys() -> Counter[str]:
    """How often the code names each Prompt constant."""
    return Counter(
        node.attr
        for _, node in CODE
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "Prompt"
    )


def test_the_file_holds_exactly_the_declared_prompts() -> None:
    in_file = yaml.safe_load(PROMPTS_FILE.read_text(encoding="utf-8"))
    assert sorted(in_file) == sorted(prompt_keys())
    assert len(set(prompt_keys())) == len(prompt_keys())


def test_every_prompt_is_spoken_somewhere() -> None:
    named = _named_keys()
    unused = [name for name, key in vars(Prompt).items() if name.isupper() and not named[name]]
    assert unused == []


def test_every_key_the_code_names_exists() -> None:
    unknown = sorted(name for name in _named_keys() if not hasattr(Prompt, name))
    assert unknown == []


def test_no_prompt_key_is_a_string_or_built_from_one() -> None:
    bad = []
    for where, node in CODE:
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        index = KEY_ARGUMENT.get(called)
        if index is None or len(node.args) <= index:
            continue
        key = node.args[index]
        if isinstance(key, ast.Constant | ast.JoinedStr | ast.BinOp):
            bad.append(f"{where}:{node.lineno}: {ast.unparse(key)}")
    assert bad == []


def test_the_checks_see_the_calls_they_judge() -> None:
    """A check that finds no call could not fail: the code does name keys both ways."""
    calls = [n for _, n in CODE if isinstance(n, ast.Call)]
    names = {getattr(c.func, "attr", getattr(c.func, "id", "")) for c in calls}
    assert {"prompt", "p", "say"} <= names
    aliases = {
        target.id
        for _, n in CODE
        if isinstance(n, ast.Assign)
        and isinstance(n.value, ast.Attribute)
        and n.value.attr == "prompt"
        for target in n.targets
        if isinstance(target, ast.Name)
    }
    assert aliases == {"p"}  # the only alias the key check knows
    assert sum(_named_keys().values()) > len(prompt_keys())
