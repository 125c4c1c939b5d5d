"""Checking a document: blocks → chains → parsed steps → a verdict per step.

text → blocks (latex.blocks) → chains (latex.chains) → parsed steps (latex.parser) →
a verdict per step (decide), each in a bounded worker, so that a step that runs away
costs only itself. Definitions hold in their scope: front matter, `--define` and a named
context for the whole file; a definition in the body until the next heading of the same
or a higher level.
"""
from __future__ import annotations

import dataclasses
import itertools
import random
import re
from dataclasses import dataclass

import sympy as sp
from sympy.core.function import AppliedUndef

from ..latex.atoms import is_probability
from ..latex.blocks import SIGMA_WORDS, Block, Heading, Prose, named_in, read_document
from ..latex.chains import after_first_link, information_units, chains_of, split_relations
from ..latex.repair import missing_partial, stray_closer
from ..latex.parser import (APART_DIM, BRACKET_ONLY, LOG_WHOLE_TERM, DEFAULT_DIM, DEPENDS, FEATURE_INDEX, GIVEN, MATRIX_READING,
                             DOT, E_NAMED, EINSTEIN, EXPECTATION_ROUND, LETTER_LAYERS, GRADIENT_NAMED, LABELLED, LAYERED, LAYERS_READ, LOG_BASE_2, label_flag, labelled, NUMBERED, PI_NAMED, SUPERSCRIPT_INDEX, VARIANCE_D, Misshapen, MissingPartial, ParseError, TooLarge,
                             as_index, bold_letter, index_symbol, is_sample, read_chain, reading_display,
                             read_expr, relation, relation_name, subscript_slots, unbracketed_log, unbracketed_sum, SUM_WHOLE_TERM, WORD_FUNCTIONS)
from ..latex.parser import warm as warm_grammar
from ..prover.moments import has_moments, letters_inside
from ..notation import (ELLIPSIS, Det, Diag, DifferentialOf, Hadamard, Kronecker, Norm, Sigmoid,
                        Trace, Transposed, kept_whole)
from ..outcome import ReasonKind
from ..prover import matrices
from ..prover.context import Context, entries_of_arguments
from ..prover.exprs import mentions, sum_bounds, summed_families
from ..prover.sampling import expand_finite
from ..prover.rewrite import warm as warm_prover
from ..sandbox import Budget, BudgetSpent, Timeout, deadline, run_bounded, wall_limit
from . import entries
from .decide import Work, outside_case, up_to_a_constant, verdict
from .matrices import declared_shape, marked, shape_step
from .norms import inner_products, written_out
from .results import INVALID, UNKNOWN, UNPARSED, VALID, BlockResult, ChainRecord, FileResult, StepResult
from .scope import (InputError, Scope, add_definition, base_scope, contradicts,
                    define_text, definition_key, function_name, key_name, letter, read_bare,
                    sample_labelled)
from .step import reachable, unknown_derivative


MAX_FILE_BYTES = 4 * 2**20     # a file larger is refused unread
MAX_BLOCK = 100_000            # characters in one display block


def _position(block: Block, chain_offset: int, err: ParseError) -> str:
    offset = chain_offset + (err.position or 0)
    before = block.text[:offset]
    line = block.offset_line + before.count("\n")
    column = offset - (before.rfind("\n") + 1) + 1
    return f"line {line}, column {column}: {err.message}"


def check_file(path, **options) -> FileResult:
    """Check one file (read as UTF-8; undecodable bytes are replaced, never fatal; a file
    larger than MAX_FILE_BYTES is refused unread)."""
    try:
        text = read_source(path)
    except InputError as exc:
        return FileResult(str(path), errors=[str(exc)])
    return check_text(text, str(path), **options)


def warm() -> None:
    """Build and import before forking what every step's worker would otherwise build
    again out of its own time: the grammar, and what SymPy's simplify imports lazily."""
    warm_grammar()
    warm_prover()


def check_file_bounded(path, file_timeout: float = 600.0, **options) -> FileResult:
    """`check_file` in a worker of its own (sandbox.run_bounded, its own process group),
    so that nothing read from the file — front matter, definitions, every pre-check — runs
    outside a bounded process. The file's budget is `file_timeout` CPU seconds, steps
    included; a worker that still gives nothing back is a failed file, saying why."""
    timeout = options.get("timeout", 5.0)
    warm()
    outcome = run_bounded(_check_plain, path, dict(options, file_timeout=file_timeout),
                          timeout=file_timeout + timeout + 5, wall=wall_limit(file_timeout),
                          memory_mb=options.get("memory_mb", 2048), group=True)
    if outcome.ok:
        return outcome.value
    return FileResult(str(path), errors=[file_failure(outcome, file_timeout)], failed=True)


def _check_plain(path, options: dict) -> FileResult:
    """check_file, as plain data that travels back from a worker (no chains in scope)."""
    result = check_file(path, **options)
    for block in result.derivations:
        block.chains = []
    return result


def file_failure(outcome, file_timeout: float) -> str:
    """Why a file's bounded worker gave no result, for people."""
    if outcome.kind is ReasonKind.TIMEOUT:
        return f"checking the file took longer than {file_timeout:g} s"
    if outcome.error == "exception":
        return f"checking failed: {outcome.detail[:300]}"
    return f"the checker crashed on this file ({outcome.detail})"


def read_source(path) -> str:
    """A file's text, at most MAX_FILE_BYTES of it (InputError past that)."""
    with open(path, "rb") as fh:
        data = fh.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"file too large (over {MAX_FILE_BYTES // 2**20} MiB)")
    return data.decode("utf-8", errors="replace")


def check_text(text: str, name: str = "<text>", context=None, define=(), assume=(),
               timeout: float = 5.0, memory_mb: int = 2048, cache=None,
               contexts=None, file_timeout: float | None = None) -> FileResult:
    """Check every step of a Markdown/LaTeX document (`cache`: a derive.batch.cache.Cache,
    so that a step decided before is not decided again; `contexts`: the named contexts
    `context` may name, as the catalogue gives them). `timeout` bounds each step (CPU
    seconds); `file_timeout` the whole file: when it is spent, what was checked is kept
    and the file's errors say where checking stopped."""
    result = FileResult(name)
    if len(text) > MAX_FILE_BYTES:
        result.errors.append(f"file too large ({len(text)} characters, limit {MAX_FILE_BYTES})")
        return result
    work = Work(timeout, memory_mb, cache, Budget(file_timeout))
    warm()                            # once here, not in every step's worker
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
        with deadline(timeout):       # definitions are read as formulas, bounded like steps
            base = base_scope(ctx_name, [(str(k), str(v)) for k, v in fdefine.items()]
                              + list(define), [str(a) for a in fassume] + list(assume),
                              contexts)
        base.stated = bool(ctx_name or fassume or assume or fdefine or define)
        base.layout = _front_layout(front.get("layout"), front)
        base.applied = doc.always_applied() - base.functions
        base.bare_written = doc.written_bare()
        base.coefficients = doc.coefficients(_CALLED_GREEK)
        base.functions |= base.applied | {NUMBERED + n for n in doc.numbered_only()} | {
            GRADIENT_NAMED + n for n in doc.gradient_names()} | {
            LABELLED + n for n in doc.label_subscripts()} | {
            DOT + n for n in doc.dot_pairs()} | {
            flag for name, label in doc.labelled_functions()
            for flag in (label_flag(name, label), f"{name}_{{{label}}}")} | {
            LAYERED + n for n in doc.layered()} | (
            {VARIANCE_D} if doc.variance_d() else set()) | (
            {PI_NAMED} if doc.names_a_constant("\\pi") else set()) | (
            {E_NAMED} if doc.names_a_constant("e") else set()) | (
            {LOG_2_SAID} if doc.log_base_2() else set()) | (
            {EINSTEIN} if doc.einstein() else set()) | (
            {EXPECTATION_ROUND} if doc.expectation_in_words() else set()) | (
            {LETTER_LAYERS} if doc.letter_layers() else set())
        base.bounds = doc.upper_bounds()
        base.from_zero = doc.from_zero()
    except InputError as exc:
        result.errors.append(str(exc))
        base = Scope()
    except Timeout:
        result.errors.append(f"front matter: reading the definitions took longer than "
                             f"{timeout:g} s of CPU time")
        base = Scope()
    scope = base
    previous = None        # the last expression of the previous block
    condition = ()         # a condition the prose just before a display states (i ≠ j)
    read_ahead = None      # (prose, the condition it states): read before the display above
    title = None           # the last heading's
    try:
        for at, event in enumerate(doc.events):
            work.budget.check()
            if isinstance(event, Heading):
                condition = ()
                scope.end_section(same_title=bool(event.title) and event.title == title,
                                  level=event.level)
                scope.headings += (event.line,)
                title = event.title
                # a heading that names the section's loss a cross-entropy (its σ is left to
                # the words and displays under it)
                scope.named |= named_in(title) & {"cross-entropy"}
                values = [i for i in event.inline if _HEADING_VALUE.fullmatch(i.text)]
                if values:               # `### Numerical check at $x = 1$`: the section's
                    _read_prose(Prose(event.line, values), scope, timeout)      # values
                continue
            if isinstance(event, Prose):
                scope.named |= event.names
                scope.layout = event.layout or scope.layout
                if event.calls is not None and previous is not None:
                    _call_it(event.calls, previous, scope)
                if event.inline:         # words alone leave the condition as it was
                    condition = read_ahead[1] if read_ahead and read_ahead[0] is event \
                        else _read_prose(event, scope, timeout)
                continue
            after = doc.events[at + 1] if at + 1 < len(doc.events) else None
            if isinstance(after, Prose) and after.explains:
                # "where $y_i = σ(z_i)$": what the display uses, said just below it (the
                # condition it may state is for the display after it, as prose's is)
                read_ahead = (after, _read_prose(after, scope, timeout))
            block_result = BlockResult(event.number, event.line)
            result.derivations.append(block_result)
            try:
                with reading_display(event.text, {str(k) for k in scope.defs
                                                  if isinstance(k, sp.Symbol)}):
                    before = doc.events[at - 1] if at else None
                    previous = _check_block(event, scope, block_result, previous, work,
                                            condition, isinstance(before, Prose)
                                            and before.imposes, isinstance(before, Prose)
                                            and before.rewrites, isinstance(before, Prose)
                                            and before.drops_constants)
            except (BudgetSpent, Timeout):
                raise
            except Exception as exc:      # one block that breaks the reader loses only itself
                block_result.steps.append(StepResult(
                    len(block_result.steps) + 1, event.text.strip()[:200], "", UNKNOWN,
                    reason=f"line {event.line}: checking this block failed "
                           f"({type(exc).__name__}: {str(exc).strip()[:200]}); the rest "
                           "of the file is checked", reason_kind=ReasonKind.FAILED.value))
                previous = None
            condition = _carried(event, scope)
    except BudgetSpent:
        at = result.derivations[-1].line if result.derivations else 1
        result.errors.append(f"the file's time limit ({file_timeout:g} s of CPU time) was "
                             f"reached in the block at line {at}: the rest was not checked")
    return result


LAYOUTS = ("numerator", "denominator")



# the front matter keys derive reads; any other (title, permalink) makes it a site's
_FRONT_KEYS = {"context", "define", "assume", "layout", "macros"}


def _front_layout(value, front: dict) -> str | None:
    """The front matter's `layout:` (numerator or denominator), checked; a site
    generator's layout (Jekyll's `layout: page` above lecture notes) is none of derive's."""
    if value is None:
        return None
    if str(value).strip().lower() not in LAYOUTS:
        if set(front) - _FRONT_KEYS:
            return None     # `layout: page` beside `permalink:`: a static site's, not derive's
        raise InputError(f"front matter: layout must be numerator or denominator, not "
                         f"{str(value)[:40]!r}")
    return str(value).strip().lower()


def _carried(block: Block, scope: Scope) -> tuple:
    """`… \\quad \\text{if } i = j,` — a display whose sentence goes on past a condition
    hands that condition to the display that follows."""
    if block.error or not block.text.rstrip().endswith(","):
        return ()
    chains = chains_of(block.text)
    last = _condition(chains[-1], scope) if chains else None
    return (last,) if last is not None else ()


def _index_relation(exprs, rels) -> bool:
    """`i \neq j`, `k = j`, `i = 1`, `k \neq y_i`: a relation between index letters (or an
    index and a sample's label), never a definition."""
    letters = [isinstance(e, sp.Symbol) and len(e.name) == 1 for e in exprs]
    labels = [isinstance(e, sp.Indexed) and len(e.indices) == 1 and e.indices[0].is_Symbol
              for e in exprs]
    return len(rels) == 1 and (
        rels[0] == "=" and all(letters)
        or rels[0] in ("=", "!=") and any(letters) and any(labels)
        or rels[0] == "!=" and all(l or getattr(e, "is_Integer", False)
                                   for l, e in zip(letters, exprs))
        # `j \ge 1` (a negative score's index, past the positive one at 0)
        or rels[0] in (">=", ">", "<=", "<") and isinstance(exprs[0], sp.Symbol)
        and exprs[0].name in _RUNNING and getattr(exprs[1], "is_Integer", False))


_RUNNING = {"i", "j", "k", "l", "m", "t"}     # letters that run over indices


def _index_condition(a, rel: str, b):
    """The relation between indices a condition states, its sides read as indices are
    (the label y_i of k ≠ y_i as the y_i of p_{y_i})."""
    if _index_relation([a, b], [rel]):
        a, b = (as_index(e) if isinstance(e, (sp.Symbol, sp.Indexed)) else e for e in (a, b))
    return relation(a, rel, b, evaluate=False)


@dataclass(frozen=True)
class Point:
    """A point the words before a display name (`$p = q$` of two names in use): a step
    there that is false as an identity is decided again at it."""
    relation: sp.Basic
    text: str


RANDOMNESS = ("independent", "identical", "centred", "unit")
# the standard normal distribution function and density, as the words name them
_NORMAL = {"normal-cdf": r"\frac{1}{2}\left(1 + \operatorname{erf}\left(\frac{x}{\sqrt{2}}"
                         r"\right)\right)",
           "normal-pdf": r"\frac{1}{\sqrt{2\pi}} e^{-x^2/2}"}


def _normal_function(scope: Scope, kind: str, letter: str) -> None:
    """Φ (or φ) where the words call it the standard normal distribution function (or
    density) and the document defines no Φ of its own."""
    if any(key_name(k) == letter.lstrip("\\") for k in scope.defs):
        return
    try:
        define_text(scope, f"{letter}(x)", _NORMAL[kind])
    except InputError:
        pass


def _read_prose(prose: Prose, scope: Scope, timeout: float) -> tuple:
    r"""Definitions made in the prose (`where $z = \sum_j w_j x_j + b$`) enter the scope;
    the last relation between indices in it (`For $i \neq j$`, `при $k \neq j$`, also
    with other formulas after it: "When $i \neq k$, using $\partial \log x / \partial x
    = 1/x$, we get") is the condition of the display that follows."""
    condition, given = (), []
    try:
        with deadline(timeout):       # the numbers of vectors and points are read as formulas
            _data_points(prose, scope)
            for said in prose.said:
                if said[0] in RANDOMNESS:     # what the words say of random variables
                    setattr(scope, said[0], getattr(scope, said[0]) | frozenset(said[1:]))
                elif said[0] == "law":
                    scope.laws.update({letter: said[1:3] for letter in said[3:]})
                elif said[0] == "one-hot-at":
                    _one_hot_at(said[1], said[2], scope, prose.line)
                elif said[0] in _NORMAL:
                    _normal_function(scope, *said)
                elif said[0] == "square":
                    _undeclare(said[1], scope)
                elif said[0] == "symmetric":
                    _call_symmetric(said[1], scope)
                else:
                    _add_facts(scope, _said_of(said, scope))
    except Timeout:
        pass
    place = {id(item): n for n, item in enumerate(prose.inline)}    # (the order given in)
    for item in prose.inline:
        try:
            with deadline(timeout):
                entries_given = _tuple_entries(item.text, scope.from_zero)
        except Timeout:
            entries_given = []
        for name, value in entries_given:
            scope.give_example(str(name), value, item.line, place[id(item)])
        if entries_given:
            given.append(item)
        if entries_given and len(entries_given[0][0].indices) == 1:
            # `$z = (1, 2, 3)$`: z has three entries
            scope.give_length(str(entries_given[0][0].base.label),
                              sp.Integer(len(entries_given)), item.line)
        for vector, count in _tuple_run(item.text).items():
            scope.give_length(vector, count, item.line)    # `$z = (z_1, \dots, z_K)$`
            _in_general_again(scope, vector)
    # "$\mathrm{GELU}(x) = x\,\Phi(x)$, where $\Phi(x) = …$": a function the words define
    # is one in every formula of the words, also those before its definition
    scope.functions |= {fn for i in prose.inline for c in chains_of(i.text)
                        for fn in [function_name(c.text)]
                        if fn and fn != "sigma" and fn not in WORD_FUNCTIONS   # (σ, softmax:
                        and _SIGNATURE.match(c.text)                          # known)
                        and not any(str(k) == fn for k in scope.defs)}
    read = []
    for item, chain in ((i, c) for i in prose.inline for c in chains_of(i.text)):
        if chain.declared:            # `$x_1, \dots, x_n \in \{0, 1\}$`: what x_i is in
            chain = dataclasses.replace(chain, text=_LISTED_ENTRIES.sub(r"\1_{i}", chain.text))
        elif _LISTED_BOUND.match(chain.text):     # `$\alpha_1, \dots, \alpha_K > 0$`: each
            chain = dataclasses.replace(chain, text=_LISTED_BOUND.sub(r"\1_{i}\2", chain.text))
        listed = _listed_names(chain.text) if chain.declared else [chain.text]
        for each in listed:           # `$x, \mu \in \mathbb{R}^d$`: each name is declared
            try:                      # inline math is read as a display is: `\text{for}…`
                with deadline(timeout):   # and `\quad` end an equation, `\text{…}` is prose
                    read.append((item, chain if each == chain.text
                                 else dataclasses.replace(chain, text=each), *_read(each, scope)))
            except (ParseError, Timeout):
                continue
    special = _special_case(read, scope)
    one_hot = {said[1] for said in prose.said if said[0] == "one-hot"}
    given_values: dict = {}
    for _, _, exprs, rels, _, spans in read:
        if rels and all(r == "=" for r in rels) and _example_value(exprs, spans):
            given_values.setdefault(exprs[0], set()).add(exprs[-1])
    # "for $T = 1$ and for $T = 2$": values to compare, neither the one T has from now on
    alternatives = {name for name, values in given_values.items() if len(values) > 1}
    if alternatives:    # (nor the one it had before: "instead of $g_2 = 0.5$ an outlier $g_2
        # = 25$ came"), and what the example computed from it no longer holds (m_2 = 0.14)
        scope.examples = {n: v for n, v in scope.examples.items()
                          if n not in {str(a) for a in alternatives}
                          and not _formula_for(n, scope)}
    for item, chain, exprs, rels, used, spans in read:
        if item.otherwise is not None:
            _by_cases_in_words(item, exprs, rels, spans, scope, timeout)
            continue
        if _dependences(used) != _dependences(scope.functions):
            try:          # `$u = x^2$ and $g(x) = \tanh u(x)$`: u(x) is u, as just defined
                with deadline(timeout):
                    exprs, rels, used, spans = _read(chain.text, scope)
            except (ParseError, Timeout):
                continue
        if len(rels) >= 2 and all(r == "=" for r in rels) \
                and isinstance(exprs[0], AppliedUndef) and isinstance(exprs[1], sp.Basic) \
                and exprs[1].has(sp.Derivative) and isinstance(exprs[-1], sp.Basic) \
                and not exprs[-1].has(sp.Derivative) and _SIGNATURE.match(chain.text):
            # `$\phi(x) = \Phi'(x) = \frac{1}{\sqrt{2\pi}} e^{-x^2/2}$`: φ is what the end says
            exprs, rels, spans = [exprs[0], exprs[-1]], ["="], [spans[0], spans[-1]]
        _learn_argument(scope, exprs[0])
        _add_facts(scope, _probabilities(exprs, rels, scope))
        if special and rels and all(r == "=" for r in rels) and _example_value(exprs, spans):
            continue        # "With $\gamma = 0$ and $\alpha = 1$ we get back …": a special case
        if (exprs[0] in alternatives or item.conditional) and rels \
                and _example_value(exprs, spans):
            continue        # ("$H = 0$ only if …": a condition, never H's value)
        if isinstance(exprs[-1], sp.MatrixBase) and item in given \
                and bold_letter(spans[0].strip()) is None:
            continue        # `$x = (1, 2, 3)$`: an example's entries x_1, x_2, x_3 (above), no
            # definition of x as a matrix (whose entries count from 0); a bold
            # `$\mathbf{w} = (0.5, -1)$` is the vector the matrix reading of wᵀx takes
        if rels and all(r == "=" for r in rels) and _example_value(exprs, spans) \
                and _entry_of(exprs[0], one_hot):
            continue        # "one-hot $y$ ($y_k = 1$ for the true class)": one entry's value
        if rels == ["="] and _defined(scope, exprs[0]) and _in_numbers(exprs[0], exprs[1]) \
                and not isinstance(scope.defs.get(exprs[0]), sp.MatrixBase):
            # "upstream gradient $dD = \begin{bmatrix} 1 \\ 3 \end{bmatrix}$" after
            # `dD = ∂L/∂D`: a worked example's value of the name, never its definition
            _example(scope, exprs[0], exprs[1], item.line, place[id(item)])
            continue
        if rels and all(r == "=" for r in rels) and _example_value(exprs, spans):
            for name in exprs[:-1]:      # `$m_0 = v_0 = 0$`: both are 0
                if isinstance(name, (sp.Symbol, sp.Indexed)) or name is exprs[0]:
                    _example(scope, name, exprs[-1], item.line, place[id(item)])
            if len(rels) >= 2 and all(isinstance(e, (sp.Symbol, sp.Indexed))
                                      for e in exprs[:-1]):
                continue    # `$da = db = dnum = 0.5$`: three values, never da defined as db
            if any(exprs[0] in params for params, _ in scope.bodies()):
                continue    # "H(p) … peaks at $p = 1/2$": a point of H's argument, no value
            if isinstance(exprs[0], sp.Symbol) and _in_use(scope, exprs[0]) \
                    and any(e.has(exprs[0]) for _, e in scope.bodies()
                            if not e.is_number):
                continue    # "For $\mu = 0.5$" after KL(μ, σ) = …: the example's μ, never μ
                # the number 0.5 in every formula after it
        if rels == ["="] and isinstance(exprs[1], sp.Symbol) and all(
                _in_use(scope, e) or _defined(scope, e) or _entries_defined(scope, e)
                for e in exprs):
            # "minimised at $q = p$", "vanishes exactly when $p = q$": a point, never q
            # defined as p — where the display after it holds (`Point`)
            condition = condition + (Point(relation(exprs[0], "=", exprs[1], evaluate=False),
                                           item.text),)
            continue
        facts = _declared_facts(exprs[0], chain.declared) if chain.declared and not rels \
            else None
        if facts is not None:
            _add_facts(scope, facts)
        elif chain.declared and not rels:        # `where $W \in \mathbb{R}^{m \times n}$`
            _declare(spans[0], chain.declared, scope, frozenset(scope.functions))
        elif item.leads and rels and all(r in ("<", ">", "<=", ">=") for r in rels) \
                and not _a_names_range(exprs):
            # "For an active triplet, i.e. $d_p - d_n + m > 0$:": the display's case (a
            # name's range, "with temperature $\tau > 0$:", holds for the page)
            condition = condition + tuple(relation(a, r, b, evaluate=False)
                                          for a, r, b in zip(exprs, rels, exprs[1:]))
        elif _index_relation(exprs, rels) and not any(_in_use(scope, e) for e in exprs) \
                and not item.point:     # ("not differentiable at $m = 1$": a point, no case)
            condition = tuple(c for c in condition if isinstance(c, Point)) \
                + (_index_condition(exprs[0], rels[0], exprs[1]),)
        elif item.conditional and rels:
            continue    # "vanishes exactly when $\sigma^2 = (x-\mu)^2$": no definition, no fact
        elif item.point and rels == ["="] and isinstance(exprs[1], sp.Basic) \
                and not exprs[1].is_number:
            continue    # "Setting this to zero gives $w = a - \lambda$", "at $r = -\delta$",
            # «в ноль при $\sigma^2 = (y - \mu)^2$»: a point, never the variable defined for
            # the sections after it (a number there stays an example's value)
        elif len(rels) >= 1 and rels[0] == "=" and _names_a(chain.text, exprs[0]) \
                and not item.constraint \
                and (not _defined(scope, exprs[0]) or _restated_in_words(exprs, scope, item, spans)) \
                and (not _refers_to_itself(exprs[0], exprs[1])
                     or _recurrence(exprs[0], exprs[1])) \
                and not _circular(exprs[0], exprs[1], scope) \
                and (not exprs[1].has(sp.Derivative) or (
                    isinstance(exprs[1], sp.Derivative) and len(rels) == 1)):
            # (`Define … by $\delta^l_j = \frac{\partial C}{\partial z^l_j}$`: a name for a
            # derivative, as a display defines one; `$h_t = (1 - z)h_{t-1} + z\tilde h$`: a
            # recurrence, as a display defines one)
            if _defined(scope, exprs[0]) and scope.level \
                    and _another_value(exprs[0], exprs[1], scope, timeout):
                scope.restate(definition_key(exprs[0])[0])     # (this section's case)
            b = _with_its_parameters(exprs, rels, 1)
            add_definition(scope, exprs[0], exprs[b], item.line, (spans[0], spans[b]))
            # (`$\mathbf{a} = \mathrm{softmax}(\mathbf{s})$`: its entries a_j too, as a
            # display's definition gives them)
            whole = exprs[b]
            for entry, value in (entries.product_entries(exprs[0], whole, _count_of(
                    whole, scope)) or ()) if str(getattr(whole, "func", "")) == "softmax" \
                    or isinstance(whole, entries.ENTRYWISE) else ():
                known = scope.defs.get(entry.base)
                if bold_letter(str(exprs[0])) and (known is None or isinstance(
                        known, sp.Lambda) and len(known.variables) != len(entry.indices)):
                    # (a_{ij} of every row beside it: a_j of one row, by its arity)
                    add_definition(scope, entry, value, item.line)
            if str(getattr(exprs[0], "func", "")) not in ("P", "Pr"):   # (an event's P(t|z) =
                _call_with_a_bar(scope, exprs[0], spans[0])            # y stays an atom)
            _note_recurrence(scope, exprs[0], exprs[1], item.line)
            last = exprs[-1]
            if len(rels) >= 2 and all(r == "=" for r in rels) and _names_a(spans[-1], last) \
                    and isinstance(last, sp.Symbol) and not _defined(scope, last) \
                    and not any(last in mentions(e) for e in exprs[:-1]):
                # `$P(t=1|z) = \sigma(z) = y$`: the name at the end names the value too
                add_definition(scope, last, exprs[-2], item.line, (spans[-1], spans[-2]))
        elif rels == ["="] and len(spans) == 2 and _names_a(spans[1], exprs[1]) \
                and not item.constraint and not _names_a(spans[0], exprs[0]) and not _defined(scope, exprs[1]) \
                and not exprs[0].has(sp.Derivative) and not _refers_to_itself(exprs[1], exprs[0]) \
                and not matrices.is_identity(exprs[1]) and not _transposes(exprs[1], exprs[0]):
            # (`U^T U = I`, `(A^T)^T = A`: facts about a matrix, never its definition)
            add_definition(scope, exprs[1], exprs[0], item.line,     # `$\sigma(z_3^k) = A_3^k$`
                           (spans[1], spans[0]))
        elif rels and all(r == "=" for r in rels) and unknown_derivative(exprs[0], scope) \
                and isinstance(exprs[-1], sp.Basic) and not exprs[-1].has(sp.Derivative):
            # "the derivative of the logistic function is $∂y/∂z = y(1 − y)$": a result
            # stated in the prose, used by the steps after it as a display's would be
            scope.stated_derivatives[exprs[0]] = exprs[-1]
            scope.texts[("stated", spans[0])] = (spans[0], spans[-1])
        elif rels == ["="] and isinstance(exprs[0], (sp.Symbol, sp.Indexed)) \
                and _names_a(spans[0], exprs[0]) and isinstance(exprs[1], sp.Basic) \
                and not exprs[1].is_number and exprs[1].is_positive:
            # `$\sigma = e^{s/2}$` beside `$s = \log \sigma^2$`: no definition (σ would be
            # written in itself), but what it says of σ's sign holds
            scope.hypotheses.append(sp.StrictGreaterThan(exprs[0], 0))
        elif item.case and rels and all(r in ("<", ">", "<=", ">=") for r in rels) \
                and not _a_names_range(exprs):
            continue    # "negative for $k(a) < \tau n$": a case named, no fact of the page
        elif rels and all(r == "=" for r in rels) and given_values and all(
                isinstance(e, sp.Basic) and e.free_symbols
                and e.free_symbols <= set(given_values) for e in exprs[:1]) \
                and all(isinstance(e, sp.Basic) and e.is_number for e in exprs[1:]):
            continue    # "at $\tau = 0.9$ … $\tau/(1-\tau) = 9$ times": the example's value
        elif "~" not in rels and _states_a_fact(exprs, rels, scope, True):   # `$\sum_j t_j = 1$`
            new = [relation(a, r, b, evaluate=False) for a, r, b in zip(exprs, rels, exprs[1:])]
            if len(rels) > 1 and all(r == "=" for r in rels):
                # `$\sum_j z_j = \sum_j v_j = 0$`: each form is the number (two sums pinned,
                # not one sum equal to another)
                new = [relation(e, "=", exprs[-1], evaluate=False) for e in exprs[:-1]]
            # (an identity, `$(e^x + e^{-x})^2 - (e^x - e^{-x})^2 = 4$`, is no condition)
            _add_facts(scope, [h for h in new if h not in scope.hypotheses
                               and not _identity(h, timeout)])
    _examples_over_a_rule(scope)
    if prose.example:
        # "Пример: для батча $x = (1, 2, 3)$": its numbers end with its section
        for level in ("example_level", "length_level"):
            if getattr(scope, level) is not None and getattr(scope, level) <= scope.level:
                setattr(scope, level, scope.level + 1)
    return condition


def _count_of(body, scope: Scope):
    """The entries of the one vector a function is applied to (softmax(z) with `z ∈ R^K`:
    K), where the page fixes them; else None."""
    args = getattr(body, "args", ())
    letter = bold_letter(str(args[0])) if len(args) == 1 else None
    length = scope.lengths.get(letter, (None,))[0] if letter else None
    return length if isinstance(length, sp.Basic) and not length.is_number else None


def _a_names_range(exprs) -> bool:
    """`$\\tau > 0$`, `$0 < \\alpha < 1$`: one name between numbers — the range it lies in
    for the page, never a case of one display."""
    names = [e for e in exprs if not (isinstance(e, sp.Basic) and e.is_number)]
    return len(names) == 1 and isinstance(names[0], (sp.Symbol, sp.Indexed))


def _examples_over_a_rule(scope: Scope) -> None:
    """`$q_1 = 0.5$, $q_2 = 0.25$, $q_3 = 0.1$` under a worked example, after a slide's
    uniform model `$q_t = 1/V$` for every t: entries given different numbers are no entries
    of a rule that makes them all equal — the rule is gone from here on, the example's
    numbers are the entries."""
    given: dict = {}
    for name, (value, _) in scope.examples.items():
        base, _, rest = name.partition("[")
        if rest and getattr(value, "is_number", False):
            given.setdefault(base, set()).add(value)
    for key in [k for k, v in scope.defs.items() if isinstance(v, sp.Lambda)
                and len(given.get(str(k), ())) > 1 and not v.expr.has(*v.variables)]:
        del scope.defs[key]


_INDEX_LIKE = frozenset("ijklmnctxy")      # never a probability, whatever the words say


def _entry_of(name, vectors: set) -> bool:
    """Whether name is an entry y_k, at an index left open, of one of these vectors."""
    return isinstance(name, sp.Indexed) and any(not i.is_Integer for i in name.indices) \
        and str(name.base.label) in vectors


def _said_of(said: tuple, scope: Scope) -> list:
    """The facts of what the words say a name is (`Prose.said`): a one-hot label, a
    probability (in [0, 1]), a count of things counted before it (0 ≤ k ≤ n), a positive
    number."""
    kind, name = said[0], said[1]
    if kind == "one-hot":
        return _one_hot(name, scope)
    if kind == "distribution":
        return _distribution(name, said[2], scope)
    try:
        names = [read_expr(n, frozenset(scope.functions)) for n in said[1:]]
    except ParseError:
        return []
    if not all(isinstance(n, sp.Symbol) and not _defined(scope, n) for n in names):
        return []
    if kind == "probability" and names[0].name not in _INDEX_LIKE:
        return [sp.Ge(names[0], 0), sp.Le(names[0], 1)]
    if kind == "count":
        return [sp.Ge(names[0], 0), sp.Le(names[0], names[1])]
    if kind == "positive":
        return [sp.Gt(names[0], 0)]
    return []


def _entries_summing_to_one(letter: str, top: str, scope: Scope) -> tuple | None:
    """(Σ_{k=1}^{top} letter_k, letter_k) — over the top the words give, else the one range
    the document's sums run to; None where that is not one range, or the entries of the
    letter are defined (they are what they are)."""
    tops = {top} if top else {t for _, t in scope.bounds}
    if len(tops) != 1 or scope.defines(sp.IndexedBase(letter, real=True)):
        return None
    (top,) = tops
    index = next(i for i in "kjim" if i != letter and i != top)
    try:
        total = read_expr(rf"\sum_{{{index}=1}}^{{{top}}} {letter}_{{{index}}}",
                          frozenset(scope.functions))
        entry = read_expr(rf"{letter}_{{{index}}}", frozenset(scope.functions))
    except ParseError:
        return None
    return None if _defined(scope, entry) else (total, entry)


def _distribution(letter: str, top: str, scope: Scope) -> list:
    """"$p$ and $q$ are distributions": the entries of each are ≥ 0 and sum to 1."""
    found = _entries_summing_to_one(letter, top, scope)
    return [] if found is None else [sp.Eq(found[0], 1), sp.Ge(found[1], 0)]


def _one_hot(name: str, scope: Scope) -> list:
    """"$y$ the one-hot label": its entries are 0 or 1 and sum to 1 — over the one range
    the document's sums run to (Σ_{k=1}^K y_k = 1); [] where its sums have several."""
    if scope.defines(sp.IndexedBase(name, real=True)):
        return []
    found = _entries_summing_to_one(re.sub(r"\\mathbf\{|\}", "", name), "", scope)
    return [] if found is None else [sp.Eq(found[0], 1), sp.Eq(found[1] ** 2, found[1])]


