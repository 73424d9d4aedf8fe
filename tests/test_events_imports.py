"""The events blueprint's modules import one another without a cycle: each imports on its
own in a fresh interpreter, every import sits at the top of its module, and the imports
between the package's modules form no circle."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = "red.blueprints.events"
ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "red" / "blueprints" / "events"
MODULES = sorted(path.stem for path in FOLDER.glob("*.py"))


def _module_name(stem: str) -> str:
    return PACKAGE if stem == "__init__" else f"{PACKAGE}.{stem}"


def _tree(stem: str) -> ast.Module:
    return ast.parse((FOLDER / f"{stem}.py").read_text(encoding="utf-8"))


def _imported_modules(node: ast.AST) -> set[str]:
    """The package's modules an import statement loads (a name imported from the package
    itself is its submodule when one has that name, otherwise the package's __init__)."""
    found: set[str] = set()
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name.startswith(PACKAGE):
                found.add(alias.name)
    elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(PACKAGE):
        if node.module == PACKAGE:
            for alias in node.names:
                found.add(_module_name(alias.name) if alias.name in MODULES else PACKAGE)
        else:
            found.add(node.module)
    return found


def _graph() -> dict[str, set[str]]:
    graph = {}
    for stem in MODULES:
        edges: set[str] = set()
        for node in ast.walk(_tree(stem)):
            edges |= _imported_modules(node)
        graph[_module_name(stem)] = edges - {_module_name(stem)}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A circle of imports, if there is one (depth-first search)."""
    state: dict[str, str] = {}

    def visit(name: str, path: list[str]) -> list[str] | None:
        state[name] = "open"
        for target in sorted(graph.get(name, ())):
            if state.get(target) == "open":
                return [*path[path.index(target) :], target] if target in path else [name, target]
            if target not in state:
                found = visit(target, [*path, target])
                if found:
                    return found
        state[name] = "done"
        return None

    for name in sorted(graph):
        if name not in state:
            found = visit(name, [name])
            if found:
                return found
    return None


def test_the_package_has_the_modules_this_test_reads():
    assert {"__init__", "blueprint", "routes", "participants", "rounds"} <= set(MODULES)


def test_no_circle_of_imports_between_the_packages_modules():
    graph = _graph()
    assert _cycle(graph) is None, " → ".join(_cycle(graph))
    # Route modules never import one another nor the package: only its small modules.
    for name, edges in graph.items():
        if name != PACKAGE:
            assert PACKAGE not in edges, name


def test_the_cycle_finder_finds_a_circle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


@pytest.mark.parametrize("stem", MODULES)
def test_every_import_is_at_the_top_of_its_module(stem):
    body = _tree(stem).body
    seen_code = False
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            assert not seen_code, f"{stem}.py line {node.lineno}: import below code"
        elif not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):
            seen_code = True
    for node in ast.walk(_tree(stem)):
        if isinstance(node, ast.FunctionDef):
            inner = [n for n in ast.walk(node) if isinstance(n, ast.Import | ast.ImportFrom)]
            assert not inner, f"{stem}.py: import inside {node.name}()"


def test_each_module_imports_on_its_own_in_a_fresh_interpreter():
    """Importing any module first (not the package's __init__) works: no module needs
    another to have been half-loaded before it."""
    script = "import importlib, sys; importlib.import_module(sys.argv[1])"
    for stem in MODULES:
        name = _module_name(stem)
        result = subprocess.run(
            [sys.executable, "-c", script, name],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, f"{name}:\n{result.stderr[-2000:]}"
