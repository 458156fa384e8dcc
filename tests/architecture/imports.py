"""The skill's import graph, read from its own source: which module imports which."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from skill import PROJECT_ROOT

PACKAGE_DIR = PROJECT_ROOT / "skill"


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, dotted
    target: str  # the imported module or package, dotted
    line: int


def module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    """Every module of the skill package, by dotted name."""
    return {module_name(path): path for path in sorted(PACKAGE_DIR.rglob("*.py"))}


def _targets(node: ast.AST, importer: str) -> Iterator[str]:
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:  # relative: resolve against the importing package
            package = importer.split(".")
            is_package = modules().get(importer, Path()).name == "__init__.py"
            package = package if is_package else package[:-1]
            base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
        yield base
        for alias in node.names:  # `from skill.dialogue import caution` imports a module
            if f"{base}.{alias.name}" in modules():
                yield f"{base}.{alias.name}"


@cache
def imports() -> tuple[Import, ...]:
    """Every import statement of the skill, at any depth (functions included)."""
    found = []
    for name, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            for target in _targets(node, name):
                found.append(Import(name, target, node.lineno))
    return tuple(found)


def internal_graph() -> dict[str, set[str]]:
    """Module -> the skill modules it imports (a package import counts as its __init__)."""
    graph: dict[str, set[str]] = {name: set() for name in modules()}
    for imp in imports():
        if imp.target in modules() and imp.target != imp.module:
            graph[imp.module].add(imp.target)
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def reachable(start: str, graph: dict[str, set[str]]) -> set[str]:
    """``start`` and every skill module it imports, directly or not, with their packages."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        parts = node.split(".")
        todo += [".".join(parts[:i]) for i in range(1, len(parts))]  # parent packages run too
        todo += sorted(graph.get(node, ()))
    return seen