def _one_hot_at(name: str, at: str, scope: Scope, line: int) -> None:
    """"one-hot $y$ with a one at the correct class $c$": y_k = δ_kc, y's definition —
    unless the page defines y already."""
    letter = re.sub(r"\\mathbf\{|\}", "", name)
    k = next(i for i in "kjimlp" if i not in (letter, at))
    try:
        entry = read_expr(f"{letter}_{{{k}}}", frozenset(scope.functions))
        where = read_expr(at, frozenset(scope.functions))
    except ParseError:
        return
    if not (isinstance(entry, sp.Indexed) and isinstance(where, sp.Symbol)):
        return
    if scope.defines(entry.base):
        # (a family the words gave one number, "every factor with $y_k = 0$", is no
        # definition the one-hot statement yields to)
        body = scope.defs.get(entry.base)
        if not (isinstance(body, sp.Lambda) and body.expr.is_number):
            return
    summed = _entries_summing_to_one(letter, "", scope)
    add_definition(scope, entry, sp.KroneckerDelta(entry.indices[0], index_symbol(at)), line)
    # what "one-hot" said of y (Σ_k y_k = 1, y_k ∈ {0, 1}) its definition now says, but
    # for the class being one of the K: 1 ≤ c ≤ K
    scope.hypotheses = [h for h in scope.hypotheses if not any(
        str(b) == letter for b in getattr(h, "atoms", lambda *_: ())(sp.IndexedBase))]
    if summed is not None:
        top = summed[0].limits[0][2]
        _add_facts(scope, [sp.Ge(index_symbol(at), 1), sp.Le(index_symbol(at), top)])


def _by_cases_in_words(item, exprs, rels, spans, scope: Scope, timeout: float) -> None:
    """`$y_k = 1$ for the true class $c$ and $0$ otherwise`: y_k = δ_kc (the value where
    k = c, the other one elsewhere) — a definition where the case names k's value, and
    nothing at all otherwise (never y_k = 1 for every k)."""
    name = exprs[0]
    if rels != ["="] or not isinstance(name, sp.Indexed) or len(name.indices) != 1 \
            or not name.indices[0].is_Symbol:
        return
    k = name.indices[0]
    case_text, other_text = item.otherwise
    try:
        with deadline(timeout):
            case, case_rels, _, _ = _read(case_text, scope)
            other = _read(other_text, scope)[0]
    except (ParseError, Timeout):
        return
    if case_rels == ["="] and str(case[0]) == str(k):
        case = case[1:]                 # "if $k = c$"
    elif case_rels:
        return
    if len(case) != 1 or len(other) != 1 or not isinstance(case[0], sp.Symbol):
        return
    at = index_symbol(case[0].name)
    delta = sp.KroneckerDelta(k, at)
    body = exprs[1] * delta + other[0] * (1 - delta)
    add_definition(scope, name, body, item.line)


_FINITE_SET = re.compile(r"^\s*\\\{(.*)\\\}\s*$", re.S)


# a list of one letter's entries, elided (`x_1, \dots, x_n`, `y_1, \ldots, y_N`)
_LISTED_ENTRIES = re.compile(r"^\s*([a-zA-Z])_\{?\s*1\s*\}?\s*,\s*(?:\\[lc]?dots|…)\s*,\s*"
                             r"\1_\{?\s*[a-zA-Z]\s*\}?\s*$")


# the same list before a bound every entry meets
_LISTED_BOUND = re.compile(r"^\s*(\\[a-zA-Z]+|[a-zA-Z])_\{?\s*1\s*\}?\s*,\s*(?:\\[lc]?dots|…)\s*,\s*"
                           r"\1_\{?\s*[a-zA-Z]\s*\}?(\s*(?:[<>]|\\[lg]eq?(?![a-zA-Z]))\s*[^,]+)$")


def _declared_facts(name, declared: str) -> list | None:
    """What `name ∈ set` says as facts: `$\\alpha \\in (0, 1)$` the range it lies in (0 < α
    < 1), `$y_i \\in \\{-1, +1\\}$` the values it takes ((y_i + 1)(y_i − 1) = 0); None for
    any other set (a shape, `\\mathbb{R}^{m \\times n}`, is a declaration)."""
    between = _interval_of(name, declared)
    if between is not None:
        return between
    values = _values_of(name, declared)
    return [values] if values is not None else None


def _values_of(name, declared: str):
    """`y ∈ {−1, +1}`, `x_i ∈ {0, 1}`: the polynomial fact Π (y − v) = 0 of a
    name that takes a few numbers (the sampler draws its points on them); else None."""
    m = _FINITE_SET.match(declared)
    if m is None or not isinstance(name, (sp.Symbol, sp.Indexed)):
        return None
    try:
        values = [read_chain(part, frozenset())[0][0] for part in m.group(1).split(",")]
    except (ParseError, IndexError):
        return None
    if not 1 < len(values) <= 4 or not all(isinstance(v, sp.Basic) and v.is_number
                                           and v.is_real for v in values):
        return None
    return sp.Eq(sp.expand(sp.Mul(*[name - v for v in values])), 0)


_INTERVAL = re.compile(r"^\s*(?:\\left\s*)?([(\[])(.+?)[,;](.+?)(?:\\right\s*)?([)\]])\s*$", re.S)


def _interval_of(name, declared: str):
    """`α ∈ (0, 1)`, `p ∈ [0; 1]`: [the bounds as relations] of a name in an interval
    of numbers (open or closed ends as written), else None."""
    m = _INTERVAL.match(declared)
    if m is None or not isinstance(name, (sp.Symbol, sp.Indexed)):
        return None
    try:
        ends = [read_chain(m.group(k).strip(), frozenset())[0][0] for k in (2, 3)]
    except (ParseError, IndexError):
        return None
    if not all(isinstance(v, sp.Basic) and (v.is_number and v.is_real or v in (sp.oo, -sp.oo))
               for v in ends) or not ends[0] < ends[1]:
        return None
    low = [] if ends[0] == -sp.oo else [
        sp.StrictGreaterThan(name, ends[0]) if m.group(1) == "(" else sp.GreaterThan(name, ends[0])]
    high = [] if ends[1] == sp.oo else [
        sp.StrictLessThan(name, ends[1]) if m.group(4) == ")" else sp.LessThan(name, ends[1])]
    return low + high or None


def _identity(fact, timeout: float) -> bool:
    """Whether an equation holds for every value of its names (SymPy's simplification
    in a share of the reading's time; False when it cannot tell)."""
    if not isinstance(fact, sp.Equality) or not fact.free_symbols:
        return False
    try:
        with deadline(min(timeout, 1.0)):
            return sp.simplify((fact.lhs - fact.rhs).rewrite(sp.exp)) == 0
    except Exception:           # a Timeout, or SymPy failing on it: no identity known
        return False


def _probabilities(exprs, rels, scope: Scope) -> list:
    """`$P(\\xi = 1) = p$`, `$p = P(y = 1 \\mid x)$`: a name the words make a probability lies
    in [0, 1] (what every step about it may use: p(1 − p) ≥ 0)."""
    if rels != ["="] or not all(isinstance(e, sp.Symbol) for e in exprs):
        return []
    found = [b for a, b in (exprs, exprs[::-1])
             if is_probability(a.name) and not is_probability(b.name)
             and not _defined(scope, b)]
    return [f for b in found for f in (sp.Ge(b, 0), sp.Le(b, 1))]


# a value a heading gives a name (`at $x = 1$`); what else a title says (`при $y \in \{-1,
# +1\}$`) names the section, no hypothesis of it
_HEADING_VALUE = re.compile(r"\s*+(?:\\[a-zA-Z]+\{?)?[a-zA-Z]\}?(?:_\{?[a-zA-Z0-9]{1,3}\}?)?\s*+="
                            r"\s*+-?[0-9][0-9.{},]*\s*+")


def _dependences(functions) -> set:
    """The names defined as expressions of others (`DEPENDS` markers): a formula read before
    one of them was defined is read again."""
    return {m for m in functions if m.startswith(DEPENDS)}


def _special_case(read: list, scope: Scope) -> bool:
    """Whether the numbers a paragraph gives names are a special case, not a worked
    example: one of them breaks what the same paragraph assumes of its name (`$\\alpha \\in
    (0, 1)$`, then "with $\\gamma = 0$ and $\\alpha = 1$ we get back cross-entropy"). Such
    values hold for no step after them. (A worked example further on may break an assumption
    on purpose: "to keep numbers clean, $\\epsilon = 0$".)"""
    facts = []
    for _, chain, exprs, rels, _, _ in read:
        between = _interval_of(exprs[0], chain.declared) if chain.declared and not rels \
            else None
        facts += between or []
        if len(rels) == 1 and rels[0] in ("<", ">", "<=", ">=") and exprs[0].free_symbols:
            facts.append(relation(exprs[0], rels[0], exprs[1]))
    for _, chain, exprs, rels, _, spans in read:
        if rels and all(r == "=" for r in rels) and _example_value(exprs, spans):
            said = sp.Eq(exprs[0], exprs[-1], evaluate=False)
            if any(isinstance(h, sp.core.relational.Relational) and contradicts(h, said)
                   for h in facts):
                return True
    return False


def _add_facts(scope: Scope, new: list) -> None:
    """Facts said in words, each replacing an earlier one about the same one quantity that
    it contradicts ("for $T < 1$ … for $T > 1$": a new case, not both at once). An integral
    written with no bounds (`Since $\\int p(x)\\,dx = 1$`) is over the whole line, which no
    sampled point can hold: a reminder of what a density is, no hypothesis."""
    for fact in new:
        if isinstance(fact, sp.Basic) and any(len(lim) == 1 for i in fact.atoms(sp.Integral)
                                              for lim in i.limits):
            continue
        fact = _over_written_range(_as_a_range(fact), scope.bounds)
        if isinstance(fact, sp.core.relational.Relational):
            scope.hypotheses = [h for h in scope.hypotheses if not contradicts(h, fact)]
            _examples_outside(scope, fact)
            if _a_case_of_its_sentence(fact, scope.hypotheses):
                continue
        scope.hypotheses.append(fact)


def _examples_outside(scope: Scope, fact) -> None:
    """A worked example's value of one quantity that a fact under a later heading excludes
    ("for $z = 40$ …", then "## Case $z < 0$ … $\\max(z, 0) = 0$"): the example is over, as
    a new case ends the one before."""
    if len(fact.free_symbols) != 1:
        return
    (x,) = fact.free_symbols
    name = str(x)
    if name in scope.examples and _after_its_section(scope, name) \
            and outside_case(name, scope.examples[name][0], [fact]):
        del scope.examples[name]
        for key in [k for k in scope.defs if str(k) == name
                    and getattr(scope.defs[k], "is_number", False)]:
            del scope.defs[key]


def _after_its_section(scope: Scope, name: str) -> bool:
    """Whether a heading has come since the words gave a worked example's value of the
    name: a fact said now is a new section's case, never a remark on that example."""
    return any(line > scope.examples[name][1] for line in scope.headings)


def _as_a_range(fact):
    """`$\\max(z, 0) = 0$`, `$-|z| = z$`: an equation of one quantity through a max, a min or
    bars holds on a whole range of it — said as that range (z ≤ 0), where sampled points can
    meet it (an equation to meet leaves them none). The fact as it is otherwise."""
    if not isinstance(fact, sp.Eq) or len(fact.free_symbols) != 1 \
            or not fact.has(sp.Max, sp.Min, sp.Abs):
        return fact
    (x,) = fact.free_symbols
    try:
        with deadline(0.5):
            found = sp.solveset(fact.lhs - fact.rhs, x, sp.S.Reals)
    except Exception:           # a Timeout, or SymPy failing on it: the fact as said
        return fact
    if not isinstance(found, sp.Interval) or found.measure == 0:
        return fact
    return found.as_relational(x)


def _over_written_range(fact, bounds: frozenset):
    """`since $\\sum_k y_k = 1$` on a page that sums over k only to K: the fact is about
    that range (its unwritten count, the placeholder n, would make it a second fact about
    another range, which with the first leaves no point to sample)."""
    if not isinstance(fact, sp.Basic):
        return fact
    open_sums = {lim[0].name for e in fact.atoms(sp.Sum, sp.Product) for lim in e.limits
                 if len(lim) == 3 and lim[2] == DEFAULT_DIM}
    written = {b for i, b in bounds if i in open_sums}
    outside = fact.xreplace({e: sp.Dummy() for e in fact.atoms(sp.Sum, sp.Product)})
    if not open_sums or len(written) != 1 or DEFAULT_DIM in outside.free_symbols or any(
            {b for i, b in bounds if i == k} != written for k in open_sums):
        return fact       # (n written outside the sums too is the page's own n)
    (count,) = written
    return fact.xreplace({DEFAULT_DIM: index_symbol(count)}) if count != DEFAULT_DIM.name \
        else fact


_INEQUALITIES = (sp.StrictGreaterThan, sp.GreaterThan, sp.StrictLessThan, sp.LessThan)


def _a_case_of_its_sentence(fact, held: list, tries: int = 400) -> bool:
    """An inequality no point meets together with the ones held, which some point meets
    alone ("отрицательна при $a < -λ$" after "$λ > 0$" and "при $a > λ$"): the condition
    of its own sentence, never a hypothesis for the page."""
    if not isinstance(fact, _INEQUALITIES) or not fact.free_symbols:
        return False
    inequalities = [h for h in held if isinstance(h, _INEQUALITIES)]
    # those about the fact's names, or about a name one of those shares with it
    near = set(fact.free_symbols).union(*(h.free_symbols for h in inequalities
                                          if h.free_symbols & fact.free_symbols))
    others = [h for h in inequalities if h.free_symbols & near]
    if not others or any(not isinstance(s, sp.Symbol) for h in others + [fact]
                         for s in h.free_symbols):
        return False
    symbols = sorted(set().union(fact.free_symbols, *(h.free_symbols for h in others)), key=str)
    rng = random.Random(20261204)

    def met(relations) -> bool:
        for _ in range(tries):
            point = {x: sp.Rational(rng.randint(-1000, 1000), 100) for x in symbols}
            try:
                if all(bool(r.xreplace(point)) for r in relations):
                    return True
            except TypeError:
                return True                   # not decidable at numbers: not judged here
        return False
    return met(others) and not met(others + [fact])


def _call_it(item, previous, scope: Scope) -> None:
    """"Call this $p_j$" after a display: the name is defined as the value it ended at."""
    try:
        with deadline(1.0):
            exprs, rels, _, spans = _read(item.text, scope)
    except (ParseError, Timeout):
        return
    name, value = exprs[0], previous.expr
    if rels or not _names_a(spans[0], name) or _defined(scope, name) \
            or not isinstance(value.expr, sp.Basic) or _refers_to_itself(name, value.expr):
        return
    add_definition(scope, name, value.expr, item.line, (spans[0], value.text))


def _between_arguments(scope: Scope, name, body) -> bool:
    """`b = \\bar y - w\\bar x` beside L(w, b): two arguments of one function related (the
    intercept at the slope's optimum), a fact about the problem's variables, never b
    defined — which would make L a function of w alone and ∂²L/∂w² another quantity."""
    if not isinstance(name, sp.Symbol) or not isinstance(body, sp.Basic):
        return False
    others = mentions(body) - {name}
    return any(name in params and others & set(params) for params, _ in scope.bodies())


def _in_use(scope: Scope, name) -> bool:
    """Whether a definition in scope is made of the name, other than as an index — H(p)'s
    p, the w of z = wx + b: a variable of the problem, which a number in the words gives a
    value at one point only, and which is never an index (`at $q = p$` is no i = j)."""
    for params, body in scope.bodies():
        indices = {s for a in body.atoms(sp.Indexed) for i in a.indices for s in i.free_symbols}
        if name in params or name in mentions(body) or name in body.free_symbols - indices:
            return True
        if isinstance(name, sp.Symbol) and any(      # p of L = −Σ q_k log p_k: a vector
                isinstance(m, sp.IndexedBase) and m.label.name == name.name
                for m in mentions(body)):
            return True
    return False


_TUPLE = re.compile(r"\s*(?P<name>[a-zA-Z]|\\(?:mathbf|vec|boldsymbol)\s*\{?\s*[a-zA-Z]\s*\}?"
                    r"|\\(?:alpha|beta|gamma|delta|varepsilon|epsilon|theta|mu|nu|xi|pi|rho"
                    r"|sigma|tau|phi|varphi|chi|psi|omega)(?![a-zA-Z]))"
                    # (`x_2 = (1, 3)`: the second object's features x_{21}, x_{22})
                    r"(?:\s*_\s*(?:\{\s*(?P<row>\d+)\s*\}|(?P<digit>\d)))?"
                    # (`x = (x_1, x_2, x_3) = (1, 2, -1)`: the entries named, then given)
                    r"\s*=\s*(?:(?:\\left)?\s*[(\[][^()\[\]=]*[)\]]\s*=\s*)?"
                    r"(?:\\left)?\s*[(\[]\s*(?P<values>[^()\[\]]+?)\s*(?:\\right)?\s*[)\]]\s*")
# a run of entries as a column, and its space (`z = (z_1, \ldots, z_K)^T \in \mathbb{R}^K`):
# the count it gives (a column of numbers, `(1, 2, 3, 4)^\top`, is read as a matrix)
_TUPLE_RUN = re.compile(_TUPLE.pattern + r"(?:\^\s*\{?\s*(?:T|\\top|\\intercal)\s*\}?\s*)?"
                        r"(?:\\in(?![a-zA-Z]).*)?")


_POINT = re.compile(r"\s*+(?:\\left)?\(\s*+([a-zA-Z])\s*+_\s*+\{?\s*+([a-z])\s*+\}?\s*+(?:[,;]\s*+([a-zA-Z])\s*+_\s*+"
                    r"\{?\s*+\2\s*+\}?\s*+){1,3}(?:\\right)?\)\s*+")
_POINT_NAMES = re.compile(r"([a-zA-Z])\s*_")


_NAMED_POINT = re.compile(r"\s*+(?:\\left)?\(([^()=]*)(?:\\right)?\)\s*+=\s*+(?:\\left)?\(([^()=]*)"
                          r"(?:\\right)?\)\s*+")


def _named_points(prose: Prose, scope: Scope) -> None:
    """`$(x_1, y_1) = (1, 2)$, $(x_2, y_2) = (2, 3)$`: each point's entries by name (x_1 = 1,
    y_1 = 2, …); points numbered 1, 2, …, k (or from 0) give each letter k entries."""
    numbered = {}
    for item in prose.inline:
        m = _NAMED_POINT.fullmatch(item.text)
        if m is None:
            continue
        separator = ";" if ";" in m.group(2) else ","
        names = [_RUN_ENTRY.fullmatch(p.strip()) for p in m.group(1).split(separator)]
        if len(names) < 2 or None in names or len({n.group(2) for n in names}) != 1 \
                or not names[0].group(2).isdigit():
            continue
        try:
            values = [read_expr(p.strip(), frozenset()) for p in m.group(2).split(separator)]
        except ParseError:
            continue
        if len(values) != len(names) or not all(
                isinstance(v, sp.Basic) and v.is_number and v.is_real for v in values):
            continue
        index = int(names[0].group(2))
        for name, value in zip(names, values):
            scope.give_entry(name.group(1), index, value, item.line)
        letters = tuple(n.group(1) for n in names)
        numbered.setdefault(letters, []).append((index, item.line))
    for letters, points in numbered.items():
        indices = sorted(i for i, _ in points)
        if len(indices) >= 2 and indices == list(range(indices[0], indices[0] + len(indices))) \
                and indices[0] in (0, 1):
            for letter in letters:
                scope.give_length(letter, sp.Integer(len(indices)), points[0][1])


_INDEX_HEADER = re.compile(r"\$?\s*+(?:[ijkn]|\\#|№|#)\s*+\$?|(?:[Nn]o\.?|№|#|[Ii]ndex|[Ии]ндекс)")


def _cell_number(cell: str):
    """A table cell's number (`2`, `$-1$`, `0{,}5`), or None."""
    text = cell.strip().strip("$").strip()
    if not text or len(text) > 40:
        return None
    try:
        value = read_expr(text, frozenset())
    except ParseError:
        return None
    return value if isinstance(value, sp.Basic) and value.is_number and value.is_real else None


def _table_points(prose: Prose, scope: Scope) -> None:
    """A worked example's data as a table: a column headed `$x_i$` (an entry of x at the
    row's index) gives x_1, x_2, … from its rows — numbered by an index column (`$i$`), else
    from 1 (from 0 for a letter the document counts from 0) — and x as many entries."""
    for table in prose.tables:
        if len(table.rows) < 2 or any(len(r) != len(table.header) for r in table.rows):
            continue
        numbers = [[_cell_number(c) for c in row] for row in table.rows]
        index = next((k for k, h in enumerate(table.header) if _INDEX_HEADER.fullmatch(h)
                      and all(r[k] is not None and r[k].is_Integer for r in numbers)), None)
        for k, head in enumerate(table.header):
            m = re.fullmatch(r"\$([^$]+)\$", head.strip())
            if k == index or m is None or any(r[k] is None for r in numbers):
                continue
            try:
                name = read_expr(m.group(1), frozenset(scope.functions))
            except ParseError:
                continue
            if not (isinstance(name, sp.Indexed) and len(name.indices) == 1
                    and isinstance(name.indices[0], sp.Symbol)):
                continue
            label = str(name.base.label)
            first = 0 if label in scope.from_zero else 1
            for at, row in enumerate(numbers):
                where = int(row[index]) if index is not None else first + at
                scope.give_entry(label, where, row[k], table.line)
            scope.give_length(label, sp.Integer(len(numbers)), table.line)


def _data_points(prose: Prose, scope: Scope) -> None:
    """`выборка из $n$ точек $(x_i, y_i)$` says what a point is; the points a worked example
    then lists (`$(1; 2)$, $(2; 3)$, $(3; 5)$`) give x_1 = 1, y_1 = 2, x_2 = 2, … and n = 3
    entries each."""
    _named_points(prose, scope)
    _table_points(prose, scope)
    for item in prose.ignored:          # "ignore $\epsilon$ for now": 0 in the example
        try:
            name = read_expr(item.text, frozenset(scope.functions))
        except ParseError:
            continue
        if isinstance(name, (sp.Symbol, sp.Indexed)):
            scope.give_example(str(name), sp.Integer(0), item.line)
    listed = []
    for item in prose.inline:
        if _POINT.fullmatch(item.text):
            scope.point = tuple(_POINT_NAMES.findall(item.text))
            continue
        m = re.fullmatch(r"\s*\(([^()]*)\)\s*", item.text)
        if not scope.point or m is None:
            continue
        parts = [p for p in re.split(";" if ";" in m.group(1) else ",", m.group(1))]
        try:
            values = [read_expr(p.strip(), frozenset()) for p in parts]
        except ParseError:
            continue
        if len(values) == len(scope.point) and all(
                isinstance(v, sp.Basic) and v.is_number and v.is_real for v in values):
            listed.append((values, item.line))
    if len(listed) < 2:
        return
    first = 0 if all(n in scope.from_zero for n in scope.point) else 1
    for k, (values, line) in enumerate(listed, start=first):
        for name, value in zip(scope.point, values):
            scope.give_entry(name, k, value, line)
    for name in scope.point:
        scope.give_length(name, sp.Integer(len(listed)), listed[0][1])


def _tuple_letter(name: str) -> str:
    """The label of a tuple's entries: x of x or \\mathbf{x}, delta of \\delta."""
    greek = re.fullmatch(r"\\([a-zA-Z]+)", name.strip())
    if greek and greek.group(1) not in ("mathbf", "vec", "boldsymbol"):
        return greek.group(1)
    return re.sub(r"\\[a-z]+|[{}\s]", "", name)


def _tuple_entries(text: str, from_zero=frozenset()) -> list:
    """`$z = (2, 1, 0.1)$`, `$y = (1, 0, 0)$`: a worked example's vector, its entries z_1,
    z_2, z_3 by position (from 1, or from 0 for a letter the document counts from 0);
    [] for anything else (numbers only)."""
    m = _TUPLE.fullmatch(text)
    # (`[\log 2, \; 0, \; \log 5]`: the spaces between are no entry, nor a separator)
    listed = _SPACING.sub(" ", m.group("values")) if m else ""
    separator = ";" if ";" in listed else ","
    if m is None or separator not in listed:
        return []
    letter = _tuple_letter(m.group("name"))
    row = m.group("row") or m.group("digit")
    out = []
    first = 0 if letter in from_zero else 1
    for k, part in enumerate(listed.split(separator), start=first):
        try:
            value = read_expr(part.strip(), frozenset())
        except ParseError:
            return []
        if not (isinstance(value, sp.Basic) and value.is_number and value.is_real):
            return []
        at = (sp.Integer(row), sp.Integer(k)) if row else (sp.Integer(k),)
        out.append((sp.IndexedBase(letter, real=True)[at], value))
    return out if len(out) <= 20 else []


_SPACING = re.compile(r"\\[,;:! ]|\\q?quad(?![a-zA-Z])|~")
_RUN_ENTRY = re.compile(r"(?:\\[a-zA-Z]+\s*+\{\s*+)?([a-zA-Z])\s*+\}?\s*+_\s*+\{?\s*+([0-9]+|[a-zA-Z])\s*+\}?")
_DOTS = re.compile(r"\\[lc]?dots|\\ldots|\.\.\.?|…")


def _in_general_again(scope: Scope, vector: str) -> None:
    r"""`$p = (p_1, \dots, p_K)$` after a task's `p = (0{,}5;\ 0{,}25;\ 0{,}25)`: from here
    on p is any vector of K entries — the numbers written out before are no longer its
    entries (they stay the example's where a later section gives them again)."""
    for name in [k for k in scope.examples if k.startswith(vector + "[")]:
        del scope.examples[name]
    for key in [k for k, v in scope.defs.items() if str(k) == vector
                and isinstance(v, sp.Lambda) and not v.expr.free_symbols - set(v.variables)]:
        del scope.defs[key]


def _tuple_run(text: str) -> dict:
    """`$z = (z_1, \\dots, z_K)$`, `$x = (x_1; x_2; \\ldots; x_n)$`: the words say how many
    entries the vector has — {its name, its entries' letter: the count K}; {} for
    anything else (a run from 1, one letter, a count that is a letter). A run alone
    ("logits $z_1, \\dots, z_K$") gives its letter's count."""
    m = _TUPLE_RUN.fullmatch(text)
    values = m.group("values") if m else text
    if not _DOTS.search(values):
        return {}
    parts = [p.strip() for p in re.split(r"[,;]", values) if p.strip()]
    ends = [_RUN_ENTRY.fullmatch(p) for p in (parts[0], parts[-1])] if len(parts) >= 3 else []
    if not ends or None in ends or ends[0].group(1) != ends[1].group(1) \
            or ends[0].group(2) != "1" or not ends[1].group(2).isalpha():
        return {}
    for p in parts[1:-1]:
        middle = _RUN_ENTRY.fullmatch(p)
        if not (_DOTS.fullmatch(p) or middle and middle.group(1) == ends[0].group(1)):
            return {}
    count = index_symbol(ends[1].group(2))
    return {ends[0].group(1): count} | ({_tuple_letter(m.group("name")): count} if m else {})


def _example_value(exprs, spans) -> bool:
    """`$n = 10$`, `$w_1 = 0.5$`, `$p = 7/10 = 0.7$`: a name given a number."""
    # (`$c_{t-1} = 2$`, `$a_f = 0$`: the entry at hand, as a worked example gives it)
    entry = isinstance(exprs[0], sp.Indexed) and all(
        i.is_Integer or i.is_Symbol or (i.is_Add and len(i.free_symbols) == 1
                                        and i.as_coeff_Add()[0].is_Integer)
        for i in exprs[0].indices)
    return (isinstance(exprs[0], sp.Symbol) and _names_a(spans[0], exprs[0])
            or entry and not _NOT_A_NAME.search(_SCRIPTS.sub("", spans[0]))) \
        and isinstance(exprs[-1], sp.Basic) and exprs[-1].is_number


_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?")
_SCRIPTS = re.compile(r"[_^]\s*(\{[^{}]*\}|\w)")


def _atoms_of(body) -> set:
    """The names a definition's body writes."""
    e = body.expr if isinstance(body, sp.Lambda) else body
    return e.atoms(sp.Symbol, sp.Indexed) if isinstance(e, sp.Basic) else set()


def _not_at_random(found: dict, lhs, rel, rhs, scope: Scope) -> dict:
    """A refuted step with a number on one side whose other side's names the words give
    numbers in a form not read (Σ_i λ_i = 5.9315 at `$\\boldsymbol\\theta = (0.1, 0.5)^\\top$`):
    `unknown` — the example's value is not checked at a point of the checker's choosing."""
    if found["verdict"] != INVALID or not any(
            isinstance(e, sp.Basic) and not (e.free_symbols or e.atoms(sp.Indexed))
            for e in (lhs.expr, rhs.expr)):
        return found
    if _given_as_numbers(lhs, rhs, scope):
        return {"verdict": UNKNOWN, "reason_kind": ReasonKind.PARTIAL.value,
                "relation": rel, "seconds": found.get("seconds", 0.0),
                "reason": "a worked example's number on one side; the other side's names "
                          "have values the words give in a form not read (they are not "
                          "checked at a point of their own choosing)"}
    number = next(e for e in (lhs.expr, rhs.expr) if isinstance(e, sp.Basic)
                  and not (e.free_symbols or e.atoms(sp.Indexed)))
    # (= 0, = 1: what an identity more often ends at — Σ_j ∂a_j/∂z_i = 1 stays refuted)
    unvalued = _unvalued(lhs, rhs, scope) if rel == "=" and number not in (0, 1, -1) else []
    if unvalued and _constant_difference(lhs.expr, rhs.expr):
        unvalued = []           # (e^z/(1 + e^z) + 1/(1 + e^z) = 2: false whatever z is)
    if unvalued:
        # `z \cdot 1 = -4` where the words give z its value as derive does not read
        # (in a table, a figure, a sentence): a number worked out at values it lacks
        return {"verdict": UNKNOWN, "reason_kind": ReasonKind.PARTIAL.value,
                "relation": rel, "seconds": found.get("seconds", 0.0),
                "reason": f"a worked example's number on one side; on the other, "
                          f"${', '.join(unvalued[:6])}$, with no definition and no value "
                          "in a form derive reads (the example's data may be given in "
                          "words, a table or a figure): not checked at a point of derive's "
                          "choosing"}
    return found


def _constant_difference(lhs, rhs) -> bool:
    """Whether lhs − rhs simplifies to a number (SymPy's simplify, in a bounded worker):
    a step false whatever values its names take."""
    outcome = run_bounded(sp.simplify, lhs - rhs, timeout=2.0, memory_mb=512)
    return outcome.ok and isinstance(outcome.value, sp.Basic) and outcome.value.is_number


def _unvalued(lhs, rhs, scope: Scope) -> list:
    """The names a step reaches (through its definitions) that have neither a definition
    nor a value in the worked example: no indices, no dimensions (n of Σ_{i=1}^n), no
    function's own variable."""
    exprs = [e for e in (lhs.expr, rhs.expr) if isinstance(e, sp.Basic)]
    for k in reachable(scope.defs, exprs):
        v = scope.defs[k]
        if isinstance(v, sp.Lambda):
            exprs.append(v.expr.xreplace({x: sp.Integer(0) for x in v.variables}))
        elif isinstance(v, sp.Basic):
            exprs.append(v)
    bounds = sum_bounds(exprs)
    labels = {str(k.label) if isinstance(k, sp.IndexedBase) else str(k) for k in scope.defs}
    found = set()
    for e in exprs:
        entries = e.atoms(sp.Indexed)
        found |= {a for a in e.free_symbols - {i.base.label for i in entries}
                  if not a.is_integer and a not in bounds}
        found |= {a for a in entries if str(a.base.label) not in labels}
    return sorted({sp.latex(a) for a in found if a not in scope.defs
                   and str(a) not in labels and str(a) not in scope.examples})


def _given_plainly(lhs, rhs, scope: Scope) -> list:
    """The letters a step reaches in bold (through its definitions, \\mathbf{x} or
    \\mathbf{w}^T) that the worked example gives values written plainly (`$x = 2$`)."""
    exprs = [e for e in (lhs.expr, rhs.expr) if isinstance(e, sp.Basic)] + [
        v.expr if isinstance(v, sp.Lambda) else v
        for k in reachable(scope.defs, [lhs.expr, rhs.expr]) for v in [scope.defs[k]]
        if isinstance(v, (sp.Basic, sp.Lambda))]
    return sorted({letter for e in exprs for a in e.free_symbols if isinstance(a, sp.Symbol)
                   for letter in [bold_letter(a.name.removesuffix("^{T}"))]
                   if letter and letter in scope.examples})


def _given_as_numbers(lhs, rhs, scope: Scope) -> bool:
    """Whether a name the step reaches is one the page gives numbers (`$\\boldsymbol\\theta =
    (0.1, 0.5)^\\top$`, also written θ^T), or an entry of one the example lists."""
    reached = reachable(scope.defs, [lhs.expr, rhs.expr])
    exprs = [e for e in (lhs.expr, rhs.expr) if isinstance(e, sp.Basic)] + [
        v.expr if isinstance(v, sp.Lambda) else v for k in reached for v in [scope.defs[k]]
        if isinstance(v, (sp.Basic, sp.Lambda))]
    listed = {k.split("[")[0] for k in scope.examples if "[" in k}
    for e in exprs:
        # an entry at an index no example fixes, of a vector the example lists (y_i beside
        # y_1, y_2, y_3 given), or a transpose of a vector given in numbers (θ^T beside θ)
        if any(str(i.base.label) in listed and not all(j.is_Integer for j in i.indices)
               for i in e.atoms(sp.Indexed)):
            return True
        for a in e.free_symbols:
            if isinstance(a, sp.Symbol) and a.name.endswith("^{T}"):
                value = next((v for k, v in scope.defs.items() if str(k) == a.name[:-4]), None)
                if a.name[:-4] in scope.examples or isinstance(value, sp.MatrixBase) \
                        and not value.free_symbols:
                    return True
    return False


def _at_examples(found: dict, lhs, rel, rhs, scope: Scope, condition, work: Work) -> dict:
    """`_at_numbers`; a step it leaves refuted that reaches vectors the worked example gives
    values written plainly (`$x = 2$, $w = 0.5$` beside definitions in \\mathbf{x},
    \\mathbf{w}) is `unknown`: the example's numbers are those vectors', in a form not read."""
    found = _at_numbers(found, lhs, rel, rhs, scope, condition, work)
    plainly = _given_plainly(lhs, rhs, scope) if found["verdict"] == INVALID else []
    return _unknown(found, "", f"false as read; the worked example gives ${', '.join(plainly)}$"
                    " values written without the bold its definitions use: not checked at a "
                    "point of derive's choosing") if plainly else found


