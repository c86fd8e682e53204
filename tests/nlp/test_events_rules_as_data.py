"""The event coder's rules as data (issue 9): its rule words live in codebooks with a note of their
source, not in literal word lists in the modules; its functions stay short enough to read."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from corroborator.lexicons import codebook

NLP = Path(__file__).resolve().parents[2] / "src" / "corroborator" / "nlp"

# modules whose rule word lists have all moved to codebooks (dates.py keeps the calendar words of
# its regular expressions, and the table of words each pattern can start with, next to the patterns)
WORDLESS = ["events.py", "acled.py", "quantities.py", "arguments.py", "_event_lexicon.py", "_event_features.py", "_event_model.py", "_spans.py"]
# modules of the event coder and its helpers (function length)
OWNED = WORDLESS + ["dates.py"]
MAX_FUNCTION_LINES = 80

# spaCy's English dependency labels: grammar labels, not rule words
DEP_LABELS = set(
    "ROOT acl acomp advcl advmod agent amod appos attr aux auxpass case cc ccomp compound conj csubj csubjpass dative dep "
    "det dobj expl intj mark meta neg nmod npadvmod nsubj nsubjpass nummod oprd parataxis pcomp pobj poss preconj predet "
    "prep prt punct quantmod relcl xcomp obj hmod hyph flat".split()
)
# values of our own record fields and internal labels (actor kinds and groups, drop reasons, figure
# roles, cue field names and ACLED cue names, time units of the date records, place precisions,
# factuality values, codebook section names): not words read from the text
SCHEMA_VALUES = set(
    "protesters rioters labour civilians media person business ngo military police rebels security armed crowd mob state "
    "property description generic irrealis participle purpose relative-purpose condition call-to-action pretext "
    "fatalities injured arrested participants trigger near sentence plover mode near_also not_trigger not_near "
    "not_sentence sentence_also nominal actor not_actor no_actor target not_target min_sides force factuality hint "
    "cited context not_context day week month year weekend fortnight past future neutral percent count money government "
    "protest protesters_word lethal intervention legislature judiciary party igo other city region asserted attempted "
    "hypothetical predicted negated deontic".split()
)
WORD = re.compile(r"[a-z][a-z'.-]*$")


def _word_lists(path: Path) -> list[tuple[int, list[str]]]:
    """Literal tuples/sets/lists of two or more strings that hold a word (not a label or a field value)."""
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    exported = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in n.targets)}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Tuple, ast.Set, ast.List)) and id(node) not in exported:
            strs = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            words = [w for w in strs if WORD.match(w) and w not in DEP_LABELS and w not in SCHEMA_VALUES]
            if len(strs) >= 2 and words:
                found.append((node.lineno, words))
    return found


@pytest.mark.parametrize("name", WORDLESS)
def test_no_literal_word_lists(name):
    lists = _word_lists(NLP / name)
    assert not lists, f"{name}: move these word lists to a codebook with a note of their source: {lists[:5]}"


def test_the_check_finds_a_word_list(tmp_path):
    """The check above bites: a module with an inline word list is caught, labels are not."""
    p = tmp_path / "m.py"
    p.write_text('A = ("nsubj", "dobj")\nB = tok.lower_ in ("riot", "march")\n', encoding="utf-8")
    assert _word_lists(p) == [(2, ["riot", "march"])]


@pytest.mark.parametrize("name", OWNED)
def test_functions_are_short(name):
    long = []
    for node in ast.walk(ast.parse((NLP / name).read_text(encoding="utf-8"))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES:
            long.append((node.name, node.end_lineno - node.lineno + 1))
    assert not long, f"{name}: split into named steps: {long}"


@pytest.mark.parametrize("book,key", [("event_rules", "word_sets"), ("quantity_rules", "word_sets"), ("date_rules", "word_sets")])
def test_every_word_list_has_a_source_and_a_reader(book, key):
    """Each list notes where its words come from, and the module it names reads it by name."""
    sets = codebook.load(book)[key]
    assert sets
    for name, entry in sets.items():
        assert entry["note"].strip() and entry["words"], name
        assert all(isinstance(w, str) and w == w.strip() for w in entry["words"]), name
        readers = [NLP / m.strip() for m in entry["used_in"].split(",")]
        assert any(f'"{name}"' in p.read_text(encoding="utf-8") for p in readers), f"{book}.{name}: no reader in {entry['used_in']}"
