"""What a proof attempt produces: plain data that reports, JSON and tests read."""
from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from ..claim import tex
from ..outcome import ReasonKind

PROVED, REFUTED, UNKNOWN = "proved", "refuted", "unknown"

# How a Proof shows itself in Jupyter ({"html": proof -> str, "latex": proof -> str}): the
# report's templates register here when derive.report is imported (report/notebook.py),
# so that the prover needs nothing from the report. Unregistered, Jupyter shows the repr.
DISPLAY: dict = {}


@dataclass
class Step:
    """One line of a proof: an expression (or relation) and why it follows."""
    expr: object
    why: str

    text: str = ""           # plain text of expr; kept when the step travels as strings

    def latex(self) -> str:
        return self.expr if isinstance(self.expr, str) else tex(self.expr)

    def plain(self) -> str:
        return self.text or (self.expr if isinstance(self.expr, str) else sp.sstr(self.expr))

    def __reduce__(self):
        """Steps cross process boundaries as text: unpickling a SymPy relation would
        evaluate it (an unevaluated a = a comes back as True)."""
        return Step, (self.latex(), self.why, self.plain())

    def to_json(self) -> dict:
        return {"latex": self.latex(), "text": self.plain(), "why": self.why}


@dataclass
class CrossCheck:
    """The high-precision numeric check of a proved part."""
    points: int = 0
    digits: int = 50
    max_error: float = 0.0
    ok: bool = True
    detail: str = ""
    dims: tuple = ()          # the concrete n used, for vector claims

    def to_json(self) -> dict:
        return {"points": self.points, "digits": self.digits, "max_error": self.max_error,
                "ok": self.ok, "detail": self.detail, "dims": list(self.dims)}


@dataclass
class Outcome:
    """A strategy's answer for one part; `None` from a strategy means it did not apply."""
    status: str
    method: str
    steps: list[Step] = field(default_factory=list)
    scope: str = ""                           # "" means: the claim's own scope
    hypotheses: list[str] = field(default_factory=list)
    counterexample: dict | None = None
    partial: bool = False                     # proved for some n only, not for every n


@dataclass
class PartResult:
    label: str
    status: str
    method: str
    scope: str
    steps: list[Step] = field(default_factory=list)
    hypotheses: list[str] = field(default_factory=list)
    counterexample: dict | None = None
    crosscheck: CrossCheck | None = None
    seconds: float = 0.0
    tried: list[str] = field(default_factory=list)   # "strategy: why it failed"
    partial: bool = False                            # proved for some n only

    def to_json(self) -> dict:
        return {"label": self.label, "status": self.status, "method": self.method,
                "scope": self.scope, "steps": [s.to_json() for s in self.steps],
                "hypotheses": self.hypotheses, "counterexample": self.counterexample,
                "crosscheck": self.crosscheck.to_json() if self.crosscheck else None,
                "seconds": round(self.seconds, 4), "tried": self.tried}


@dataclass
class Proof:
    """The result for a whole claim: its status is the weakest of its parts."""
    claim_id: str
    status: str
    method: str
    scope: str
    parts: list[PartResult]
    seconds: float
    expect: str = "holds"
    alarm: str = ""          # a cross-check disagreed with a symbolic proof: a bug
    error: str = ""          # the attempt itself failed (timeout, crash)
    limit: ReasonKind | None = None   # a time budget ran out, or the worker hit a limit

    @property
    def as_expected(self) -> bool:
        wanted = PROVED if self.expect == "holds" else REFUTED
        return self.status == wanted and not self.alarm

    @property
    def partial(self) -> bool:
        """Proved only for some n (the scope then says which), not for every n."""
        return self.status == PROVED and any(p.partial for p in self.parts)

    @property
    def counterexample(self) -> dict | None:
        return next((p.counterexample for p in self.parts if p.counterexample), None)

    @property
    def steps(self) -> list[Step]:
        return [s for p in self.parts for s in p.steps]

    def _repr_html_(self) -> str | None:
        show = DISPLAY.get("html")
        return show(self) if show else None

    def _repr_latex_(self) -> str | None:
        show = DISPLAY.get("latex")
        return show(self) if show else None

    def to_json(self) -> dict:
        return {"id": self.claim_id, "status": self.status, "expect": self.expect,
                "method": self.method, "scope": self.scope, "seconds": round(self.seconds, 4),
                "steps": [s.to_json() for s in self.steps],
                "counterexample": self.counterexample, "alarm": self.alarm,
                "error": self.error, "parts": [p.to_json() for p in self.parts]}