def _at_numbers(found: dict, lhs, rel, rhs, scope: Scope, condition, work: Work) -> dict:
    """A refuted step that plugs in a worked example's numbers (`ℓ'(0.7) = (7 − 10 ·
    0.7)/(0.7 · 0.3)` after "$n = 10$, $k = 7$"): decided again with the values the words
    give put in for those names, in the definitions too (k = Σ x_i is 7 there); `valid`
    names the values and their line. Anything else leaves the verdict as it was."""
    undefined = found["verdict"] == UNKNOWN and \
        found.get("reason_kind") == ReasonKind.UNDEFINED_NAME.value
    if not (found["verdict"] == INVALID or undefined):
        return found
    if not scope.examples:
        return _not_at_random(found, lhs, rel, rhs, scope)
    # (`$m_1 = 0$` given before the example moved on to new weights: m_1 is computed
    # again from its definition at the values the example has now)
    cases = [c for c in condition or () if isinstance(c, sp.core.relational.Relational)]
    values = {name: value for name, (value, line) in scope.examples.items()
              if (not scope.earlier_stage(name) or not _formula_for(name, scope))
              and not outside_case(name, value, cases)}      # (a row's case excludes it)
    if any(isinstance(e, sp.Basic) and e.has(sp.Derivative) for e in (lhs.expr, rhs.expr)):
        # (`$z_t = 0.25$` of z_t = σ(a_z): a defined entry's value, at the example, is no
        # constant to differentiate by a_z)
        # (`$$J = -2\ln\frac34$$` at the example's s_o = ln 3: ∂J/∂s_1 differentiates J's
        # formula, then takes the example's values; J's value is no constant to differentiate)
        differentiated = {str(a) for e in (lhs.expr, rhs.expr) if isinstance(e, sp.Basic)
                          for d in e.atoms(sp.Derivative) for a in d.expr.atoms(sp.Symbol)}
        values = {name: value for name, value in values.items()
                  if not _defined_entry(name, scope)
                  and not (name in differentiated and _formula_for(name, scope))}
    # (a variable the step differentiates by stays one: ∂L/∂w_2 is no derivative by 2)
    varying = {v for e in (lhs.expr, rhs.expr) if isinstance(e, sp.Basic)
               for d in e.atoms(sp.Derivative) for v in d.variables}
    names = {str(a) for e in (lhs.expr, rhs.expr) if isinstance(e, sp.Basic)
             for a in e.atoms(sp.Symbol, sp.Indexed)} - {str(x) for x in varying}
    # the value written on a side that no longer writes its name (ln(30.19) − 3 for
    # z_3); the 1 of √(1 + (r/δ)²) beside δ is none (the z of a_z is an index, not the
    # name z; −0.2 is written 0.2 after its minus; the 2 of h^2 and of w_2 no number)
    def plugged_in(side) -> bool:
        if not isinstance(side.expr, sp.Basic):
            return False
        e = side.expr
        there = {str(a) for a in e.atoms(sp.Indexed) | e.xreplace(
            {i: sp.Dummy() for i in e.atoms(sp.Indexed)}).free_symbols}
        numbers = {float(n) for n in _NUMBER.findall(_SCRIPTS.sub(" ", side.text))}
        return any(abs(abs(float(v)) - n) < 1e-12 for name, v in values.items()
                   if getattr(v, "is_number", False) and v.is_real is not False
                   for n in numbers if name not in there)
    def numbers_for_names(side, other) -> bool:
        # (1 − ηλ)² w_0 = 0.95² w_0 after "with $\eta = 0.1$ and $\lambda = 0.5$": the
        # names the example values gone from a side that writes a number the other does not
        if not (isinstance(side.expr, sp.Basic) and isinstance(other.expr, sp.Basic)):
            return False
        def named(e):
            return {str(a) for a in e.atoms(sp.Symbol, sp.Indexed)} & set(values)
        def written(t):
            return {float(n) for n in _NUMBER.findall(_SCRIPTS.sub(" ", t))}
        return bool(named(other.expr) - named(side.expr)) \
            and bool(written(side.text) - written(other.text) - {0.0, 1.0})
    def index_put_in(side, other) -> bool:
        # L_i = −log p_0 after L_i = −log p_{y_i} and "the correct class $y_i = 0$": the
        # example's class written in as the index
        if not isinstance(other.expr, sp.Basic):
            return False
        bodies = [other.expr] + [
            scope.defs[k].expr if isinstance(scope.defs[k], sp.Lambda) else scope.defs[k]
            for k in reachable(scope.defs, [other.expr])]
        valued = {str(i) for b in bodies if isinstance(b, sp.Basic)
                  for a in b.atoms(sp.Indexed) for i in a.indices} & set(values)
        below = set(re.findall(r"_\s*\{?\s*(\d+)", side.text))
        return any(str(values[v]) in below for v in valued
                   if getattr(values[v], "is_Integer", False))
    plugged = plugged_in(lhs) or plugged_in(rhs) or _dropped_at_one_or_zero(
        lhs, rhs, values, scope) or numbers_for_names(lhs, rhs) or numbers_for_names(rhs, lhs) \
        or index_put_in(lhs, rhs) or index_put_in(rhs, lhs)
    # a_1 = 7.38906/11.21251 after "$z = (2, 1, 0.1)$": a number computed from the example
    computed = not names & set(values) and any(
        isinstance(e, sp.Basic) and not (e.free_symbols or e.atoms(sp.Indexed))
        for e in (lhs.expr, rhs.expr))
    # "With $n = 2$": a count the example gives holds for every step under it
    counted = any(str(b) in values for b in sum_bounds(
        [lhs.expr, rhs.expr] + [scope.defs[k].expr if isinstance(scope.defs[k], sp.Lambda)
                                else scope.defs[k]
                                for k in reachable(scope.defs, [lhs.expr, rhs.expr])]))
    if not (plugged or computed or counted):
        return found      # a step about p in general, not at the example's p = 1/2

    point = {x: values[str(x)] for x in varying if str(x) in values}
    # `dFL/dz` "with $p = 0.9$" for p = σ(z): the derivative is by z, at the z where
    # σ(z) = 0.9 — p keeps its definition, and the example's p fixes z
    for x, (name, value) in _inverted(scope, values, varying, work).items():
        point.setdefault(x, value)
        values.pop(name, None)
    values = {k: v for k, v in values.items() if k not in {str(x) for x in varying}}
    # (a bare \mathcal{L} after `\mathcal{L}(z) = …`: the function at its argument)
    bare = scope.bare_functions([lhs.expr, rhs.expr])
    lhs, rhs = (_Text(read_bare(t.expr, bare), t.text) for t in (lhs, rhs))
    if any(str(a) in values for x in varying if scope.defines(x)
           for a in _atoms_of(scope.defs[x])):
        return found      # ∂f/∂q with q = x + y and x, y the example's: put in, they would
        # leave f no q to vary (∂(−12)/∂q = 0)

    counts = _counts_given(scope, [lhs.expr, rhs.expr], values)
    values.update({str(d): v for d, v in counts.items()})

    def put(e):
        if isinstance(e, sp.Lambda):
            return sp.Lambda(e.variables, put(e.expr))
        if not isinstance(e, sp.Basic):
            return e
        named = {b: values[str(b)] for sm in e.atoms(sp.Sum) for lim in sm.limits
                 for b in lim[1:] if isinstance(b, sp.Symbol) and str(b) in values
                 and getattr(values[str(b)], "is_Integer", False)}     # `$\ell = 2$`
        e = expand_finite(e.subs(counts).subs(named))   # Σ_{k=1}^{3} y_k: y_1, y_2, y_3,
        free = e.free_symbols       # each an example's (a sum's own variable is never one)
        return e.subs({a: values[str(a)] for a in e.atoms(sp.Symbol, sp.Indexed)
                       if str(a) in values and a.free_symbols <= free})
    left, right = put(lhs.expr), put(rhs.expr)
    bases = {k.split("[")[0] for k in values}      # (y of y[1]: a vector's entries)
    if (left, right) == (lhs.expr, rhs.expr) and not point and not any(
            str(a) in values or str(a) in bases
            for e in reachable(scope.defs, [lhs.expr, rhs.expr])
            for a in mentions(scope.defs[e])):
        return _not_at_random(found, lhs, rel, rhs, scope)
    at = scope.copy()
    at.defs = {k: put(v) for k, v in scope.defs.items()     # (z = wᵀx + b, given z = 0.5
               if str(k) not in values and k not in point}        # and differentiated by)
    # `z = w^\top x + b` at the example's w = 0.5: the transpose of a number is the number
    numbers = {k for k, v in scope.examples.items() if getattr(v[0], "is_number", False)}
    for e in [lhs.expr, rhs.expr, *at.defs.values()]:
        for a in (e.expr if isinstance(e, sp.Lambda) else e).free_symbols \
                if isinstance(e, (sp.Basic, sp.Lambda)) else ():
            if isinstance(a, sp.Symbol) and a.name.endswith("^{T}") \
                    and a.name[:-4] in numbers and a not in at.defs:
                at.defs[a] = sp.Symbol(a.name[:-4], **a.assumptions0)
    entries = {k.split("[")[0] for k in values if "[" in k}
    if entries and not any(isinstance(e, sp.Basic) and e.has(sp.Derivative)
                           for e in (lhs.expr, rhs.expr)):
        # scores s_1 = 0, s_2 = log 3 given beside s_i = q^T k_i/√d: the example's
        # entries are those values, what the definition makes them of is not given
        at.defs = {k: v for k, v in at.defs.items() if str(k) not in entries}
        unfold = Context(defs={k: v for k, v in scope.defs.items()
                               if str(k) not in entries and str(k) not in values}).unfold
        left, right = put(unfold(left)), put(unfold(right))
    # k = Σ x_i with k = 7: the example's data are such that Σ x_i = 7
    facts = [put(h) for h in scope.hypotheses] + [
        sp.Eq(put(v), values[str(k)]) for k, v in scope.defs.items()
        if str(k) in values and isinstance(v, sp.Basic) and not v.is_number]
    if sp.false in facts:
        return found              # the example contradicts what the document assumes
    # ∂L/∂ŷ = tanh(0.5) "at ŷ = 2.5": differentiated by ŷ, then taken at its value
    at.hypotheses = [h for h in facts if h is not sp.true] + [
        sp.Eq(x, v) for x, v in point.items()]
    again = work.verdict(left, rel, right, at, condition or None, (lhs.text, rhs.text))
    # a step whose every name the example gives is about numbers alone: false there is
    # false, whatever the names not defined in general (∂L/∂y_i written g_i) would mean
    unfolded = [put(Context(defs=dict(at.defs)).unfold(e)) for e in (left, right)]
    # (the label z of an entry z_1 is no name of its own: the entries are)
    open_names = [e.free_symbols - {a.base.label for a in e.atoms(sp.Indexed)}
                  | e.atoms(sp.Indexed) if isinstance(e, sp.Basic) else {e} for e in unfolded]
    closed = not any(open_names)
    # (the point, and a value the case fixes, `z = 0{,}8:\quad …`, are given)
    fixed = set(point) | {side for h in [*(condition or ()), *at.hypotheses]
                          if isinstance(h, sp.Eq) for side, other in (h.args, h.args[::-1])
                          if isinstance(side, (sp.Symbol, sp.Indexed)) and other.is_number}
    waiting = [names - fixed for names in open_names]
    if again["verdict"] == INVALID and (plugged or computed) and any(waiting) \
            and not all(waiting):
        # `L(1, 0) = ⅓((−1)² + …)` with the points in a table: one side the example's
        # numbers, the other still waiting for values the words give in a form not read
        missing = sorted({sp.latex(a.base.label if isinstance(a, sp.Indexed) else a)
                          for e in unfolded if isinstance(e, sp.Basic)
                          for a in e.free_symbols if a not in point})
        return {"verdict": UNKNOWN, "reason_kind": ReasonKind.PARTIAL.value,
                "relation": rel, "seconds": found.get("seconds", 0.0),
                "reason": f"a worked example's numbers on one side; at the values the words "
                          f"give ({', '.join(sorted(scope.examples)[:6])}) the other side "
                          f"still has ${', '.join(missing[:6])}$, whose values are not "
                          "given in a form derive reads"}
    if again["verdict"] == INVALID and not (undefined and closed):
        return found
    lines = sorted({line for _, line in scope.examples.values()})
    said = ", ".join([f"${Scope.example_latex(name)} = {sp.latex(value)}$" for name, (value, _) in
                      scope.examples.items()] + [f"${sp.latex(d)} = {v}$, the entries it gives"
                                                 for d, v in counts.items()])
    reading = f"at the worked example's values {said} (line {', '.join(map(str, lines))})"
    if again["verdict"] in (VALID, INVALID):
        return dict(again, reading=reading)
    if undefined:
        return found
    return _unknown(found, reading, f"false as read; {reading} the step is not refuted: "
                    f"{again['reason']}")


def _dropped_at_one_or_zero(lhs, rhs, values: dict, scope: Scope) -> bool:
    """Whether one side writes a name the other leaves out whose example value is 1 or 0
    (`(a − y)σ'(z)x = aσ'(z)` with x = 1 and y = 0 given): put in, a 1 or a 0 leaves no
    number to see. (Not a name defined since: `b = 0 + 1` after "from $b = 0$".)"""
    if not all(isinstance(t.expr, sp.Basic) for t in (lhs, rhs)):
        return False
    names = [{a for a in t.expr.atoms(sp.Symbol, sp.Indexed)} for t in (lhs, rhs)]
    return any(values.get(str(a)) in (0, 1) and not _defined(scope, a)
               for a in names[0] ^ names[1])


def _counts_given(scope: Scope, exprs, values: dict) -> dict:
    """{count: value} that a worked example fixes by the entries it gives: kernel entries
    w_0 = 2, w_1 = −1 beside y_i = Σ_{k=0}^{K-1} w_k x_{i+k} make K − 1 = 1 (in the step's
    own sums too: Σ_j e^{z_j} after `$z = (1, 2, 3)$` runs to 3). Only a
    count the example leaves unnamed, whose vector's entries it gives from the sum's
    first index on without a gap."""
    given: dict = {}
    for name in values:
        m = re.fullmatch(r"(\w+)\[(\d+)\]", name)
        if m:
            given.setdefault(m.group(1), set()).add(int(m.group(2)))
    found: dict = {}
    for body in [scope.defs[key] for key in reachable(scope.defs, exprs)] + list(exprs):
        body = body.expr if isinstance(body, sp.Lambda) else body
        if not isinstance(body, sp.Basic):
            continue
        for s in body.atoms(sp.Sum):
            for k, lo, hi in (lim for lim in s.limits if len(lim) == 3):
                counts = hi.free_symbols
                if not lo.is_Integer or len(counts) != 1 or str(next(iter(counts))) in values:
                    continue
                d = next(iter(counts))
                for x in s.function.atoms(sp.Indexed):
                    have = given.get(str(x.base.label), set())
                    if len(x.indices) == 1 and x.indices[0] == k and have \
                            and have == set(range(int(lo), int(lo) + len(have))):
                        solved = sp.solve(sp.Eq(hi, max(have)), d)
                        if len(solved) == 1 and solved[0].is_Integer and solved[0] >= 1:
                            found.setdefault(d, set()).add(int(solved[0]))
    return {d: sp.Integer(v.pop()) for d, v in found.items() if len(v) == 1}


def _at_a_point(exprs, scope: Scope) -> bool:
    """`L(w^{(0)}) = … = 2` under L(w) = (1/n) Σ (…)²: the function's value at one point,
    computed from numbers — never L redefined as the number 2."""
    head = exprs[0]
    body = scope.defs.get(type(head)) if isinstance(head, AppliedUndef) else None
    return isinstance(body, sp.Lambda) and len(body.variables) == len(head.args) \
        and tuple(head.args) != tuple(body.variables) \
        and all(isinstance(e, sp.Basic) and e.is_number for e in exprs[1:])


def _valued_at_example(exprs, scope: Scope) -> bool:
    """`Var[ã] = 5 − 2` under Var[ã] = a²/p − a² after "With $p = 0.8$ and $a = 2$": a
    name the worked example gives every variable of, set equal to numbers — its value
    there computed (rightly or not), never the name redefined as that number."""
    key = definition_key(exprs[0])
    old = scope.defs.get(key[0]) if key else None
    if not isinstance(old, sp.Basic) or isinstance(old, sp.Lambda) or not _has_names(old) \
            or any(not isinstance(e, sp.Basic) or not e.is_number for e in exprs[1:]):
        return False
    seen = reachable(scope.defs, [old]) | {key[0]}
    variables = {a for k in seen if isinstance(scope.defs.get(k), sp.Basic)
                 for a in scope.defs[k].atoms(sp.Symbol, sp.Indexed)} - set(seen)
    return bool(variables) and all(str(a) in scope.examples for a in variables)


def _instance_at_example(exprs, scope: Scope) -> bool:
    """`L_i = -\\log p_0` after L_i = −log p_{y_i} and "the correct class $y_i = 0$": the
    old formula with the worked example's values put in — its instance there, never a new
    meaning of L_i for the general steps after it."""
    key = definition_key(exprs[0])
    old = scope.defs.get(key[0]) if key else None
    if isinstance(old, sp.Lambda) and key[1] and len(key[1]) == len(old.variables):
        old = old(*key[1])
    if not isinstance(old, sp.Basic) or isinstance(old, sp.Lambda) \
            or not isinstance(exprs[1], sp.Basic) or not scope.examples:
        return False      # (f(w, x) after f(x, y, z): another function, no instance)
    put = {}
    for atom in old.atoms(sp.Symbol, sp.Indexed) | {i for a in old.atoms(sp.Indexed)
                                                     for i in a.indices}:
        found = scope.examples.get(str(atom))
        if found is not None and getattr(found[0], "is_number", False):
            put[atom] = found[0]
    # (an index takes the example's class: y[i] read as an index symbol is spelled so too)
    put.update({sp.Symbol(str(k), integer=True, positive=True): v for k, v in put.items()
                if isinstance(k, sp.Indexed)})
    try:
        new = exprs[1].replace(   # (p_0 written for e^{f_0}/Σ_j e^{f_j}, p_k defined)
            lambda e: isinstance(e, sp.Indexed) and isinstance(scope.defs.get(e.base), sp.Lambda)
            and len(scope.defs[e.base].variables) == len(e.indices),
            lambda e: scope.defs[e.base](*e.indices))
    except ValueError:            # (∇L(θ_{t−1}) with θ_t defined by its update: no variable
        new = exprs[1]            # of differentiation an expression can stand in for)
    at = old.xreplace(put)
    return bool(put) and at != old and (at == exprs[1] or at == new)


def _computed_entry(exprs, rels, scope: Scope) -> bool:
    """An entry at a letter index (h_t, a_{t-1}) set equal to arithmetic on numbers and on
    through more of it (≈ a rounding): a worked example computing that entry, no definition
    of the family. So is an entry at a number (θ_1 = 2 − 0.76 = 1.24 after θ_{t+1} = θ_t + v_{t+1}) of a
    family nothing defines: an iterate computed, never a step about an undefined θ_1."""
    if not (isinstance(exprs[0], sp.Indexed) and len(exprs) > 2 and rels
            and rels[0] == "=" and all(r in ("=", "~") for r in rels)
            and all(isinstance(e, sp.Basic) and e.is_number for e in exprs[1:])):
        return False
    return not all(i.is_Integer for i in exprs[0].indices) or not _defined(scope, exprs[0]) \
        and exprs[0].base not in scope.defs and exprs[0].base.label not in scope.defs


def _numbers_of_entries(exprs, scope: Scope) -> bool:
    """`\\hat{x} = \\frac{1}{\\sqrt{3.5}} [-2, -1, 0, 3]` after `\\hat{x}_i = (x_i − μ_B)/…`: a
    worked example's entries of a vector whose entries a formula defines — the example's
    values (a step), never the vector defined as these numbers for the general steps after."""
    def numbers(e) -> bool:
        return isinstance(e, sp.Basic) and not e.free_symbols and not e.atoms(sp.Indexed) \
            and any(isinstance(a, sp.MatrixBase) for a in sp.preorder_traversal(e))
    return isinstance(exprs[0], sp.Symbol) and _entries_defined(scope, exprs[0]) \
        and any(numbers(e) for e in exprs[1:])


def _inverted(scope: Scope, values: dict, varying, work: Work) -> dict:
    """{x: (name, x's value)} for a defined name of one variable x, which the step
    differentiates by, given a number by the example: x's one real solution of
    definition = number (σ(z) = 0.9 gives z = log 9)."""
    out = {}
    for key, body in scope.defs.items():
        value = values.get(str(key))
        if value is None or not isinstance(key, sp.Symbol) or not isinstance(body, sp.Expr) \
                or not getattr(value, "is_number", False):
            continue
        # (unfolded down to the variables, never through them: z = σ(a_z) with a_z
        # defined too, differentiated by a_z, is solved for a_z)
        kept = {v.base if isinstance(v, sp.Indexed) else v for v in varying}
        body = Context(defs={k: v for k, v in scope.defs.items()
                             if k != key and k not in kept}).unfold(body)
        if not isinstance(body, sp.Expr):
            continue
        entries = body.atoms(sp.Indexed)
        free = entries | (body.free_symbols - {s for e in entries for s in e.free_symbols})
        if len(free) != 1 or next(iter(free)) not in varying:
            continue
        (x,) = free
        try:
            with deadline(min(1.0, work.timeout)):
                roots = [r for r in sp.solve(sp.Eq(body.rewrite(sp.exp), value), x) if r.is_real]
        except Exception:         # a Timeout, or SymPy failing on it: nothing solved
            continue
        if len(roots) == 1:
            out[x] = (str(key), roots[0])
    return out


def _formula_for(name: str, scope: Scope) -> bool:
    """Whether a formula of the document computes an example's name: the name's own
    definition, or its family's (m[1] of m_i = y_i(⟨w, x_i⟩ + b))."""
    m = re.fullmatch(r"(.+?)\[(.*)\]", name)
    return any(_has_names(v.expr if isinstance(v, sp.Lambda) else v)
               for k, v in scope.defs.items()
               if str(k) == name or m is not None and isinstance(k, sp.IndexedBase)
               and str(k.label) == m.group(1))


def _defined_entry(name: str, scope: Scope) -> bool:
    """Whether an example's name is an entry at a letter index (`z[t]`) of a family the
    document defines."""
    m = re.fullmatch(r"(.+?)\[(.*[a-zA-Z].*)\]", name)
    return m is not None and any(isinstance(k, sp.IndexedBase) and str(k.label) == m.group(1)
                                 for k in scope.defs)


def _example(scope: Scope, name, value, line: int, at: int = 10 ** 6) -> None:
    """A worked example's value of a name (w_{11} = 0.5 beside w_{j1}: also the entry
    w_{1,1})."""
    scope.give_example(str(name), value, line, at)
    pair = _digit_pair(name)
    if pair is not None:
        scope.give_example(str(pair), value, line, at)


def _digit_pair(name):
    """w_{12} as w_{1,2} (row 1, column 2), as the reader takes it beside a w with two
    indices (derive.homework.step._digit_pairs); None for any other name."""
    if isinstance(name, sp.Indexed) and len(name.indices) == 1 and name.indices[0].is_Integer \
            and 10 < int(name.indices[0]) < 100 and int(name.indices[0]) % 10:
        row, col = divmod(int(name.indices[0]), 10)
        return name.base[sp.Integer(row), sp.Integer(col)]
    return None


def _another_value(name, body, scope: Scope, timeout: float) -> bool:
    r"""Whether a formula the words give a defined name is another value than its
    definition's — a case of it (`\mathrm{FL} = -(1-p)^\gamma \log p` for y = 1), refuted
    at a point — rather than the same value in another form (`c = s / N` of c(u, v) = uᵀv /
    (‖u‖‖v‖)), which the page goes on with."""
    name = key_name(definition_key(name)[0])
    olds = [v.expr if isinstance(v, sp.Lambda) else v for k, v in scope.defs.items()
            if key_name(k) == name]
    return isinstance(body, sp.Basic) and any(
        isinstance(old, sp.Basic) and verdict(old, "=", body, scope, None, timeout,
                                              2048)["verdict"] == INVALID for old in olds)


def _ends_at_old_meaning(steps, rels, decided) -> bool:
    """`H(p, q) = Σ p log q = … = H(p) + KL(p‖q)` after H(p, q) = −Σ p log q: a chain that
    ends where the old meaning of its first name says it does is a derivation of that
    meaning with a slip on the way, never a new meaning (as a definition, the slip hid)."""
    if len(steps) < 2 or any(r != "=" for r in rels):
        return False
    return decided(steps[0][0], "=", steps[-1][2])["verdict"] == VALID


def _restated_in_words(exprs, scope: Scope, item, spans=None) -> bool:
    r"""`Пусть $L(y, z) = \ln(1 + e^{-yz})$`, "for $o = (u - 1)(u + 1)^{-1}$": the words give
    a name defined on an earlier line a formula again — its meaning from here on (a new
    problem's loss, or the same value in the form the next derivative is taken of). A
    number is an example's value ("with $p = 0.5$"), and a formula in numbered entries
    (`$C = -\ln(a_1) y_1 - \ln(a_2) y_2$`) an example's instance: never a new meaning."""
    found = definition_key(exprs[0])
    if found is None or not 0 < _line_defined(scope, found[0]) < item.line:
        return False
    # z_{hi} after z_{oi}: another layer's quantity, not z_{oi} again
    before = scope.texts.get(found[0], (None,))[0]
    if isinstance(exprs[0], sp.Indexed) and (before is None or _spaceless(before) != _spaceless(
            sp.latex(exprs[0]) if spans is None else spans[0])):
        return False
    # ("or equivalently $\zeta(x) = \int_{-\infty}^{x} \sigma(t)\,dt$": the closed form
    # defined before says as much, and quadrature is no proof — the words add a fact)
    old = scope.defs.get(found[0])
    old = old.expr if isinstance(old, sp.Lambda) else old
    if isinstance(exprs[1], sp.Basic) and exprs[1].has(sp.Integral) \
            and isinstance(old, sp.Basic) and not old.has(sp.Integral):
        return False
    # (`$\hat y = \sigma(1) \approx 0{,}7311$`: a function's value at a number, computed —
    # the example's ŷ too)
    return isinstance(exprs[1], sp.Basic) and bool(exprs[1].free_symbols) \
        and not (isinstance(exprs[-1], sp.Basic) and exprs[-1].is_number) \
        and not any(all(i.is_Integer for i in e.indices) for e in exprs[1].atoms(sp.Indexed))


def _restated_line(scope: Scope, exprs) -> int:
    """The line of the definition a chain's first name restates: its own, or — where the
    chain gives it a formula (`L = −[y log p + …]` after `L(z) = ½(σ(z) − y)²`) — that of
    the function of its letter; a number for L is the function's value at a worked
    example, never a restatement of it."""
    key = definition_key(exprs[0])[0]
    own = scope.lines.get(key, 0)
    return own or (_line_defined(scope, key) if _has_names(exprs[1]) else 0)


def _line_defined(scope: Scope, key) -> int:
    """The line of a name's definition; for a plain f, also of the function f(x) (one
    name: `$f = 1/d$` after `f(x) = e^x` restates it) — 0 where it has none."""
    if isinstance(key, sp.Symbol) and key not in scope.lines:
        return max((scope.lines.get(k, 0) for k in scope.defs
                    if isinstance(k, sp.core.function.UndefinedFunction) and str(k) == key.name),
                   default=0)
    return scope.lines.get(key, 0)


def _spaceless(text: str) -> str:
    return re.sub(r"\s+|\\[,;:! ]", "", text)


def _parse(chain, scope: Scope):
    """(expressions, relations, functions, spans) of a chain; `f(x, y) = …` may define f."""
    return _read(chain.text, scope)


def _parse_repaired(chain, scope: Scope, beside: frozenset = frozenset()):
    """`_parse`, and a note: where the chain is malformed in a way with one reading only
    (a stray ")", `derive.latex.repair`), it is read that way and the note says how.
    `beside`: the functions the display's other chains define (`_signatures`)."""
    try:
        return (*_read(chain.text, scope, beside), "")
    except ParseError as err:
        def read(text):
            return _read(text, scope, beside)[:2]
        if isinstance(err, MissingPartial):
            repaired = missing_partial(chain.text, err.position, read)
        elif err.message == "unexpected ')'":
            repaired = stray_closer(chain.text, err.position, read)
        else:
            raise
        if repaired is None:
            raise
        return (*_read(repaired[0], scope, beside), repaired[1])


def _signatures(chains, scope: Scope) -> frozenset:
    """The functions a display's chains define by a signature (`Z(T) = \\sum_j …` beside
    `p_i(T) = \\frac{\\exp(z_i/T)}{Z(T)}`, after it): each a function in the display's other
    chains too — read before its definition, Z(T) would be Z times T."""
    return frozenset(fn for c in chains if (fn := function_name(c.text))
                     and fn != "sigma"            # (σ: the library's, as `_read` keeps it)
                     and _SIGNATURE.match(c.text) and fn not in scope.functions
                     and not _calls_again(fn, c.text))


def _read(text: str, scope: Scope, beside: frozenset = frozenset()):
    """(expressions, relations, functions, spans); `f(x, y) = …` with f not defined reads
    f as the function it defines — only when the chain really starts with its signature."""
    fn = function_name(text)
    tries = [frozenset(scope.functions | (beside - {fn}))]
    # (`p(x \mid \mu, \sigma^2) = …`: p of three arguments, the bar one of the commas)
    # (never where the right side writes the letter again: P(t, z | θ) = P(t | z, θ) P(z | θ)
    # relates probabilities, it defines no function)
    given = {GIVEN + fn} if fn and _GIVEN_SIGNATURE.match(text) \
        and not _calls_again(fn, text) else set()
    if fn and (fn not in scope.functions or given - scope.functions) and fn != "sigma":
        tries.insert(0, frozenset(scope.functions | beside | {fn} | given))   # (σ: a step)
    error = None
    for functions in tries:
        try:
            spans: list = []
            exprs, rels = read_chain(text, functions, spans)
        except TooLarge:
            raise                         # the text's own numbers: no reading can help
        except ParseError as err:
            error = error or err
            continue
        head = exprs[0]
        if isinstance(head, sp.Derivative):
            head = head.expr                      # `\frac{d}{dz} \phi(z) = …`: the call
        if len(tries) == 2 and functions == tries[0] and not (
                rels and rels[0] == "=" and isinstance(head, sp.Function)
                and (str(head.func) == fn or (subscript_slots(head.func) or ("",))[0] == fn)
                and definition_key(head) is not None):
            continue                      # f( that does not define f: read without it
        return exprs, rels, functions, spans
    raise error


def _calls_again(fn: str, text: str) -> bool:
    """Whether the right side of `fn(…) = …` calls fn again (then it relates values of fn,
    as P(t, z | θ) = P(t | z, θ) P(z | θ) does, and defines nothing)."""
    return re.search(r"(?<![a-zA-Z\\])" + re.escape(fn) + r"\s*(\\left\s*|\\[bB]igg?l?\s*)?\(",
                     text.split("=", 1)[1]) is not None


# a signature with a conditional's bar: `p(x \mid \mu, \sigma^2)`, `p(y | x; w)` (no event)
# `\Phi(x) = …`, `f(x, y) = …`: a call of names alone, set equal to something
_SIGNATURE = re.compile(r"^\s*(?:\\(?:operatorname|mathrm|text|textrm)\s*\{\s*[a-zA-Z]{2,}\s*\}|"
                        r"\\?[a-zA-Z]+)\s*(?:\\left\s*)?\(\s*\\?[a-zA-Z]+(?:\s*,\s*\\?[a-zA-Z]+)*\s*"
                        r"(?:\\right\s*)?\)\s*=")
_GIVEN_SIGNATURE = re.compile(r"^\s*\\?[a-zA-Z]+\s*(?:\\left\s*)?\(([^()=<>]*?)(?:\\mid(?![a-zA-Z])|"
                              r"\\vert(?![a-zA-Z])|(?<!\\)\|)([^()=<>]*)(?:\\right\s*)?\)\s*=")


def _condition(chain, scope: Scope):
    if not chain.condition:
        return None
    try:
        exprs, rels = read_chain(chain.condition, frozenset(scope.functions))
    except ParseError:
        return None
    return _index_condition(exprs[0], rels[0], exprs[1]) if len(rels) == 1 else None


def _distributed_as(text: str) -> bool:
    """Whether a chain's one relation is `\\sim` at its top level (`ε \\sim \\mathcal{N}(0,
    σ^2)`: distributed as), not the `\\approx` it also reads as, nor the `\\sim` inside
    `\\mathbb{E}_{x \\sim p}`."""
    for m in re.finditer(r"\\sim(?![a-zA-Z])", text):
        if text[:m.start()].count("{") == text[:m.start()].count("}"):
            return True
    return False


def _iterate(lhs, rel, rhs, scope: Scope, condition, work: Work) -> dict | None:
    """`m_1 = 0.9 \\cdot 0 + 0.1 \\cdot 0.5` under `m_t = β_1 m_{t−1} + (1 − β_1) g_t`: the
    recurrence's right side at t = 1 against what is written, at the example's values (β_1,
    m_0, g_1, and the iterates computed before); None for any other step."""
    e = lhs.expr
    if not (rel == "=" and isinstance(e, sp.Indexed) and len(e.indices) == 1
            and e.indices[0].is_Integer and e.base in scope.recurrences
            and (not _defined(scope, e) or _defined_by_its_recurrence(e.base, scope))):
        return None
    rule, line = scope.recurrences[e.base]
    at = _Text(rule(e.indices[0]), lhs.text)
    found = work.verdict(at.expr, rel, rhs.expr, scope, condition or None,
                         (lhs.text, rhs.text))
    if found["verdict"] != VALID:
        found = _at_examples(found, at, rel, rhs, scope, condition, work)
    said = f"${sp.latex(e)}$ by the recurrence at line {line}: ${sp.latex(at.expr)}$"
    if found["verdict"] == VALID:
        return dict(found, reading="; ".join(filter(None, [said, found.get("reading")])))
    if found["verdict"] == INVALID:
        return dict(found, reason=f"{said}; {found['reason']}")
    return None


def _start_value(exprs, rels, scope: Scope) -> bool:
    """`m_0 = 0` (`v_0 = \\mathbf{0}`): a member of a recurrence the document defines, at a
    number, given a number — the start of the recurrence, no equation to solve."""
    return rels == ["="] and isinstance(exprs[0], sp.Indexed) and len(exprs[0].indices) == 1 \
        and exprs[0].indices[0].is_Integer and exprs[0].base in scope.recurrences \
        and _defined_by_its_recurrence(exprs[0].base, scope) \
        and isinstance(exprs[1], sp.Basic) and exprs[1].is_number


def _down_the_recurrence(lhs, rel, rhs, scope: Scope, condition, work: Work) -> dict | None:
    """`β_1 m_2 + (1 − β_1) g_3 = β_1² m_1 + β_1(1 − β_1) g_2 + …` under m_t = β_1 m_{t−1} +
    (1 − β_1) g_t: the members at numbers written by the recurrence, down to the lowest the
    step writes — to the start the words give (m_0 = 0) where a side writes none — and the
    step decided so (the definition at t = 2 and 3, nothing more); None where the step
    writes no such member, or the recurrence written out decides nothing."""
    sides = [e if isinstance(e, sp.Basic) else sp.Integer(0) for e in (lhs.expr, rhs.expr)]
    members = {e for side in sides for e in side.atoms(sp.Indexed)
               if e.base in scope.recurrences and len(e.indices) == 1
               and e.indices[0].is_Integer and _defined_by_its_recurrence(e.base, scope)}
    if len({m.base for m in members}) != 1:
        return None
    base = next(iter(members)).base
    rule, line = scope.recurrences[base]
    low = min(int(m.indices[0]) for m in members)
    starts = {int(re.fullmatch(rf"{re.escape(str(base.label))}\[(-?\d+)\]", k).group(1)): v[0]
              for k, v in scope.examples.items()
              if re.fullmatch(rf"{re.escape(str(base.label))}\[(-?\d+)\]", k)}
    start = min((k for k in starts if k <= low), default=None)
    if start is not None and not all(any(a.base == base for a in side.atoms(sp.Indexed))
                                     for side in sides):
        low = start                 # (one side writes no member: down to the start)

    def down(e):
        for _ in range(12):
            later = {a for a in e.atoms(sp.Indexed) if a.base == base and len(a.indices) == 1
                     and a.indices[0].is_Integer and int(a.indices[0]) > max(low, 0)}
            if not later:
                break
            e = e.xreplace({a: rule(a.indices[0]) for a in later})
        return e.xreplace({base[low]: starts[low]}) if low == start else e
    left, right = (down(e) for e in sides)
    if (left, right) == tuple(sides):
        return None
    found = work.verdict(left, rel, right, scope, condition or None, (lhs.text, rhs.text))
    said = (f"the members of ${sp.latex(base.label)}$ written by the recurrence at line {line},"
            f" down to ${sp.latex(base[low])}$"
            + (f" = ${sp.latex(starts[low])}$" if low == start else ""))
    if found["verdict"] == VALID:
        return dict(found, reading="; ".join(filter(None, [said, found.get("reading")])))
    if found["verdict"] == INVALID:
        return dict(found, reason=f"{said}; {found['reason']}")
    return None


