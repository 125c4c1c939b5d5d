"""Checking a document: blocks → chains → parsed steps → a verdict per step.

text → blocks (latex.blocks) → chains (latex.chains) → parsed steps (latex.parser) →
a verdict per step (decide), each in a bounded worker, so that a step that runs away
costs only itself. Definitions hold in their scope: front matter, `--define` and a named
context for the whole file; a definition in the body until the next heading of the same
or a higher level.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..latex.blocks import Block, Heading, read_document
from ..latex.chains import chains_of
from ..latex.parser import ParseError, read_chain, relation, relation_name
from ..sandbox import Timeout, deadline
from .decide import cached_verdict
from .results import UNPARSED, BlockResult, ChainRecord, FileResult, StepResult
from .scope import (InputError, Scope, add_definition, base_scope, definition_key,
                    function_name)


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
               timeout: float = 5.0, memory_mb: int = 2048, cache=None,
               contexts=None) -> FileResult:
    """Check every step of a Markdown/LaTeX document (`cache`: a derive.batch.cache.Cache,
    so that a step decided before is not decided again; `contexts`: the named contexts
    `context` may name, as the catalogue gives them)."""
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
                          + list(define), [str(a) for a in fassume] + list(assume),
                          contexts)
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
    fn = function_name(chain.text)
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
            add(lhs.text, rhs.text, **cached_verdict(cache, lhs.expr, rel, rhs.expr, scope,
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


def _defined(scope: Scope, name_expr) -> bool:
    found = definition_key(name_expr)
    return found is not None and scope.defines(found[0])
