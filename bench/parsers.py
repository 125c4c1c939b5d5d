"""Benchmark: how much of the lecture notation of SPEC §3 third-party LaTeX → SymPy parsers read.

    pip install latex2sympy2_extended lark antlr4-python3-runtime==4.11
    python bench/parsers.py

Parsers (a column each; one that cannot be imported or cannot parse `x` is skipped, with a note):
derive's own reader (`derive.latex.parser`, a Lark grammar), `latex2sympy2_extended.latex2sympy`
with its defaults, the same with
`ConversionConfig(lowercase_symbols=False)` (its default lowercases every name), and SymPy's
`parse_latex` with `backend="lark"` and `backend="antlr"` (needs antlr4-python3-runtime 4.11).

Each case is a LaTeX string, what it must mean, and a checker of the parser's SymPy result.
Most checkers are numeric: the expected expression is built by hand from plain Symbols (an
`Indexed` where a sum binds the index); names on both sides are matched after removing
braces, backslashes, parentheses and spaces (`x_{i}` is `x_i`, `z_i^{(L)}` is `z_i^L`, case is
kept); index names i, j, k, l get integers 1–3 and n gets 3 or 4, sums and derivatives are
evaluated, every other name gets the same random value on both sides, and the values are
compared at 5 points. Undefined functions get values by name: σ is the logistic function, f is
sin, and a primed name is the derivative of the unprimed one, so `f'(z)` must keep its prime.
A leftover name, an undefined function call, or a different value means "not covered".
Where a value makes no sense (the derivative of an undefined C, a sum with implicit bounds,
a transpose) the checker is structural and its description says so.

Every parse runs under a 5 s deadline (`derive.sandbox.deadline`) and every exception is
caught. The output is a Markdown table (✓, or ✗ with the reason) and one summary line per
parser: cases covered, and the median over all cases (failures included) of the fastest of 3
parses of a case: the ANTLR-based parsers build their tables lazily, so a first parse is slow.
"""
from __future__ import annotations

import random
import statistics
import time
from importlib.metadata import version
from typing import Callable, NamedTuple

import sympy as sp
from sympy.core.function import AppliedUndef

from derive.sandbox import Timeout, deadline

PARSE_SECONDS = 5.0
POINTS = 5
REPEATS = 3
INDEX_NAMES = ("i", "j", "k", "l")


# --- the parsers ----------------------------------------------------------------------------

def latex2sympy_defaults(s):
    from latex2sympy2_extended import latex2sympy
    return latex2sympy(s)


def latex2sympy_case_kept(s):
    from latex2sympy2_extended import latex2sympy
    from latex2sympy2_extended.latex2sympy2 import ConversionConfig
    return latex2sympy(s, conversion_config=ConversionConfig(lowercase_symbols=False))


def sympy_lark(s):
    from sympy.parsing.latex import parse_latex
    return parse_latex(s, backend="lark")


def sympy_antlr(s):
    from sympy.parsing.latex import parse_latex
    return parse_latex(s, backend="antlr")


def derive_parser(s):
    from derive.latex.parser import read_expr
    return read_expr(s, functions=frozenset({"f"}))


PARSERS: dict[str, tuple[Callable, str]] = {   # column → (parser, package whose version is shown)
    "derive": (derive_parser, "derive"),
    "latex2sympy2_extended": (latex2sympy_defaults, "latex2sympy2_extended"),
    "latex2sympy2_extended, lowercase_symbols=False": (latex2sympy_case_kept,
                                                       "latex2sympy2_extended"),
    "SymPy lark": (sympy_lark, "lark"),
    "SymPy antlr": (sympy_antlr, "antlr4-python3-runtime"),
}


# --- names and values -----------------------------------------------------------------------

def norm(name) -> str:
    """A name without braces, backslashes, parentheses or spaces: `x_{i}` → `x_i`."""
    return "".join(c for c in str(name) if c not in "\\{}() ")


def leaf_name(leaf) -> str:
    """`x_{i}` → `x_i`; an Indexed w[j, k] → `w_jk`, x[2] → `x_2`."""
    if isinstance(leaf, sp.Indexed):
        return norm(leaf.base.label) + "_" + "".join(norm(i) for i in leaf.indices)
    return norm(leaf.name)


