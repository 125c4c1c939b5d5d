"""The hand-written code of the exported modules, kept as real modules so that they are
imported, linted and tested like any other: `numpy_header` (what every NumPy kernel
calls), `numpy_wrappers` (functions over a generated kernel or a matrix product) and
`numba_header` (the compiled backend's helpers: call-free exp and log1p, row max).

The exporters copy them: a header below the exported module's own docstring, a wrapper
function by function.
"""
from __future__ import annotations

import ast
import inspect
from importlib import resources


def module_body(name: str) -> str:
    """The source of runtime module `name` below its docstring, as an exported module
    copies it (read as a file: the numba header is copied without numba installed)."""
    text = resources.files(__name__).joinpath(f"{name}.py").read_text(encoding="utf-8")
    first = ast.parse(text).body[0]
    if not (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)):
        raise ValueError(f"runtime module {name} has no docstring")
    return "".join(text.splitlines(keepends=True)[first.end_lineno:]).lstrip("\n")


def function_source(fn) -> str:
    """One hand-written function's source, as an exported module copies it."""
    return inspect.getsource(fn)
