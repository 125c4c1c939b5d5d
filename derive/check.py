"""Checking a derivation: every step of every chain gets a verdict.

text → blocks (latex.blocks) → chains (latex.chains) → parsed steps (latex.parser) →
a verdict per step, each decided by the prover in a bounded worker (sandbox), so that a
step that runs away costs only itself. Definitions hold in their scope: front matter,
`--define` and a named context for the whole file; a definition in the body until the
next heading of the same or a higher level.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

import sympy as sp

from .claim import Claim, Compare, Equals, Part, Source, tex
from .latex.blocks import Block, Heading, read_document
from .latex.chains import chains_of
from .latex.parser import (BUILTIN_FUNCTIONS, DEFAULT_DIM, ParseError, read_chain,
                           read_expr, relation, relation_name)
from .notation import Sigmoid, sigma
from .prover import PROVED, REFUTED, prove
from .prover.exprs import free_symbols
from .sandbox import Timeout, deadline, run_bounded

VALID, INVALID, UNKNOWN, UNPARSED = "valid", "invalid", "unknown", "unparsed"
DIFFERENCE = "the sides differ: lhs - rhs = "     # an invalid step's reason, LaTeX after it
VERDICTS = (VALID, INVALID, UNKNOWN, UNPARSED)
_SOURCE = Source("homework", "a derivation")


class InputError(ValueError):
    """Input that cannot be used at all: a bad option, an unknown context."""


# --- results -----------------------------------------------------------------------------

@dataclass
class StepResult:
    step: int
    lhs: str
    rhs: str
    verdict: str
    reason: str = ""
    counterexample: dict | None = None
    seconds: float = 0.0
    relation: str = "="
    hypotheses: list = field(default_factory=list)
    method: str = ""
    values: dict | None = None
    diagnosis: list = field(default_factory=list)    # likely slips of an invalid step
    diagnosis_seconds: float = 0.0                  # of `seconds`, spent naming the slip

    def to_json(self) -> dict:
        out = {"step": self.step, "lhs": self.lhs, "rhs": self.rhs, "verdict": self.verdict,
               "reason": self.reason, "counterexample": self.counterexample,
               "seconds": round(self.seconds, 4)}
        if self.relation != "=":
            out["relation"] = self.relation
        if self.hypotheses:
            out["hypotheses"] = self.hypotheses
        if self.method:
            out["method"] = self.method
        if self.values:
            out["values"] = self.values
        if self.diagnosis:
            out["diagnosis"] = self.diagnosis
        return out


@dataclass
class ChainRecord:
    """A chain as read (not serialised): its two ends and steps in scope, for grading."""
    start: object
    end: object
    steps: list                   # (block, step) numbers, a continued chain's earlier ones too
    relations: list
    scope: "Scope"


@dataclass
class BlockResult:
    block: int
    line: int
    steps: list[StepResult] = field(default_factory=list)
    chains: list[ChainRecord] = field(default_factory=list, repr=False, compare=False)

    def to_json(self) -> dict:
        return {"block": self.block, "line": self.line,
                "steps": [s.to_json() for s in self.steps]}


@dataclass
class FileResult:
    file: str
    derivations: list[BlockResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def steps(self):
        return [s for b in self.derivations for s in b.steps]

    def to_json(self) -> dict:
        out = {"file": self.file, "derivations": [b.to_json() for b in self.derivations]}
        if self.errors:
            out["errors"] = self.errors
        return out


def summary(files: list[FileResult]) -> dict:
    counts = {v: 0 for v in VERDICTS}
    for f in files:
        for s in f.steps():
            counts[s.verdict] += 1
    return counts


# --- scope -------------------------------------------------------------------------------

@dataclass
class Scope:
    """What is defined and assumed at one point of a file."""
    defs: dict = field(default_factory=dict)
    functions: set = field(default_factory=set)
    hypotheses: list = field(default_factory=list)

    def copy(self) -> "Scope":
        return Scope(dict(self.defs), set(self.functions), list(self.hypotheses))

    def defines(self, key) -> bool:
        return key in self.defs


_FUNCTION_HEAD = re.compile(r"^\s*(\\?[a-zA-Z]+)\s*(\\left)?\s*\(")


def _function_name(text: str) -> str | None:
    m = _FUNCTION_HEAD.match(text)
    if not m:
        return None
    name = m.group(1).lstrip("\\")
    return None if name in BUILTIN_FUNCTIONS else name


def definition_key(name_expr):
    """(key, Lambda-or-None) for a bare name: x, a_j, f(x, y); None if not a bare name."""
    if isinstance(name_expr, sp.Symbol):
        return name_expr, None
    if isinstance(name_expr, sp.Indexed) and all(isinstance(i, sp.Symbol)
                                                 for i in name_expr.indices):
        return name_expr.base, tuple(name_expr.indices)
    if isinstance(name_expr, sp.Function) and isinstance(
            type(name_expr), sp.core.function.UndefinedFunction) and all(
            isinstance(a, sp.Symbol) for a in name_expr.args):
        return name_expr.func, tuple(name_expr.args)
    return None


def add_definition(scope: Scope, name_expr, body) -> bool:
    found = definition_key(name_expr)
    if found is None:
        return False
    key, params = found
    scope.defs[key] = sp.Lambda(params, body) if params else body
    if isinstance(key, sp.core.function.UndefinedFunction):
        scope.functions.add(str(key))
    return True


def define_text(scope: Scope, name: str, body: str) -> None:
    """A definition from front matter or the command line, both sides in LaTeX."""
    fn = _function_name(name)
    if re.match(r"\s*\\sigma\s*(\\left)?\s*\(", name):
        fn = "sigma"                   # a file may define σ itself; the body may not
    functions = frozenset(scope.functions | ({fn} if fn else set()))
    try:
        name_expr = read_expr(name, functions)
        body_expr = read_expr(body, functions)
    except ParseError as exc:
        raise InputError(f"definition of {name!r}: {exc.message}") from None
    if not add_definition(scope, name_expr, body_expr):
        raise InputError(f"definition of {name!r}: the left side must be a name "
                         "such as C, a_j or f(x, y)")


def assume_text(scope: Scope, text: str) -> None:
    try:
        exprs, rels = read_chain(text, frozenset(scope.functions))
    except ParseError as exc:
        raise InputError(f"hypothesis {text!r}: {exc.message}") from None
    if len(rels) != 1:
        raise InputError(f"hypothesis {text!r}: expected one relation such as "
                         r"\sum_j y_j = 1 or k \neq j")
    scope.hypotheses.append(relation(exprs[0], rels[0], exprs[1], evaluate=False))


def base_scope(context: str | None = None, define=(), assume=()) -> Scope:
    """The whole-file scope: a named context, then definitions, then hypotheses."""
    scope = Scope()
    if context:
        from lemmas.contexts import CONTEXTS
        for name in [c.strip() for c in str(context).split(",") if c.strip()]:
            if name not in CONTEXTS:
                raise InputError(f"unknown context {name!r} (known: {', '.join(CONTEXTS)})")
            for n, body in CONTEXTS[name].define:
                define_text(scope, n, body)
            for h in CONTEXTS[name].assume:
                assume_text(scope, h)
    for name, body in define:
        define_text(scope, name, body)
    for h in assume:
        assume_text(scope, h)
    return scope


# --- deciding one step -------------------------------------------------------------------

def _logistic(expr):
    """σ is the logistic function: write it out so every strategy sees exp."""
    if isinstance(expr, sp.Basic) and expr.has(Sigmoid):
        return expr.replace(lambda e: isinstance(e, Sigmoid), lambda e: sigma(e.args[0]))
    return expr


def _integer_symbols(items) -> set:
    """The integer symbols of expressions and definitions (a Lambda's variables too)."""
    found = set()
    for e in items:
        if isinstance(e, sp.Lambda):
            found |= {v for v in e.variables if v.is_integer}
            e = e.expr
        if isinstance(e, sp.Basic):
            found |= {s for s in free_symbols(e) if s.is_integer}
    return found


def _index_ranges(exprs, defs):
    """Every integer index symbol ranges over 1..n, n the dimension of the sums in play."""
    items = list(exprs) + list(defs.values())
    bounds = {b for e in items if isinstance(e, sp.Basic) for s in e.atoms(sp.Sum)
              for lim in s.limits for b in lim[2].free_symbols}
    indices = _integer_symbols(items) - bounds
    if not indices and not bounds:
        return {}, {}
    dims = sorted(bounds, key=str) or [DEFAULT_DIM]
    if len(dims) > 1:
        # which index runs to which bound is not written down: give none a range, so no
        # Σ_k δ_ik f_k = f_i is ever used for an i that might lie outside 1..bound
        return {}, {d: 1 for d in dims}
    return {i: dims[0] for i in indices}, {dims[0]: 1}


def _unify_indices(items):
    """A letter used as an index anywhere (k in z_k) is that index everywhere (k ≠ j)."""
    by_name = {s.name: s for s in _integer_symbols(items)}
    mapping = {sp.Symbol(name, real=True): s for name, s in by_name.items()}
    return lambda e: e.xreplace(mapping) if isinstance(e, sp.Basic) else e


def unifier(exprs, scope: Scope, conditions=()):
    """The index letters of a step made one (`_unify_indices`) over its expressions, the
    scope and its conditions; σ is written out (`_logistic`) before it is applied."""
    return _unify_indices(list(exprs) + list(scope.hypotheses) + list(conditions)
                          + list(scope.defs.values()))


def step_claim(lhs, rel: str, rhs, scope: Scope, conditions=()) -> Claim:
    """The one-part claim a step is: lhs rel rhs under the scope's hypotheses and its own
    conditions (a cases row's i ≠ j), indices unified, σ written out, ranges given."""
    hypotheses = list(scope.hypotheses) + list(conditions)
    unify = unifier([lhs, rhs], scope, conditions)
    defs = {k: unify(sp.Lambda(v.variables, _logistic(v.expr)) if isinstance(v, sp.Lambda)
                     else _logistic(v)) for k, v in scope.defs.items()}
    left, right = unify(_logistic(lhs)), unify(_logistic(rhs))
    hypotheses = [unify(h) for h in hypotheses]
    relation = Equals(left, right) if rel == "=" else Compare(left, rel, right)
    indices, dims = _index_ranges([left, right] + hypotheses, defs)
    local = tuple(hypotheses[len(scope.hypotheses):])        # a cases row's condition
    return Claim("step", "a step", _SOURCE, (Part(relation, hypotheses=local),),
                 hypotheses=tuple(hypotheses[:len(scope.hypotheses)]),
                 indices=indices, dims=dims, defs=defs)


def decide(lhs, rel: str, rhs, scope: Scope, condition=None, budget: float = 5.0,
           diagnose: bool = True) -> dict:
    """The verdict on lhs rel rhs; runs in a worker, returns plain data. `condition` is
    one relation or a tuple of them. An invalid step also gets its `diagnosis`: the small
    edits that would make it valid (derive.diagnosis), searched in the time left."""
    start = time.monotonic()
    conditions = tuple(condition) if isinstance(condition, (tuple, list)) \
        else (condition,) if condition is not None else ()
    claim = step_claim(lhs, rel, rhs, scope, conditions)
    out = judge(claim, budget)
    if out["verdict"] == INVALID:
        relation = claim.parts[0].relation
        out["reason"] = _difference(claim, relation.lhs, relation.rhs)
        if diagnose:
            from .diagnosis import diagnose as search
            began = time.monotonic()
            out["diagnosis"] = search(lhs, rel, rhs, scope, conditions,
                                      seconds=budget - (began - start),
                                      counterexample=out["counterexample"])
            out["diagnosis_seconds"] = time.monotonic() - began
    out["seconds"] = time.monotonic() - start
    return out


def judge(claim: Claim, budget: float) -> dict:
    """Prove a step's claim and read the proof as a verdict (the reason of an invalid one
    is left to the caller)."""
    proof = prove(claim, budget=budget)
    part = proof.parts[0]
    out = {"method": proof.method, "hypotheses": part.hypotheses}
    if proof.status == PROVED and "only" in proof.scope:
        out.update(verdict=UNKNOWN, method="", hypotheses=[],
                   reason=f"proved for {proof.scope}, not for every n")
    elif proof.status == PROVED and not proof.alarm and part.crosscheck \
            and part.crosscheck.points == 0:
        out.update(verdict=UNKNOWN, method="", hypotheses=[],
                   reason=f"{proof.method}, but no admissible point to check it numerically")
    elif proof.status == PROVED and not proof.alarm:
        out.update(verdict=VALID, reason=f"{proof.method}; numeric check: "
                   f"{part.crosscheck.detail if part.crosscheck else 'none'}")
    elif proof.status == REFUTED:
        ce = dict(part.counterexample or {})
        values = {k: ce.pop(k) for k in ("lhs", "rhs") if k in ce}
        out.update(verdict=INVALID, counterexample=ce, values=values, reason="",
                   hypotheses=[])
    else:
        why = proof.alarm or "; ".join(part.tried) or "no strategy applied"
        out.update(verdict=UNKNOWN, reason=f"undecided: {why}", method="", hypotheses=[])
    return out


def _difference(claim, left, right) -> str:
    """Where the sides differ: their simplified difference, when it is short."""
    from .prover.context import Context
    from .prover.sums import Atoms, normalize
    try:
        with deadline(1.0):
            ctx = Context.of(claim, claim.parts[0])
            atoms = Atoms()
            d = atoms.atomize(normalize(ctx.expand(left) - ctx.expand(right), ctx))
            d = atoms.restore(sp.simplify(d))
        text = tex(d)
        if len(text) <= 300:
            return DIFFERENCE + text
    except Exception:        # only the wording of the reason depends on this
        pass
    return "the sides differ at the counterexample"


# --- reading a file --------------------------------------------------------------------------

def _position(block: Block, chain_offset: int, err: ParseError) -> str:
    offset = chain_offset + (err.position or 0)
    before = block.text[:offset]
    line = block.offset_line + before.count("\n")
    column = offset - (before.rfind("\n") + 1) + 1
    return f"line {line}, column {column}: {err.message}"


def check_file(path, **options) -> FileResult:
    """Check one file (read as UTF-8; undecodable bytes are replaced, never fatal)."""
    from pathlib import Path
    data = Path(path).read_bytes()
    return check_text(data.decode("utf-8", errors="replace"), str(path), **options)


def check_text(text: str, name: str = "<text>", context=None, define=(), assume=(),
               timeout: float = 5.0, memory_mb: int = 2048, cache=None) -> FileResult:
    """Check every step of a Markdown/LaTeX document (`cache`: a derive.batch.cache.Cache,
    so that a step decided before is not decided again)."""
    result = FileResult(name)
    doc = read_document(text)
    front = doc.front
    if doc.front_error:
        result.errors.append(doc.front_error)
    try:
        ctx_name = front.get("context") or context
        if context and front.get("context"):
            ctx_name = f"{front['context']},{context}"
        fdefine = front.get("define") or {}
        fassume = front.get("assume") or []
        if not isinstance(fdefine, dict) or not isinstance(fassume, list):
            raise InputError("front matter: define must be a mapping, assume a list")
        base = base_scope(ctx_name, [(str(k), str(v)) for k, v in fdefine.items()]
                          + list(define), [str(a) for a in fassume] + list(assume))
    except InputError as exc:
        result.errors.append(str(exc))
        base = Scope()
    levels: list[tuple[int, Scope]] = [(0, base)]
    previous = None        # the last expression of the previous block
    for event in doc.events:
        if isinstance(event, Heading):
            while len(levels) > 1 and levels[-1][0] >= event.level:
                levels.pop()
            levels.append((event.level, levels[-1][1].copy()))
            continue
        block_result = BlockResult(event.number, event.line)
        result.derivations.append(block_result)
        previous = _check_block(event, levels[-1][1], block_result, previous, timeout,
                                memory_mb, cache)
    return result


def _parse(chain, scope: Scope):
    """(expressions, relations, functions) of a chain; `f(x, y) = …` may define f."""
    fn = _function_name(chain.text)
    tries = [frozenset(scope.functions)]
    if fn and fn not in scope.functions:
        tries.insert(0, frozenset(scope.functions | {fn}))
    error = None
    for functions in tries:
        try:
            spans: list = []
            exprs, rels = read_chain(chain.text, functions, spans)
            return exprs, rels, functions, spans
        except ParseError as err:
            error = error or err
    raise error


def _condition(chain, scope: Scope):
    if not chain.condition:
        return None
    try:
        exprs, rels = read_chain(chain.condition, frozenset(scope.functions))
    except ParseError:
        return None
    return relation(exprs[0], rels[0], exprs[1], evaluate=False) if len(rels) == 1 else None


def _check_block(block: Block, scope: Scope, out: BlockResult, previous, timeout, memory_mb,
                 cache=None):
    """Check one block; returns what the next block may continue from."""
    def add(lhs, rhs, **kw):
        out.steps.append(StepResult(len(out.steps) + 1, lhs, rhs, **kw))

    if block.error:
        add("", "", verdict=UNPARSED, reason=f"line {block.line}: {block.error}")
        return None
    chains = chains_of(block.text)
    if _defines_by_cases(chains, scope):
        return None
    for n, chain in enumerate(chains):
        try:
            with deadline(timeout):          # reading is bounded too (SymPy builds as it reads)
                exprs, rels, functions, spans = _parse(chain, scope)
        except ParseError as err:
            add(chain.text.strip(), "", verdict=UNPARSED, reason=_position(block, chain.offset, err))
            previous = None
            continue
        except Timeout:
            add(chain.text.strip()[:200], "", verdict=UNPARSED,
                reason=f"line {block.line}: reading the formula took longer than {timeout:g} s")
            previous = None
            continue
        texts = [_Text(e, t) for e, t in zip(exprs, spans)]
        steps = list(zip(texts, rels, texts[1:]))
        if chain.continues and previous is not None:
            steps.insert(0, (previous.expr, relation_name(chain.continues), texts[0]))
        elif n == 0 and previous is not None and previous.open:
            steps.insert(0, (previous.expr, previous.open, texts[0]))
        elif rels and rels[0] == "=" and not chain.condition \
                and definition_key(exprs[0]) is not None and not _defined(scope, exprs[0]):
            add_definition(scope, exprs[0], exprs[1])
            steps = steps[1:]
        condition = _condition(chain, scope)
        first = len(out.steps)
        for lhs, rel, rhs in steps:
            add(lhs.text, rhs.text, **_cached_verdict(cache, lhs.expr, rel, rhs.expr, scope,
                                                      condition, timeout, memory_mb))
        record = _record(out, steps, first, previous, scope) if steps else None
        previous = _Open(texts[-1], relation_name(chain.open_end) if chain.open_end else None,
                         record)
    return previous


def _defines_by_cases(chains, scope: Scope) -> bool:
    """`f(x) = \\begin{cases} … \\end{cases}` with f not yet defined defines f piecewise
    (every row under its condition); it has no step to check."""
    if not chains or not all(c.condition for c in chains):
        return False
    pieces, head = [], None
    for chain in chains:
        try:
            exprs, rels, _, _ = _parse(chain, scope)
        except ParseError:
            return False
        cond = _condition(chain, scope)
        if rels != ["="] or cond is None or definition_key(exprs[0]) is None \
                or _defined(scope, exprs[0]) or (head is not None and exprs[0] != head):
            return False
        head = exprs[0]
        pieces.append((exprs[1], cond))
    return add_definition(scope, head, sp.Piecewise(*pieces, (sp.nan, True)))


def _verdict(lhs, rel, rhs, scope, condition, timeout, memory_mb) -> dict:
    if rel == "!=":
        return {"verdict": UNKNOWN, "reason": "a \\neq step is not checked", "relation": rel}
    outcome = run_bounded(decide, lhs, rel, rhs, scope, condition, timeout,
                          timeout=timeout + 5, memory_mb=memory_mb)
    if not outcome.ok:
        return {"verdict": UNKNOWN, "reason": outcome.error or "failed",
                "seconds": outcome.seconds, "relation": rel}
    v = outcome.value
    return {"verdict": v["verdict"], "reason": v["reason"], "counterexample":
            v.get("counterexample"), "seconds": v["seconds"], "relation": rel,
            "hypotheses": v.get("hypotheses") or [], "method": v.get("method", ""),
            "values": v.get("values"), "diagnosis": v.get("diagnosis") or [],
            "diagnosis_seconds": v.get("diagnosis_seconds", 0.0)}


@dataclass
class _Text:
    """A parsed expression and the student's own LaTeX for it."""
    expr: object
    text: str


class _Open:
    """The last expression of a block, and the relation it ends with (None if none)."""

    def __init__(self, expr, open_rel, chain=None):
        self.expr = expr
        self.open = open_rel
        self.chain = chain                  # its ChainRecord, which a next block may continue


def _record(out: BlockResult, steps, first: int, previous, scope: Scope) -> ChainRecord:
    """Note the chain just checked; one continuing the previous block extends its record."""
    numbers = [(out.block, n) for n in range(first + 1, len(out.steps) + 1)]
    rels = [rel for _, rel, _ in steps]
    start = steps[0][0].expr
    if previous is not None and steps[0][0] is previous.expr and previous.chain is not None:
        earlier = previous.chain
        start, numbers = earlier.start, earlier.steps + numbers
        rels = earlier.relations + rels
    record = ChainRecord(start, steps[-1][2].expr, numbers, rels, scope.copy())
    out.chains.append(record)
    return record


def _cached_verdict(cache, lhs, rel, rhs, scope, condition, timeout, memory_mb) -> dict:
    """`_verdict`, looked up in and stored to the cache when there is one."""
    if cache is None:
        return _verdict(lhs, rel, rhs, scope, condition, timeout, memory_mb)
    key = cache.key(lhs, rel, rhs, scope, condition, timeout)
    found = cache.get(key)
    if found is None:
        found = _verdict(lhs, rel, rhs, scope, condition, timeout, memory_mb)
        cache.put(key, found)
    return found


def _defined(scope: Scope, name_expr) -> bool:
    found = definition_key(name_expr)
    return found is not None and scope.defines(found[0])