def leaves(expr) -> dict:
    """The Symbols and Indexed of expr (an Indexed is one leaf), by normalised name."""
    if isinstance(expr, (sp.Indexed, sp.Symbol)):
        return {leaf_name(expr): expr}
    found = {}
    for arg in expr.args:
        found.update(leaves(arg))
    return found


FUNCTIONS = {"sigma": lambda t: 1 / (1 + sp.exp(-t)), "f": sp.sin}


def known_function(name):
    """The value of an undefined function by its name: `sigma''` is σ's second derivative."""
    base = norm(name).rstrip("'")
    if base not in FUNCTIONS:
        return None
    t = sp.Dummy("t")
    return sp.Lambda(t, sp.diff(FUNCTIONS[base](t), t, len(norm(name)) - len(base)))


def with_known_functions(expr):
    """expr with every call of a function in FUNCTIONS (or its derivative) replaced by its value."""
    return expr.replace(
        lambda e: isinstance(e, AppliedUndef) and known_function(e.func.__name__) is not None,
        lambda e: known_function(e.func.__name__)(*e.args))


def with_integers(expr, ints: dict):
    """expr with its free index names replaced by integers, then sums and derivatives done."""
    return expr.subs({s: ints[norm(s.name)] for s in expr.free_symbols
                      if isinstance(s, sp.Symbol) and norm(s.name) in ints}).doit()


def short(expr) -> str:
    """expr as a short Markdown code span for a table cell."""
    text = str(expr).replace("|", "\\|")
    return "`" + (text if len(text) <= 32 else text[:30] + "…") + "`"


def diagnose(parsed, expected_names: set, unknown: set) -> str:
    """The likeliest reason why parsed has names the expected expression lacks."""
    if "e" in unknown:
        return "symbol e"
    lowered = sorted(m for m in expected_names if m != m.lower() and m.lower() in unknown)
    if lowered:
        return "lowercased " + ", ".join(lowered)
    powers = [p for p in parsed.atoms(sp.Pow) if unknown & set(leaves(p.exp))]
    if powers:
        return "power " + short(powers[0])
    return "unknown " + ", ".join(f"`{n}`" for n in sorted(unknown))


def value(expected) -> Callable:
    """A numeric checker: parsed must have expected's names and values (see the docstring)."""
    def check(parsed):
        want, got = with_known_functions(expected), with_known_functions(parsed)
        calls = got.atoms(AppliedUndef)
        if calls:
            return "call " + ", ".join(sorted(f"`{norm(c.func.__name__)}(…)`" for c in calls))
        unknown = set(leaves(got)) - set(leaves(want))
        if unknown:
            return diagnose(got, set(leaves(want)), unknown)
        rng = random.Random(0)
        for _ in range(POINTS):
            ints = {name: rng.randint(1, 3) for name in INDEX_NAMES} | {"n": rng.randint(3, 4)}
            e, p = with_integers(want, ints), with_integers(got, ints)
            floats = {name: sp.Float(rng.uniform(0.2, 0.9), 30) for name in sorted(leaves(e))}
            unbound = set(leaves(p)) - set(floats)
            if unbound:
                return "index not bound: " + ", ".join(f"`{n}`" for n in sorted(unbound))
            ev, pv = (complex(x.xreplace({leaf: floats[name] for name, leaf in leaves(x).items()})
                              .evalf(30)) for x in (e, p))
            if abs(ev - pv) > 1e-9 * (1 + abs(ev)):
                return "wrong value " + short(parsed)
        return None
    return check


# --- structural checkers --------------------------------------------------------------------

def derivative(of: str, wrt: str) -> Callable:
    """Structural: an unevaluated derivative of the name `of` with respect to `wrt`."""
    def check(parsed):
        for d in parsed.atoms(sp.Derivative):
            calls = {norm(g.func.__name__) for g in d.expr.atoms(AppliedUndef)}
            names = set(leaves(d.expr)) | calls
            if of in names and [leaf_name(v) for v in d.variables] == [wrt]:
                return None
        return "got " + short(parsed)
    return check


def sum_over(index: str, excluding: str | None = None) -> Callable:
    """Structural: a Sum with bound variable `index` (and the name `excluding` in the result)."""
    def check(parsed):
        sums = [s for s in parsed.atoms(sp.Sum) if index in {leaf_name(v) for v in s.variables}]
        if sums and (excluding is None or excluding in leaves(parsed)):
            return None
        return "got " + short(parsed)
    return check


