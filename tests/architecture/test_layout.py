"""The layout's rules, proved from the code's own imports and by watching what the pure core
does when it runs:

* no import circles anywhere in ``skill/``;
* ``skill/dialogue/`` and ``skill/content/`` import no Alexa SDK, web framework or database,
  and do no I/O when called (only ``skill/content/loader.py`` reads files, once, at start-up);
* nothing shipped imports ``skill/tools/``, and what Lambda runs needs nothing the zip leaves
  out;
* what Lambda runs defines its values as named tuples, not dataclasses: CPython compiles a
  dataclass's methods when its module is imported, about 0.7 ms a class, on every cold start;
  and a module that defines named tuples evaluates its annotations (no ``from __future__
  import annotations``), since ``typing.NamedTuple`` compiles every annotation left as a string.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from hypothesis import given, settings

from skill import PROJECT_ROOT
from skill.dialogue.codec import decode, encode
from skill.dialogue.conversation import advance
from skill.dialogue.state import State
from skill.speech import render
from skill.tools.packaging import LEFT_OUT
from tests.architecture.imports import circles, imports, internal_graph, modules, reachable
from tests.dialogue.strategies import CONTENT, sequences

PURE = ("skill.dialogue", "skill.content")
SDK_WEB_AND_STORES = ("ask_sdk_core", "ask_sdk_model", "ask_sdk_dynamodb",
                      "ask_sdk_webservice_support", "flask", "flask_ask_sdk", "werkzeug",
                      "waitress", "sqlite3", "boto3", "botocore")  # fmt: skip
# Modules whose use is I/O, a clock or chance: none of them belongs in a pure function.
IO_MODULES = ("os", "io", "pathlib", "shutil", "tempfile", "glob", "socket", "ssl", "http",
              "urllib", "subprocess", "time", "random", "logging", "sys", "yaml")  # fmt: skip
LOADER = "skill.content.loader"
# Audit events (sys.addaudithook) that mean I/O, a subprocess or a clock.
IO_EVENTS = ("open", "os.", "socket.", "subprocess.", "sqlite3.", "urllib.", "http.", "shutil.",
             "time.sleep", "glob.", "ctypes.", "import")  # fmt: skip
SHIPPED_ENTRY = "skill.alexa.lambda_function"


def _under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_the_import_reader_sees_the_imports_it_must_judge() -> None:
    """The rules below are only as good as the graph: it holds edges known to exist."""
    graph = internal_graph()
    assert "skill.dialogue.conversation" in graph["skill.alexa.turn"]
    assert "skill.dialogue.caution" in graph["skill.dialogue.navigation"]  # from … import caution
    assert "skill.store.dynamo" in graph["skill.store"]  # an import inside a function
    assert len(modules()) > 40


def test_a_circle_would_be_found() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(graph) == [["a", "b", "c"]]


def test_there_are_no_import_circles() -> None:
    assert circles(internal_graph()) == []


def test_the_pure_core_imports_no_sdk_web_framework_or_database() -> None:
    bad = [
        f"{imp.module}:{imp.line} imports {imp.target}"
        for imp in imports()
        if any(_under(imp.module, p) for p in PURE)
        and imp.target.split(".")[0] in SDK_WEB_AND_STORES
    ]
    assert bad == []


def test_the_pure_core_imports_nothing_that_does_io_but_the_content_loader() -> None:
    bad = [
        f"{imp.module}:{imp.line} imports {imp.target}"
        for imp in imports()
        if any(_under(imp.module, p) for p in PURE)
        and imp.module != LOADER
        and imp.target.split(".")[0] in IO_MODULES
    ]
    assert bad == []


def test_the_pure_core_depends_only_on_itself_and_the_limits() -> None:
    allowed = (*PURE, "skill.limits")
    bad = [
        f"{imp.module}:{imp.line} imports {imp.target}"
        for imp in imports()
        if any(_under(imp.module, p) for p in PURE)
        and _under(imp.target, "skill")
        and imp.target != "skill"  # the root package: PROJECT_ROOT, for the loader
        and not any(_under(imp.target, a) for a in allowed)
    ]
    assert bad == []
    assert not [
        i
        for i in imports()
        if _under(i.module, "skill.content") and _under(i.target, "skill.dialogue")
    ]


def test_the_pure_core_calls_no_builtin_that_does_io() -> None:
    bad = []
    for name, path in modules().items():
        if not any(_under(name, p) for p in PURE) or name == LOADER:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            called = (
                node.func.id
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                else ""
            )
            if called in ("open", "print", "input", "exec", "eval", "__import__", "breakpoint"):
                bad.append(f"{name}:{node.lineno} calls {called}")
    assert bad == []


_watching: list[str] | None = None


def _audit(event: str, args: tuple) -> None:
    if _watching is not None and event.startswith(IO_EVENTS):
        _watching.append(event)


sys.addaudithook(_audit)  # hooks cannot be removed; it records only inside watching()


@contextmanager
def watching() -> Iterator[list[str]]:
    """The I/O audit events raised inside the block."""
    global _watching
    _watching = []
    try:
        yield _watching
    finally:
        _watching = None


def test_the_audit_hook_sees_io() -> None:
    with watching() as seen:
        open(__file__, "rb").close()  # noqa: SIM115
    assert "open" in seen


@settings(max_examples=100)
@given(sequences)
def test_the_dialogue_does_no_io_when_it_runs(sequence) -> None:
    state = State()
    replies = []
    with watching() as seen:
        for event in sequence:
            state, reply = advance(state, event, CONTENT)
            state = decode(encode(state), CONTENT)
            replies.append(reply)
    assert seen == []
    for reply in replies:
        render(reply, CONTENT)  # speech may do what it likes; the replies were real


def test_nothing_outside_the_tools_imports_them() -> None:
    bad = [
        f"{imp.module}:{imp.line} imports {imp.target}"
        for imp in imports()
        if _under(imp.target, "skill.tools") and not _under(imp.module, "skill.tools")
    ]
    assert bad == []


def test_what_lambda_runs_needs_nothing_the_zip_leaves_out() -> None:
    runs = reachable(SHIPPED_ENTRY, internal_graph())
    assert SHIPPED_ENTRY in runs and "skill.dialogue.conversation" in runs
    files = {m: modules()[m].relative_to(PROJECT_ROOT).as_posix() for m in runs}
    assert {m: f for m, f in files.items() if f.startswith(LEFT_OUT)} == {}


def _dataclasses(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for decorator in node.decorator_list:
                called = decorator.func if isinstance(decorator, ast.Call) else decorator
                if "dataclass" in ast.unparse(called):
                    yield node.name


def test_what_lambda_runs_defines_no_dataclass() -> None:
    assert list(_dataclasses(ast.parse("@dataclasses.dataclass(frozen=True)\nclass A: pass")))
    runs = reachable(SHIPPED_ENTRY, internal_graph())
    found = {m: list(_dataclasses(ast.parse(modules()[m].read_text()))) for m in sorted(runs)}
    assert {m: names for m, names in found.items() if names} == {}


def _string_annotated_named_tuples(tree: ast.Module) -> list[str]:
    future = any(
        isinstance(node, ast.ImportFrom)
        and node.module == "__future__"
        and any(alias.name == "annotations" for alias in node.names)
        for node in tree.body
    )
    bases = ("NamedTuple", "typing.NamedTuple")
    found = [
        node.name
        for node in tree.body
        if isinstance(node, ast.ClassDef) and any(ast.unparse(b) in bases for b in node.bases)
    ]
    return found if future else []


def test_what_lambda_runs_gives_its_named_tuples_evaluated_annotations() -> None:
    string_annotated = "from __future__ import annotations\nclass A(NamedTuple):\n    x: int"
    assert _string_annotated_named_tuples(ast.parse(string_annotated)) == ["A"]
    runs = reachable(SHIPPED_ENTRY, internal_graph())
    found = {m: _string_annotated_named_tuples(ast.parse(modules()[m].read_text())) for m in runs}
    assert {m: names for m, names in found.items() if names} == {}


def test_only_the_caution_module_sets_or_withdraws_a_confirmation() -> None:
    """caution.py is the one home of the rule: no other code writes ``confirmed``."""
    writes = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "confirmed":
                writes.append(f"{name}:{node.value.lineno}")
            stored = isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
            if stored and node.attr == "confirmed":
                writes.append(f"{name}:{node.lineno}")
    assert writes and all(w.startswith("skill.dialogue.caution:") for w in writes), writes
