"""The library's module boundaries: no import cycle (imports inside functions included), no
module importing another's private names, argparse only in the command line, geometry and
computation free of the chart theme."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from inland_coastal.paths import PROJECT_ROOT

PACKAGE = "inland_coastal"
SRC = PROJECT_ROOT / "lib" / PACKAGE


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def resolve(module: str, node: ast.ImportFrom | ast.Import) -> list[tuple[str, list[str]]]:
    """(imported module of the package, names taken from it) for one import statement."""
    is_package = MODULES[module].name == "__init__.py"
    if isinstance(node, ast.Import):
        return [(a.name, []) for a in node.names if a.name.split(".")[0] == PACKAGE]
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[:len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    if target.split(".")[0] != PACKAGE:
        return []
    out, names = [], []
    for a in node.names:
        if f"{target}.{a.name}" in MODULES:          # from . import indicators: the submodule
            out.append((f"{target}.{a.name}", []))
        else:
            names.append(a.name)
    if names:
        out.append((target, names))
    return out


def imports(module: str) -> list[tuple[str, list[str], int]]:
    """Every import of a package module in ``module``, at any depth (inside functions too)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            out += [(t, names, node.lineno) for t, names in resolve(module, node)]
    return out


GRAPH = {m: sorted({t for t, _, _ in imports(m) if t != m}) for m in MODULES}


def find_cycle(graph: dict[str, list[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        state[n] = 1
        stack.append(n)
        for m in graph.get(n, []):
            if state.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if m not in state:
                found = visit(m)
                if found:
                    return found
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(graph):
        if n not in state:
            found = visit(n)
            if found:
                return found
    return None


def test_the_checker_finds_cycles_and_resolves_relative_imports():
    assert find_cycle({"a": ["b"], "b": ["c"], "c": ["a"]}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": ["b"], "b": [], "c": ["a", "b"]}) is None
    assert "inland_coastal.groupings" in GRAPH["inland_coastal.charts.theme"]     # from ..groupings import
    assert "inland_coastal.charts.theme" in GRAPH["inland_coastal.charts.regional"]  # from .theme import
    assert "inland_coastal.indicators" in GRAPH["inland_coastal.cli"]           # from . import indicators
    # an import inside a function counts: explore draws its charts with an import in a method
    assert "inland_coastal.charts" in GRAPH["inland_coastal.explore"]


def test_no_import_cycle():
    cycle = find_cycle(GRAPH)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_no_module_imports_another_modules_private_names():
    bad = []
    for m in MODULES:
        tree = ast.parse(MODULES[m].read_text(encoding="utf-8"))
        module_aliases = {}
        for target, names, line in imports(m):
            bad += [f"{m}:{line} imports {target}.{n}" for n in names if n.startswith("_") and target != m]
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                for t, _ in resolve(m, node):
                    for a in node.names:
                        if t.endswith("." + a.name):
                            module_aliases[a.asname or a.name] = t
        for node in ast.walk(tree):                   # module._private, for a module imported by name
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in module_aliases and node.attr.startswith("_")
                    and not node.attr.startswith("__")):
                bad.append(f"{m}:{node.lineno} uses {module_aliases[node.value.id]}.{node.attr}")
    assert bad == []


def test_argparse_only_in_the_command_line():
    words = ("argparse", "add_parser(", "add_argument(", "add_subparsers(", "set_defaults(func")
    users = sorted(m for m in MODULES if any(w in MODULES[m].read_text(encoding="utf-8") for w in words))
    assert users == ["inland_coastal.cli"]


def reachable(start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        n = todo.pop()
        if n not in seen:
            seen.add(n)
            todo += GRAPH.get(n, [])
    return seen


@pytest.mark.parametrize("module", ["inland_coastal.boundaries", "inland_coastal.indicators",
                                    "inland_coastal.inequality", "inland_coastal.convergence",
                                    "inland_coastal.spatial", "inland_coastal.structure",
                                    "inland_coastal.scenario", "inland_coastal.style"])
def test_geometry_and_computation_do_not_reach_the_charts(module):
    assert not any(m.startswith("inland_coastal.charts") for m in reachable(module))
    assert "altair" not in MODULES[module].read_text(encoding="utf-8")


def test_one_loader_of_gdp_and_population():
    defined = [m for m in MODULES
               if any(isinstance(n, ast.FunctionDef) and n.name == "gdp_and_population"
                      for n in ast.walk(ast.parse(MODULES[m].read_text(encoding="utf-8"))))]
    assert defined == ["inland_coastal.indicators"]
    for m in ("inland_coastal.inequality", "inland_coastal.convergence", "inland_coastal.spatial"):
        assert ("inland_coastal.indicators", ["gdp_and_population"]) in [
            (t, [n for n in names if n == "gdp_and_population"]) for t, names, _ in imports(m)]


def test_csv_files_are_read_in_one_module():
    readers = sorted(m for m in MODULES
                     if any(isinstance(n, ast.Import) and any(a.name == "csv" for a in n.names)
                            for n in ast.walk(ast.parse(MODULES[m].read_text(encoding="utf-8")))))
    assert readers == ["inland_coastal.csvfiles"]


def test_importing_geometry_registers_no_chart_theme():
    code = ("import sys, inland_coastal.boundaries, inland_coastal.spatial, inland_coastal.cli; "
            "print('altair' in sys.modules, 'inland_coastal.charts' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["False", "False"]


#: the layers of the package docstring, top first: a module imports only from its own layer and above
LAYERS = [
    {"inland_coastal", "inland_coastal.errors", "inland_coastal.paths", "inland_coastal.cache",
     "inland_coastal.style"},
    {"inland_coastal.csvfiles", "inland_coastal.groupings", "inland_coastal.loading", "inland_coastal.nbs"},
    {"inland_coastal.boundaries"},
    {"inland_coastal.indicators", "inland_coastal.inequality", "inland_coastal.convergence",
     "inland_coastal.spatial", "inland_coastal.structure", "inland_coastal.scenario"},
    {"inland_coastal.charts", "inland_coastal.maps"},
    {"inland_coastal.book", "inland_coastal.explore", "inland_coastal.cli", "inland_coastal.__main__"},
]


COMPUTING = 3


def layer_of(module: str) -> int:
    """A module's layer; a module not listed is taken to compute (layer 3), so it may use the
    data and the other computations but not the charts."""
    for i, layer in enumerate(LAYERS):
        if module in layer or (module.startswith("inland_coastal.charts.") and "inland_coastal.charts" in layer):
            return i
    return COMPUTING


def test_modules_import_only_from_their_layer_and_above():
    upward = [f"{m} ({layer_of(m)}) imports {t} ({layer_of(t)})"
              for m, targets in GRAPH.items() for t in targets if layer_of(t) > layer_of(m)]
    assert upward == []
