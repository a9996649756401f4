"""The layers the README describes are the layers in the code.

- the interfaces (the CLI, the web app, the report) use only the library surface
  (``igokit.api``, ``igokit.errors``) and modules of their own layer;
- the library below the surface (``analysis``, ``kb``, ``text``, ``engine``) never imports the
  surface or an interface;
- SQL is run only in ``kb/``;
- module-level imports have no cycle (``python -m igokit.cli`` works).
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "igokit"


def _modules() -> dict[str, Path]:
    out = {}
    for path in SRC.rglob("*.py"):
        parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _imports(path: Path, module: str, top_level_only: bool) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    out: set[str] = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in nodes:
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("igokit")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative import
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                name = f"{base}.{node.module}" if node.module else base
            else:
                name = node.module or ""
            if name.startswith("igokit"):
                out.add(name)
    return out


def _layer(module: str) -> str:
    if module in ("igokit.cli", "igokit.__main__") or module.startswith("igokit.cli_"):
        return "cli"
    for layer in ("web", "report", "analysis", "kb", "text", "engine", "data"):
        if module == f"igokit.{layer}" or module.startswith(f"igokit.{layer}."):
            return layer
    return module


INTERFACES = {"cli", "web", "report"}
SURFACE = {"igokit.api", "igokit.errors"}


def test_interfaces_use_only_the_library_surface() -> None:
    bad = []
    for module, path in _modules().items():
        layer = _layer(module)
        if layer not in INTERFACES:
            continue
        for target in _imports(path, module, top_level_only=False):
            if target in SURFACE or target == "igokit" or _layer(target) == layer:
                continue
            if layer == "cli" and _layer(target) in ("web", "report"):
                continue  # `igokit serve` and `igokit report` start the other interfaces
            bad.append(f"{module} imports {target}")
    assert not bad, "\n".join(sorted(bad))


def test_the_library_never_imports_the_surface_or_an_interface() -> None:
    bad = []
    for module, path in _modules().items():
        if _layer(module) not in ("analysis", "kb", "text", "engine"):
            continue
        for target in _imports(path, module, top_level_only=False):
            if target in ("igokit.api", "igokit") or _layer(target) in INTERFACES:
                bad.append(f"{module} imports {target}")
    assert not bad, "\n".join(sorted(bad))


def test_sql_runs_only_in_kb() -> None:
    bad = []
    for module, path in _modules().items():
        if _layer(module) == "kb":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("execute", "executemany", "executescript")):
                bad.append(f"{module}:{node.lineno}")
    assert not bad, "SQL outside kb/: " + ", ".join(bad)


def test_module_level_imports_have_no_cycle() -> None:
    mods = _modules()
    graph = {m: {t for t in _imports(p, m, top_level_only=True) if t in mods and t != m}
             for m, p in mods.items()}
    # a package's __init__ is imported before any of its modules: ignore edges to ancestors
    graph = {m: {t for t in ts if not m.startswith(t + ".")} for m, ts in graph.items()}
    seen: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[str] = []

    def visit(m: str) -> None:
        seen[m] = 1
        stack.append(m)
        for t in sorted(graph[m]):
            if seen.get(t) == 1:
                cycles.append(" -> ".join([*stack[stack.index(t):], t]))
            elif t not in seen:
                visit(t)
        stack.pop()
        seen[m] = 2

    for m in sorted(graph):
        if m not in seen:
            visit(m)
    assert not cycles, "\n".join(cycles)
