"""The engine is handed its catalogue: the kernels and the reports never import `lemmas`,
`lemmas` reaches the kernels only through their public module, and the prover imports
nothing from the report (a Proof's Jupyter display is registered from above)."""
import ast

import pytest

from tests.conftest import ROOT


def _imports(path):
    """Every module a file imports, relative imports resolved against its package."""
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = list(package[:len(package) - node.level + 1]) if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            out.add(module)
            out |= {f"{module}.{a.name}" for a in node.names}
    return out


def _files(*folders):
    return [p for f in folders for p in sorted((ROOT / f).rglob("*.py"))]


@pytest.mark.parametrize("path", _files("derive/kernels", "derive/report", "derive/prover"),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_the_engine_does_not_import_the_catalogue(path):
    assert not [m for m in _imports(path) if m.split(".")[0] == "lemmas"]


@pytest.mark.parametrize("path", _files("derive/prover"), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_prover_imports_nothing_from_the_report(path):
    assert not [m for m in _imports(path) if m.startswith("derive.report")]


@pytest.mark.parametrize("path", _files("lemmas"), ids=lambda p: str(p.relative_to(ROOT)))
def test_lemmas_use_the_public_kernel_api(path):
    inner = [m for m in _imports(path) if m.startswith("derive.kernels.")
             and m.split(".")[2] in ("printer", "spec", "lowering", "compiled", "export",
                                     "verify", "runtime")]
    assert not inner