def _iterate_value(exprs, rels, decided: list, scope: Scope, line: int) -> None:
    """`m_1 = … = 0.05`, every step valid: m_1 is 0.05 in the example from here on (the
    next iterate, m_2 = 0.9 · 0.05 + …, and m̂_1 = m_1/(1 − β_1) use it). Only an iterate:
    an entry of a defined name (y_0 of y_i = Σ_k w_k x_{i+k}) is computed from its definition."""
    head, last = exprs[0], exprs[-1]
    if isinstance(head, sp.Indexed) and len(head.indices) == 1 and head.indices[0].is_Integer \
            and head.base in scope.recurrences \
            and (head.base not in scope.defs or _defined_by_its_recurrence(head.base, scope)) \
            and rels and all(r == "=" for r in rels) and isinstance(last, sp.Basic) \
            and last.is_number and decided and all(s.verdict == VALID for s in decided):
        scope.give_example(str(head), last, line)


def _defined_by_its_recurrence(base, scope: Scope) -> bool:
    """Whether the family's definition in scope is the recurrence its iterates follow."""
    rule = scope.recurrences.get(base, (None,))[0]
    return rule is not None and scope.defs.get(base) is rule


def _another_label(name, body, scope: Scope, block: Block) -> bool:
    """An entry a_h at a label (a letter no running index is written with: not i … n, t)
    of a family the same block defined by another label's row, a_z = w_z x_t + u_z h_{t-1}
    + b_z, whose form it does not follow: that label's own definition."""
    # (d_p = ‖a − p‖², d_n = ‖a − n‖²: a letter that names what the row writes — the
    # positive p, the negative n — labels it, even one customary for a running index)
    def label(letter, row) -> bool:
        return letter.name not in _RUNNING | {"t"} or isinstance(row, sp.Basic) and any(
            re.search(rf"(?<![A-Za-z\\]){letter.name}(?![A-Za-z])", s.name)
            for s in row.free_symbols if not s.is_integer)
    if not isinstance(name, sp.Indexed) or len(name.indices) != 1 \
            or not name.indices[0].is_Symbol or not label(name.indices[0], body):
        return False
    old = scope.defs.get(name.base)
    if not isinstance(old, sp.Lambda) or len(old.variables) != 1 \
            or scope.lines.get(name.base, 0) < block.line \
            or not label(old.variables[0], old.expr) or not isinstance(body, sp.Basic):
        return False
    return old.variables[0] != name.indices[0] and sp.expand(old(name.indices[0]) - body) != 0


def _define_label(scope: Scope, name, body, line: int) -> None:
    """a_h's own definition beside the family's: a = δ_{·h} body_h + (1 − δ_{·h}) a_old."""
    old = scope.defs[name.base]
    (v,) = old.variables
    delta = sp.KroneckerDelta(v, name.indices[0])
    scope.defs[name.base] = sp.Lambda((v,), delta * body + (1 - delta) * old.expr)
    scope.lines[name.base] = line


def _restates_its_cases(name, scope: Scope) -> bool:
    """g_p(w) = −log σ(x_p w) under the display that defined g_p by the cases of y_p: a
    claim about that function (true in one case only), no new one — unless a heading came
    between (`### Softsign` after `### ELU`)."""
    key = definition_key(name)
    old = scope.defs.get(key[0]) if key is not None else None
    body = old.expr if isinstance(old, sp.Lambda) else old
    return isinstance(body, sp.Piecewise) and not _numbers_only(scope, key[0]) \
        and not scope.section_since(scope.lines.get(key[0], 0))   # (a vector's entries: none)


def _new_meaning(text: str, exprs, scope: Scope) -> bool:
    """A restated name that is new whatever slip could turn the old meaning into the new:
    a function written with its arguments under another heading than its definition
    (`### Softsign`, `f(x) = x/(1 + |x|)` after `### ELU` defined f; SPEC §3.1) or a plain
    name there, and a number given a new number (`b = 0 + 1` after "from $b = 0$": an
    algorithm's update)."""
    key = definition_key(exprs[0])
    if key is None:
        return False
    old = scope.defs.get(key[0])
    if isinstance(old, sp.Basic) and old.is_number and not _has_names(exprs[1]):
        return True
    # (and a plain name under another heading: σ_w² = 2/n_in under "He initialization"
    # after σ_w² = 2/(n_in + n_out) under "Xavier initialization")
    plain = isinstance(exprs[0], (sp.Symbol, sp.Indexed, sp.Pow)) and all(
        i.name not in _RUNNING | {"t"} for i in key[1] or ())      # σ_w: w a label
    return (bool(key[1]) and "(" in text or plain) \
        and scope.section_since(scope.lines.get(key[0], 0))


def _numbers_only(scope: Scope, key) -> bool:
    """Whether what the name means so far is numbers: a number, a matrix of numbers, or
    entries each given a number (a worked example's result)."""
    old = scope.defs.get(key)
    if isinstance(old, sp.Lambda):          # w^{new}_k: 1.41, −0.73, −0.01 by k
        return all(v.is_integer for v in old.variables) \
            and not old.expr.free_symbols - set(old.variables)
    if isinstance(old, (sp.Basic, sp.MatrixBase)):
        return not old.free_symbols
    if old is None and isinstance(key, sp.IndexedBase):
        entries = [v for k, v in scope.defs.items()
                   if isinstance(k, sp.Indexed) and k.base == key]
        return bool(entries) and all(isinstance(v, sp.Basic) and not v.free_symbols
                                     for v in entries)
    return False


def _check_block(block: Block, scope: Scope, out: BlockResult, previous, work: Work,
                 prose_condition=(), set_to_zero: bool = False, rewritten: bool = False,
                 constants_dropped: bool = False):
    """Check one block; returns what the next block may continue from. `prose_condition`:
    the relations the prose before it states as its condition; `set_to_zero`: the words
    before it set something to zero, and its equations are what that imposes."""
    def add(lhs, rhs, **kw):
        kw.pop("squared", None)         # (notes between the readings, no part of a result)
        kw.pop("shapes", None)
        out.steps.append(StepResult(len(out.steps) + 1, lhs, rhs, **kw))

    if block.error:
        add("", "", verdict=UNPARSED, reason=f"line {block.line}: {block.error}")
        return None
    if len(block.text) > MAX_BLOCK:
        add(block.text.strip()[:200], "", verdict=UNPARSED, reason=f"line {block.line}: "
            f"display too long ({len(block.text)} characters, limit {MAX_BLOCK})")
        return None
    chains = chains_of(block.text)
    try:
        with deadline(work.timeout):
            chains = _defined_by_cases(chains, scope, block.line, out.given)
            if not chains:
                return None
    except Timeout:
        add(block.text.strip()[:200], "", verdict=UNKNOWN, reason_kind=ReasonKind.TIMEOUT.value,
            reason=f"line {block.line}: reading the definition took longer than "
                   f"{work.timeout:g} s of CPU time")
        return None
    chains = _where_clauses(chains, block, scope, out, work)
    # equations set (`… = 0`), which later rows solve — this block's, and those the block
    # just before ended with ("Приравняем производную к нулю", then the solution below it)
    imposed: list = []
    written: dict = {}          # each of them: its two sides as written (for matrix notation)
    imposed_last = 0            # the number of the step that set the last one

    # the steps that set them, each waiting for the solution the lines after it derive
    awaiting: list = list(previous.awaiting) if previous is not None \
        and previous.imposed and previous.awaiting else []
    solved_at: dict = {}        # {name: value} of each solution so far, and its line

    def impose(lhs, rhs):
        equation = relation(lhs.expr, "=", rhs.expr, evaluate=False)
        imposed.append(equation)
        written[equation] = (lhs.text, rhs.text)
        awaiting.append(_Awaiting(out, len(out.steps), lhs, rhs,
                                  _matrix_notation(lhs, rhs, scope)))
    solves: dict = {}           # {w_*: (its step's verdict, the name w it is a value of)}
    carried = previous.imposed if previous is not None else []
    points = [c for c in prose_condition if isinstance(c, Point)]
    entry = previous            # what the block continues: each cases row continues it
    row_conditions: list = []   # (left side, condition) of each cases row so far
    rows: dict = {}             # a cases block's row ends, by condition, for the next block
    beside = _signatures(chains, scope)
    held = None                 # the open end before a reason given aside (`∵ ln 1 = 0`)
    for n, chain in enumerate(chains):
        work.budget.check()
        reasons = []            # the steps of the reason given for this chain's first step
        if held is not None and not chain.aside:
            previous, reasons = held[0], out.steps[held[1]:]    # the row after a reason
            entry, held = previous, None                        # goes on from the one before
        elif chain.aside and held is None:
            held, previous = (previous, len(out.steps)), None
        if chain.condition and chain.continues:
            # a row continues the same-condition row of a cases block before, or else
            # the one expression the block before ended with
            previous = entry.rows.get(_same(chain.condition)) if entry is not None \
                and entry.rows is not None else entry
        try:
            with deadline(work.timeout):     # reading is bounded too (SymPy builds as it reads)
                exprs, rels, functions, spans, repaired = _parse_repaired(chain, scope,
                                                                          beside)
        except ParseError as err:
            previous = _by_elements(block, chain, scope, out, previous, err, work,
                                    prose_condition, n)
            if chain.condition and previous is not None:
                rows[_same(chain.condition)] = previous
            continue
        except Timeout:
            add(chain.text.strip()[:200], "", verdict=UNKNOWN,
                reason_kind=ReasonKind.TIMEOUT.value,
                reason=f"line {block.line}: reading the formula took longer than "
                       f"{work.timeout:g} s of CPU time")
            previous = None
            continue
        scope.summed |= summed_families(exprs)
        texts = [_Text(e, t, note=repaired) for e, t in zip(exprs, spans)]
        facts = _declared_facts(exprs[0], chain.declared) if chain.declared and not rels \
            else None
        if facts is not None:                      # `\qquad y \in \{0, 1\}`: a hypothesis
            _add_facts(scope, facts)
            out.given.append(f"{chain.text.strip()} \\in {chain.declared.strip()}")
            continue
        if chain.declared and not rels:            # `W_1 \in \mathbb{R}^{H \times D}`
            found = _declared_step(texts[0], chain.declared, scope, functions)
            if found is None:
                _declare(texts[0].text, chain.declared, scope, functions)
            else:                                  # `W_2 W_1 x \in \mathbb{R}^C`: a claim
                add(texts[0].text, chain.declared, relation="in", **found)
            continue
        if chain.declared and rels == ["="] and isinstance(exprs[0], (sp.Symbol, sp.Indexed)) \
                and not _defined(scope, exprs[0]) and not chain.continues:
            # `W_3 = W_2 W_1 \in \mathbb{R}^{C \times H}`: a new matrix named, and its shape
            # claimed — the claim is checked, the name kept for the matrix reading
            found = _declared_step(texts[1], chain.declared, scope, functions)
            if found is not None:
                add(texts[1].text, chain.declared, relation="in", **found)
            scope.texts[("matrix", texts[0].text)] = (texts[0].text, texts[1].text)
            _declare(texts[0].text, chain.declared, scope, functions)
            continue
        if rels == ["="] and not chain.continues and _updates(exprs[0], exprs[1]):
            continue              # `w = w - \alpha \nabla J`: an update rule, not an equation
        if rels == ["~"] and not chain.continues and _distributed_as(chain.text):
            # `\varepsilon_i \sim \mathcal{N}(0, \sigma^2)`: the law of a name, as the
            # words state it (`$y_i \sim \operatorname{Poisson}(\lambda_i)$`) — no step
            out.given.append(chain.text.strip())
            previous = None
            continue
        if rels == ["="] and not chain.continues and not _defined(scope, exprs[0]) \
                and _between_arguments(scope, exprs[0], exprs[1]):
            # `b = \bar y - w\bar x` beside L(w, b): what holds at the optimum, given
            scope.hypotheses.append(relation(exprs[0], "=", exprs[1], evaluate=False))
            out.given.append(chain.text.strip())
            previous = None
            continue
        steps = _in_one_unit(list(zip(texts, rels, texts[1:])),
                             information_units(block.text, chain))
        _learn_argument(scope, exprs[0])
        own = _condition(chain, scope)
        # an `otherwise` row: in every case the rows before it of the same left side leave
        left_out = tuple(sp.Not(c) for head, c in row_conditions if head == exprs[0]) \
            if chain.otherwise else ()
        if own is not None:
            row_conditions.append((exprs[0], own))
        condition = tuple(c for c in prose_condition if not isinstance(c, Point)) \
            + ((own,) if own is not None else ()) + left_out
        if own is not None and rels and rels[-1] == "=":
            scope.cases.append((exprs[-1], own, block.line))

        def decided(lhs, rel, rhs):
            left, right = _with_equal_indices(lhs.expr, rhs.expr, condition)
            return work.verdict(left, rel, right, scope, condition or None,
                                (lhs.text, rhs.text))

        line = block.offset_line + block.text[:chain.offset].count("\n")
        continued = bool(chain.continues and previous is not None) or (
            n == 0 and previous is not None and previous.open)
        solution = _carried_solution(exprs, rels, carried, scope, condition, work) \
            if carried and n == 0 and not continued else None
        restated = None            # a restated name's first step, decided under the old meaning
        named = []                 # the names this chain defines by its first link
        if chain.continues and previous is not None:
            steps.insert(0, (previous.expr, relation_name(chain.continues), texts[0]))
        elif n == 0 and previous is not None and previous.open:
            steps.insert(0, (previous.expr, previous.open, texts[0]))
        elif solution is not None:
            pass                               # a step: the solution of the equation above
        elif _start_value(exprs, rels, scope):
            # `m_0 = 0` beside m_t = β_1 m_{t−1} + (1 − β_1) g_t: where the recurrence starts
            _example(scope, exprs[0], exprs[1], line)
            out.given.append(chain.text.strip())
            previous = None
            continue
        elif _computed_entry(exprs, rels, scope):
            # `h_t = (1 − 0.25)(0.5) + 0.25 × 0.8 = 0.575`: the worked example's h_t, never
            # h a constant at every t; the steps are the computation
            _example(scope, exprs[0], exprs[-1], line)
            steps = steps[1:]
        elif rels and rels[0] == "=" and not chain.condition \
                and _names_a(texts[0].text, exprs[0]) and not _defined(scope, exprs[0]) \
                and (not _refers_to_itself(exprs[0], exprs[1])
                     or _recurrence(exprs[0], exprs[1])) \
                and not _between_arguments(scope, exprs[0], exprs[1]) \
                and not _moment_of_a_defined_name(exprs[0], scope) \
                and not _numbers_of_entries(exprs, scope) \
                and not any(exprs[0] in e.free_symbols for e in imposed):   # b = … solves
            # `y_c = \varsigma(\mathbf{z})_c = \frac{e^{z_c}}{…}`: a component of a call
            # right after the name is another name for it; both are defined by the formula
            k = _named_through(exprs, rels, 1, scope)
            defined = _names_defined(exprs, k, scope)
            named = [(exprs[m], texts[m].text) for m in range(k) if m in defined]
            b = _with_its_parameters(exprs, rels, k)
            for m in range(k):
                if m in defined:
                    _define(scope, exprs[m], exprs[b], line, (texts[m].text, texts[b].text))
                elif m and isinstance(exprs[m], AppliedUndef) \
                        and type(exprs[m]) not in scope.defs:
                    # `Q(Y, X, w) = MSE(Y, Xw) = ‖Y − Xw‖²`: that call is stated to be the
                    # body (MSE is defined nowhere else), where it is written so again
                    scope.texts[("stated", texts[m].text)] = (texts[m].text, texts[k].text)
                if m == 0:
                    _note_recurrence(scope, exprs[0], exprs[k], line)
                out.definitions.append({"name": texts[m].text, "latex": texts[k].text,
                                        "line": line,      # the link of the chain as written
                                        "written": [texts[m].text, texts[m + 1].text]})
            steps = steps[k:]
        elif rels and rels[0] == "=" and _named_by_its_derivative(exprs[0], exprs[1], scope):
            # `∂p_i/∂a_j = ∂(e^{a_i}/Σ_k e^{a_k})/∂a_j`, `∂y/∂z = ∂σ(z)/∂z` with p, y never
            # defined: the writer puts the name's meaning in its place — a definition
            name, body = exprs[0].expr, exprs[1].expr
            add_definition(scope, name, body, line)
            scope.implicit.add(definition_key(name)[0])
            out.definitions.append({"name": sp.latex(name), "latex": sp.latex(body),
                                    "line": line,       # and the step that said so:
                                    "written": [texts[0].text, texts[1].text]})
            steps = steps[1:]
        elif rels and rels[0] == "=" and _another_label(exprs[0], exprs[1], scope, block):
            # `a_z = w_z x_t + …` then `a_h = w_h x_t + u_h r_t h_{t-1} + b_h` in one block:
            # gate labels, each its own pre-activation — never a claim about the family
            _define_label(scope, exprs[0], exprs[1], line)
            out.definitions.append({"name": texts[0].text, "latex": texts[1].text,
                                    "line": line})
            steps = steps[1:]
        elif rels and rels[0] == "=" and isinstance(exprs[0], AppliedUndef) \
                and _names_a(texts[0].text, exprs[0]) and not chain.condition \
                and scope.lines.get(definition_key(exprs[0])[0], 0) >= block.line \
                and all(isinstance(a, sp.Symbol) for a in exprs[0].args):
            # `f(x) = 1/x → …, \\ f(x) = e^x → …`: a table of gates in one display, each
            # row its own f — a new definition, never a claim that 1/x is e^x (nor that
            # f_a(x) = ax is f_c(x) = c + x at c = a)
            key = definition_key(exprs[0])[0]
            out.definitions.append({"name": texts[0].text, "latex": texts[1].text, "line": line,
                                    "redefines": scope.lines[key]})
            _define(scope, exprs[0], exprs[1], line, (texts[0].text, texts[1].text))
            steps = steps[1:]
        elif rels and rels[0] == "=" and _names_a(texts[0].text, exprs[0]) \
                and 0 < _restated_line(scope, exprs) < block.line \
                and not chain.condition and not _restates_its_cases(exprs[0], scope) \
                and not imposed:         # (`= 0 ⇒ m = np`: what the equation gives, no
            # new meaning of m)
            # a name defined earlier, restated: a step, unless false under the old meaning
            # with no small slip explaining it — then a new definition (SPEC §3.1)
            first_step = decided(*steps[0])
            if _matrix_notation(steps[0][0], steps[0][2], scope):
                first_step = _in_matrix_notation(first_step, *steps[0], scope, condition, work,
                                                 functions)
            # `w_j^{new} = sign(u_j) max(|u_j| − ηλ, 0)` after a worked example's
            # w^{new} = (1.41; −0.73; −0.01): a rule, never those numbers restated
            rule = _has_names(exprs[1]) and _numbers_only(scope, definition_key(exprs[0])[0])
            if first_step["verdict"] == VALID and not rule:
                # the same meaning in a new form (f = qz for f = (x + y)z): later derivatives
                # with respect to q differentiate the form last written; the step keeps the
                # verdict it had under the old one (under the new it holds by definition)
                restated = first_step
                key = definition_key(exprs[0])[0]
                # (`L = ½(1 − 0)²`: its value at the example's numbers, no form; `m = \ln
                # e^m`: m written into itself, no form either)
                if _has_names(exprs[1]) and not _refers_to_itself(exprs[0], exprs[1]):
                    add_definition(scope, exprs[0], exprs[1], scope.lines.get(key, line),
                                   (texts[0].text, texts[1].text))
            elif not rule and (first_step["verdict"] == UNPARSED or rewritten
                               or first_step.get("diagnosis") \
                    and not _new_meaning(texts[0].text, exprs, scope) \
                    or _at_examples(first_step, *steps[0], scope, condition,
                                    work)["verdict"] == VALID \
                    or _relabelled(scope, exprs[0], exprs[1]) \
                    or isinstance(exprs[0], sp.Symbol) and _refers_to_itself(exprs[0], exprs[1]) \
                    or not _has_names(exprs[1]) and first_step["verdict"] != INVALID \
                    and _has_names(scope.defs.get(definition_key(exprs[0])[0])) \
                    or _at_a_point(exprs, scope) or _valued_at_example(exprs, scope)
                    or _instance_at_example(exprs, scope)
                    or _ends_at_old_meaning(steps, rels, decided)):
                # (`m = \ln e^m ≤ …`: the name written into itself is no new one; `ŷ =
                # σ(0.27418)`: a formula's value at an example's numbers, never a constant —
                # unless refuted there, where the numbers are the name's new value)
                pass
            else:
                key = definition_key(exprs[0])[0]
                k = _named_through(exprs, rels, 1, scope)
                if not _has_names(exprs[k]) and _has_names(scope.defs.get(key)):
                    # `L_i = -\log 0.3 ≈ 1.204` after L_i = −log p_{y_i}: a worked example's
                    # value of the formula (at numbers the words give), never a new meaning
                    # for the derivation that follows
                    _example(scope, exprs[0], exprs[k], line)
                    out.given.append(" = ".join(t.text.strip() for t in texts[:k + 1]))
                else:
                    for m in _names_defined(exprs, k, scope):
                        earlier = _line_defined(scope, definition_key(exprs[m])[0])
                        out.definitions.append({"name": texts[m].text, "latex": texts[k].text,
                                                "line": line, **({"redefines": earlier}
                                                                 if earlier else {})})
                        _define(scope, exprs[m], exprs[k], line,
                                (texts[m].text, texts[k].text))
                        if m == 0:      # (Adam's v_t after momentum's: its own recurrence)
                            _note_recurrence(scope, exprs[0], exprs[k], line)
                steps = steps[k:]
        steps = _naming_entries(steps, scope, line, out)
        # (an equation the words before it set to zero, "Setting the derivative to zero:"
        # `1 + x(1 − σ(x)) = 0`, is imposed where it stands, never a fact for the page)
        if steps and not continued and _states_a_fact(exprs, rels, scope) \
                and not (set_to_zero and n == 0) \
                and not marked(chain.text):     # a scalar hypothesis X^T X = I: no
            verdicts = [decided(*st) for st in steps]
            if not all(v["verdict"] == VALID for v in verdicts):
                for lhs, rel, rhs in steps:
                    scope.hypotheses.append(relation(lhs.expr, rel, rhs.expr, evaluate=False))
                if all(r == "=" for r in rels) and _example_value(exprs, [t.text for t in texts]):
                    # `$$w_{11} = 0.2, \quad b_1 = 0.1$$`: a worked example's values, as
                    # the words give them ("Take $w_{11} = 0.2$")
                    _example(scope, exprs[0], exprs[-1], line)
                out.given.append(chain.text.strip())
                previous = None
                continue
        first = len(out.steps)
        as_read = []            # each step valid as written (its shapes aside), or not
        for k, (lhs, rel, rhs) in enumerate(steps):
            in_matrices = _matrix_notation(lhs, rhs, scope)
            kept = restated if k == 0 else None
            iterate = _iterate(lhs, rel, rhs, scope, condition, work) \
                if k == 0 and not continued else None
            found = solution if solution is not None else kept or iterate \
                or decided(lhs, rel, rhs)
            if found["verdict"] != VALID and solution is None and kept is None:
                found = _down_the_recurrence(lhs, rel, rhs, scope, condition, work) or found
            if in_matrices and kept is None:
                found = _in_matrix_notation(found, lhs, rel, rhs, scope, condition, work,
                                            functions)
            at_matrices = None      # decided at a worked example's matrices: no other reading
            if not in_matrices and kept is None and found["verdict"] != VALID \
                    and _number_at_given_matrices(lhs, rhs, scope):
                computed = _at_given_matrices(found, lhs, rel, rhs, scope, condition, work,
                                              functions)
                if computed is not found:
                    found = at_matrices = computed
            if found["verdict"] != VALID and imposed and in_matrices:
                found = _rearranged_in_matrices(
                    lhs, rhs, [written.get(e) for e in imposed], scope, condition, work,
                    functions) or (found if found["verdict"] != INVALID else _unknown(
                        found, "under the equation set to zero before it in the block",
                        "false as an identity; under the equation set to zero before it, "
                        "not decided in matrix notation yet"))
            elif imposed and not in_matrices and (found["verdict"] == INVALID or found.get(
                    "reason_kind") in (ReasonKind.UNDEFINED_NAME.value,
                                       ReasonKind.NOT_REDUCED.value)):
                found = _under_equations(found, lhs, rel, rhs, scope, condition, imposed, work)
            if k == 0 and rel == "=" and found["verdict"] != VALID and lhs.expr in solves:
                found = solves[lhs.expr][0]
            if found["verdict"] in (INVALID, UNKNOWN) and rel == "=" \
                    and k == len(steps) - 1 and rhs.expr == 0 \
                    and getattr(lhs.expr, "free_symbols", None):   # something to solve for
                # `… = 0` closing a chain: an equation imposed (a stationary point), which
                # the lines after it in the block solve — not an identity
                impose(lhs, rhs)
                imposed_last = len(out.steps) + 1
                found = _unknown(found, "an equation imposed", "not an identity: read as an "
                                 "equation imposed (set to zero), which the lines after it "
                                 "solve")
            if found["verdict"] in (INVALID, UNKNOWN) and rel == "=" and chain.system \
                    and not continued:
                # a row of a system (`\begin{cases} k Σx_i² + b Σx_i = Σx_i y_i \\ …`): an
                # equation the unknowns satisfy, which the lines after it solve
                impose(lhs, rhs)
                imposed_last = len(out.steps) + 1
                found = _unknown(found, "an equation of a system", "not an identity: a row "
                                 "of a system of equations, which the lines after it solve")
            if found["verdict"] == INVALID and rel == "=" and k == len(steps) - 1 \
                    and n + 1 < len(chains):
                solved = _solved_next(lhs.expr, rhs.expr, chains[n + 1], scope, work)
                if solved is not None:
                    # `w(Σ x_i² + λ) = Σ x_i y_i ⇒ w_* = …`: the condition the next chain
                    # solves (the derivative set to zero), not an identity
                    v, name, holds = solved
                    impose(lhs, rhs)
                    solves[name] = (dict(holds, reading=f"${sp.latex(name)}$ as the "
                                         f"solution of the equation before it for "
                                         f"${sp.latex(v)}$"), v)
                    found = _unknown(found, "an equation imposed", "not an identity: read "
                                     f"as an equation for ${sp.latex(v)}$, which the "
                                     "chain after it solves")
            if found["verdict"] == INVALID and rel == "=" and k == len(steps) - 1 \
                    and in_matrices and n + 1 < len(chains) \
                    and _solved_for(lhs.expr, rhs.expr, chains[n + 1], scope):
                # `UV^TV = XV ⇒ U = XV(V^TV)^{-1}`: the gradient set to zero, solved for U
                impose(lhs, rhs)
                found = _unknown(found, "an equation imposed", "not an identity: read as an "
                                 "equation the chain after it solves for its first name; "
                                 "that solution is not checked in matrix notation yet")
            if found["verdict"] in (INVALID, UNKNOWN) and rel == "=" and set_to_zero \
                    and not continued and k == 0 and lhs.expr not in solves \
                    and relation(lhs.expr, "=", rhs.expr, evaluate=False) not in written:
                # "Setting both to zero … gives the normal equations:" `n a + b Σ x_i = Σ y_i`:
                # an equation the words impose, which the lines after it solve (one imposed
                # above already, or solved by the chain after it, is not imposed again)
                impose(lhs, rhs)
                imposed_last = len(out.steps) + 1
                found = _unknown(found, "an equation imposed", "not an identity: an equation "
                                 "the words before it impose (set to zero), which the lines "
                                 "after it solve")
            if found["verdict"] in (INVALID, UNKNOWN) and rel == "=" and k == 0 \
                    and not continued and _names_a(lhs.text, lhs.expr) \
                    and not _defined(scope, lhs.expr) and _refers_to_itself(lhs.expr, rhs.expr):
                # `p = e^t (1 - p)`: an equation for p, which the lines after it solve
                impose(lhs, rhs)
                if isinstance(lhs.expr, sp.Indexed) and len(lhs.expr.indices) == 1 \
                        and lhs.expr.indices[0].is_Symbol:
                    scope.recurrences[lhs.expr.base] = (
                        sp.Lambda((lhs.expr.indices[0],), rhs.expr), line)
                found = _unknown(found, "an equation for its first name", "not an identity: "
                                 f"${lhs.text}$ on both sides, an equation for it, which the "
                                 "lines after it solve")
            if k == 0 and not continued and found["verdict"] != VALID:
                found = _as_optimum(found, lhs, rel, rhs, scope, condition, work, functions)
            if not in_matrices and iterate is None and at_matrices is None:
                # scalar readings: not of a matrix step, nor of a step computed at an
                # example's matrices, nor of an iterate, decided at the example's numbers by
                # its recurrence
                found = _readings(found, lhs, rel, rhs, scope, condition, work, exprs)
            elif found["verdict"] == INVALID and _FEATURE_SUPERSCRIPT.search(lhs.text + rhs.text):
                # ⟨w, x_i⟩ beside x_i^j: the feature reading holds in matrix steps too
                found = _other_readings(found, lhs, rel, rhs, scope, condition, work, exprs)
            elif found["verdict"] == INVALID and any(unbracketed_log(t)
                                                     for t in (lhs.text, rhs.text)) \
                    and _log_term_reads_apart(lhs.text, rhs.text, functions):
                # `\log \det[A] \det[B]`: the log of the whole product, in matrices too
                undecided = {"verdict": UNKNOWN, "reason": "", "reason_kind":
                             ReasonKind.NOT_REDUCED.value}
                again = _in_matrix_notation(undecided, lhs, rel, rhs, scope, condition, work,
                                            frozenset(functions | {LOG_WHOLE_TERM}))
                if again["verdict"] != INVALID:
                    found = _unknown(found, "each log without brackets as the log of its "
                                     "whole product term", "false as read; with each log "
                                     "written without brackets as the log of its whole "
                                     f"product term the step is {again['verdict']} — the "
                                     "document does not say which is meant")
            if found["verdict"] == INVALID and points:
                found = _at_points(found, lhs, rel, rhs, scope, condition, points, work)
            found = _as_outer_product(found, lhs, rhs)
            if lhs.note and found["verdict"] in (VALID, INVALID):
                found = dict(found, reading="; ".join(filter(None, [
                    found.get("reading"), lhs.note])))
            if lhs.unit and found["verdict"] == VALID:
                found = dict(found, reading="; ".join(filter(None, [
                    found.get("reading"), f"the amounts in nats: {lhs.unit}"])))
            labelled = _labels_written(lhs, rhs, functions)
            if labelled and found["verdict"] in (VALID, INVALID):
                found = dict(found, reading="; ".join(filter(None, [
                    found.get("reading"), f"${', '.join(labelled)}$ as names with labels "
                    "(the letters of other quantities of the page), not entries"])))
            if found["verdict"] == INVALID and constants_dropped and rel == "=":
                found = up_to_a_constant(work, lhs.expr, rhs.expr, scope, condition) or found
            if k == 0 and found["verdict"] == INVALID and _rests_on_unread_reason(reasons):
                found = dict(found, verdict=UNKNOWN, reason_kind=ReasonKind.UNDEFINED_NAME.value,
                             counterexample=None, values=None, method="", diagnosis=[], reason=(
                                 "false as read, but the step rests on the reason written "
                                 f"beside it (${reasons[0].lhs} = {reasons[0].rhs}$), in "
                                 "names the document does not define: it may hold under it"))
            as_read.append(found["verdict"] == VALID and found.get("reading", "") in (
                "", found.get("shapes")))
            add(lhs.text, rhs.text, **found)
            if found["verdict"] == VALID:            # (a step valid after all sets none)
                awaiting[:] = [w for w in awaiting
                               if not (w.out is out and w.index == len(out.steps) - 1)]
            if awaiting and found["verdict"] == VALID and rel == "=" and k == 0:
                _at_the_solution(awaiting, solved_at, lhs, rhs, solves, line, scope, work,
                                 functions)
        _state_result(exprs, rels, texts, out.steps[first:], scope, out, continued, condition)
        if named and steps and len(out.steps) > first:
            _in_its_last_form(named, exprs, rels, texts, as_read, scope)
        _iterate_value(exprs, rels, out.steps[first:], scope, line)
        if chain.declared:                       # `… = W_2 W_1 \in …`: what it ends at
            found = _declared_step(texts[-1], chain.declared, scope, functions)
            if found is not None:
                add(texts[-1].text, chain.declared, relation="in", **found)
        record = _record(out, steps, first, previous, scope) if steps else None
        previous = _Open(texts[-1], relation_name(chain.open_end) if chain.open_end else None,
                         record)
        if chain.condition:
            rows[_same(chain.condition)] = previous
    if held is not None:
        previous = held[0]
    if previous is not None and chains and all(c.condition for c in chains):
        previous.rows = rows            # a cases block: the next one continues row by row
    if previous is not None and imposed and imposed_last == len(out.steps):
        previous.imposed = imposed      # set to zero last: solved in the block below
        previous.awaiting = awaiting
    return previous


# what stands between a chain and its where-clause: a quad or a comma, or a word saying
# "where"; never an arrow (`2X^T(y − Xw) = 0 ⇒ w = (X^TX)^{-1}X^Ty`: w is solved for),
# unless it points at an aim (`→ \max_w`)
_BESIDE_GAP = re.compile(r"\\q?quad(?![a-zA-Z])|,|\\text\s*\{\s*(where|with|здесь|где)\b")
_CONSEQUENCE = re.compile(r"\\(Rightarrow|Longrightarrow|implies|to|rightarrow|longrightarrow|"
                          r"Leftrightarrow|iff|therefore|mapsto)(?![a-zA-Z])"
                          r"(?!\s*\\(max|min|arg|underset|operatorname))")   # (→ max_w: an aim)


