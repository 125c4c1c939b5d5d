"""The shape of the code (issue: a house you can read): imports only go down — no cycle
between derive's modules —, no private name is imported from another module, and only
the entry points (the CLI, `derive.check`) import the catalogue."""
import ast

from tests.conftest import ROOT

ENTRY_POINTS = {"derive.cli", "derive.check", "derive"}


def _module(path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path):
    """(imported module, names) for every import of a file, relative ones resolved."""
    module = _module(path)
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for a in node.names:
                yield a.name, []
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            target = ".".join(list(base) + ([node.module] if node.module else []))
            yield target, [a.name for a in node.names]


def _graph():
    files = sorted((ROOT / "derive").rglob("*.py"))
    modules = {_module(p): p for p in files}
    edges = {m: set() for m in modules}
    for name, path in modules.items():
        for target, names in _imports(path):
            for candidate in [f"{target}.{n}" for n in names] + [target]:
                if candidate in modules and candidate != name:
                    edges[name].add(candidate)
                    break
    return modules, edges


def test_no_import_cycle_between_modules():
    modules, edges = _graph()
    # packages' __init__ files only name their contents; a cycle through them is not one
    edges = {m: {t for t in ts if modules[t].name != "__init__.py"}
             for m, ts in edges.items() if modules[m].name != "__init__.py"}
    state, cycles = {}, []

    def visit(m, stack):
        state[m] = "open"
        for t in sorted(edges.get(m, ())):
            if state.get(t) == "open":
                cycles.append(stack[stack.index(t):] + [t])
            elif t not in state:
                visit(t, stack + [t])
        state[m] = "done"

    for m in sorted(edges):
        if m not in state:
            visit(m, [m])
    assert not cycles, cycles


def test_no_private_name_is_imported_from_another_module():
    found = [(str(p.relative_to(ROOT)), target, n)
             for p in sorted((ROOT / "derive").rglob("*.py"))
             for target, names in _imports(p) for n in names
             if n.startswith("_") and not n.startswith("__")]
    assert not found, found


def test_only_the_entry_points_import_the_catalogue():
    found = [_module(p) for p in sorted((ROOT / "derive").rglob("*.py"))
             if any(t.split(".")[0] == "lemmas" for t, _ in _imports(p))]
    assert set(found) <= ENTRY_POINTS, found
