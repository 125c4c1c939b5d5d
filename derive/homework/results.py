"""What checking a document produces: a verdict per step, steps per block, blocks per file."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..outcome import Verdict

VALID, INVALID, UNKNOWN, UNPARSED = (Verdict.VALID, Verdict.INVALID, Verdict.UNKNOWN,
                                     Verdict.UNPARSED)
VERDICTS = tuple(v.value for v in Verdict)
DIFFERENCE = "the sides differ: lhs - rhs = "     # an invalid step's reason, LaTeX after it


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
    reason_kind: str = ""                           # a ReasonKind value (SPEC §3.1)
    reading: str = ""                               # the reading a verdict assumed

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
        if self.reason_kind:
            out["reason_kind"] = self.reason_kind
        if self.reading:
            out["reading"] = self.reading
        return out


@dataclass
class ChainRecord:
    """A chain as read (not serialised): its two ends and steps in scope, for grading."""
    start: object
    end: object
    steps: list                   # (block, step) numbers, a continued chain's earlier ones too
    relations: list
    scope: object                 # the Scope the chain was read in


@dataclass
class BlockResult:
    block: int
    line: int
    steps: list[StepResult] = field(default_factory=list)
    chains: list[ChainRecord] = field(default_factory=list, repr=False, compare=False)
    definitions: list[dict] = field(default_factory=list)   # {"name", "latex", "line"[, "redefines", "written"]}
    given: list[str] = field(default_factory=list)          # facts the block states

    def to_json(self) -> dict:
        out = {"block": self.block, "line": self.line,
               "steps": [s.to_json() for s in self.steps]}
        if self.definitions:
            out["definitions"] = self.definitions
        if self.given:
            out["given"] = self.given
        return out


@dataclass
class FileResult:
    file: str
    derivations: list[BlockResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failed: bool = False          # not checked: its worker crashed or ran out (not in JSON)

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