def _where_clauses(chains: list, block: Block, scope: Scope, out: BlockResult,
                   work: Work) -> list:
    """The display less its where-clauses, defined first: `… = C − ½ Σ r_i² → \\max_w,
    \\quad C = −\\frac{\\ell}{2}\\log 2π` names in its last chain what the chains before it
    use — a definition for the whole display, as the words "where C = …" would give it
    before. Only a bare name, written in an earlier chain, that means nothing yet."""
    kept = []
    for n, chain in enumerate(chains):
        name = chain.text.split("=", 1)[0].strip()
        used = re.compile(r"(?<![\\\w])" + re.escape(name) + r"(?![\w{])") if name else None
        gap = block.text[chains[n - 1].offset + len(chains[n - 1].text):chain.offset] \
            if n else ""
        if n == 0 or chain.continues or chain.condition or chain.declared \
                or not _BESIDE_GAP.search(gap) or _CONSEQUENCE.search(gap) \
                or chain.text.count("=") != 1 or not any(used.search(c.text) for c in kept):
            kept.append(chain)
            continue
        try:
            with deadline(work.timeout):
                exprs, rels, _, spans, _ = _parse_repaired(chain, scope)
        except (ParseError, Timeout):
            kept.append(chain)
            continue
        if rels != ["="] or not _names_a(spans[0], exprs[0]) or _defined(scope, exprs[0]) \
                or _refers_to_itself(exprs[0], exprs[1]):
            kept.append(chain)
            continue
        line = block.offset_line + block.text[:chain.offset].count("\n")
        if not _has_names(exprs[1]):
            if _example_value(exprs, spans):       # `…, \quad a = 2`: the example's value
                _example(scope, exprs[0], exprs[1], line)
                out.given.append(chain.text.strip())
            else:
                kept.append(chain)
            continue
        _define(scope, exprs[0], exprs[1], line, (spans[0], spans[1]))
        out.definitions.append({"name": spans[0], "latex": spans[1], "line": line})
    return kept


def _labels_written(lhs, rhs, functions) -> list:
    """The names with a label (`Document.label_subscripts`) a step reads, as written: a_h."""
    found = set()
    for e in (lhs.expr, rhs.expr):
        for s in e.atoms(sp.Symbol) if isinstance(e, sp.Basic) else ():
            base, brace, sub = s.name.partition("_{")
            if brace and labelled(base, sub[:-1], functions):
                found.add(f"{base}_{{{sub[:-1]}}}")
    return sorted(found)


def _has_names(e) -> bool:
    return isinstance(e, sp.Basic) and bool(e.free_symbols)


def _same(condition: str) -> str:
    """A condition's text, spelled one way (`i \\neq j` and `i\\neq j` alike)."""
    return re.sub(r"\s+|\\(text|mathrm)\{\s*(if|for)\s*\}", "", condition).replace("\\ne ", "\\neq")


@dataclass
class _Unread:
    """An element of a chain that does not read, with why; `misshapen`: it multiplies
    matrices written out whose shapes do not fit — a slip of the writer's, not ours."""
    text: str
    reason: str
    misshapen: str = ""         # the shapes that do not fit, where that is why


def _by_elements(block: Block, chain, scope: Scope, out: BlockResult, previous, err,
                 work: Work, prose_condition, n: int):
    """A chain that does not read as a whole, read element by element: a step between two
    elements that read is decided as any step; one with an unreadable side is `unparsed`,
    saying where. (One `\\vdots` must not cost the other steps of the chain.)"""
    def add(lhs, rhs, **kw):
        kw.pop("squared", None)         # (notes between the readings, no part of a result)
        kw.pop("shapes", None)
        out.steps.append(StepResult(len(out.steps) + 1, lhs, rhs, **kw))

    pieces = split_relations(chain.text)
    if len(pieces) < 2:
        add(chain.text.strip(), "", verdict=UNPARSED, reason=_position(block, chain.offset, err))
        return None
    items, rels = [], [relation_name(r) for _, _, r in pieces[1:]]
    for text, offset, _ in pieces:
        try:
            with deadline(work.timeout):
                items.append(_Text(read_expr(text, frozenset(scope.functions)), text.strip()))
        except ParseError as e:
            items.append(_Unread(text.strip(), _position(block, chain.offset + offset, e),
                                 e.message if isinstance(e, Misshapen) else ""))
        except Timeout:
            items.append(_Unread(text.strip(), f"line {block.line}: reading took too long"))
    steps = list(zip(items, rels, items[1:]))
    if chain.continues and previous is not None:
        steps.insert(0, (previous.expr, relation_name(chain.continues), items[0]))
    elif n == 0 and previous is not None and previous.open:
        steps.insert(0, (previous.expr, previous.open, items[0]))
    elif rels[0] == "=" and all(isinstance(i, _Text) for i in items[:2]) \
            and _names_a(items[0].text, items[0].expr) and not _defined(scope, items[0].expr):
        add_definition(scope, items[0].expr, items[1].expr, 0, (items[0].text, items[1].text))
        out.definitions.append({"name": items[0].text, "latex": items[1].text,
                                "line": block.line})
        steps = steps[1:]
    own = _condition(chain, scope)
    condition = tuple(c for c in prose_condition if not isinstance(c, Point)) \
        + ((own,) if own is not None else ())
    for lhs, rel, rhs in steps:
        unread = next((i for i in (lhs, rhs) if isinstance(i, _Unread)), None)
        if unread is not None and unread.misshapen and rel == "=":
            add(lhs.text, rhs.text, verdict=INVALID, relation=rel, method="shapes",
                reason_kind=ReasonKind.COUNTEREXAMPLE.value,
                reason=f"the shapes do not fit: {unread.reason}",
                counterexample={"shapes": unread.misshapen})
            continue
        if unread is not None:
            add(lhs.text, rhs.text, verdict=UNPARSED, reason=unread.reason, relation=rel)
            continue
        found = work.verdict(lhs.expr, rel, rhs.expr, scope, condition or None,
                             (lhs.text, rhs.text))
        add(lhs.text, rhs.text, **_readings(found, lhs, rel, rhs, scope, condition, work,
                                            [i.expr for i in items if isinstance(i, _Text)]))
    last = items[-1]
    return _Open(last, relation_name(chain.open_end) if chain.open_end else None) \
        if isinstance(last, _Text) else None


def _log_term_reads_apart(left: str, right: str, functions) -> bool:
    """Whether reading each unbracketed log as the log of its whole term changes the step
    in matrix notation (`\\log \\det A \\det B`; not `\\log \\sigma(w^T x)`, one factor)."""
    try:
        with deadline(1.0):
            whole = frozenset(functions | {LOG_WHOLE_TERM})
            return any(_in_matrices(t, functions) != _in_matrices(t, whole)
                       for t in (left, right))
    except (ParseError, Timeout, IndexError, ValueError, TypeError):
        return False


def _in_matrix_notation(found: dict, lhs, rel, rhs, scope: Scope, condition, work: Work,
                        functions) -> dict:
    """A step written with transposes or bold capitals is read in matrix notation, where
    factors keep their order: its verdict there stands. Where that reading decides
    nothing, a scalar `valid` stands only if it cannot depend on an order of factors (no
    product of two matrices or vectors outside a function's argument, as in e^{x^T w}),
    and a scalar `invalid` never (x^T and x were unrelated names there). Called only
    for a step `_matrix_notation` says is one."""
    try:
        with deadline(work.timeout):
            left = _in_matrices(lhs.text, functions)
            right = _in_matrices(rhs.text, functions)
            defs = _matrix_definitions(scope, functions)
            stated = [h for h in defs if isinstance(h, sp.Derivative)
                      and any(e.has(h) for e in (left, right))]
            written = left, right
            left, right = (_expand_in_matrices(e, defs) for e in (left, right))
    except (ParseError, Timeout, IndexError, ValueError, TypeError):
        if _in_entries(lhs.expr, rhs.expr):
            return found        # (W^T δ)_j = Σ_k W_{kj} δ_k: index notation once read
        return _unordered(found, {"reason": "matrix notation that the matrix reading "
                                            "cannot read", "reason_kind": ReasonKind.SYNTAX})
    again = work.verdict(left, rel, right, scope, condition or None)
    if again["verdict"] != VALID and stated:
        # `∂ξ_i/∂y_i ∂y_i/∂z_i ∂z_i/∂w = x_i y_i(1 − y_i) …` with ∂ξ_i/∂y_i, ∂z_i/∂w stated:
        # z_i, which the step still differentiates by, stays a name on both sides (y_i =
        # σ(z_i), not σ(x_i wᵀ), on the right too). Taken only where it proves the step:
        # with z a free name the sides are equal for every z, so for its definition too
        try:
            with deadline(work.timeout):
                said = {h: v for h, v in defs.items() if isinstance(h, sp.Derivative)}
                first = tuple(_expand_in_matrices(e, said) for e in written)
                kept = _differentiated_by(*first)
                both = tuple(_expand_in_matrices(e, defs, keep=kept) for e in first) \
                    if kept else None
        except (Timeout, IndexError, ValueError, TypeError):
            both = None
        if both is not None and both != (left, right):
            named = work.verdict(*both[:1], rel, both[1], scope, condition or None)
            if named["verdict"] == VALID:
                names = ", ".join(f"${n}$" for n in sorted(kept))
                again = dict(named, reading="; ".join(filter(None, [
                    named.get("reading"), f"{names} kept as names on both sides"])))
    if again["verdict"] not in (VALID, INVALID):
        again = _through_unknown_scalars(again, written, rel, defs, scope, condition, work)
    if again["verdict"] != VALID:
        again = _at_example_vectors(again, written, rel, scope, condition, work, functions,
                                    defs, (lhs.text, rhs.text))
    squared, again = again.get("squared"), {k: v for k, v in again.items() if k != "squared"}
    if squared and found["verdict"] != INVALID:
        # (XᵀX)⁻¹Xᵀy = X⁻¹y with X ∈ R^{n×d}: true for a square X only — scalars invert
        # freely, so a scalar proof says nothing of the sizes the document declares
        return dict(again, diagnosis=[])
    if stated:
        used = ", ".join(f"${sp.latex(h)} = {sp.latex(defs[h])}$" for h in stated)
        if again["verdict"] == VALID:
            again = dict(again, reading="; ".join(
                r for r in (again.get("reading"), f"with {used} as stated earlier in the "
                            "document") if r))
        elif again["verdict"] == INVALID and set(stated) <= _proved(scope, functions):
            again = dict(again, reading="; ".join(
                r for r in (again.get("reading"), f"with {used} as proved earlier in the "
                            "document") if r))
        elif again["verdict"] == INVALID:      # the statement or this step slipped
            return _unknown(found, f"{used} as stated earlier", f"false with {used} as "
                            "stated earlier in the document: that statement, which derive "
                            "cannot check, or this step is wrong")
    if again["verdict"] == INVALID and not marked(lhs.text, rhs.text) \
            and not _given_in_numbers(lhs, rhs, scope) and found["verdict"] != INVALID:
        # nothing in the step says matrix: only a declaration earlier did, and a letter
        # declared a vector may be a number again here (f(x) = e^x after x ∈ R^D)
        return _unknown(found, again.get("reading") or "", "false with the shapes declared "
                        f"earlier ({again['reason']}); the step itself writes no matrix "
                        "notation, and read with numbers it is " + found["verdict"])
    if again["verdict"] == INVALID and _entries_beside(left, right):
        # ∂(a^T x)/∂x_k = a_k: a_k is a's k-th entry, which the matrix reading takes for a
        # vector of its own
        if found["verdict"] in (VALID, INVALID) and inner_products([lhs.expr, rhs.expr])[0]:
            return found     # ⟨w, x⟩ beside w_j, x_j: index notation, written out (named)
        return _unknown(found, again.get("reading") or "", "false in the matrix reading, "
                        "which takes an entry written beside its matrix or vector (a_k "
                        "beside a) for another vector; in index notation it is "
                        + found["verdict"])
    if again["verdict"] in (VALID, INVALID):
        return dict(again, diagnosis=again.get("diagnosis") or [])
    if found["verdict"] in (VALID, INVALID) and _entries_beside(left, right) \
            and inner_products([lhs.expr, rhs.expr])[0]:
        return found     # ∂/∂w_j of (wᵀx − y)² beside x_j: index notation, as read there
    # index notation throughout (G_{mk} X_{mi} δ_{kj}): proved there — never a scalar
    # `invalid`, which the matrix reading may know better (y_i = ±1)
    if found["verdict"] == VALID and _in_entries(lhs.expr, rhs.expr) \
            and not _entrywise(left, right):
        return found
    if found["verdict"] == INVALID and _at_size_one(lhs.expr, rhs.expr, scope):
        # −(y log σ(wᵀx) + …) against −y log σ(wᵀx) + … under y ∈ {0, 1}: refuted in
        # scalar algebra with wᵀ a name that w itself never stands beside — the instance
        # in which every vector and matrix has one entry (a name's transpose is itself)
        return dict(found, reading="; ".join(filter(None, [
            found.get("reading"), "every vector and matrix of one entry (d = 1), where a "
            "transpose is the name itself and products commute"])))
    if found["verdict"] == INVALID or found["verdict"] == VALID \
            and (matrices.order_matters(left, right) or _entrywise(left, right)):
        return _unordered(found, again)
    if found["verdict"] == UNKNOWN and again.get("reason_kind") == ReasonKind.READING.value:
        return dict(again, diagnosis=[])        # true in one layout or reading: say which
    return found


def _through_unknown_scalars(found: dict, written, rel, defs: dict, scope: Scope, condition,
                             work: Work) -> dict:
    r"""`∂I/∂\vec P = ∂I/∂\vec Q\, W^T` beside `\vec Q = W\vec P + \vec b`, with I
    defined nowhere: I is a number that depends on P, W, b through Q — an unknown function
    of Q's entries (`_unknown_scalars`), differentiated through the definitions — and the
    step is decided for every such function (valid) or refuted for one (a counterexample
    names it). `found` stands where the reading does not apply or decides nothing."""
    modelled = _unknown_scalars(written, defs)
    if not modelled:
        return found
    try:
        with deadline(work.timeout):
            sides = tuple(_through_unknown(e, modelled, defs) for e in written)
    except (Timeout, IndexError, ValueError, TypeError, ParseError):
        return found
    again = work.verdict(sides[0], rel, sides[1], scope, condition or None)
    if again["verdict"] not in (VALID, INVALID):
        return found
    said = "; ".join(f"${sp.latex(s)}$ a function of ${sp.latex(m)}$ alone, through which "
                     "it depends on the names it is differentiated by here"
                     for s, m in modelled.items())
    return dict(again, reading="; ".join(filter(None, [again.get("reading"), said])))


def _unknown_scalars(exprs, defs: dict) -> dict:
    """{I: M} for each name I the step differentiates but nothing defines, and writes
    nowhere else, by two names or more of which one, M, a name defined, is defined in
    terms of the others (directly or through other definitions): the name I depends on
    them through."""
    derivatives = [d for e in exprs if isinstance(e, sp.Basic)
                   for d in e.atoms(sp.Derivative)]
    bare = set().union(*(e.xreplace({d: sp.Integer(0) for d in derivatives}).free_symbols
                         for e in exprs if isinstance(e, sp.Basic)))
    out = {}
    for name in {d.expr for d in derivatives if isinstance(d.expr, sp.Symbol)}:
        if name in defs or name in bare or any(
                isinstance(h, sp.Symbol) and h.name == name.name for h in defs):
            continue
        by = {d.variables[0] for d in derivatives if d.expr == name}
        if len(by) < 2 or any(len(d.variable_count) != 1 or d.variable_count[0][1] != 1
                              for d in derivatives if d.expr == name):
            continue
        outer = [m for m in by if m in defs
                 and all(v == m or _reaches(defs[m], v, defs) for v in by)]
        # (no other name the document defines uses them but through M: a second way from
        # them to I — a skip connection S = R + P — would be a term this reading leaves out)
        if len(outer) == 1 and not any(
                h != outer[0] and not _reaches(defs[outer[0]], h, defs)
                and any(_reaches(defs[h], v, defs, avoid=outer[0])
                        for v in by - {outer[0]})
                for h in defs if isinstance(h, (sp.Symbol, sp.Indexed))):
            out[name] = outer[0]
    return out


def _reaches(body, v, defs: dict, depth: int = 4, avoid=None) -> bool:
    """Whether a definition's body uses v, directly or through other definitions (never
    through `avoid`'s)."""
    if not isinstance(body, sp.Basic):
        return False
    if body.has(v):
        return True
    return depth > 0 and any(_reaches(defs[h], v, defs, depth - 1, avoid)
                             for h in body.free_symbols if h in defs and h != avoid)


def _through_unknown(expr, modelled: dict, defs: dict):
    """expr with each ∂I/∂v of `_unknown_scalars` made the derivative of an unknown
    function of M's entries, M expanded down to v (and, where v is itself defined, at v's
    definition), and the rest of expr expanded as the matrix reading expands it."""
    holes, put = {}, {}
    for d in expr.atoms(sp.Derivative):
        if d.expr not in modelled:
            continue
        v = d.variables[0]
        letter = str(v.base if isinstance(v, sp.Indexed) else v)
        inner = _expand_in_matrices(matrices.scalar_function(sp.latex(d.expr))(
            modelled[d.expr]), defs, keep={letter})
        form = sp.Derivative(inner, v)
        if v in defs:                     # ∂I/∂Q where Q = WP + b: at Q's value
            form = sp.Subs(form, v, _expand_in_matrices(v, defs))
        holes[d] = sp.Dummy(commutative=False)
        put[holes[d]] = form
    return _expand_in_matrices(expr.xreplace(holes), defs).xreplace(put)


def _at_example_vectors(found: dict, written, rel, scope: Scope, condition, work: Work,
                        functions, defs: dict, texts=None) -> dict:
    """`w^T x + b = 0,5·2 + (−1)·1 + 0` after `$w = (0{,}5;\\ -1)$`, `$x = (2;\\ 1)$`: the
    matrix reading refuted with w and x of any shape is decided again with the vectors
    the worked example gives (their entries, as `_tuple_entries` read them)."""
    listed: dict = {}
    for name, (value, line) in scope.examples.items():
        m = re.fullmatch(r"([a-zA-Z])\[(\d+)\]", name)
        if m and getattr(value, "is_number", False):
            listed.setdefault(m.group(1), []).append((line, int(m.group(2)), value))
    given = {}
    for letter, found_entries in listed.items():
        last = max(line for line, _, _ in found_entries)    # the vector the example gives
        values = {k: v for line, k, v in found_entries if line == last}    # last
        first = min(values)
        if len(values) < 2 or sorted(values) != list(range(first, first + len(values))):
            continue
        for spelled in (letter, rf"\mathbf{{{letter}}}"):   # (y = (1, 2, 2)ᵀ for a bold y)
            try:
                head = _in_matrices(spelled, functions)
            except ParseError:
                continue
            if head not in defs and any(e.has(head) for e in written
                                        if isinstance(e, sp.Basic)):
                given[head] = sp.Matrix([values[k] for k in sorted(values)])
    # `$W = \begin{bmatrix} 1 & 2 \\ 0 & -1 \end{bmatrix}$`: a matrix given in numbers
    written_out = {head: value for head, value in defs.items() if _in_numbers(head, value)}
    for name, (value, _) in scope.examples.items():    # (`$dD = …$` after dD = ∂L/∂D)
        if isinstance(value, sp.MatrixBase):
            try:
                head = _in_matrices(name, functions)
            except ParseError:
                continue
            if _in_numbers(head, value) and any(e.has(head) for e in written
                                                if isinstance(e, sp.Basic)):
                written_out[head] = value
    for key, value in scope.defs.items():   # (`\mathbf{x} = (x_1, x_2)^T`, kept by entries)
        key = key.label if isinstance(key, sp.IndexedBase) else key
        value = _written_entries(value)
        if _in_numbers(key, value):
            try:
                head = _in_matrices(sp.latex(key), functions)
            except ParseError:
                continue
            if head not in written_out and any(e.has(head) for e in written
                                               if isinstance(e, sp.Basic)):
                written_out[head] = value
    given |= written_out
    defs = {head: value for head, value in defs.items() if head not in given}
    if not given:
        return found
    numbers = {}
    for name, (value, _) in scope.examples.items():     # (b = 0 beside them; λ = 0.1)
        spelled = sp.latex(sp.Symbol(name)) if re.fullmatch(r"[a-zA-Z]+", name) else ""
        if (len(name) == 1 or spelled.startswith("\\")) \
                and getattr(value, "is_number", False):
            try:
                head = _in_matrices(spelled, functions)
            except ParseError:
                continue
            if head not in defs and head not in given:
                numbers[head] = value
    plain = {**numbers, **{head: sp.ImmutableMatrix(v) for head, v in given.items()}}

    def with_transposes(named: dict) -> dict:
        return {**named, **{Transposed(h): sp.ImmutableMatrix(v.T) for h, v in named.items()
                            if isinstance(v, sp.MatrixBase)}}
    # a vector given as a row, `(1, 2, 2)^T` read (1, 2, 2), is a column too: each way the
    # shapes allow is tried, and a step is computed only where they all agree (a name's
    # transpose is the transpose of the way it is taken)
    values = with_transposes(plain)
    columns = with_transposes({h: sp.ImmutableMatrix(v.T) if getattr(v, "rows", 0) == 1 else v
                               for h, v in plain.items()})
    ways = [values] + ([columns] if columns != values else [])

    def put(e, values):      # 1 × 1: the number wᵀx is
        e = _expand_in_matrices(e, defs)
        if entries.is_written(e) or isinstance(e, sp.Basic) and e.is_number:
            return e
        if isinstance(e, sp.Basic) and any(getattr(a, "name", None) == APART_DIM.name
                                           for a in e.free_symbols) \
                or matrices.differentiates_unwritten_count(e):
            return None         # (½ Σ_{n,m} Y²_nm: a count no bound writes, not computed)
        computed = matrices.at_written(e, values)      # products in their written order
        if computed is not None or written_out:
            return computed     # (None: a name not given, `dD` read as d times D)
        if isinstance(e, sp.Basic) and (e.has(sp.Derivative) or any(
                a.base.label in values for a in e.atoms(sp.Indexed))):
            return None         # (x_j of a given x at a free j, ∂y_i/∂x_j: no value here)
        e = e.xreplace(values).doit() if isinstance(e, sp.Basic) else e
        return e[0, 0] if isinstance(e, sp.MatrixBase) and e.shape == (1, 1) else e
    try:
        with deadline(work.timeout):
            computed = {(left, right) for way in ways
                        for left, right in [tuple(put(e, way) for e in written)]
                        if left is not None and right is not None}
    except (ParseError, Timeout, IndexError, ValueError, TypeError, sp.ShapeError):
        return found
    if len(computed) != 1:
        return found
    [(left, right)] = computed
    again = work.verdict(left, rel, right, scope, condition or None, texts)
    if again["verdict"] not in (VALID, INVALID):
        return found if found["verdict"] != INVALID else _unknown(
            found, "", "false with the vectors of any shape; at the worked example's "
            "vectors not decided")
    said = ", ".join(f"${sp.latex(h)} = {sp.latex(v.T)}^T$" if v.shape[1] == 1
                     else f"${sp.latex(h)} = {sp.latex(v)}$" for h, v in given.items())
    return dict(again, reading=f"at the worked example's values {said}")


def _in_numbers(head, value) -> bool:
    """Whether a definition gives a name as a matrix written out in full — in numbers, or
    in entries of its own (`\\mathbf{x} = (x_1, x_2)^T`), never with dots or the name."""
    return isinstance(head, sp.Symbol) and isinstance(value, sp.MatrixBase) \
        and not value.has(ELLIPSIS) and not value.has(head) \
        and not any(isinstance(e, sp.MatrixBase) for e in value)


def _written_entries(value):
    """A vector defined entry by entry from its writing out (k ↦ x_1 at k = 1, x_2 at k = 2)
    as the column it was written as; any other value as it is."""
    if not (isinstance(value, sp.Lambda) and len(value.variables) == 1
            and isinstance(value.expr, sp.Piecewise)):
        return value
    k, rows = value.variables[0], {}
    for expr, cond in value.expr.args:
        if isinstance(cond, sp.Eq) and cond.lhs == k and cond.rhs.is_Integer:
            rows[int(cond.rhs)] = expr
        elif not (cond is sp.true and expr is sp.nan):
            return value
    if sorted(rows) != list(range(1, len(rows) + 1)):
        return value
    return sp.ImmutableMatrix([rows[i] for i in sorted(rows)])


def _given_in_numbers(lhs, rhs, scope: Scope) -> bool:
    """A step between a matrix written out and an expression of names the document gives
    as numbers (`W x = [5; −1]` after `$W = [[1, 2], [0, −1]]$`, `e^f = (7.39, 1, 0.37)`
    after `$f = (2, 0, −1)$`): matrix notation, computed at those numbers."""
    if not (isinstance(lhs, _Text) and isinstance(rhs, _Text)) \
            or entries.is_written(lhs.expr) == entries.is_written(rhs.expr):
        return False
    other = rhs.expr if entries.is_written(lhs.expr) else lhs.expr
    listed = {k.split("[")[0] for k in scope.examples if "[" in k}
    return isinstance(other, sp.Basic) and any(
        _in_numbers(a, scope.defs.get(a)) or (bold_letter(str(a)) or str(a)) in listed
        for a in other.free_symbols)


def _number_at_given_matrices(lhs, rhs, scope: Scope) -> bool:
    """A number against an expression of a name a worked example gives as a matrix of
    numbers (`R(W) = 1^2 + (-2)^2 + 0.5^2 + 0^2` after `$W = [[1, -2], [0.5, 0]]$`)."""
    if not (isinstance(lhs, _Text) and isinstance(rhs, _Text)):
        return False
    numbers = [isinstance(e.expr, sp.Basic) and e.expr.is_number for e in (lhs, rhs)]
    if numbers[0] == numbers[1]:
        return False
    other = rhs.expr if numbers[0] else lhs.expr
    return isinstance(other, sp.Basic) and any(
        _in_numbers(a, scope.defs.get(a)) and min(scope.defs[a].shape) > 1
        for a in other.free_symbols)


def _at_given_matrices(found: dict, lhs, rel, rhs, scope: Scope, condition, work: Work,
                       functions) -> dict:
    """`_number_at_given_matrices`'s step computed at the example's matrices in the matrix
    reading (`_at_example_vectors`): only a value computed there decides it — the matrix
    reading at sizes of its own says nothing of a number the example gives."""
    try:
        with deadline(work.timeout):
            written = (_in_matrices(lhs.text, functions), _in_matrices(rhs.text, functions))
            defs = _matrix_definitions(scope, functions)
    except (ParseError, Timeout, IndexError, ValueError, TypeError):
        return found
    return _at_example_vectors(found, written, rel, scope, condition, work, functions, defs,
                               (lhs.text, rhs.text))


def _entrywise(*exprs) -> bool:
    """Whether the step writes A ⊙ B or u ⊗ v: the scalar reading takes it for a product,
    which for arrays it is not (W_2 ⊙ W_1 is no W_2 W_1), so a scalar `valid` cannot
    stand."""
    return any(isinstance(e, sp.Basic) and e.has(Hadamard, Kronecker) for e in exprs)


def _entries_beside(*exprs) -> bool:
    """Whether the step differentiates by an entry (∂/∂x_k, ∂/∂X_{kl}) and writes an entry
    (a_k, A_{lk}, by index letters) of a matrix or vector it also writes whole (a, A): a
    derivative in index notation."""
    exprs = [e for e in exprs if isinstance(e, sp.Basic)]
    if not any(isinstance(v, sp.Indexed) for e in exprs for d in e.atoms(sp.Derivative)
               for v in d.variables):
        return False
    bare = [e.xreplace({i: sp.Dummy() for i in e.atoms(sp.Indexed)}) for e in exprs]
    whole = {bold_letter(str(s)) or str(s) for e in bare for s in e.free_symbols
             if isinstance(s, sp.Symbol) and not isinstance(s, sp.Dummy)}   # (x_k of \mathbf{x})
    return any(str(i.base.label) in whole and all(j.is_Symbol for j in i.indices)
               for e in exprs for i in e.atoms(sp.Indexed))


def _in_matrices(text: str, functions):
    """The first expression of LaTeX text in the matrix reading."""
    return read_chain(text, functions | {MATRIX_READING})[0][0]


def _matrix_definitions(scope: Scope, functions) -> dict:
    """The document's definitions, read again in matrix notation from what was written:
    {name as read: body as read}."""
    found = {}
    for name, body in scope.texts.values():
        try:
            with deadline(1.0):
                found[_in_matrices(name, functions)] = _in_matrices(body, functions)
        except (ParseError, Timeout, IndexError):
            continue
    return found


def _proved(scope: Scope, functions) -> set:
    """The derivatives a display stated and derive proved there, read in matrix notation."""
    found = set()
    for key, (name, _) in scope.texts.items():
        if isinstance(key, tuple) and key[0] == "proved":
            try:
                with deadline(1.0):
                    found.add(_in_matrices(name, functions))
            except (ParseError, Timeout, IndexError):
                continue
    return found


def _differentiated_by(*exprs) -> set:
    """The names (by their letters) the expressions differentiate by."""
    return {str(v.base if isinstance(v, sp.Indexed) else v) for e in exprs
            if isinstance(e, sp.Basic) for d in e.atoms(sp.Derivative) for v in d.variables}


def _expand_in_matrices(expr, found: dict, depth: int = 3, keep=None):
    """expr with the definitions (`_matrix_definitions`) put in place of the names they
    define (Q(w) = (y − Xw)^T(y − Xw), z = Wx + b); `keep`: the names (by their letters)
    left as they are, where not those expr differentiates by."""
    by = _differentiated_by(expr) if keep is None else keep   # a name differentiated by
    found = {h: v for h, v in found.items()
             if str(h.base if isinstance(h, sp.Indexed) else h) not in by}
    plain = {h.name for h in found if isinstance(h, sp.Symbol)}
    # a plain f defined too (f = W_3 x after f(x_i, W) = W x_i): the bare f is that one
    found = {h: v for h, v in found.items()
             if not (isinstance(h, AppliedUndef) and h.func.__name__ in plain)}
    # (L(w) = … beside L(w, b) = …: each call by the definition of its own arity first,
    # before the one of more arguments takes it as written with fewer)
    found = dict(sorted(found.items(),
                        key=lambda hv: len(hv[0].args) if isinstance(hv[0], AppliedUndef) else 0))
    for _ in range(depth):
        before = expr
        for head, value in found.items():
            if keep is None and str(head.base if isinstance(head, sp.Indexed) else head) \
                    in _differentiated_by(expr):
                continue        # (dD = ∂L/∂D put in: D is now a variable, never W X)
            expr = _put(expr, head, value)
        if expr == before:
            break
    return expr


def _put(expr, head, value):
    """expr with the name `head` (x, a_j, f(w), or a derivative an earlier display states)
    replaced by `value`, indices and arguments matched."""
    if isinstance(head, sp.Symbol):      # (W = W_1 W_2: W_1 is a matrix of its own, no
        kept = {i: sp.Dummy(commutative=i.is_commutative)       # entry of W)
                for i in expr.atoms(sp.Indexed) if head in i.base.free_symbols}
        if kept:
            back = {d: i for i, d in kept.items()}
            return _put(expr.xreplace(kept), head, value).xreplace(back)
    if isinstance(head, sp.Symbol) and isinstance(value, sp.MatrixBase):
        # X = (…) written out: Xᵀ is its transpose, never a scalar before it
        return expr.xreplace({Transposed(head): value.T, head: value})
    if isinstance(head, (sp.Symbol, sp.Derivative)):   # ∂ξ_i/∂y_i: a stated derivative
        return expr.xreplace({head: value})
    if isinstance(head, AppliedUndef) and not all(isinstance(a, sp.Symbol) for a in head.args):
        return expr.xreplace({head: value})     # MSE(Y, Xw): a call stated at those arguments
    if isinstance(head, sp.Indexed) and all(i.is_Integer for i in head.indices):
        return expr.xreplace({head: value})                 # W_3 = W_2 W_1: one matrix
    if isinstance(head, sp.Indexed) and isinstance(value, sp.Basic) and not value.free_symbols:
        # `w_t = (0.5, −1.2)^⊤`: the value at that t, never w_{t+k} for every k
        return expr.xreplace({head: value})
    if isinstance(head, sp.Indexed) and all(isinstance(i, sp.Symbol) for i in head.indices):
        return expr.replace(lambda e: isinstance(e, sp.Indexed) and e.base == head.base
                            and len(e.indices) == len(head.indices),
                            lambda e: value.xreplace(dict(zip(head.indices, e.indices))))
    if isinstance(head, AppliedUndef) and all(isinstance(a, sp.Symbol) for a in head.args):
        at = sp.Lambda(head.args, value)     # (LSE(z + c𝟏): at the entries z_i + c)
        expr = expr.replace(lambda e: isinstance(e, AppliedUndef) and _same_function(e, head)
                            and len(e.args) == len(head.args)
                            and entries_of_arguments(at, e.args) is not None,
                            lambda e: entries_of_arguments(at, e.args)(*e.args))
        # Q(w) after Q(Y, X, w) = …: written with only the arguments it varies in, the
        # others as they were named
        expr = expr.replace(lambda e: isinstance(e, AppliedUndef) and _same_function(e, head)
                            and 0 < len(e.args) < len(head.args)
                            and len(set(e.args)) == len(e.args) <= len(set(e.args) & set(head.args)),
                            lambda e: value)
        # a bare f of f(x), l of l(w, b): the function at its own arguments (d f, ∇f,
        # ∂_w l), as the scalar reading takes it (Scope.function_bodies)
        expr = expr.xreplace({s: value for s in expr.atoms(sp.Symbol)
                              if s.name == head.func.__name__})
        # l^{(j)} of l^{(i)}(w, b): sample j's loss, at w and b
        slots = subscript_slots(head.func)
        name = slots[0] if slots and slots[1] == 1 else head.func.__name__
        labelled = sp.Lambda(head.args[:1], value) if slots and slots[1] == 1 \
            else sample_labelled(name, sp.Lambda(head.args, value))
        if labelled is not None:
            expr = expr.replace(lambda e: isinstance(e, sp.Indexed) and len(e.indices) == 1
                                and str(e.base.label) == name,
                                lambda e: labelled(*e.indices))
    return expr


def _same_function(e, head) -> bool:
    """One function by its name: ∇Q(w) keeps Q in its place in matrix notation (Q then
    does not commute), Q(Y, X, w) = … was read as a number's function."""
    return type(e).__name__ == type(head).__name__


_ELLIPSIS_ALONE = re.compile(r"\\[lc]?dots|\\dotsc|\.\.\.")


def _listed_names(text: str) -> list[str]:
    """The names a declaration lists (`x, \\mu`; `x_1, \\dots, x_n` without its dots)."""
    names = [n.strip() for n in entries._split_top(text, ",")]
    return [n for n in names if n and not _ELLIPSIS_ALONE.fullmatch(n)] if len(names) > 1 \
        else [text]


def _declare(name: str, declared: str, scope: Scope, functions) -> None:
    """Record the shape a declaration gives a name, for the matrix reading — and forget
    the values the words gave it before (`y \\in \\{0, 1\\}` under a classification heading,
    then `y \\in \\mathbb{R}` for a regression: a real number again). A list of names,
    `x, \\mu \\in \\mathbb{R}^d`, gives each the shape."""
    names = _listed_names(name)
    if len(names) > 1:
        for each in names:
            _declare(each, declared, scope, functions)
        return
    shape = declared_shape(declared)
    if shape is False:
        return
    if shape is None or shape == (1, 1):
        plain = sp.Symbol(name.strip(), real=True)
        scope.hypotheses = [h for h in scope.hypotheses
                            if not (isinstance(h, sp.Eq) and h.free_symbols == {plain})]
    try:
        with deadline(1.0):
            head = _in_matrices(name, functions)
    except (ParseError, Timeout, IndexError):
        return
    if isinstance(head, (sp.Symbol, sp.Indexed)):
        scope.shapes[sp.latex(head)] = shape
    letter = bold_letter(name.strip()) or (name.strip() if re.fullmatch(r"[a-z]", name.strip())
                                           else None)
    if shape and shape[1] == 1 and isinstance(shape[0], sp.Symbol) and len(shape[0].name) == 1 \
            and letter and re.fullmatch(r"[a-z]", letter):
        # `$\mathbf{z} \in \mathbb{R}^K$`: z has K entries, as `z = (z_1, …, z_K)` says
        scope.give_length(letter, index_symbol(shape[0].name), 0)


