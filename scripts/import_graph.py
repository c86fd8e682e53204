"""Print corroborator's import graph (modules and packages), read from the source with ``ast``.

    python scripts/import_graph.py            # package -> packages it imports
    python scripts/import_graph.py --modules  # module -> modules it imports
    python scripts/import_graph.py --mermaid  # the package graph as a Mermaid diagram

Every import counts, including imports inside functions. ``tests/test_architecture.py``
uses :func:`module_graph` to keep the layering one way and the graph free of cycles.
"""

from __future__ import annotations

import ast
import functools
import sys
from pathlib import Path

PKG_DIR = Path(__file__).resolve().parents[1] / "src" / "corroborator"

# lower layers never import higher ones; ``corroborator`` (the package root: __init__, cli) is on top
LAYERS = ["contract", "lexicons", "text", "nlp", "export", "run", "corpus", "web", "corroborator"]


def _module_name(path: Path) -> str:
    rel = path.relative_to(PKG_DIR.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _resolve(module: str, is_pkg: bool, node: ast.ImportFrom) -> list[str]:
    if node.level == 0:
        base = node.module or ""
    else:
        parts = module.split(".")
        if not is_pkg:
            parts = parts[:-1]
        parts = parts[: len(parts) - (node.level - 1)]
        base = ".".join(parts + ([node.module] if node.module else []))
    if node.module is None or node.level and not node.module:
        return [f"{base}.{a.name}" if base else a.name for a in node.names]
    return [base] + [f"{base}.{a.name}" for a in node.names]


@functools.lru_cache(maxsize=1)
def module_graph() -> dict[str, dict[str, list[str]]]:
    """module -> {imported corroborator module: [names imported from it]} (read once per process;
    callers must not change it)."""
    modules = {_module_name(p): p for p in PKG_DIR.rglob("*.py")}
    graph: dict[str, dict[str, list[str]]] = {}
    for mod, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        is_pkg = path.name == "__init__.py"
        deps: dict[str, list[str]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for a in node.names:
                    if a.name.startswith("corroborator") and a.name in modules:
                        deps.setdefault(a.name, [])
            elif isinstance(node, ast.ImportFrom):
                targets = _resolve(mod, is_pkg, node)
                base = targets[0] if node.module else None
                for name in node.names:
                    full = f"{base}.{name.name}" if base else None
                    if full and full in modules:  # "from . import events": a module
                        deps.setdefault(full, [])
                    elif base and base in modules:
                        deps.setdefault(base, []).append(name.name)
                    elif not node.module:
                        parent = ".".join(mod.split(".")[: -node.level if not is_pkg else len(mod.split(".")) - node.level + 1])
                        cand = f"{parent}.{name.name}"
                        if cand in modules:
                            deps.setdefault(cand, [])
        deps.pop(mod, None)
        graph[mod] = deps
    return graph


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and (PKG_DIR / parts[1]).is_dir()) else "corroborator"


def package_graph() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for mod, deps in module_graph().items():
        src = package_of(mod)
        out.setdefault(src, set())
        for dep in deps:
            dst = package_of(dep)
            if dst != src:
                out[src].add(dst)
    return out


def main(argv: list[str]) -> None:
    if "--modules" in argv:
        for mod, deps in sorted(module_graph().items()):
            print(f"{mod} -> {', '.join(sorted(deps)) or '-'}")
        return
    graph = package_graph()
    if "--mermaid" in argv:
        print("graph TD")
        for src in LAYERS:
            for dst in sorted(graph.get(src, ()), key=LAYERS.index):
                print(f"  {src} --> {dst}")
        return
    for src in LAYERS:
        if src in graph:
            print(f"{src:13} -> {', '.join(sorted(graph[src], key=LAYERS.index)) or '-'}")


if __name__ == "__main__":
    main(sys.argv[1:])
