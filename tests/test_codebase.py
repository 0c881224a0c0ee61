"""Rules of the tree itself: no module of banshi/ over 600 lines (migrations aside), no
import cycle between its modules, no import inside a function without a comment saying why
(a real cycle, a heavy import, or models that load only once the app registry is ready), and
no two classes of banshi/ with the same name."""

import ast
from collections import defaultdict
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1] / "banshi"
MAX_LINES = 600
# Django looks these names up by convention: one per management command and migration.
CONVENTIONAL = {"Command", "Migration", "Meta"}


def modules():
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        yield path


def test_no_module_is_over_600_lines():
    long = {
        str(p.relative_to(ROOT)): n
        for p in modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_no_import_cycle_between_modules():
    graph = grimp.build_graph("banshi", include_external_packages=False)
    edges = defaultdict(set)
    for module in graph.modules:
        if ".migrations" in module:
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            edges[module].add(imported)
    # Tarjan's strongly connected components: a component of more than one module is a cycle.
    index, low, on_stack, stack, cycles = {}, {}, set(), [], []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in list(edges):
        if v not in index:
            visit(v)
    assert cycles == []


def _function_imports(path: Path):
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.Import | ast.ImportFrom):
                line = lines[inner.lineno - 1]
                above = lines[inner.lineno - 2] if inner.lineno > 1 else ""
                if "#" not in line and not above.strip().startswith("#"):
                    yield f"{path.relative_to(ROOT)}:{inner.lineno}: {line.strip()}"


def test_imports_inside_functions_say_why():
    unexplained = [found for path in modules() for found in _function_imports(path)]
    assert unexplained == []


def test_no_two_classes_share_a_name():
    where = defaultdict(list)
    for path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and node.name not in CONVENTIONAL:
                where[node.name].append(str(path.relative_to(ROOT)))
    shared = {name: places for name, places in where.items() if len(places) > 1}
    assert shared == {}