def _call_symmetric(name: str, scope: Scope) -> None:
    """"the symmetry of $\\Lambda$": a reading of the matrix notation may take Λ symmetric."""
    try:
        with deadline(1.0):
            head = _in_matrices(name, scope.functions)
    except (ParseError, Timeout, IndexError):
        return
    scope.symmetric = scope.symmetric | {sp.latex(head)}


def _undeclare(name: str, scope: Scope) -> None:
    """"for square $A$" after `A \\in \\mathbb{R}^{p \\times m}`: the words give the
    matrix another shape than declared, one the matrix reading finds for itself."""
    try:
        with deadline(1.0):
            head = _in_matrices(name, scope.functions)
    except (ParseError, Timeout, IndexError):
        return
    scope.shapes.pop(sp.latex(head), None)


def _declared_step(last: _Text, declared: str, scope: Scope, functions) -> dict | None:
    """`W_2 W_1 \\in \\mathbb{R}^{C \\times H}`: the verdict on its shape, or None."""
    try:
        with deadline(1.0):
            expr = _in_matrices(last.text, functions)
            if isinstance(expr, (sp.Symbol, sp.Indexed)):
                return None                   # a name: a declaration, not a claim
            expr = _expand_in_matrices(expr, _matrix_definitions(scope, functions))
            return shape_step(expr, last.text, declared, scope)
    except (ParseError, Timeout, IndexError, ValueError, TypeError):
        return None


def _matrix_notation(lhs, rhs, scope: Scope) -> bool:
    """Written in matrix notation, or about a name declared a matrix or vector."""
    if not (isinstance(lhs, _Text) and isinstance(rhs, _Text)):
        return False
    if entries.jacobian_pairs(lhs.expr, rhs.expr):
        return False            # ∂a/∂z against a matrix written out: entry by entry
    # a norm the step writes out in entries (‖w‖² beside Σ_j w_j²) is read there
    if marked(lhs.text, rhs.text, norms=not written_out([lhs.expr, rhs.expr])[0]):
        return True
    names = {sp.latex(a) for e in (lhs.expr, rhs.expr) if isinstance(e, sp.Basic)
             for a in e.atoms(sp.Symbol, sp.Indexed)}
    return any(scope.shapes.get(n) is not None for n in names) \
        or _given_in_numbers(lhs, rhs, scope)


_ARRAY_NAME = re.compile(r"\\(mathbf|boldsymbol|bm|vec)\b|\^\{T\}$")


def _in_entries(*exprs) -> bool:
    """Whether the scalar reading of a step is index notation throughout: no vector or
    matrix left as a name (bold, arrowed, transposed), no derivative by a capital, and no
    product of two capitals or derivatives, so no order of factors it could have lost (`(\\mathbf{W}^\\top \\boldsymbol{\\delta})_j`
    read as Σ_m W_{mj} δ_m)."""
    exprs = [e for e in exprs if isinstance(e, sp.Basic)]
    names = {s.name for e in exprs for s in e.free_symbols if isinstance(s, sp.Symbol)} | {
        str(a.base.label) for e in exprs for a in e.atoms(sp.Indexed)}    # (\mathbf{w}_o)
    if any(_ARRAY_NAME.search(n) for n in names) or any(
            isinstance(v, sp.Symbol) and v.name[:1].isupper()
            for e in exprs for d in e.atoms(sp.Derivative) for v in d.variables):
        return False        # (∂ξ/∂H: by a whole matrix)
    if any(e.atoms(Trace, Det) for e in exprs):
        return False        # (tr(A X⁻¹ dX X⁻¹): a trace is of a matrix)

    def capital(f):         # (X⁻¹ and X² are X's too)
        f = f.base if isinstance(f, sp.Pow) else f
        return isinstance(f, sp.Symbol) and f.name[:1].isupper()
    return not any(sum(isinstance(f, sp.Derivative) or capital(f) for f in m.args) > 1
                   for e in exprs for m in e.atoms(sp.Mul))


def _at_size_one(lhs, rhs, scope: Scope) -> bool:
    """Whether a scalar reading of a matrix-notation step is its instance with every array
    of one entry: no letter written both transposed and plain (there wᵀ and w would be
    one number), no identity, ones or zero array read as a free number, no matrix function
    (trace, norm, diag), no matrix written out, and no size declared above 1."""
    exprs = [e for e in (lhs, rhs) if isinstance(e, sp.Basic)]
    if not exprs or any(e.has(sp.MatrixBase, ELLIPSIS) or e.atoms(Trace, Det, Diag, Norm, Hadamard,
                                                              Kronecker, DifferentialOf)
                        for e in exprs):
        return False
    names = {s.name for e in exprs for s in e.free_symbols if isinstance(s, sp.Symbol)} | {
        str(i.base.label) for e in exprs for i in e.atoms(sp.Indexed)}
    if any(matrices.is_identity(sp.Symbol(n.removesuffix("^{T}")))
           or re.search(r"\\math(?:bf|bb)\{?[01]\}?$", n.removesuffix("^{T}")) for n in names):
        return False
    letter = lambda n: bold_letter(n) or n                      # noqa: E731
    transposed = {letter(n[:-len("^{T}")]) for n in names if n.endswith("^{T}")}
    plain = {letter(n) for n in names if not n.endswith("^{T}")}
    if not transposed or transposed & plain:
        return False
    return not any(getattr(d, "is_Integer", False) and d > 1
                   for shape in scope.shapes.values() if shape for d in shape)


def _unordered(found: dict, matrix: dict) -> dict:
    """A step in matrix notation that its matrix reading leaves undecided: a verdict of
    scalar algebra (where factors commute, and x^T is a name unrelated to x) does not
    stand; the step is `unknown`, saying what the matrix reading found."""
    if found["verdict"] not in (VALID, INVALID):
        return found
    return dict(found, verdict=UNKNOWN, diagnosis=[], counterexample=None, values=None,
                method="", reading=matrix.get("reading") or "",
                reason_kind=str(matrix.get("reason_kind") or ReasonKind.NOT_REDUCED),
                reason=matrix["reason"] + "; scalar algebra, where factors commute, does "
                       "not decide it")


def _readings(found: dict, lhs, rel, rhs, scope: Scope, condition, work: Work,
              chain=()) -> dict:
    """A refuted step, read every customary way (SPEC §3.1): `invalid` only if false under
    all of them, else `unknown` naming the reading that would hold. `chain`: the
    expressions of the chain the step is in (its first may be a Jacobian entry)."""
    if found["verdict"] == VALID:
        found = _as_functions(found, lhs, rel, rhs, scope, condition, work)
        if found["verdict"] != VALID:
            return found
        return _sigma_as_softmax(found, lhs, rel, rhs, scope, condition, work)
    carried = _per_neuron(found, lhs, rel, rhs, scope, condition, work)
    if carried is not None:
        return carried
    by_component = _by_component(found, lhs, rel, rhs, scope, condition, work)
    if by_component is not None:
        return by_component
    if found["verdict"] != INVALID:        # (names defined only as an example's values)
        return _at_examples(found, lhs, rel, rhs, scope, condition, work)
    iterate = _at_iterate(found, lhs, rel, rhs, scope)
    if iterate is not None:
        return iterate
    found = _other_readings(found, lhs, rel, rhs, scope, condition, work, chain)
    found = _at_examples(found, lhs, rel, rhs, scope, condition, work)
    found = _in_base_2(found, lhs, rel, rhs, scope, condition, work)
    found = _on_unread_data(found, lhs, rhs, scope)
    found = _in_another_unit(found, lhs, rel, rhs, scope, condition, work)
    found = _on_a_branch(found, lhs, rel, rhs, scope, condition, work)
    found = _as_labels(found, lhs, rel, rhs, scope, condition, work)
    found = _unrolled(found, lhs, rhs, scope)
    found = _over_samples(found, lhs, rhs)
    found = _differential(found, lhs, rhs)
    return _customary(_as_cross_entropy(found, lhs, rel, rhs, scope, condition, work, chain),
                      scope)


def _over_samples(found: dict, lhs, rhs) -> dict:
    """A refuted step with a sum over the training inputs by the input's own name, the
    entries of each input written inside (`\\sum_x x_j(σ(z) − y)`, z = Σ_j w_j x_j + b):
    x_j is the j-th entry of the sample the sum is at, which derive does not model — it
    reads x_j as one number outside the sum. Unknown, saying so."""
    if found["verdict"] != INVALID:
        return found
    over = sorted({str(var) for t in (lhs, rhs) if isinstance(t.expr, sp.Basic)
                   for s in t.expr.atoms(sp.Sum) for var, *_ in s.limits
                   if str(var) in {str(i.base.label) for i in s.function.atoms(sp.Indexed)}})
    if not over:
        return found
    return _unknown(found, "", f"false as read; the sum over ${over[0]}$ runs over the "
                    f"samples and ${over[0]}_j$ inside it is each sample's entry, which "
                    f"derive reads as one number outside the sum")



def _unrolled(found: dict, lhs, rhs, scope: Scope) -> dict:
    """`(1 − ηλ) w_{t−1} = (1 − ηλ)² w_{t−2} = (1 − ηλ)^t w_0` under the recurrence w_t =
    (1 − ηλ) w_{t−1}: a recurrence is written out one step back only, so a step that
    writes its members at several steps (outside a derivative, where it is stepped down to
    the variable) is not refuted by that — `unknown`, saying so."""
    if found["verdict"] != INVALID:
        return found
    members: dict = {}
    for e in (lhs.expr, rhs.expr):
        if not isinstance(e, sp.Basic):
            continue
        e = e.replace(lambda x: isinstance(x, sp.Derivative), lambda x: sp.S.Zero)
        for a in e.atoms(sp.Indexed):
            if _defined_by_its_recurrence(a.base, scope):
                members.setdefault(a.base, set()).add(a)
    several = [sorted(m, key=str) for m in members.values() if len(m) > 1]
    if not several:
        return found
    said = ", ".join(f"${sp.latex(a)}$" for a in several[0][:3])
    return _unknown(found, "", f"false with the recurrence written out one step back; the "
                    f"step writes its members at several steps ({said}), which derive does "
                    "not unroll")


_RUNNING = frozenset("ijklmn")      # letters customary for an index that runs


def _as_labels(found: dict, lhs, rel, rhs, scope: Scope, condition, work: Work) -> dict:
    """∂h_t/∂a_h beside z_t = σ(a_z): a_h and a_z are two gates' pre-activations, their
    subscripts labels, never one index that may take both values — a refuted step decided
    again with such labels distinct (letters no sum binds, not i … n); valid there is
    valid naming that reading."""
    if found["verdict"] != INVALID:
        return found
    exprs = [e for e in (lhs.expr, rhs.expr) if isinstance(e, sp.Basic)]
    exprs += [scope.defs[k].expr if isinstance(scope.defs[k], sp.Lambda) else scope.defs[k]
              for k in reachable(scope.defs, exprs)]
    exprs = [e for e in exprs if isinstance(e, sp.Basic)]
    bound = {lim[0] for e in exprs for s in e.atoms(sp.Sum, sp.Product) for lim in s.limits}
    letters: dict = {}
    for e in exprs:
        for a in e.atoms(sp.Indexed):
            if len(a.indices) == 1 and a.indices[0].is_Symbol and len(a.indices[0].name) == 1 \
                    and a.indices[0] not in bound:
                letters.setdefault(a.base.label.name, set()).add(a.indices[0])
    distinct = [sp.Ne(x, y) for group in letters.values() if len(group) > 1
                for x, y in itertools.combinations(sorted(group, key=str), 2)
                if not {x.name, y.name} <= _RUNNING]
    if not distinct:
        return found
    again = work.verdict(lhs.expr, rel, rhs.expr, scope, tuple(condition) + tuple(distinct))
    if again["verdict"] != VALID:
        return found
    said = ", ".join(f"${sp.latex(h.lhs)} \\neq {sp.latex(h.rhs)}$" for h in distinct[:4])
    return dict(again, reading=f"subscripts as labels of different quantities ({said})")


def _on_a_branch(found: dict, lhs, rel, rhs, scope: Scope, condition, work: Work) -> dict:
    """`α(e^x − 1) + α = f(x) + α` after ELU's f defined by the cases x > 0, x ≤ 0, under
    "on the negative side" in the words: true on one branch of a definition by cases — the
    words may say which; `unknown` naming the branch, never `invalid`."""
    if found["verdict"] != INVALID or condition:
        return found
    for key in sorted(reachable(scope.defs, [lhs.expr, rhs.expr]), key=str):
        body = scope.defs[key]
        body = body.expr if isinstance(body, sp.Lambda) else body
        if not isinstance(body, sp.Piecewise):
            continue
        args = [e.args for e in (lhs.expr, rhs.expr) if isinstance(e, sp.Basic)
                for e in e.atoms(sp.Function) if e.func == key]
        at = dict(zip(scope.defs[key].variables, args[0])) \
            if args and isinstance(scope.defs[key], sp.Lambda) else {}
        before = []
        for piece, cond in body.args:
            if cond is sp.true and before and piece is not sp.nan:
                cond = sp.Not(sp.Or(*before))          # the last branch: the rest of the line
            before.append(cond)
            if not isinstance(cond, sp.core.relational.Relational) or isinstance(
                    cond, (sp.Eq, sp.Ne)):      # (a label's cases, y_p = ±1: decided case by case)
                continue
            case = cond.xreplace(at)
            given = {a: scope.examples[str(a)][0] for a in case.free_symbols
                     if str(a) in scope.examples}
            if case.xreplace(given) is sp.false:
                continue        # δ ≥ 3 where the words give δ = 1: no branch they may mean
            again = work.verdict(lhs.expr, rel, rhs.expr, scope, (case,))
            if again["verdict"] == VALID:
                where = f"${sp.latex(case)}$"
                return _unknown(found, f"the branch {where} of the definition at line "
                                f"{scope.lines.get(key, 0)}",
                                f"false as read; valid where {where}, a branch "
                                f"of ${sp.latex(key)}$'s definition by cases (line "
                                f"{scope.lines.get(key, 0)}), which the words may say")
    return found


def _in_another_unit(found: dict, lhs, rel, rhs, scope: Scope, condition, work: Work) -> dict:
    """`-\\sum_i p_i \\ln q_i = H(p, q)` where an earlier problem defined H(p, q) with log₂:
    the same quantity in nats — the step is `unknown`, saying so, never `invalid`."""
    if found["verdict"] != INVALID:
        return found
    used = [k for k in reachable(scope.defs, [lhs.expr, rhs.expr])
            if isinstance(scope.defs[k], (sp.Basic, sp.Lambda))]

    def natural(body):
        return body.replace(lambda e: isinstance(e, sp.Pow) and e.exp == -1
                            and isinstance(e.base, sp.log) and e.base.args[0].is_Integer
                            and e.base.args[0] > 1, lambda e: sp.Integer(1))
    based = [k for k in used if natural(scope.defs[k]) != scope.defs[k]]
    if not based:
        return found
    at = scope.copy()
    at.defs = {k: natural(v) if k in based else v for k, v in scope.defs.items()}
    again = work.verdict(lhs.expr, rel, rhs.expr, at, condition or None)
    if again["verdict"] != VALID:
        return found
    names = ", ".join(f"${sp.latex(k)}$ (line {scope.lines.get(k, 0)})" for k in based)
    return _unknown(found, "the definitions' logarithms to another base (another unit)",
                    f"false with {names} defined with a logarithm to a fixed base, as "
                    "written; with the natural logarithm in its place (the same quantity in "
                    "nats) the step holds — the units differ")


_OPERATION = re.compile(r"[-+*/^!]|\\(?:cdot|times|frac|dfrac|ln|log|exp|sqrt)(?![a-zA-Z])")


def _on_unread_data(found: dict, lhs, rhs, scope: Scope) -> dict:
    """`ℓ(4) = 12\\ln 4 - 3 \\cdot 4 - \\ln(2! \\cdot 3! \\cdot 7!)` after "пришло $2$, $3$ и
    $7$ сообщений": a computation on numbers against a formula over data x_1, …, x_n whose
    values the words give in a form not read — about those data, never refuted for all."""
    if found["verdict"] != INVALID:
        return found
    def numbers(e) -> bool:           # numbers, or names the example or a definition give
        return isinstance(e, sp.Basic) and all(
            str(a) in scope.examples or isinstance(scope.defs.get(a), sp.Basic)
            and not scope.defs[a].free_symbols for a in e.free_symbols)     # (p = σ(1))
    for side, other in ((lhs, rhs), (rhs, lhs)):
        if not (numbers(side.expr) and _OPERATION.search(side.text)) \
                or not isinstance(other.expr, sp.Basic):
            continue
        # (a name the example gives, k = 7 for k = Σ x_i, stands for its data's total)
        unfolded = Context(defs={k: v for k, v in scope.defs.items()
                                 if str(k) not in scope.examples}).unfold(read_bare(
            other.expr, scope.bare_functions([other.expr])))
        if not isinstance(unfolded, sp.Basic):
            continue
        given = {k.split("[")[0] for k in scope.examples if "[" in k}     # (z = (2, 1, 0))
        data = sorted({sp.latex(a.base) for s in unfolded.atoms(sp.Sum, sp.Product)
                       for a in s.atoms(sp.Indexed) if a.free_symbols & set(s.variables)
                       and str(a.base.label) not in given})
        if data:
            return {"verdict": UNKNOWN, "reason_kind": ReasonKind.PARTIAL.value,
                    "relation": found.get("relation", "="), "seconds": found.get("seconds", 0.0),
                    "reason": f"a computation on numbers against a formula over the data "
                              f"${', '.join(data)}$, whose values the words give in a form "
                              "derive does not read: a claim about those data, which other "
                              "data do not refute"}
    return found


def _at_iterate(found: dict, lhs, rel, rhs, scope: Scope) -> dict | None:
    """`w^{(k)} - Q'(w^{(k)})/Q''(w^{(k)}) = w^{(k)} + Σ y_i x_i σ(−M_i)/…` with M_i = y_i w x_i:
    an algorithm's step writes its iterate w^{(k)} and names defined in the plain w, which
    the writer means at the iterate. Refuted as read (w and w^{(k)} apart), such a step is
    `unknown`, saying so. None where the step writes no iterate of a definition's letter."""
    made_of = {s for _, body in scope.bodies() for s in body.free_symbols}
    written = set().union(*(e.free_symbols for e in (lhs.expr, rhs.expr)
                            if isinstance(e, sp.Basic)))
    for e in (lhs.expr, rhs.expr):
        for i in (e.atoms(sp.Indexed) if isinstance(e, sp.Basic) else ()):
            stem, _, label = key_name(i.base).partition("^")
            plain = sp.Symbol(stem, real=True)
            if label.startswith("{(") and plain in made_of and plain not in scope.defs \
                    and plain not in written:
                return _unknown(found, "", f"false with ${stem}$ in the definitions apart from "
                                f"the iterate ${sp.latex(i)}$ the step writes; the names "
                                f"defined in ${stem}$ may be meant at the iterate")
    return None


_SUPERSCRIPT_ON_INDEXED = re.compile(r"[a-zA-Z}]_(\{[^{}]*\}|[a-zA-Z0-9])\^[a-zA-Z](?![a-zA-Z])")


def _as_functions(found: dict, lhs, rel, rhs, scope: Scope, condition, work: Work) -> dict:
    """A step valid with f(2x) read as f times 2x — f, g, h, φ defined nowhere, read both
    ways — is read with them functions too: `unknown` where that reading does not hold
    (f(2x) = 2 f(x) says nothing true of a function f)."""
    # (a name defined as a value, η = 0.1, is never a function: η(g + λw) is a product)
    # (nor is one the page writes bare and never at a point: `\\eta \\left(…\\right)`)
    called = {m.group(1).lstrip("\\") for t in (lhs.text, rhs.text)
              for m in _CALLED.finditer(t)} - set(scope.functions) - {
        str(k) for k in scope.defs if isinstance(k, sp.Symbol)} - scope.coefficients
    if not called:
        return found
    try:
        with deadline(work.timeout):
            functions = frozenset(scope.functions | called)
            left = read_chain(lhs.text, functions)[0][0]
            right = read_chain(rhs.text, functions)[0][0]
    except (ParseError, Timeout, IndexError):
        return found
    if (left, right) == (lhs.expr, rhs.expr):
        return found
    again = work.verdict(left, rel, right, scope, condition or None)
    if again["verdict"] == VALID:
        return found
    names = ", ".join(sorted(called))
    return _unknown(found, f"{names}(…) as {names} times the bracket", f"valid with {names}(…) "
                    f"read as {names} times the bracket; with {names} a function of its "
                    f"argument the step is {again['verdict']} — the document does not say "
                    "which is meant")


def _sigma_as_softmax(found: dict, lhs, rel, rhs, scope: Scope, condition, work: Work):
    """A step valid with σ(x_k) the logistic function of x_k: unless the document says σ
    is that, it is read with σ(x_k) the k-th softmax output too. False so, it is `invalid`
    where the section's words name the softmax, else `unknown` saying so."""
    again, which = _as_softmax(lhs, rel, rhs, scope, condition, work)
    if again is None or again["verdict"] != INVALID:
        return found
    if which == "softmax":
        return dict(again, reading="σ(x_k) as the k-th output of the softmax of x, as the "
                    "section's words say")
    return _unknown(found, "σ as the logistic function, entry by entry", "valid with σ the "
                    "logistic function of each entry; false with σ(x_k) the k-th output of "
                    "the softmax of x — the document does not say which σ is meant")


def _as_softmax(lhs, rel, rhs, scope: Scope, condition, work: Work):
    """(the step's verdict with σ(x_k) the k-th softmax output, which σ the section names):
    the verdict is None where the document says σ is logistic or no σ(x_k) is written."""
    which = scope.which_sigma()
    softmax = _softmax_reading((lhs.expr, rhs.expr)) if which != "logistic" else {}
    if not softmax or which != "softmax" and _sigma_of_numbers(scope):
        return None, which
    return work.verdict(lhs.expr.xreplace(softmax), rel, rhs.expr.xreplace(softmax), scope,
                        condition or None), which


def _sigma_of_numbers(scope: Scope) -> bool:
    """Whether a definition applies σ to a sum or a product (a_j = σ(Σ_k w_jk a_k + b_j)):
    σ is then a function of a number, the logistic one, never a softmax output."""
    from ..notation import Sigmoid
    return any(isinstance(body, sp.Basic) and not isinstance(a.args[0], (sp.Indexed, sp.Symbol))
               for _, body in scope.bodies() for a in body.atoms(Sigmoid))


def _unknown(found: dict, reading: str, reason: str) -> dict:
    """The verdict `unknown` for a step that another reading may make true."""
    return dict(found, verdict=UNKNOWN, reason_kind=ReasonKind.READING.value, diagnosis=[],
                counterexample=None, values=None, method="", reading=reading, reason=reason)


_SIZING = re.compile(r"\\(left|right)(?![a-zA-Z])\s*")   # (a side's text may hold one half)


@dataclass
class _Awaiting:
    """A step that set an equation (`… = 0`) which the lines after it solve: where it is
    (its block's result, its index there) and its two sides as read."""
    out: BlockResult
    index: int
    lhs: _Text
    rhs: _Text
    in_matrices: bool


def _at_the_solution(awaiting: list, solved_at: dict, lhs, rhs, solves: dict, line: int,
                     scope: Scope, work: Work, functions) -> None:
    """A valid step `v = c` (c without v) below equations set to zero is their solution:
    each of those steps, `unknown` as an identity, is decided again at it — the equation
    with every solution so far put in its place — and is `valid` where it holds there
    (the corpus's conditions are checked at the solution point). Steps that stay unknown
    wait for a later solution (the other unknown of a system)."""
    name = solves[lhs.expr][1] if lhs.expr in solves else lhs.expr
    unknowns = {v for w in awaiting for e in (w.lhs.expr, w.rhs.expr)
                if isinstance(e, sp.Basic) for v in e.free_symbols}
    if name not in unknowns:        # `w_* = (XᵀX)^{-1}Xᵀy`: the value of w it names
        name = next((v for v in sorted(unknowns, key=str) if _names_a_value_of(name, v)),
                    name)
    if not isinstance(name, (sp.Symbol, sp.Indexed)) or not isinstance(rhs.expr, sp.Basic) \
            or rhs.expr.has(name):
        return
    solved_at[name] = (rhs, line)
    for waiting in list(awaiting):
        step = waiting.out.steps[waiting.index] if waiting.index < len(waiting.out.steps) \
            else None
        if step is None or step.verdict != UNKNOWN:
            awaiting.remove(waiting)
            continue
        sides = (waiting.lhs.expr, waiting.rhs.expr)
        used = [v for v in solved_at if any(getattr(e, "has", lambda _: False)(v)
                                            for e in sides)]
        if not used or any(e.has(sp.Derivative, sp.Integral) for e in sides
                           if isinstance(e, sp.Basic)):
            continue
        found = _holds_at(waiting, {v: solved_at[v][0] for v in used}, scope, work, functions)
        if found is None or found["verdict"] != VALID:
            continue
        at = ", ".join(f"${sp.latex(v)} = {_SIZING.sub('', solved_at[v][0].text)}$ "
                       f"(line {solved_at[v][1]})" for v in used)
        waiting.out.steps[waiting.index] = dataclasses.replace(
            step, verdict=VALID, reason=found["reason"], method=found.get("method", ""),
            reason_kind=found.get("reason_kind", ""), reading="an equation imposed (set to "
            f"zero), not an identity: it holds at {at}, the solution the lines after it "
            "derive")
        awaiting.remove(waiting)


def _holds_at(waiting: _Awaiting, values: dict, scope: Scope, work: Work, functions):
    """The verdict on the equation `waiting` set, with `values` ({name: its solution as
    read}) put in the place of its names — in matrix notation where it was written so —
    or None where it cannot be put."""
    try:
        if waiting.in_matrices:
            with deadline(work.timeout):
                put = {_in_matrices(sp.latex(v), functions): _in_matrices(c.text, functions)
                       for v, c in values.items()}
                a, b = (_in_matrices(t.text, functions) for t in (waiting.lhs, waiting.rhs))
        else:
            put = {v: c.expr for v, c in values.items()}
            a, b = waiting.lhs.expr, waiting.rhs.expr
        for _ in range(len(put)):      # a solution written with another's name (b = ȳ − k x̄)
            a, b = a.xreplace(put), b.xreplace(put)
    except (ParseError, Timeout, IndexError, ValueError, TypeError, AttributeError):
        return None
    return work.verdict(a, "=", b, scope, None)


def _carried_solution(exprs, rels, carried, scope: Scope, condition, work: Work):
    r"""`C = \frac1\ell \sum_i y_i` right below a block that ended `… = 0`: the verdict
    that it is that equation's solution, or None — then the display is read as it would be
    without the equation (a new value `w = 0.6` on the next slide is a definition, never a
    wrong solution)."""
    if rels != ["="]:
        return None
    name = exprs[0]
    if not any(isinstance(e, sp.Basic) and e.has(name) for e in carried):
        # `b_* = p(y = +1 | x)` below `−p/b + (1 − p)/(1 − b) = 0`: a value of b, by its name
        name = next((v for e in carried if isinstance(e, sp.Basic)
                     for v in sorted(e.free_symbols, key=str)
                     if _names_a_value_of(exprs[0], v)), name)
    solved = _solution(name, "=", carried, work)
    if solved is None:
        return None
    found = work.verdict(solved, "=", exprs[1], scope, condition or None)
    if found["verdict"] != VALID:
        return None
    of = "" if name is exprs[0] else f" for ${sp.latex(name)}$"
    return dict(found, reading=f"${sp.latex(exprs[0])} = {sp.latex(solved)}$, the one "
                f"solution{of} of the equation set to zero just before it")


def _solved_next(a, b, chain, scope: Scope, work: Work):
    """(v, the name, its step's verdict) where the chain after the equation a = b solves
    it for its variable v (`v_* = c`, `\\hat v = c`: a new name written with v): valid
    where c makes a = b hold, else as c against the one solution; None otherwise."""
    try:
        exprs, rels, _, _ = _parse(chain, scope)
    except (ParseError, Timeout):
        return None
    if not rels or rels[0] != "=" or not isinstance(exprs[0], sp.Symbol) \
            or _defined(scope, exprs[0]) or not isinstance(a - b, sp.Basic):
        return None
    for v in sorted((a - b).free_symbols, key=str):
        if _names_a_value_of(exprs[0], v):
            value = exprs[1]
            if v in getattr(value, "free_symbols", {v}):
                continue
            put = work.verdict(a.xreplace({v: value}), "=", b.xreplace({v: value}), scope,
                               None)
            if put["verdict"] == VALID:
                return v, exprs[0], put
            # a wrong solution: its step compared with the one solution there is
            root = _solution(v, "=", [sp.Eq(a, b)], work)
            if root is not None:
                return v, exprs[0], work.verdict(root, "=", value, scope, None)
    return None


def _names_a_value_of(name, v) -> bool:
    r"""Whether `name` is v written with a mark (`w_*`, `\hat w`, `w^{opt}`): a name for
    a value of v, as a solution is named."""
    return isinstance(name, sp.Symbol) and isinstance(v, sp.Symbol) and v.name != name.name \
        and bool(re.search(r"(?<![a-zA-Z])" + re.escape(v.name) + r"(?![a-zA-Z])", name.name))


def _solved_for(a, b, chain, scope: Scope) -> bool:
    """Whether the chain after the equation a = b starts `v = c` for a name v of the
    equation that c does not write: the equation solved for v."""
    try:
        exprs, rels, _, _ = _parse(chain, scope)
    except (ParseError, Timeout):
        return False
    return bool(rels) and rels[0] == "=" and isinstance(exprs[0], sp.Symbol) \
        and isinstance(a - b, sp.Basic) and exprs[0] in (a - b).free_symbols \
        and isinstance(exprs[1], sp.Basic) and exprs[0] not in exprs[1].free_symbols


def _solution(name, rel, imposed, work: Work):
    """The one value of `name` that the imposed equation gives (SymPy's solve, in a bounded
    worker of its own), or None: no name, several solutions, none found in time."""
    if rel != "=" or not isinstance(name, (sp.Symbol, sp.Indexed)):
        return None
    equations = [e for e in imposed if isinstance(e, sp.Equality) and e.has(name)]
    if len(equations) != 1:
        return None
    outcome = run_bounded(_solve_for, equations[0], name, timeout=work.timeout / 2,
                          memory_mb=work.memory_mb)
    found = outcome.value if outcome.ok else None
    return found[0] if isinstance(found, list) and len(found) == 1 else None


def _solve_for(equation, name) -> list:
    """SymPy's solutions of the equation for name; where the name stands inside a sum
    (2 Σ_i (x_i − μ) = 0), with the sum split into its terms and those without the index
    summed (2 Σ_i x_i − 2nμ = 0) first."""
    found = sp.solve(equation, name)
    if found or not equation.has(sp.Sum):
        return found
    return sp.solve(sp.expand(equation.lhs - equation.rhs).doit(), name)


_DIFFERENTIAL = re.compile(r"(\\mathrm\{d\}|\\operatorname\{d\}|(?<![a-zA-Z\\])d)\s*(?=[a-zA-Z\\(])")


def _under_equations(found: dict, lhs, rel, rhs, scope: Scope, condition, imposed,
                     work: Work) -> dict:
    """A row after `… = 0` in the same block may be that equation rearranged or solved:
    decided again under it; what that gives stands, saying so."""
    rearranged = _rearranged(lhs, rel, rhs, scope, condition, imposed, work)
    if rearranged is not None:
        return rearranged
    if found["verdict"] != INVALID:
        return found
    again = work.verdict(lhs.expr, rel, rhs.expr, scope, tuple(condition) + tuple(imposed))
    if again["verdict"] == INVALID:
        return found
    why = "under the equation set to zero before it in the block"
    if again["verdict"] == VALID:
        return dict(again, reading=why)
    solved = _solution(lhs.expr, rel, imposed, work)
    if solved is not None:           # `C = (1/ℓ) Σ y_i` below `2Cℓ − 2 Σ y_i = 0`
        checked = work.verdict(solved, "=", rhs.expr, scope, condition or None)
        if checked["verdict"] == VALID:
            return dict(checked, reading=f"${sp.latex(lhs.expr)} = {sp.latex(solved)}$, the "
                        "one solution of the equation set to zero before it")
    return dict(again, reason_kind=ReasonKind.READING.value, reading=why,
                reason=f"false as an identity; {why}: {again['reason']}")


def _rearranged(lhs, rel, rhs, scope: Scope, condition, imposed, work: Work):
    """The verdict `valid` for a row that the equation set to zero before it gives by
    algebra alone, or None: lhs − rhs a multiple q·(a − b) of that equation with q
    nowhere zero in its denominator (`(1 − p)e^{2b} = p` from `−pe^{−b} + (1 − p)e^{b} =
    0`, q = e^b), or a name of the equation given a value that makes it hold (`b =
    ½ log(p/(1 − p))`). The multiple is found in a bounded worker and then proved, with its
    numeric check, as the identity lhs − rhs = q·(a − b)."""
    if rel != "=" or not all(isinstance(e, sp.Basic) for e in (lhs.expr, rhs.expr)):
        return None
    step = lhs.expr - rhs.expr
    for equation in reversed(imposed):
        if not isinstance(equation, sp.Equality):
            continue
        zero = equation.lhs - equation.rhs
        outcome = run_bounded(_multiple, step, zero, timeout=work.timeout / 4,
                              memory_mb=work.memory_mb)
        q = outcome.value if outcome.ok else None
        if q is not None:
            found = work.verdict(step, "=", q * zero, scope, condition or None)
            if found["verdict"] == VALID:
                said = "" if q == 1 else f", times ${sp.latex(q)}$"
                return dict(found, reading="the equation set to zero before it in the "
                            f"block, rearranged{said}")
        name = lhs.expr
        if isinstance(name, (sp.Symbol, sp.Indexed)) and zero.has(name) \
                and not rhs.expr.has(name):
            found = work.verdict(zero.xreplace({name: rhs.expr}), "=", sp.Integer(0), scope,
                                 condition or None)
            if found["verdict"] == VALID:
                return dict(found, reading=f"${sp.latex(name)} = {sp.latex(rhs.expr)}$ "
                            "makes the equation set to zero before it in the block hold")
    return None


