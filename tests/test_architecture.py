"""The house rules of docs/architecture.md, checked on the source (issue 9).

Where a rule is still broken somewhere, the place is listed in a KNOWN_* set with the reason;
a new violation anywhere else fails. Remove an entry when its place is fixed.
"""

from __future__ import annotations

import ast
import functools
import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PKG = REPO / "src" / "corroborator"
sys.path.insert(0, str(REPO / "scripts"))
spec = importlib.util.spec_from_file_location("import_graph", REPO / "scripts" / "import_graph.py")
import_graph = importlib.util.module_from_spec(spec)
spec.loader.exec_module(import_graph)

# stage modules that still reach into another module's private helpers or load spaCy themselves
KNOWN_PRIVATE_REACHES: set[tuple[str, str]] = set()
KNOWN_GLOBALS: set[str] = set()
KNOWN_PIPELINE_LOADS: set[str] = set()


def _modules() -> dict[str, Path]:
    return {import_graph._module_name(p): p for p in PKG.rglob("*.py")}


@functools.lru_cache(maxsize=None)
def _tree(path: Path) -> ast.AST:
    """A module's syntax tree, parsed once for all the rules."""
    return ast.parse(path.read_text(encoding="utf-8"))


def test_packages_import_one_way():
    layers = import_graph.LAYERS
    bad = []
    for src, dsts in import_graph.package_graph().items():
        for dst in dsts:
            if layers.index(dst) > layers.index(src):
                bad.append(f"{src} -> {dst}")
    assert not bad, f"a lower layer imports a higher one: {bad} (layers, low to high: {layers})"


def _cycles(graph: dict[str, dict]) -> list[list[str]]:
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in graph:
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles():
    graph = import_graph.module_graph()
    # a package's __init__ importing its own modules is not a cycle through them
    graph = {m: {d: n for d, n in deps.items() if not m.startswith(d + ".")} for m, deps in graph.items()}
    assert _cycles(graph) == []


def _private_reaches() -> set[tuple[str, str]]:
    modules = _modules()
    graph = import_graph.module_graph()
    found = set()
    for mod, path in modules.items():
        tree = _tree(path)
        for dep, names in graph[mod].items():
            for name in names:
                if name.startswith("_") and not dep.rsplit(".", 1)[-1].startswith("_"):
                    found.add((mod, f"{dep}.{name}"))
        # module._private attribute access on an imported sibling module
        aliases = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                for a in node.names:
                    for dep in graph[mod]:
                        if dep.endswith("." + a.name):
                            aliases[a.asname or a.name] = dep
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases:
                if node.attr.startswith("_") and not node.attr.startswith("__"):
                    found.add((mod, f"{aliases[node.value.id]}.{node.attr}"))
        for node in ast.walk(tree):  # "from .arguments import _index" inside a function
            if isinstance(node, ast.ImportFrom) and node.level and node.module:
                for a in node.names:
                    if a.name.startswith("_") and not node.module.startswith("_"):
                        base = ".".join(mod.split(".")[: -node.level]) + "." + node.module
                        found.add((mod, f"{base}.{a.name}"))
    return found


def test_no_module_reads_another_modules_private_helpers():
    found = _private_reaches()
    assert found - KNOWN_PRIVATE_REACHES == set(), "new reach into a private helper: make it public or move it"


def test_only_the_model_module_loads_a_pipeline():
    loaders = set()
    for mod, path in _modules().items():
        src = path.read_text(encoding="utf-8")
        if "spacy.load(" in src and mod != "corroborator.nlp.model":
            loaders.add(mod)
        if mod.startswith("corroborator.nlp.") and mod not in ("corroborator.nlp.model",) and "load_pipeline(" in src:
            loaders.add(mod)
    assert loaders - KNOWN_PIPELINE_LOADS == set(), "a stage loads spaCy: hand it the Doc or nlp instead"


def test_no_global_statements():
    """Module-level mutable state: no function rebinds a module global."""
    offenders = []
    for mod, path in _modules().items():
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Global):
                offenders.append(f"{mod}: global {', '.join(node.names)}")
    assert set(offenders) - KNOWN_GLOBALS == set()


def test_components_declare_what_they_read_and_write(nlp):
    from corroborator.nlp.components import STAGES, component_name

    analysis = nlp.analyze_pipes()
    assert not any(analysis["problems"].values()), analysis["problems"]
    names = [n for n in nlp.pipe_names if n.startswith("corroborator_")]
    assert names == ["corroborator_line_breaks"] + [component_name(s.name) for s in STAGES]
    for stage in STAGES:
        meta = nlp.get_pipe_meta(component_name(stage.name))
        assert meta.assigns and meta.requires


def test_a_partial_run_brings_what_it_needs():
    from corroborator.nlp.components import needed

    assert needed({"events"}) == ["sentences", "mentions", "dates", "quantities", "attribution", "events"]
    assert needed({"coups"})[-1] == "coups" and "events" in needed({"coups"}) and "claims" in needed({"coups"})
    with pytest.raises(ValueError, match="unknown stages"):
        needed({"evnts"})


# docstate.py carries the input to export (the plain round trip) and gives one justified read of
# it (input_head: a wire credit in the dateline normalisation took out); see docs/architecture.md
ORIGINAL_READERS: set[tuple[str, str]] = {
    ("corroborator.nlp.docstate", "_norm_to_plain"),
    ("corroborator.nlp.docstate", "_norm_from_plain"),
    ("corroborator.nlp.docstate", "identity_normalised"),
    ("corroborator.nlp.docstate", "DocState.input_head"),
}


def _reads_of_the_original(tree: ast.AST) -> list[tuple[str, str]]:
    """(enclosing function, what) for every ``to_orig``/``orig_to_norm`` call, ``.original``
    attribute and ``["original"]`` subscript in a module."""
    found = []

    def visit(node, where):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            where = f"{where}.{node.name}" if where else node.name
        what = None
        if isinstance(node, ast.Attribute) and node.attr in ("original", "to_orig", "orig_to_norm", "norm2orig"):
            what = node.attr
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and node.slice.value in ("original", "norm2orig"):
            what = f"[{node.slice.value!r}]"
        elif isinstance(node, ast.keyword) and node.arg == "original":
            what = "original="
        if what:
            found.append((where, what))
        for child in ast.iter_child_nodes(node):
            visit(child, where)

    visit(tree, "")
    return found


def test_only_export_maps_offsets_to_the_input():
    """Inside nlp/ every record carries normalised offsets and quotes the normalised text; the
    offset map and the original input are read in export/ only (issue 9)."""
    bad = []
    for mod, path in _modules().items():
        if not mod.startswith("corroborator.nlp."):
            continue
        for where, what in _reads_of_the_original(_tree(path)):
            if (mod, where) not in ORIGINAL_READERS:
                bad.append(f"{mod}:{where or '<module>'} reads {what}")
    assert not bad, f"a stage maps offsets or reads the original input (leave it to export/records.py): {bad}"


def test_the_original_rule_sees_what_it_forbids():
    src = "def f(state, norm):\n    a = state.norm.to_orig(1, 2)\n    b = norm.original[:3]\n    c = d['original']\n"
    assert [w for _, w in _reads_of_the_original(ast.parse(src))] == ["to_orig", "original", "['original']"]