def transpose(name: str) -> Callable:
    """Structural: a Transpose of `name`, or one symbol named `name^T`."""
    def check(parsed):
        if any(norm(t.arg) == name for t in parsed.atoms(sp.Transpose)) \
                or f"{name}^T" in leaves(parsed):
            return None
        return "got " + short(parsed)
    return check


# --- the cases ------------------------------------------------------------------------------

class Case(NamedTuple):
    latex: str
    description: str
    check: Callable


S = sp.Symbol
a, b, c, t, x, y, z, n, A = (S(v) for v in "abctxyznA")
i, j, k, l = (S(v) for v in INDEX_NAMES)
X, Z, W = sp.IndexedBase("x"), sp.IndexedBase("z"), sp.IndexedBase("w")
sigma, f = sp.Function("sigma"), sp.Function("f")

CASES = [
    Case(r"\frac{a}{b}", "fraction", value(a / b)),
    Case(r"a \cdot b", "\\cdot product", value(a * b)),
    Case(r"a \times b", "\\times product", value(a * b)),
    Case(r"a(1-a)", "implicit product, not a call of a", value(a * (1 - a))),
    Case(r"\sigma(z)(1-\sigma(z))", "implicit product of two calls",
         value(sigma(z) * (1 - sigma(z)))),
    Case(r"e^{-z}", "e^{…} is exp", value(sp.exp(-z))),
    Case(r"\frac{1}{1+e^{-z}}", "logistic function written out", value(1 / (1 + sp.exp(-z)))),
    Case(r"\exp(z)", "\\exp", value(sp.exp(z))),
    Case(r"\exp\left(-\frac{z^2}{2}\right)", "\\exp with \\left( \\right)",
         value(sp.exp(-z**2 / 2))),
    Case(r"\ln(x)", "\\ln", value(sp.log(x))),
    Case(r"\log(x)", "\\log is natural", value(sp.log(x))),
    Case(r"\ln a + b", "\\ln a + b is ln(a) + b", value(sp.log(a) + b)),
    Case(r"\sqrt{a^2 + b^2}", "\\sqrt", value(sp.sqrt(a**2 + b**2))),
    Case(r"\sigma(z)", "σ applied to z (σ valued as logistic)", value(sigma(z))),
    Case(r"\tanh(z)", "\\tanh", value(sp.tanh(z))),
    Case(r"\max(0, x)", "\\max", value(sp.Max(0, x))),
    Case(r"x_i", "indexed name", value(S("x_i"))),
    Case(r"w_{jk}", "two indices j, k (not j·k)", value(S("w_jk"))),
    Case(r"a_j^L", "layer label L, not a power", value(S("a_j^L"))),
    Case(r"z_i^{(L)}", "layer label (L), not a power", value(S("z_i^L"))),
    Case(r"a_k^{L-1}", "layer label L−1, not a power", value(S("a_k^L-1"))),
    Case(r"a_j^{l+1}", "layer label l+1, not a power", value(S("a_j^l+1"))),
    Case(r"y^{(i)}", "label (i) on a bare name, never a power", value(S("y^i"))),
    Case(r"a_j^L (1 - a_j^L)", "labelled names in an implicit product",
         value(S("a_j^L") * (1 - S("a_j^L")))),
    Case(r"\sum_{j=1}^{n} j^2", "sum with bounds (summand not indexed)",
         value(sp.Sum(j**2, (j, 1, n)))),
    Case(r"\sum_{j=1}^{n} x_j", "sum whose summand depends on j",
         value(sp.Sum(X[j], (j, 1, n)))),
    Case(r"\sum_{k=1}^{n} w_{jk} x_k", "sum binding the second of two indices",
         value(sp.Sum(W[j, k] * X[k], (k, 1, n)))),
    Case(r"\frac{e^{z_j}}{\sum_{k=1}^{n} e^{z_k}}", "softmax",
         value(sp.exp(Z[j]) / sp.Sum(sp.exp(Z[k]), (k, 1, n)))),
    Case(r"\sum_j x_j", "sum without bounds (structural: a Sum over j)", sum_over("j")),
    Case(r"\sum_{j \neq i} x_j", "sum over j ≠ i (structural: a Sum over j, i kept)",
         sum_over("j", excluding="i")),
    Case(r"\sum_{\substack{j=1\\ j\neq i}}^{n} j", "\\substack bounds with j ≠ i",
         value(sp.Sum(j, (j, 1, n)) - i)),
    Case(r"\frac{\partial C}{\partial z_i}", "∂C/∂z_i (structural: Derivative of C wrt z_i)",
         derivative("C", "z_i")),
    Case(r"\frac{\partial}{\partial z_i}\left(z_i^2 + b z_i\right)", "∂/∂z_i applied to ( … )",
         value(2 * S("z_i") + b)),
    Case(r"\frac{d}{dx}\left(x^3 + 2x\right)", "d/dx applied to ( … )", value(3 * x**2 + 2)),
    Case(r"\frac{d}{dz} \sigma(z)", "d/dz of σ(z)", value(sigma(z).diff(z))),
    Case(r"f'(z)", "prime survives (f valued as sin)", value(f(z).diff(z))),
    Case(r"\sigma'(z)", "prime on σ survives", value(sigma(z).diff(z))),
    Case(r"\delta_{ij}", "Kronecker delta", value(sp.KroneckerDelta(i, j))),
    Case(r"I(k = l)", "indicator of k = l", value(sp.Piecewise((1, sp.Eq(k, l)), (0, True)))),
    Case(r"\left(a + b\right) c", "\\left( \\right) grouping", value((a + b) * c)),
    Case(r"A x", "case survives", value(A * x)),
    Case(r"x + 2t", "t kept in 2t", value(x + 2 * t)),
    Case(r"W^T x", "transpose survives (structural: Transpose or a name W^T)", transpose("W")),
]