def _rearranged_in_matrices(lhs, rhs, equations, scope: Scope, condition, work: Work,
                            functions):
    """`_rearranged` in matrix notation, where factors keep their order: lhs − rhs is
    c·M·(a − b) for a number c and M either 1 or an inverse the step writes (`X^Ty =
    X^TXw` from `2X^T(y − Xw) = 0`, c = ½; `w = (X^TX)^{-1}X^Ty`, M = (X^TX)^{-1}), proved
    at sizes 1–3 as that identity; or None."""
    try:
        with deadline(work.timeout):
            step = _in_matrices(lhs.text, functions) - _in_matrices(rhs.text, functions)
            zeros = [_in_matrices(a, functions) - _in_matrices(b, functions)
                     for a, b in filter(None, reversed(equations))]
    except (ParseError, Timeout, IndexError, ValueError, TypeError):
        return None
    for zero in zeros:
        outcome = run_bounded(_ordered_multiple, step, zero, timeout=work.timeout / 4,
                              memory_mb=work.memory_mb)
        for c, m, side in (outcome.value or []) if outcome.ok else []:
            found = work.verdict(step, "=", c * (m * zero if side == "left" else zero * m),
                                 scope, condition or None)
            if found["verdict"] == VALID:
                by = "" if m == 1 else f", multiplied by ${sp.latex(m)}$ on the {side}"
                return dict(found, reading="the equation set to zero before it in the block"
                            f"{by}, rearranged")
    return None


def _ordered_multiple(step, zero) -> list:
    """Candidates (c, M, side) with step = c·M·zero or c·zero·M, factors in their order: M
    is 1 or an inverse in step, c the ratio of the coefficients of a term both expansions
    have. An inverse is kept whole while expanding (SymPy would split (X^TX)^{-1} into
    X^{-1}(X^T)^{-1}, which needs X square)."""
    inverses = sorted({p for p in step.atoms(sp.Pow) if p.exp == -1
                       and not p.base.is_commutative}, key=sp.default_sort_key)
    whole = {p: sp.Dummy(commutative=False) for p in inverses}

    def terms(e):
        out = {}
        for t in sp.Add.make_args(sp.expand(e.xreplace(whole))):
            c, rest = t.as_coeff_Mul()
            out[rest] = out.get(rest, 0) + c
        return out
    found = []
    left = terms(step)
    for m, side in [(sp.Integer(1), "left"), *((m, side) for m in inverses
                                               for side in ("left", "right"))]:
        right = terms(m * zero if side == "left" else zero * m)
        shared = sorted(set(left) & set(right), key=sp.default_sort_key)
        if shared and right[shared[0]] != 0:
            found.append((left[shared[0]] / right[shared[0]], m, side))
    return found


def _multiple(step, zero):
    """q with step = q·zero, as a cancelled quotient, when no factor of its denominator can
    vanish (a number, an exponential, a count such as n or ℓ); else None."""
    q = sp.cancel(sp.together(step / zero))
    if q == 0 or q.has(sp.zoo, sp.nan, sp.oo):
        return None
    counts = sum_bounds([step, zero])
    for factor in sp.Mul.make_args(sp.denom(q)):
        base, _ = factor.as_base_exp()
        if not (base.is_number and base != 0 or isinstance(base, sp.exp) or base in counts):
            return None
    return q


# w^*, \\mathbf{w}^*_{\\text{reg}}, \\theta_*: a starred name, the optimum of an objective
_STARRED = re.compile(r"^\s*(\\(?:mathbf|boldsymbol|bm|vec)\s*\{\s*\\?[a-zA-Z]+\s*\}|\\?[a-zA-Z]+)"
                      r"\s*(?:\^\s*\{?\s*\*\s*\}?|_\s*\{?\s*\*\s*\}?)"
                      r"\s*(?:_\s*(\{(?:[^{}]|\{[^{}]*\})*\}|[a-zA-Z0-9]))?\s*$")


def _label(text: str) -> str:
    """A subscript's letters: `{\\text{reg}}` and `_{reg}` are both reg."""
    return re.sub(r"\\[a-zA-Z]+|[^a-zA-Z0-9]", "", text)


def _objectives(base: str, scope: Scope, matrix: bool, functions) -> list:
    """(function as written, its body, its variable) of each function the document
    defines with `base` among its arguments, the last defined first: the objectives a
    starred base may be the optimum of. In the matrix reading where the step is in it."""
    found = []
    read = _in_matrices if matrix else (lambda t, f: read_chain(t, f)[0][0])
    for key, written in scope.texts.items():
        if not isinstance(written, tuple) or not isinstance(
                scope.defs.get(key), sp.Lambda):
            continue
        try:
            with deadline(1.0):
                head, body, var = (read(t, functions) for t in (*written, base))
        except (ParseError, Timeout, IndexError):
            continue
        if isinstance(head, AppliedUndef) and var in head.args:
            found.append((scope.lines.get(key, 0), written[0], body, var))
    return [f[1:] for f in sorted(found, key=lambda f: -f[0])]


def _as_optimum(found: dict, lhs, rel, rhs, scope: Scope, condition, work: Work,
                functions) -> dict:
    """`\\mathbf{w}^* = (X^T X)^{-1}X^T Y` after Q(Y, X, w) = ‖Y − Xw‖², the starred name
    defined nowhere: the optimum of an objective the document defines in w (the one
    whose subscript the star carries, w^*_reg of Q_reg, else the last defined). The step
    holds where the objective's gradient vanishes at the right side — `valid`, naming
    that reading (a stationary point); otherwise it stays as it was, since w^* may be
    meant otherwise."""
    m = _STARRED.match(lhs.text)
    if rel != "=" or m is None or found["verdict"] != UNKNOWN or _defined(scope, lhs.expr) \
            or isinstance(rhs.expr, sp.Basic) and any(     # (w_* = S_λ(a), S defined nowhere)
                type(f) not in scope.defs for f in rhs.expr.atoms(AppliedUndef)):
        return found
    matrix = _matrix_notation(lhs, rhs, scope)
    candidates = _objectives(m.group(1), scope, matrix, functions)
    label = _label(m.group(2) or "")
    if label:
        candidates.sort(key=lambda c: label not in _label(c[0]))
    for written, body, var in candidates[:1]:
        try:
            with deadline(work.timeout):
                point = _in_matrices(rhs.text, functions) if matrix else rhs.expr
                if matrix:
                    body = _expand_in_matrices(body, _matrix_definitions(scope, functions))
                    gradient = sp.Subs(sp.Derivative(body, var), var, point)
                else:
                    gradient = sp.diff(body, var).xreplace({var: point})
        except (ParseError, Timeout, IndexError, ValueError, TypeError):
            return found
        again = work.verdict(gradient, "=", sp.Integer(0), scope, condition or None)
        said = f"${lhs.text}$ as a stationary point of ${written}$ in ${sp.latex(var)}$"
        if again["verdict"] == VALID:
            return dict(again, reading=f"{said} (its gradient is 0 there)")
        if again["verdict"] == INVALID:
            return _unknown(found, said, f"${lhs.text}$ is not defined; read as a stationary "
                            f"point of ${written}$ the step is false: the gradient there is "
                            "not 0 (" + again["reason"] + ")")
    return found


def _at_points(found: dict, lhs, rel, rhs, scope: Scope, condition, points, work: Work) -> dict:
    """A step false as an identity after "the gradient vanishes exactly when $p = q$":
    decided again there; valid at the point, saying so, and otherwise as it was."""
    def there(e):            # p written in for p and for p's entries p_k, both defined
        for p in points:
            a, b = p.relation.lhs, p.relation.rhs
            if not isinstance(a, sp.Symbol) or not isinstance(e, sp.Basic):
                continue
            bases = {i.base: sp.IndexedBase(b.name, **i.base.assumptions0)
                     for i in e.atoms(sp.Indexed) if i.base.label.name == a.name}
            e = e.xreplace({a: b, **bases})
        return e
    again = work.verdict(there(lhs.expr), rel, there(rhs.expr), scope, tuple(condition))
    if again["verdict"] != VALID:
        return found
    return dict(again, reading="at " + ", ".join(f"${p.text}$" for p in points)
                + ", the point the words before it name")


def _as_outer_product(found: dict, lhs, rhs) -> dict:
    """`u \\otimes v`, read as the outer product u vᵀ of vectors (as ML texts write it): a
    proof names that reading, and a refutation stands on it alone — as the Kronecker
    product (the same entries stacked in one column) the step is not decided."""
    if found["verdict"] not in (VALID, INVALID) or not _OTIMES.search(lhs.text + rhs.text):
        return found
    if found["verdict"] == VALID:
        return dict(found, reading="; ".join(filter(None, [
            found.get("reading"), "⊗ of vectors read as the outer product u vᵀ"])))
    return _unknown(found, "⊗ as the Kronecker product", "false with ⊗ of vectors read as "
                    "the outer product u vᵀ; as the Kronecker product, a column of the same "
                    "entries, not decided")


_OTIMES = re.compile(r"\\otimes(?![a-zA-Z])")


def _differential(found: dict, lhs, rhs) -> dict:
    """`d x`, `\\mathrm{d} g`: differentials, which derive does not check; a refuted step
    that writes one is `unknown` (read as a variable d it was false)."""
    d = sp.Symbol("d", real=True)          # a d the reader left standing (not d/dz)
    if found["verdict"] != INVALID or not any(
            _DIFFERENTIAL.search(t.text) and isinstance(t.expr, sp.Basic)
            and d in t.expr.free_symbols for t in (lhs, rhs)):
        return found
    return _unknown(found, "d as a differential", "false if d is a variable; differentials "
                    "(d x, \\mathrm{d} g) are not checked")


def _as_cross_entropy(found: dict, lhs, rel, rhs, scope: Scope, condition, work: Work,
                      chain=()) -> dict:
    """A refuted step of a section whose words call its loss a cross-entropy, −Σ_k y_k
    log a_k written in its definitions or its chain: the targets y that weight the log
    are a distribution (Σ_k y_k = 1, over the range the step sums them), and the step is
    decided again under that — `valid` there names the reading."""
    if found["verdict"] != INVALID or "cross-entropy" not in scope.named:
        return found
    written = [e for e in (lhs.expr, rhs.expr, *chain) if isinstance(e, sp.Basic)]
    weights = _log_weights(written + [b.expr if isinstance(b, sp.Lambda) else b
                                      for b in scope.defs.values()
                                      if isinstance(b, (sp.Basic, sp.Lambda))])
    sums = [s for e in (lhs.expr, rhs.expr) if isinstance(e, sp.Basic)
            for s in e.atoms(sp.Sum) if len(s.limits) == 1
            and isinstance(s.function, sp.Indexed) and s.function.base in weights
            and s.function.indices == (s.limits[0][0],) and not scope.defines(s.function.base)]
    if not sums:
        return found
    at = scope.copy()
    _add_facts(at, [sp.Eq(s, 1) for s in dict.fromkeys(sums)])
    again = work.verdict(lhs.expr, rel, rhs.expr, at, condition or None, (lhs.text, rhs.text))
    if again["verdict"] != VALID:
        return found
    said = ", ".join(f"${sp.latex(s)} = 1$" for s in dict.fromkeys(sums))
    return dict(again, reading=f"{said}: the targets of the cross-entropy the words name "
                               "are a distribution")


def _log_weights(exprs) -> set:
    """The families whose entries weight a log in a sum (y of Σ_k y_k log a_k)."""
    found = set()
    for e in exprs:
        for s in e.atoms(sp.Sum):
            k = s.limits[0][0]
            for term in sp.Add.make_args(sp.expand(s.function)):
                factors = sp.Mul.make_args(term)
                if any(isinstance(f, sp.log) for f in factors):
                    found |= {f.base for f in factors
                              if isinstance(f, sp.Indexed) and f.indices == (k,)}
    return found


def _customary(found: dict, scope: Scope) -> dict:
    """A document that states no hypotheses leaves the customary ones of its setting open:
    targets that sum to one, the case i = j or i ≠ j of a Jacobian entry. A refuted step
    whose every proved repair is such a hypothesis is `unknown`, naming it — unless the
    setting was given explicitly (a context, front-matter or command-line definitions or
    hypotheses), which then left it out."""
    repairs = found.get("diagnosis") or []
    if scope.stated or found["verdict"] != INVALID or not repairs \
            or any(r.get("kind") != "hypothesis" or r.get("region") for r in repairs):
        return found
    holds = " or ".join(r["hypothesis"] for r in repairs)
    return _unknown(found, "an unstated customary hypothesis", f"holds only if {holds}, a "
                    "customary hypothesis the document does not state")


_DENSITY = re.compile(r"(?<![a-zA-Z\\])([pq])(?:_(?:\{[^{}]*\}|\\[a-zA-Z]+|[a-zA-Z0-9]))?"
                      r"\s*\(\s*(?:\\mathbf\{[a-zA-Z]\}|[a-zA-Z])"
                      r"(?:_\{?[a-zA-Z0-9]+\}?)?\s*\)")
_CALLED_GREEK = ("phi", "varphi", "psi", "rho", "eta", "varsigma", "theta")
_CALLED = re.compile(rf"(\\(?:{'|'.join(_CALLED_GREEK)})|(?<![a-zA-Z\\])[fgh])"
                     r"\s*(?:\\left\s*|\\big\s*|\\Big\s*)?[({]")


_FEATURE_SUPERSCRIPT = re.compile(r"(?<![a-zA-Z\\])[a-df-zA-Z](_(\{[^{}]*\}|[a-zA-Z0-9]))?\^\s*\{?\s*[ijklm]\s*\}?(?![a-zA-Z])")
# (I(z > 0), E(x): the indicator and the expectation, read as such, never unknown functions)
_CAPITAL_CALLED = re.compile(r"(?<![a-zA-Z\\{^_])([A-DF-HJ-Z])\s*(?:\\left\s*|\\big\s*|\\Big\s*)?\(")


# `\frac{\partial}{\partial s_k} \left( … \right) e^{s_k}`: an operator, a bracket, more after
_OPERATOR_BRACKET = re.compile(r"\\frac\s*\{\s*(\\partial|d)\s*\}\s*\{[^{}]*\}\s*(\\left\s*|\\[bB]ig+l?\s*)?[(\[]")


def _jacobian_indices(exprs):
    """(i, j) when a step differentiates something indexed by i with respect to something
    indexed by j (∂p_i/∂a_j): a Jacobian entry, whose cases i = j and i ≠ j lectures
    write one display each, often with the case stated only around them."""
    for e in exprs:
        if not isinstance(e, sp.Basic):
            continue
        for d in e.atoms(sp.Derivative):
            outer = {x for v in d.variables if isinstance(v, sp.Indexed) for x in v.indices
                     if isinstance(x, sp.Symbol) and x.is_integer}
            inner = {x for a in d.expr.atoms(sp.Indexed) for x in a.indices
                     if isinstance(x, sp.Symbol) and x.is_integer} - outer
            bound = {v for s in d.expr.atoms(sp.Sum) for v in s.variables}
            inner -= bound
            if len(outer) == 1 and len(inner) == 1:
                return inner.pop(), outer.pop()
    return None


def _stated_case(scope: Scope, case, chain) -> int | None:
    """The line of a cases row earlier in the section whose condition is `case` and whose
    value is where this chain ends (a slide derives each case of the cases it stated)."""
    end = chain[-1] if chain else None
    for value, condition, line in scope.cases:
        if type(condition) is type(case) and _spelled(condition) == _spelled(case) \
                and end is not None and value == end:
            return line
    return None


def _spelled(relation) -> set:
    return {s.name for s in relation.free_symbols}


def _carried_definitions(exprs, scope: Scope) -> dict:
    """`a = σ(z)` defined once for one neuron, then `a_i^{(L)}` used for a layer: the
    definition of the plain name, with every name in it given the same label and indices
    (σ(z_i^{(L)})) where the step uses them so. {base: Lambda} for names the document
    leaves undefined in their indexed form."""
    uses = {i for e in exprs if isinstance(e, sp.Basic) for i in e.atoms(sp.Indexed)}
    kept = {a for e in exprs if isinstance(e, sp.Basic) for a in e.atoms(sp.Symbol)
            if kept_whole(a.name) and a not in scope.defs}
    # z_i spelled inside a name kept whole (P(t_i = 1 | z_i)) is written there too
    uses |= {sp.IndexedBase(name, real=True)[sp.Symbol(index, integer=True, positive=True)]
             for a in kept for name, index in _SPELLED_ENTRY.findall(a.name)}
    out = _carried_atoms(kept, scope)
    for use in uses:
        stem, _, label = key_name(use.base).partition("^")
        if use.base in scope.defs or not all(isinstance(i, sp.Symbol) for i in use.indices):
            continue
        layered = _at_layer(use, label, scope)
        if layered is not None:
            out[use.base] = layered
            continue
        plain = next((k for k in scope.defs if isinstance(k, sp.Symbol) and k.name == stem),
                     None)
        if plain is None or isinstance(scope.defs[plain], sp.Lambda):
            continue
        body = scope.defs[plain]
        mapping = {}
        for name in [s for s in body.free_symbols if isinstance(s, sp.Symbol) and not s.is_integer]:
            wanted = name.name + ("^" + label if label else "")
            twin = next((u for u in uses if key_name(u.base) == wanted
                         and u.indices == use.indices), None)
            if twin is None:
                break
            mapping[name] = twin
        else:
            if mapping:
                out[use.base] = sp.Lambda(use.indices, body.xreplace(mapping))
    return out


_SPELLED_ENTRY = re.compile(r"(?<![A-Za-z\\])([A-Za-z])_\{([a-z])\}")


def _carried_atoms(kept, scope: Scope) -> dict:
    """`P(t = 1 | z) = σ(z)` stated once, then `P(t_i = 1 | z_i)` written for sample i: the
    definition of the name kept whole, with every name its spelling gives an index
    written at that index (σ(z_i)). {name: value} for such uses the document leaves
    undefined."""
    out = {}
    for atom in kept:
        spelled = _SPELLED_ENTRY.findall(atom.name)
        plain = _SPELLED_ENTRY.sub(lambda m: m.group(1), atom.name)
        key = next((k for k in scope.defs if isinstance(k, sp.Symbol) and k.name == plain
                    and not isinstance(scope.defs[k], sp.Lambda)), None)
        if key is None or not spelled or len({i for _, i in spelled}) != 1:
            continue
        index = sp.Symbol(spelled[0][1], integer=True, positive=True)
        named = {n for n, _ in spelled}
        body = scope.defs[key]
        out[atom] = body.xreplace({s: sp.IndexedBase(s.name, real=True)[index]
                                   for s in body.free_symbols if s.name in named})
    return out


_ANY_LAYER = "{l}"         # a^l_j = σ(z^l_j): the law of every layer l (l − 1 the one below)


def _at_layer(use, label: str, scope: Scope):
    """`a^l_j = σ(z^l_j)` stated for a layer l, used at a^L_j: the same law with l read as
    L in every name of it (z^{l-1} as z^{L-1}). None where no such law is defined, or
    the use is at the layer l itself."""
    stem = key_name(use.base).partition("^")[0]
    law = sp.IndexedBase(f"{stem}^{_ANY_LAYER}", real=True)
    body = scope.defs.get(law)
    layer = label.strip("{}")
    if not isinstance(body, sp.Lambda) or len(body.variables) != len(use.indices) \
            or not layer or label == _ANY_LAYER or not re.fullmatch(r"[A-Za-z]", layer):
        return None
    renamed = {}
    for base in body.expr.atoms(sp.IndexedBase):
        name, _, own = key_name(base).partition("^")
        if re.fullmatch(r"\{l\s*([-+]\s*\d)?\}", own):
            renamed[base] = sp.IndexedBase(f"{name}^{{{layer}{own[2:-1].replace(' ', '')}}}",
                                           **base.assumptions0)
    return sp.Lambda(use.indices, body(*use.indices).xreplace(renamed))


def _per_neuron(found: dict, lhs, rel, rhs, scope: Scope, condition, work: Work):
    """`a = σ(z)` stated once as the neuron's law, then `a_i^{(L)}` and `z_i^{(L)}` written
    for a layer: the law holds for each neuron, so the step is decided again with it at
    this step's indices and label. `valid` so names the reading and the line of the law;
    a refuted step that this reading leaves unrefuted is `unknown`; an unknown one that it
    refutes stays `unknown` (the layer may be defined in words), saying so. None: nothing
    carried, or the reading changes nothing."""
    carried = _carried_definitions((lhs.expr, rhs.expr), scope)
    if not carried:
        return None
    wider = scope.copy()
    wider.defs.update(carried)
    again = work.verdict(lhs.expr, rel, rhs.expr, wider, condition or None)
    names = ", ".join(f"${sp.latex(k[v.variables])} = {sp.latex(v.expr)}$"
                      if isinstance(v, sp.Lambda) else f"${sp.latex(k)} = {sp.latex(v)}$"
                      for k, v in carried.items())
    if again["verdict"] == VALID:
        stems = {_SPELLED_ENTRY.sub(lambda m: m.group(1), key_name(k)).partition("^")[0]
                 for k in carried}
        laws = {s for s in stems} | {f"{s}^{_ANY_LAYER}" for s in stems}
        lines = sorted({n for k, n in scope.lines.items() if key_name(k) in laws and n})
        where = f" (line {', '.join(map(str, lines))})" if lines else ""
        return dict(again, reading=f"{names}: the law the document states for the plain "
                    f"name or for every layer l{where}, for each sample or neuron at this step's "
                    "indices and layer")
    if found["verdict"] == UNKNOWN and again["verdict"] == INVALID:
        return dict(found, reason=f"{found['reason']}; with {names} — the law stated for the "
                    "plain name, at this layer's indices — the step is false")
    if found["verdict"] == INVALID and again["verdict"] != INVALID:
        return _unknown(found, "a plain name's definition carried to its indexed, "
                        f"labelled uses ({names})", f"false as read; with {names} — the "
                        "definition given for the plain name, with this layer's indices — "
                        f"the step is {again['verdict']}; the document does not say so")
    return None


def _by_component(found: dict, lhs, rel, rhs, scope: Scope, condition, work: Work):
    """`\\nabla_i S_j` with S defined as a function of one vector x and i an index the
    step also writes (x_i): ∂S_j/∂x_i, the derivative by the i-th component of S's
    argument. Decided again so; `valid` names the reading, and a refuted step that it
    leaves unrefuted is `unknown`. None where no derivative is by such an index."""
    sides = (lhs.expr, rhs.expr)
    if not all(isinstance(e, sp.Basic) for e in sides):
        return None
    # the index as x_i writes it (an integer), by name: ∇_i's subscript is read as a variable
    indices = {i.name: i for e in sides for a in e.atoms(sp.Indexed) for i in a.indices
               if isinstance(i, sp.Symbol)}
    swap, said = {}, []
    for d in (d for e in sides for d in e.atoms(sp.Derivative)):
        by = [v for v in d.variables if isinstance(v, sp.Symbol) and v.name in indices
              and v not in scope.defs]
        if len(by) != 1:
            continue
        arguments = {b for k in reachable(scope.defs, [d.expr]) for b in _bases(scope.defs[k])
                     if b not in scope.defs and b.label not in scope.defs}
        if len(arguments) != 1:
            continue
        x = next(iter(arguments))
        entry = x[indices[by[0].name]]
        swap[d] = d.xreplace({by[0]: entry})
        said.append(f"$\\nabla_{{{sp.latex(by[0])}}}$ as $\\partial/\\partial "
                    f"{sp.latex(entry)}$")
    if not swap:
        return None
    again = work.verdict(lhs.expr.xreplace(swap), rel, rhs.expr.xreplace(swap), scope,
                         condition or None)
    reading = (f"{', '.join(dict.fromkeys(said))}: the derivative by that component of the "
               "one vector the function is defined on")
    if again["verdict"] == VALID:
        return dict(again, reading=reading)
    if found["verdict"] == INVALID and again["verdict"] != INVALID:
        return _unknown(found, reading, f"false as read; with {reading} the step is "
                        f"{again['verdict']} — the document does not say which is meant")
    return None


def _bases(body) -> set:
    """The vectors a definition's body takes entries of (x of e^{x_j}/Σ_k e^{x_k})."""
    if isinstance(body, sp.Lambda):
        body = body.expr
    if isinstance(body, sp.MatrixBase):
        return set().union(*(_bases(e) for e in body))
    return {a.base for a in body.atoms(sp.Indexed)} if isinstance(body, sp.Basic) else set()


_SUM_SIGN = re.compile(r"\\sum(?![a-zA-Z])|\\Sigma(?![a-zA-Z])")


def _repeats_an_index(texts, functions) -> bool:
    """Whether any of these equations (a step, a definition with its name: which indices
    are free, the whole equation says) reads with more sums when an index repeated in a
    product is summed over (`\\mathbf{1}_j e^{x_j}`): Einstein's convention is then a
    reading."""
    summed = frozenset(functions | {EINSTEIN})

    def sums(exprs) -> int:
        return sum(len(e.atoms(sp.Sum)) for e in exprs if isinstance(e, sp.Basic))
    for text in texts:
        try:
            if sums(read_chain(text, summed)[0]) > sums(read_chain(text, functions)[0]):
                return True
        except ParseError:
            continue
    return False


def _other_readings(found: dict, lhs, rel, rhs, scope: Scope, condition,
                    work: Work, chain=()) -> dict:
    """`invalid` only when false under every customary reading. Where notation has two
    readings — φ(z), g(x) never defined: a function at z or φ times z; σ(…) or f(…) of a
    one-argument function the document names bare: its value at (…) or σ times (…) — the
    step is read the other way too, and if that leaves it unrefuted it is `unknown`,
    saying which reading would hold."""
    texts = (lhs.text, rhs.text)
    called = {m.group(1).lstrip("\\") for t in texts for m in _CALLED.finditer(t)}
    # L(λ), Q(w), R(a) with the letter defined nowhere (nor as a value): a likelihood, a
    # functional, a risk — a function of its argument as much as a factor
    called |= {m.group(1) for t in texts for m in _CAPITAL_CALLED.finditer(t)} - {
        str(k) for k in scope.defs if isinstance(k, sp.Symbol)}
    # p(x), q(z), p(y_i) of one name, in the step or in the definitions it uses: a density
    # or a probability, read as a function too (never p(1 − p), a product)
    written = [scope.texts[k] for k in reachable(scope.defs, [lhs.expr, rhs.expr])
               if k in scope.texts and isinstance(scope.texts[k], tuple)]
    used = [body for _, body in written]
    called |= {m.group(1) for t in [*texts, *used] for m in _DENSITY.finditer(t)}
    # (r_1 = f(1) in a definition the step uses: f's value at 1, or f times 1)
    called |= {m.group(1).lstrip("\\") for t in used for m in _CALLED.finditer(t)}
    called -= scope.coefficients         # (the step size η of η (g + λθ))
    readings = []
    if called - set(scope.functions):
        names = called - set(scope.functions)
        readings.append((frozenset(scope.functions | names),     # (its definitions too)
                         f"{', '.join(sorted(names))} as a function of its argument", True))
    names = {str(s).rstrip("'") for s in scope.function_bodies()}
    bare = {n for n in names if not subscript_slots(n)} | (scope.applied & scope.functions)
    if scope.bare_written is not None:      # (a σ the page never writes bare is σ(…) only)
        bare &= scope.bare_written
    if "sigma" not in names and not scope.named & SIGMA_WORDS and scope.bare_written \
            and "sigma" in scope.bare_written:
        bare.add("sigma")       # σ a number of the page (z = μ + σε): σ²(3 − 1) is 2σ²
    applied = {n for n in bare if re.search(r"(\\%s|(?<![a-zA-Z\\])%s)\s*(\^\s*(\{[^{}]*\}|"
                                            r"[0-9]))?\s*(\\left)?\s*\("
                                            % (re.escape(n), re.escape(n)), " ".join(texts))}
    # a function written with a subscript (p_i(T)) at a sum or a difference, by its letter:
    # p_i(δ_ik − p_k) is p_i times the bracket as much as p_i at it (never f_1(s), at the
    # name its signature writes)
    applied |= {stem for n in names if (stem := (subscript_slots(n) or ("",))[0])
                and re.search(r"(?<![a-zA-Z\\])%s\s*_\s*(\{[^{}]*\}|[a-zA-Z0-9])\s*"
                              r"(\\left)?\s*\([^()]*?[-+]" % re.escape(stem), " ".join(texts))}
    if applied:
        readings.append((frozenset(scope.functions - applied) | {"!" + n for n in applied},
                         f"{', '.join(sorted(applied))}(…) as a product with the bare name",
                         False))
    if _SUPERSCRIPT_ON_INDEXED.search(" ".join(texts)):
        readings.append((frozenset(scope.functions | {SUPERSCRIPT_INDEX}),
                         "a letter superscript on a subscripted name as an index (A_3^k: "
                         "entry k of A_3), not a power", False))
    if any(f.startswith(LAYERED) for f in scope.functions):
        readings.append((frozenset(scope.functions | {LAYERED + LAYERS_READ}),
                         "a number above a letter as a layer's label (a^2: layer 2's a), "
                         "not a power", False))
    if _FEATURE_SUPERSCRIPT.search(" ".join(texts)) and LETTER_LAYERS not in scope.functions:
        # (never where the page numbers its layers with that letter: z^l is layer l's)
        readings.append((frozenset(scope.functions | {FEATURE_INDEX}),
                         "a letter superscript as a feature's index (x_i^j: feature j of "
                         "object i), not a power", False))
    if any(unbracketed_log(t) for t in texts):
        readings.append((frozenset(scope.functions | {LOG_WHOLE_TERM}),
                         "each log written without brackets as the log of its whole product "
                         "term (\\log a\\,b as log(ab))", False))
    if any(unbracketed_sum(t) for t in texts):
        readings.append((frozenset(scope.functions | {SUM_WHOLE_TERM}),
                         "each Σ written without brackets as the sum of every term after it "
                         "(\\sum_i a_i - 1 as \\sum_i (a_i - 1))", False))
    # (a step that writes a Σ sums explicitly: no convention sums for it)
    if EINSTEIN not in scope.functions and not any(_SUM_SIGN.search(t) for t in texts) \
            and _repeats_an_index([" = ".join(texts), *(" = ".join(w) for w in written)],
                                  scope.functions):
        readings.append((frozenset(scope.functions | {EINSTEIN}),
                         "an index repeated in a product summed over (Einstein's convention)",
                         True))
    if _OPERATOR_BRACKET.search(" ".join(texts)):
        readings.append((frozenset(scope.functions | {BRACKET_ONLY}),
                         "each ∂/∂x (…) applied to its bracket only, the factors after it "
                         "multiplied", False))
    pair = _jacobian_indices(chain) or _jacobian_indices((lhs.expr, rhs.expr))
    if pair and any(isinstance(e, sp.Basic) and sp.KroneckerDelta(*pair) in e.atoms(
            sp.KroneckerDelta) for e in (lhs.expr, rhs.expr)):
        pair = None             # δ_ij written: the step itself covers both cases
    if pair and not condition and not scope.stated:
        i, j = pair
        for case, words in ((sp.Ne(i, j), f"{i} \\neq {j}"), (sp.Eq(i, j), f"{i} = {j}")):
            again = work.verdict(lhs.expr, rel, rhs.expr, scope, (case,))
            stated = _stated_case(scope, case, chain)
            if again["verdict"] == VALID and stated:
                return dict(again, reading=f"the case ${words}$, which the cases display at "
                            f"line {stated} states with the value this derivation ends at")
            if again["verdict"] == VALID:
                return _unknown(found, f"the case ${words}$ of a Jacobian entry", "false as "
                                f"read for every {i}, {j}; valid in the case ${words}$, which "
                                "the document does not state for this display")
    again, which = _as_softmax(lhs, rel, rhs, scope, condition, work)
    if again is not None:
        if again["verdict"] == VALID and which is None and _defines_sigma(chain):
            scope.sigma = "softmax"
            return dict(again, reading="σ(x_k) as the k-th output of the softmax of x, as "
                        "this display defines σ")
        if again["verdict"] == VALID and which == "softmax":
            return dict(again, reading="σ(x_k) as the k-th output of the softmax of x, as "
                        "the section's words say")
        if again["verdict"] == INVALID and which == "softmax":   # its values where it fails
            found = dict(again, reading="σ(x_k) as the k-th output of the softmax of x, as "
                         "the document says")
        elif again["verdict"] != INVALID:
            return _unknown(found, "σ(x_k) as the k-th output of the softmax of x",
                            "false with σ the logistic function; with σ(x_k) the k-th output "
                            f"of the softmax of x the step is {again['verdict']} — the "
                            "document does not say which σ is meant")
    tried = [((lhs.expr, rhs.expr), "")]
    for functions, reading, reread in readings:
        try:
            with deadline(work.timeout):
                if EINSTEIN in functions:   # (which indices are free: the whole step says)
                    left, right = read_chain(f"{lhs.text} = {rhs.text}", functions)[0][-2:]
                else:
                    left = read_chain(lhs.text, functions)[0][0]
                    right = read_chain(rhs.text, functions)[0][0]
        except (ParseError, Timeout, IndexError):
            continue
        at = _reread(scope, [lhs.expr, rhs.expr], functions, work) if reread else scope
        if left == lhs.expr and right == rhs.expr and at is scope:
            continue
        again = work.verdict(left, rel, right, at, condition or None)
        if SUM_WHOLE_TERM in functions and again["verdict"] != VALID:
            # (a sum over terms its bracket does not hold is a writer's shorthand, not a
            # convention: it speaks for the step where it makes it hold, never against)
            continue
        if again["verdict"] != INVALID:
            return {"verdict": UNKNOWN, "reason_kind": ReasonKind.READING.value,
                    "relation": rel, "seconds": found.get("seconds", 0.0), "reading": reading,
                    "reason": f"false as read; with {reading} the step is "
                              f"{again['verdict']} — the document does not say which is meant"}
        tried.append(((left, right), reading))
    for (left, right), reading in tried:
        for name, value in _named_in_words(left, right, scope):
            try:
                named = [e.xreplace({name: value}) for e in (left, right)]
            except (ValueError, TypeError):     # the name is differentiated by: no value
                continue
            again = work.verdict(named[0], rel, named[1], scope, condition or None)
            if again["verdict"] == VALID:
                said = f"${sp.latex(name)} = {sp.latex(value)}$"
                return _unknown(found, said + (f", with {reading}" if reading else ""),
                                f"false as read; valid if {said}, which the document does "
                                "not state in a formula (it may say so in words)")
    return found


# in `functions`: the words say log is to base 2 somewhere ("logs base 2 so everything
# comes out in bits") — a reading of \log for the steps false with the natural one
LOG_2_SAID = "log:2 said"


def _in_base_2(found: dict, lhs, rel, rhs, scope: Scope, condition, work: Work) -> dict:
    """A refuted step of a document whose words put log to base 2 (an example in bits),
    decided again with every log of it and of its definitions to base 2 — at the
    example's values too: `valid` there names that reading. Texts that say so often keep
    the natural log for their derivations (log q_i = θ_i − log Σ_k e^{θ_k}), so it is a
    reading of the step, never the document's one meaning of log."""
    if found["verdict"] != INVALID or LOG_2_SAID not in scope.functions:
        return found
    functions = frozenset(scope.functions | {LOG_BASE_2})
    try:
        with deadline(work.timeout):
            left, right = (_Text(read_chain(t.text, functions)[0][0], t.text)
                           for t in (lhs, rhs))
    except (ParseError, Timeout, IndexError):
        return found
    at = _reread(scope, [lhs.expr, rhs.expr], functions, work)
    if (left.expr, right.expr) == (lhs.expr, rhs.expr) and at is scope:
        return found
    again = work.verdict(left.expr, rel, right.expr, at, condition or None,
                         (lhs.text, rhs.text))
    if again["verdict"] == INVALID:
        again = _at_examples(again, left, rel, right, at, condition, work)
    if again["verdict"] != VALID:
        return found
    return dict(again, reading="; ".join(filter(None, [
        "log to base 2, as the words say", again.get("reading")])))


