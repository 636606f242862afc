"""docs/architecture.md stays true, and the rooms keep their doors: no import cycle in core
or inside a plugin, plugins import only the documented names of core, never a private one."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

from example_stages import REPO

MAP = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8").split("\n## Moved in")[0]
NAMED = sorted(set(re.findall(r"`(presse(?:\.\w+)+)`", MAP)))
CORE = REPO / "core" / "presse"
PLUGINS = sorted(p for p in (REPO / "plugins").glob("*/presse_*") if p.is_dir())


def resolve(dotted: str) -> object:
    """The module or the attribute of a module that ``dotted`` names."""
    try:
        return importlib.import_module(dotted)
    except ModuleNotFoundError:
        module, _, name = dotted.rpartition(".")
        return getattr(importlib.import_module(module), name)


@pytest.mark.filterwarnings("ignore:presse.plan is deprecated:DeprecationWarning")
@pytest.mark.parametrize("dotted", NAMED)
def test_every_name_on_the_map_exists(dotted):
    assert resolve(dotted) is not None


def core_modules() -> list[str]:
    found = []
    for path in sorted(CORE.rglob("*.py")):
        parts = path.relative_to(CORE.parent).with_suffix("").parts
        if parts[-1] in ("__init__", "__main__"):
            parts = parts[:-1]
        if len(parts) <= 2 or parts[1] in ("cli", "default_plugins"):
            found.append(".".join(parts))
    return found


def test_every_core_module_is_on_the_map():
    missing = [m for m in core_modules() if m != "presse" and f"`{m}" not in MAP]
    assert missing == []


def module_imports(path: Path, package: str) -> set[str]:
    """What ``path`` imports when it is loaded (not in functions, not for type checking)."""
    imported = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imported.add(node.module)
            imported.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
    return {name for name in imported if name.split(".")[0] == package}


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def cycles(root: Path) -> list[list[str]]:
    modules = {module_name(p, root): p for p in root.rglob("*.py")}
    graph = {
        name: {m for m in module_imports(path, root.name) if m in modules and m != name}
        for name, path in modules.items()
    }
    found, state = [], {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                found.append([*trail[trail.index(nxt) :], nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    # a package's __init__ importing its own submodules is not a cycle worth reporting
    return [c for c in found if not all(m.startswith(c[0] + ".") or m == c[0] for m in c)]


def test_an_import_cycle_is_found(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from pkg.b import x\n")
    (package / "b.py").write_text("import os\nfrom pkg import a\nx = 1\n")
    (package / "c.py").write_text("def f():\n    from pkg import a\n")  # deferred: fine
    assert cycles(package) == [["pkg.a", "pkg.b", "pkg.a"]]


@pytest.mark.parametrize("root", [CORE, *PLUGINS], ids=lambda p: p.name)
def test_no_import_cycle(root):
    assert cycles(root) == []


@pytest.mark.parametrize("root", PLUGINS, ids=lambda p: p.name)
def test_plugins_use_only_documented_public_names_of_core(root):
    documented = {name for name in NAMED} | {"presse"}
    problems = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.startswith("presse")
            ):
                if node.module.split(".")[0] != "presse":
                    continue
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    if alias.name.startswith("_"):
                        problems.append(f"{path.name}: imports private {full}")
                    elif node.module != "presse" and full not in documented:
                        problems.append(f"{path.name}: {full} is not on docs/architecture.md")
            elif isinstance(node, ast.Attribute) and node.attr in ("_writer_cls", "_skipped"):
                problems.append(f"{path.name}:{node.lineno}: touches {node.attr}")
            elif isinstance(node, ast.Subscript) and getattr(node.value, "attr", "") == "__dict__":
                problems.append(f"{path.name}:{node.lineno}: writes a document's __dict__")
    assert problems == []


def test_core_never_imports_a_plugin():
    plugin_packages = {p.name for p in PLUGINS}
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom | ast.Import):
                names = [node.module] if isinstance(node, ast.ImportFrom) else []
                names += [a.name for a in getattr(node, "names", [])]
                assert not {n.split(".")[0] for n in names if n} & plugin_packages, path