# --- running --------------------------------------------------------------------------------

def parse(parser: Callable, latex: str):
    """(the parser's result or None, why it failed or None, seconds) for one parse."""
    start = time.perf_counter()
    try:
        with deadline(PARSE_SECONDS):
            return parser(latex), None, time.perf_counter() - start
    except Timeout:
        return None, "timeout", time.perf_counter() - start
    except Exception as exc:  # every failure of a third-party parser is a result here
        return None, f"exception: {type(exc).__name__}", time.perf_counter() - start


def attempt(parser: Callable, case: Case) -> tuple[str | None, float]:
    """(None if covered else the reason, seconds of the fastest of REPEATS parses)."""
    runs = [parse(parser, case.latex) for _ in range(REPEATS)]
    parsed, failure, _ = runs[0]
    seconds = min(run_seconds for _, _, run_seconds in runs)
    if failure:
        return failure, seconds
    if not isinstance(parsed, sp.Basic):
        kind = "ambiguous parse" if type(parsed).__name__ == "Tree" else "not SymPy"
        return f"{kind} ({type(parsed).__name__})", seconds
    try:
        return case.check(parsed), seconds
    except Exception as exc:
        return f"check failed: {type(exc).__name__}", seconds


def available(parser: Callable) -> str | None:
    """None when the parser reads `x` as the symbol x (this also warms it up), else why not."""
    try:
        with deadline(30):
            return None if str(parser("x")) == "x" else "does not read `x`"
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}".splitlines()[0]


def main():
    columns = {}
    for column, (parser, package) in PARSERS.items():
        why = available(parser)
        if why:
            print(f"_{column} skipped: {why}_\n")
        else:
            columns[column] = parser
    results = {column: [attempt(parser, case) for case in CASES]
               for column, parser in columns.items()}

    print("| # | LaTeX | must read as | " + " | ".join(columns) + " |")
    print("|---|---|---|" + "---|" * len(columns))
    for row, case in enumerate(CASES):
        cells = ["✓" if results[col][row][0] is None else "✗ " + results[col][row][0]
                 for col in columns]
        print(f"| {row + 1} | `{case.latex}` | {case.description} | " + " | ".join(cells) + " |")
    print()
    for column in columns:
        covered = sum(reason is None for reason, _ in results[column])
        median_ms = 1000 * statistics.median(seconds for _, seconds in results[column])
        print(f"- {column} ({PARSERS[column][1]} {version(PARSERS[column][1])}, "
              f"SymPy {sp.__version__}): {covered} / {len(CASES)} cases covered, "
              f"median parse time {median_ms:.1f} ms (fastest of {REPEATS} per case)")


if __name__ == "__main__":
    main()