def _reread(scope: Scope, exprs, functions, work: Work) -> Scope:
    """The scope with the plain definitions a step uses read again under a reading (`$a =
    p(x)$` with p a function); the scope itself where none reads differently."""
    again = {}
    for key in reachable(scope.defs, exprs):
        written, body = scope.texts.get(key), scope.defs[key]
        if not isinstance(written, tuple) or not isinstance(body, sp.Basic):
            continue
        try:
            with deadline(work.timeout):
                # (under Einstein's convention, with the name: its indices are free)
                new = read_chain(f"{written[0]} = {written[1]}", functions)[0][-1] \
                    if EINSTEIN in functions else read_chain(written[1], functions)[0][0]
        except (ParseError, Timeout, IndexError):
            continue
        if isinstance(body, sp.Lambda):         # H(p, q) = −Σ_i p_i log q_i: a function
            new = sp.Lambda(body.variables, new)
        if new != body:
            again[key] = new
    if not again:
        return scope
    out = scope.copy()
    out.defs.update(again)
    return out


MAX_NAMED = 2      # candidate `name = value` pairs tried for one refuted step



def _free_indices(e) -> set:
    return {s for s in e.free_symbols if s.is_integer}


def _named_in_words(left, right, scope: Scope) -> list:
    """(name, value) pairs a document may have said in words: a name it never defines on
    one side (A_3^k) and a function's value on the other that this side lacks (σ(z_3^k)),
    nothing of the name in the value."""
    pairs = []
    sides = [e for e in (left, right) if isinstance(e, sp.Basic)]
    if len(sides) != 2:
        return pairs
    calls = [set(e.atoms(sp.Function)) - set(e.atoms(sp.Derivative)) for e in sides]
    # a name a function is applied to, or one a definition is made of, is a variable of
    # the problem (x in σ(x)), not a quantity a sentence could have defined
    variables = {s for c in calls[0] | calls[1] for a in c.args for s in mentions(a)}
    for body in scope.defs.values():
        # (the p of H(p, q) = −Σ_k p_k log q_k is H's parameter, none of the problem's)
        params = {str(v) for v in body.variables} if isinstance(body, sp.Lambda) else set()
        variables |= {m for m in mentions(body) if str(getattr(m, "label", m)) not in params}
    for here, there in ((0, 1), (1, 0)):
        for value in sorted(calls[here] - calls[there], key=sp.default_sort_key):
            labels = {i.base.label for i in sides[there].atoms(sp.Indexed)}
            names = sides[there].atoms(sp.Indexed) | (sides[there].atoms(sp.Symbol) - labels)
            for name in sorted(names, key=sp.default_sort_key):
                base = name.base if isinstance(name, sp.Indexed) else name
                if getattr(name, "is_integer", False) or base in scope.defs \
                        or name in variables or base in variables \
                        or (isinstance(name, sp.Symbol) and any(
                            name in i.indices for i in sides[there].atoms(sp.Indexed))) \
                        or base in value.free_symbols or value.has(base) \
                        or _free_indices(value) - _free_indices(name):
                    continue          # (I = δ_ik: a value with indices the name lacks)
                pairs.append((name, value))
    return pairs[:MAX_NAMED]


_CLASS_INDICES = set("ijklmnpqrsc")


def _defines_sigma(chain) -> bool:
    """`σ(\\mathbf{z})_i = e^{z_i} / Σ_j e^{z_j}` alone in its display: what σ is, stated
    at the entry k of a vector — the document's definition of σ, never a step of its own."""
    from ..notation import Sigmoid
    if len(chain) != 2 or not isinstance(chain[0], Sigmoid) or not isinstance(chain[1], sp.Basic):
        return False
    x = chain[0].args[0]
    return isinstance(x, sp.Indexed) and len(x.indices) == 1 and x.indices[0].is_Symbol \
        and not chain[1].has(Sigmoid) and chain[1].has(x)


def _softmax_reading(exprs) -> dict:
    """σ(x_k) → e^{x_k} / Σ_j e^{x_j}: lectures write σ for the softmax too, applied to a
    component of a vector. The vector's length is the bound of a sum over it in the step,
    else n."""
    from ..notation import Sigmoid, softmax_output
    exprs = [e for e in exprs if isinstance(e, sp.Basic)]
    # (σ(u_t), σ(a_f): a gate at time step t, the forget gate's f — a softmax runs over
    # the classes, counted by the customary index letters)
    applied = {a for e in exprs for a in e.atoms(Sigmoid) if isinstance(a.args[0], sp.Indexed)
               and len(a.args[0].indices) == 1 and not is_sample(a.args[0])
               and {s.name for s in a.args[0].indices[0].free_symbols} <= _CLASS_INDICES}
    if any(not isinstance(a.args[0], (sp.Indexed, sp.Symbol)) for e in exprs
           for a in e.atoms(Sigmoid)):
        return {}    # σ(Σ_k w_jk a_k + b_j) beside σ(z_j): σ of a number, entry by entry
    out = {}
    for a in applied:
        bounds = [s.limits[0][2] for e in exprs for s in e.atoms(sp.Sum)
                  if s.function.has(a.args[0].base)]
        out[a] = softmax_output(a.args[0], bounds[0] if bounds else DEFAULT_DIM)
    return out


def _learn_argument(scope: Scope, head) -> None:
    """`σ(z) = …` names σ's argument: from here on a bare σ, σ' means σ(z), σ'(z) (the
    logistic function, which the library knows by name, so the equality is a step)."""
    from ..notation import Sigmoid
    sigma = sp.Function("sigma", real=True)
    if isinstance(head, Sigmoid) and isinstance(head.args[0], sp.Symbol) \
            and "sigma" not in scope.functions and sigma not in scope.stand_ins:
        # (a stand-in for the bare σ only: σ(x) stays the library's σ, whose σ' = σ(1 − σ)
        # keeps a derivative short — a σ of the document's own was taken down to e^{-z})
        z = head.args[0]
        scope.stand_ins[sigma] = sp.Lambda((z,), Sigmoid(z))
        scope.sigma = scope.sigma or "logistic"


def _states_a_fact(exprs, rels, scope: Scope, in_words: bool = False) -> bool:
    """A chain that states something about the problem's data rather than deriving:
    `\\sum_j y_j = 1`, `0 \\le y_j \\le 1`, `L \\neq k` — no derivative, a name the document
    does not define, and inequalities, ≠, or one equality with a number on one side; in
    the words also a polynomial equation in one name (`Since $r_j^2 = r_j$`)."""
    if "~" in rels or any(isinstance(e, sp.Basic) and e.has(sp.Derivative) for e in exprs):
        return False
    names = set()
    for e in exprs:
        if isinstance(e, sp.Basic):
            names |= {s for s in e.free_symbols if isinstance(s, sp.Symbol) and not s.is_integer}
            names |= {i.base for i in e.atoms(sp.Indexed)}
    if not names or any(scope.defines(k) and not (
            in_words and str(k) in scope.examples and _after_its_section(scope, str(k)))
                        for k in names):
        return False        # (a fact under a later heading ends a worked example's value)
    if all(r != "=" for r in rels):
        return True
    if rels != ["="]:
        # "subject to $\|u\|_2^2 = u^T u = 1$": in the words, equal forms that end at a number
        return in_words and all(r == "=" for r in rels) \
            and getattr(exprs[-1], "is_number", False)
    if any(getattr(e, "is_number", False) or matrices.is_identity(e) for e in exprs):
        return True
    # r_j^2 = r_j: the values of a mask, said in words
    return in_words and all(isinstance(e, sp.Basic) and not e.atoms(sp.Function)
                            for e in exprs) \
        and len({frozenset(_names_of(e)) for e in exprs}) == 1 \
        and len(_names_of(exprs[0])) == 1 and _degree(exprs[0] - exprs[1]) >= 2


def _transposes(name, e) -> bool:
    """Whether e writes the transpose of the name (A^T, A^{\\top} for A)."""
    found = definition_key(name)
    if found is None or not isinstance(e, sp.Basic):
        return False
    stem = re.escape(key_name(found[0])) + r"\^"
    return any(re.match(stem, s.name) for s in e.free_symbols if isinstance(s, sp.Symbol))


def _degree(e) -> int:
    """The degree of a polynomial in its one quantity (0 for an identity, or none)."""
    [q] = _names_of(e) or [None]
    try:
        return sp.Poly(sp.expand(e), q).degree() if q is not None else 0
    except sp.PolynomialError:
        return 0


def _names_of(e) -> set:
    """The quantities an expression writes: plain names and entries (r_j, a_1, a_2)."""
    labels = {i.base.label for i in e.atoms(sp.Indexed)}
    return {s for s in e.free_symbols if isinstance(s, sp.Symbol) and not s.is_integer
            and s not in labels} | e.atoms(sp.Indexed)


def _defined_by_cases(chains, scope: Scope, line: int = 0, given: list | None = None) -> list:
    """`f(x) = \\begin{cases} … \\end{cases}` with f not yet defined defines f piecewise
    (every row under its condition), and has no step to check; the chains left to check
    (a second cases display beside it, `\\qquad f'(x) = \\begin{cases}…`, are claims).
    Rows `0 & \\text{with probability } p` give the head's law instead (into `given`)."""
    if not any(c.condition for c in chains):
        return chains                   # (no row has a condition: nothing read twice)
    runs: list = []
    for chain in chains:
        if not chain.condition and not chain.otherwise:
            runs.append((None, [(chain, None, None)]))
            continue
        try:
            exprs, rels, _, _ = _parse(chain, scope)
        except ParseError:
            return chains
        if runs and runs[-1][0] is not None and runs[-1][0] == exprs[0]:
            runs[-1][1].append((chain, exprs, rels))
        else:
            runs.append((exprs[0], [(chain, exprs, rels)]))
    left = []
    for head, rows in runs:
        if head is None:
            left += [chain for chain, _, _ in rows]
            continue
        law = _law_by_cases(head, rows, scope)
        if law is not None:
            if given is not None:
                given.append(law)
            continue
        named = _named_before_cases(head, rows, scope, line)
        if named is not None:
            left += named
            continue
        pieces = []
        for n, (chain, exprs, rels) in enumerate(rows):
            # (`otherwise`: every case the rows before leave, only as the last row)
            cond = _condition(chain, scope) if chain.condition else \
                sp.true if chain.otherwise and n == len(rows) - 1 and n else None
            if rels != ["="] or cond is None or definition_key(head) is None \
                    or _defined(scope, head):
                break
            pieces.append((exprs[1], cond))
        else:
            add_definition(scope, head, sp.Piecewise(
                *pieces, *(() if pieces[-1][1] is sp.true else ((sp.nan, True),))), line)
            continue
        left += [chain for chain, _, _ in rows]
    return left


def _law_by_cases(head, rows, scope: Scope) -> str | None:
    """`h' = \\begin{cases} 0 & \\text{with probability } p \\\\ \\frac{h}{1-p} &
    \\text{otherwise} \\end{cases}`: a random variable given by its values and their
    chances — its law (a discrete one), for the expectations taken of it later; the text
    to report as given, or None where a row is not so (then the rows are cases)."""
    if not isinstance(head, sp.Symbol) or len(rows) < 2 or scope.defines(head) \
            or head.name.rstrip("'") in {str(f) for f in scope.function_bodies()}:
        return None         # (h' of a function h the document defines: its derivative)
    params = []
    for n, (chain, exprs, rels) in enumerate(rows):
        if rels != ["="] or len(exprs) != 2:
            return None
        value = chain.text.split("=", 1)[1].strip()
        if chain.otherwise and n == len(rows) - 1:
            chance = "1 - " + " - ".join(f"({p})" for p in params[1::2])
        elif chain.chance:
            chance = chain.chance
        else:
            return None
        params += [value, chance]
    try:
        for text in params:
            read_expr(text, frozenset(scope.functions))
    except ParseError:
        return None
    scope.laws[str(head)] = ("discrete", tuple(params))
    return f"{sp.latex(head)} = " + ", ".join(
        f"{v} with probability {p}" for v, p in zip(params[::2], params[1::2]))


def _named_before_cases(head, rows, scope: Scope, line: int) -> list | None:
    """`\\operatorname{ReLU}(z) = \\max(0, z) = \\begin{cases} z, & z > 0 \\\\ 0, & z \\le 0
    \\end{cases}`: every row names the head by one formula first, its cases after — the
    head defined by that formula (as `f(x) = A = B` defines f by A), the rows' steps from
    it on left to check. None where the rows do not all start so, or where the head is a
    function the library knows (ReLU, sigmoid) by another formula: a claim then."""
    if not rows or not all(len(rels) >= 2 and rels[0] == "=" and len(exprs) >= 3
                           for _, exprs, rels in rows):
        return None             # (a cases display with no head: its rows are its claims)
    body = rows[0][1][1]
    if definition_key(head) is None or _defined(scope, head) \
            or not all(exprs[1] == body for _, exprs, _ in rows) \
            or not isinstance(body, sp.Basic) or not _has_names(body) \
            or not _as_the_library_has_it(head, body):
        return None
    add_definition(scope, head, body, line)
    return [after_first_link(chain) for chain, _, _ in rows]


def _as_the_library_has_it(head, body) -> bool:
    """Whether a head the library knows (ReLU(z), \\operatorname{sigmoid}(x)) is given its
    library formula (max(0, z)); True for any other head. Read by SymPy's simplification in
    a second at most; False when it cannot tell."""
    name = str(getattr(head, "func", ""))
    if name not in WORD_FUNCTIONS and name != "sigma":
        return True
    if len(head.args) != 1 or not isinstance(body, sp.Expr):
        return False
    library = Sigmoid(head.args[0]) if name == "sigma" else WORD_FUNCTIONS[name](head.args[0])
    try:
        with deadline(1.0):
            return sp.simplify((library - body).rewrite(sp.exp)) == 0
    except Exception:           # a Timeout, or SymPy failing on it: not known to agree
        return False


def _in_one_unit(steps: list, units: list) -> list:
    """`≈ 0{,}693 \\text{ нат} = 1 \\text{ бит}`: a link between amounts in different units
    of information compares them in nats (1 bit = ln 2 nats), never as bare numbers."""
    if len(units) != len(steps) + 1:
        return steps
    size = {"nat": sp.Integer(1), "bit": sp.log(2)}
    said = "1 bit = ln 2 nats"
    return [(_Text(a.expr * size[u], a.text, said), rel, _Text(b.expr * size[v], b.text, said))
            if u and v and u != v and isinstance(a.expr, sp.Expr) and isinstance(b.expr, sp.Expr)
            else (a, rel, b) for (a, rel, b), u, v in zip(steps, units, units[1:])]


@dataclass
class _Text:
    """A parsed expression and the student's own LaTeX for it."""
    expr: object
    text: str
    unit: str = ""          # how amounts in two units were made one (`_in_one_unit`)
    note: str = ""          # how malformed text was read (`derive.latex.repair`)


class _Open:
    """The last expression of a block, and the relation it ends with (None if none)."""

    def __init__(self, expr, open_rel, chain=None):
        self.expr = expr
        self.open = open_rel
        self.chain = chain                  # its ChainRecord, which a next block may continue
        self.rows: dict | None = None       # a cases block's row ends, by condition
        self.imposed: list = []             # equations its block set to zero, unsolved
        self.awaiting: list = []            # the steps that set them (`_Awaiting`)


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


_SIGN_SCRIPT = re.compile(r"\^\s*(\{\s*[+-]\s*\}|[+-](?=\s*($|[_\\},)])))"
                          r"|[_^]\s*(\{\s*\*\s*\}|\*)(?=\s*(\\left)?\s*\()")
# (and the star of an optimum that is a function, a^*(x) = …: w^* = … alone is a claim of
# where the optimum is, checked as one)
_FIRST_RELATION = re.compile(r"=|\\equiv(?![a-zA-Z])")
_NOT_A_NAME = re.compile(r"\\(frac|dfrac|sum|prod|partial|int|cdot|times)(?![a-zA-Z])|[-+*/]")


def _named_by_its_derivative(left, right, scope: Scope) -> bool:
    """`∂N/∂v = ∂E/∂v`: N a name the document has not defined (or a function of v alone,
    φ(z)), E an expression without it, the same variables, and E's free indices N's own
    (p_i for e^{a_i}/Σ_k e^{a_k})."""
    if not (isinstance(left, sp.Derivative) and isinstance(right, sp.Derivative)
            and left.variable_count == right.variable_count):
        return False
    name, body = left.expr, right.expr
    if isinstance(name, AppliedUndef) and set(name.args) != set(left.variables):
        return False          # `\frac{d}{dz} \phi(z) = \frac{d}{dz} \frac{1}{1+e^{-z}}`: φ's own
    if not isinstance(name, (sp.Symbol, sp.Indexed, AppliedUndef)) or _defined(scope, name) \
            or definition_key(name) is None:
        return False
    base = name.base if isinstance(name, sp.Indexed) else \
        name.func if isinstance(name, AppliedUndef) else name
    own = set(name.indices) if isinstance(name, sp.Indexed) else set()
    if not all(isinstance(i, sp.Symbol) for i in own) or body.has(base) \
            or isinstance(body, (sp.Symbol, sp.Indexed)):
        return False
    dims = sum_bounds([body])
    free = {s for s in body.free_symbols if s.is_integer} - dims
    return free <= own and bool(body.free_symbols - free - dims)


def _named_through(exprs, rels, k: int, scope: Scope) -> int:
    """Where the value of a name defined at the head of a chain is: past the other names
    for it the chain writes first — a component of a call (`y_c = \\varsigma(z)_c = …`) or
    a call on plain names whose function the document has not defined for so many
    arguments (`s = f(x; W) = Wx`: s and f(x; W) are both Wx)."""
    while k + 1 < len(exprs) and rels[k] == "=" and (
            isinstance(exprs[k], sp.Indexed) and "(" in str(exprs[k].base.label)
            and not _defined(scope, exprs[k]) or _signature_call(exprs[k], scope)
            or _named_loss(exprs[k], scope)):
        k += 1
    return k


def _with_its_parameters(exprs, rels, k: int) -> int:
    """Which link of a chain defines the function at its head: the first from k on that
    writes all its parameters — `A(η) = −log(1 − π) = log(1 + e^η)` defines A by the
    last, its value through η (π is a function of η the words give), never a constant
    whose derivative is 0. k where none does (f(x) = 1 is a constant function)."""
    head = exprs[0]
    if not isinstance(head, AppliedUndef) or not all(isinstance(a, sp.Symbol) for a in head.args) \
            or not isinstance(exprs[k], sp.Basic) or set(head.args) <= exprs[k].free_symbols:
        return k
    for m in range(k + 1, len(exprs)):
        if rels[m - 1] != "=" or not isinstance(exprs[m], sp.Basic):
            break
        if set(head.args) <= exprs[m].free_symbols:
            return m
    return k


def _moment_of_a_defined_name(head, scope: Scope) -> bool:
    """`Var(y) = …` with y defined (`$y = \\sum_i w_i x_i$`), of a law the words give (`$u
    \\sim U[-a, a]$`) or of variables they call random ("the entries of $\\mathbf{q}$ are
    independent, of mean zero"): a variance to compute, a claim — not a name for a
    number, as Var(h) of an h the page says nothing of is."""
    if not has_moments(head):
        return False
    inside = letters_inside(head)       # (E[S_n] with S_n = Σ_i x_i: the letters inside)
    return any(_defined(scope, a) for a in head.atoms(sp.Symbol)
               if not a.is_integer and not has_moments(a)) \
        or bool(inside & (set(scope.laws) | scope.independent | scope.identical
                          | scope.centred | scope.unit)) \
        or any(str(getattr(k, "label", k)) in inside for k in scope.defs
               if isinstance(k, (sp.Symbol, sp.IndexedBase)) and not has_moments(k))


def _refers_to_itself(name, body) -> bool:
    """`p = e^t (1 - p)`: the name on both sides — an equation for it, never its
    definition (written into itself, it would never end)."""
    found = definition_key(name)
    if found is None or not isinstance(body, sp.Basic):
        return False
    key = found[0]
    if isinstance(key, sp.IndexedBase):         # h_t = tanh(w h_{t-1} + u x_t): a recurrence
        return any(i.base == key for i in body.atoms(sp.Indexed))
    if isinstance(key, sp.Symbol):              # L = (1/N) Σ L_i: L_i is another name
        return key in body.xreplace({i: sp.Dummy() for i in body.atoms(sp.Indexed)}).free_symbols
    return body.has(key)


def _note_recurrence(scope: Scope, name, body, line: int) -> None:
    """A recurrence just defined: its iterates m_1, m_2, … are its right side at t = 1, 2, …
    A family defined again otherwise has no recurrence any more."""
    if _recurrence(name, body) and isinstance(scope.defs.get(name.base), sp.Lambda):
        scope.recurrences[name.base] = (scope.defs[name.base], line)
    elif isinstance(name, sp.Indexed):
        scope.recurrences.pop(name.base, None)


def _recurrence(name, body) -> bool:
    """`h_t = (1 − z_t) h_{t−1} + z_t h̃_t`, `m_t = β m_{t−1} + (1 − β) g_t`: a family at
    its index t defined through its own earlier members only (t − 1, t − 2), and not an
    update of the previous value by a change (`w_t = w_{t−1} − η g_t`, a step of an
    algorithm) — a definition, written out one step at a time."""
    if not isinstance(name, sp.Indexed) or len(name.indices) != 1 \
            or not name.indices[0].is_Symbol or not isinstance(body, sp.Basic):
        return False
    t = name.indices[0]
    own = [i for i in body.atoms(sp.Indexed) if i.base == name.base]
    return bool(own) and all(len(i.indices) == 1 and (t - i.indices[0]).is_Integer
                             and t - i.indices[0] > 0 for i in own) \
        and not _updates(name, body)


def _circular(name, body, scope: Scope) -> bool:
    """`σ = e^{s/2}` after `s = log σ²`: the name comes back through the definitions its
    body uses — the inverse of one, never a definition of its own (it would never end)."""
    found = definition_key(name)
    if found is None or not isinstance(body, sp.Basic):
        return False
    others = {k: v for k, v in scope.defs.items() if k != found[0]}
    back = [k for k in reachable(others, [body]) if found[0] in mentions(others[k])]
    if back and isinstance(name, sp.Indexed) and len(name.indices) == 1:
        # h_t = (1 − z)h_{t−1} + z h̃ with z = σ(a_z), a_z made of h_{t−1}: the family comes
        # back only at earlier members — a recurrence through a gate, never circular
        t = name.indices[0]
        # (a_t = w h_{t−1} + u x_t with h_t = tanh(a_t): h at t − 1 is tanh(a_{t−1}), the
        # family's earlier member)
        used = {i.base for i in body.atoms(sp.Indexed) if i.base in back
                and isinstance(others[i.base], sp.Lambda)
                and len(others[i.base].variables) == len(i.indices)}
        bodies = [others[k].expr if isinstance(others[k], sp.Lambda) else others[k]
                  for k in back if k not in used]
        bodies += [others[i.base](*i.indices) for i in body.atoms(sp.Indexed)
                   if i.base in used]
        earlier = [t - i.indices[0] for b in bodies if isinstance(b, sp.Basic)
                   for i in b.atoms(sp.Indexed) if i.base == name.base and len(i.indices) == 1]
        return not all(gap.is_Integer and gap.is_positive for gap in earlier)
    return bool(back)


def _updates(name, body) -> bool:
    """`w = w - α ∂J/∂w`, `w_t = w_{t-1} + γ g`: the name (or
    its previous value) plus a change free of it — a step of an algorithm, as `:=` is."""
    if not _refers_to_itself(name, body) or not isinstance(body, sp.Basic):
        return False
    found = definition_key(name)
    key = found[0]
    if isinstance(key, sp.IndexedBase):
        before = [i for i in body.atoms(sp.Indexed) if i.base == key]
        if len(before) != 1:
            return False
        change = sp.expand(body - before[0])
        return not any(i.base == key for i in change.atoms(sp.Indexed)) and change != 0
    change = sp.expand(body - name)
    return not _refers_to_itself(name, change) and change != 0


def _named_loss(e, scope: Scope) -> bool:
    r"""`MSE(Y, X\mathbf{w})`, `NLL(θ)`: a function the document names by an acronym and
    never defines, applied to its arguments — in `Q(w) = MSE(Y, Xw) = ‖Y − Xw‖²` another
    name for the value the chain goes on to write, not a step to decide."""
    name = type(e).__name__ if isinstance(type(e), sp.core.function.UndefinedFunction) else ""
    return len(name) > 1 and name.isupper() and name.isalpha() and type(e) not in scope.defs


def _state_result(exprs, rels, texts, decided, scope: Scope, out, continued,
                  condition=()) -> None:
    """`∂ξ_i/∂y_i = … = (y_i − t_i)/(y_i(1 − y_i))` with ξ defined nowhere: the display
    states what the derivative is, which derive cannot check (its steps stay unknown),
    and the steps after it use that value — as the writer does ("bringing this together").
    Only a result free of derivatives, and not where a step of it is invalid, nor one
    that holds in a case only (`condition`: "for an active triplet, i.e. $u > 0$:").
    Reported under `given`."""
    if continued or condition or not exprs or not rels or any(r != "=" for r in rels) \
            or not (unknown_derivative(exprs[0], scope) or _of_an_undefined_function(
                exprs[0], scope)) \
            or any(s.verdict == INVALID for s in decided) \
            or not isinstance(exprs[-1], sp.Basic) or exprs[-1].has(sp.Derivative):
        return                  # a result: not another name for it (a chain rule written)
    scope.stated_derivatives[exprs[0]] = exprs[-1]
    # (for matrices; "proved" where every step of the display was: a later step that
    # contradicts it is wrong, not the statement)
    kind = "proved" if decided and all(s.verdict == VALID for s in decided) else "stated"
    scope.texts[(kind, texts[0].text)] = (texts[0].text, texts[-1].text)
    out.given.append(f"{texts[0].text} = {texts[-1].text}")


def _of_an_undefined_function(e, scope: Scope) -> bool:
    """∇g(w), ∇²g(w) with g a function the document never defines (its formula is on
    another page): what the display states it to be is all that is known of it."""
    return isinstance(e, sp.Derivative) and isinstance(e.expr, AppliedUndef) \
        and type(e.expr) not in scope.defs \
        and str(type(e.expr)) not in scope.functions - scope.applied


def _relabelled(scope: Scope, name, body) -> bool:
    """`z_j^L = Σ_k w_{jk} a_k^{L-1} + b_j^L` after `z_j^L = Σ_k w^L_{jk} a_k^{L-1} + b_j^L`:
    the same definition with a name's label dropped (or added) — a slip of notation, not
    a new meaning (the step stays a step)."""
    found = definition_key(name)
    old = scope.defs.get(found[0]) if found else None
    if isinstance(old, sp.Lambda):              # δ_h defined, δ_{hij} restated: another name
        old = old(*name.indices) if isinstance(name, sp.Indexed) \
            and len(old.variables) == len(name.indices) else None
    if not isinstance(old, sp.Basic) or not isinstance(body, sp.Basic):
        return False
    before = {i.base for i in old.atoms(sp.Indexed)}
    after = {i.base for i in body.atoms(sp.Indexed)}
    twin = {}
    for base in after - before:
        match = [b for b in before - after if letter(b) == letter(base)]
        if len(match) != 1:
            return False
        twin[base] = match[0]
    return bool(twin) and body.xreplace(twin) == old


def _names_defined(exprs, k: int, scope: Scope) -> list:
    """Which of the names before the value (`_named_through`) the chain defines: not a
    call like f(x; W), which only says what the value depends on — defining f would make
    every later f (f(x + h), f = W_2 W_1 x) this function."""
    # (`p(C_k | φ) = y_k(φ) = …`: the k-th output of a function of φ, named with its index,
    # is defined — a bare y_k later is that output)
    return [m for m in range(k) if m == 0 or isinstance(exprs[m], AppliedUndef)
            and subscript_slots(type(exprs[m])) is not None
            or not (_signature_call(exprs[m], scope) or _named_loss(exprs[m], scope))]


def _signature_call(e, scope: Scope) -> bool:
    """f(x; W): an undefined function (or one defined with another number of arguments)
    applied to distinct plain names."""
    if not isinstance(type(e), sp.core.function.UndefinedFunction) or not e.args \
            or len(set(e.args)) != len(e.args) or definition_key(e) is None:
        return False
    body = scope.defs.get(type(e))
    return body is None or not isinstance(body, sp.Lambda) or len(body.variables) != len(e.args)


def _applied(scope: Scope, e):
    """f(x, W) where the document defines f(x, W) = …: that body, else e as it is."""
    body = scope.defs.get(type(e)) if isinstance(e, sp.Function) else None
    return body(*e.args) if isinstance(body, sp.Lambda) and len(body.variables) == len(e.args) \
        else e


def _in_its_last_form(named, exprs, rels, texts, as_read, scope: Scope) -> None:
    """`ℓ(θ) = \\log L(θ) = k \\log θ + (n − k)\\log(1 − θ)`, each step proved: ℓ is taken in the
    form the chain ends at (equal to the first wherever the names have values, as the
    steps proved), which a later dℓ/dθ differentiates as the writer does — the product
    L is, never more. Only a name (or function) defined by the chain's first link, every
    step after it valid as read (`as_read`: no reading of the notation but which names
    are vectors; no derivative left). Steps before may be undecided where each starts
    from a distribution the document writes but never defines (`L(w) = P(y | x; w) =
    ∏_i P(y_i | x_i; w) = ∏_i φ(z_i)^{y_i}…`): the chain gives that notation its meaning,
    and the last form is the one later steps can use."""
    last = exprs[-1]
    first = len(exprs) - 1 - len(as_read)       # the link the steps start from
    undefined = next((j for j, ok in enumerate(as_read) if ok), len(as_read))
    if not all(r == "=" for r in rels) or not isinstance(last, sp.Expr) \
            or last.has(sp.Derivative) or not all(as_read[undefined:]) \
            or _undefined_distributions(last, scope) or not all(
                _undefined_distributions(exprs[first + j], scope) for j in range(undefined)):
        return
    for name, text in named:
        key = definition_key(name)
        if key is None or isinstance(key[0], sp.IndexedBase) or last.has(name):
            continue
        add_definition(scope, name, last, scope.lines.get(key[0], 0), (text, texts[-1].text))


def _with_equal_indices(lhs, rhs, condition):
    """The sides of a step the words state a case i = k for ("when $i = k$, we have"),
    written with one of the two indices — the same step where it is stated to hold, which
    the symbolic strategies (blind to the case) can then prove: y_k is y_i there."""
    same = {}
    for c in condition or ():
        if isinstance(c, sp.Eq) and all(isinstance(x, sp.Symbol) and x.is_integer
                                        for x in c.args):
            keep, other = sorted(c.args, key=str)
            same[other] = keep
    if not same or not all(isinstance(e, sp.Basic) for e in (lhs, rhs)):
        return lhs, rhs
    # (subs, not xreplace: a Σ_k keeps its own k)
    return lhs.subs(same, simultaneous=True), rhs.subs(same, simultaneous=True)


def _rests_on_unread_reason(reasons) -> bool:
    """Whether a reason given for a step (`\\because σ(z_i) = P_i = …`) is undecided for
    names the document never defines: the step may use them as the reason does."""
    return any(r.verdict == UNKNOWN and r.reason_kind == ReasonKind.UNDEFINED_NAME.value
               for r in reasons)


def _undefined_distributions(e, scope: Scope) -> bool:
    """Whether an expression writes a distribution the document never defines: an atom
    such as `P(y \\mid x; w)` or `p(y_i | x_i, w)` (a bar or a `;` inside its bracket)."""
    return isinstance(e, sp.Basic) and any(
        _DISTRIBUTION.search(a.name) and not _defined(scope, a)
        for a in e.atoms(sp.Symbol))


_DISTRIBUTION = re.compile(r"^\\?[a-zA-Z]+(?:_\{[^{}]*\}|_[a-zA-Z0-9]|_\\[a-zA-Z]+)?\(.*(?:\\mid|\\vert|\||;).*\)$")


def _define(scope: Scope, name, body, line: int, written) -> None:
    """A definition; a matrix written out as the body defines its entries (S(x) = (…)
    defines S_k), and so does a matrix times a vector (s = Wx defines s_k)."""
    found = entries.definitions(name, body)
    for vector, length in entries.lengths(name, body).items():
        scope.give_length(vector, length, line)
    if found is None:
        add_definition(scope, name, body, line, written)
        if written:
            _call_with_a_bar(scope, name, written[0])
        found = entries.product_entries(name, _applied(scope, body), _count_of(body, scope))
        # the entries of \\vec Q as Q_k: only where Q_k means nothing else yet
        found = [(entry, value) for entry, value in found or ()
                 if entry.base.name == getattr(name, "name", None) or not _defined(scope, entry)]
    for entry, value in found or ():
        add_definition(scope, entry, value, line)


def _call_with_a_bar(scope: Scope, name, written: str) -> None:
    """`f(x \\mid \\mu) = …` defined: from here on f(x_i \\mid \\mu) is its call, not an atom."""
    if isinstance(name, AppliedUndef) and _GIVEN_SIGNATURE.match(f"{written} ="):
        scope.functions.add(GIVEN + str(name.func))


def _naming_entries(steps: list, scope: Scope, line: int, out) -> list:
    """`(softmax entries) = (a_1; a_2; a_3)`: a matrix written out whose entries are all
    names not yet defined, equal to another written out, names them entry by entry — a
    definition, not a step."""
    kept = []
    for lhs, rel, rhs in steps:
        named = None
        for name, body in ((rhs, lhs), (lhs, rhs)):
            if rel == "=" and entries.is_written(name.expr) and entries.is_written(body.expr) \
                    and all(_new_name(scope, e) for e in name.expr):
                named = entries.definitions(name.expr, body.expr)
                if named:
                    break
        if not named:
            kept.append((lhs, rel, rhs))
            continue
        for entry, value in named:
            add_definition(scope, entry, value, line)
        out.definitions.append({"name": name.text, "latex": body.text, "line": line})
    return kept


def _new_name(scope: Scope, e) -> bool:
    """A bare name (x, a_j, a_1) that the document has not defined."""
    if isinstance(e, sp.Indexed) and all(i.is_Symbol or i.is_Integer for i in e.indices):
        return not scope.defines(e.base)
    return isinstance(e, sp.Symbol) and not _defined(scope, e)


def _names_a(text: str, expr) -> bool:
    """Whether the written head of a chain is a bare name (C, a_j, f(x, y)) — as written:
    `\\frac{d g}{g}` reads as d, but it names nothing."""
    head = _SIGN_SCRIPT.sub("", _FIRST_RELATION.split(text, 1)[0])  # (s^+: a name's sign)
    return definition_key(expr) is not None and not _NOT_A_NAME.search(
        re.sub(r"\([^()]*\)", "", head))


def _entries_defined(scope: Scope, name) -> bool:
    """Whether the entries of a vector of that name are defined (`q_k = …` for q)."""
    return isinstance(name, sp.Symbol) and any(
        isinstance(k, sp.IndexedBase) and k.label.name == name.name for k in scope.defs)


def _defined(scope: Scope, name_expr) -> bool:
    """Whether a bare name is defined — a bare f or f' counts where f(x) is."""
    found = definition_key(name_expr)
    if found is not None and isinstance(name_expr, sp.Symbol) and (
            "'" in name_expr.name or name_expr in scope.function_bodies()):
        return True
    return found is not None and scope.defines(found[0])
