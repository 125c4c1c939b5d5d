"""What a decision ends in, as types: the verdict and the kind of its reason.

Messages are for people; every decision in the code (is this verdict cacheable, is this
proof only partial, where does the reason's LaTeX start) reads these types instead, so
rewording a message never changes a verdict or what is cached.
"""
from __future__ import annotations

from enum import Enum


class Verdict(str, Enum):
    """A step's verdict (SPEC §3); a str, so JSON and comparisons with text keep working."""
    VALID = "valid"
    INVALID = "invalid"
    UNKNOWN = "unknown"
    UNPARSED = "unparsed"

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:          # shown as the plain word it is in JSON
        return repr(self.value)


class ReasonKind(str, Enum):
    """Why a step ended as it did (SPEC §3.1 `reason_kind`)."""
    PROVED = "proved"                  # valid: a symbolic method and a numeric check
    COUNTEREXAMPLE = "counterexample"  # invalid: a re-checked counterexample
    TIMEOUT = "timeout"                # a time limit ran out (depends on the machine's load)
    MEMORY = "memory"                  # a memory limit ran out (likewise)
    UNDEFINED_NAME = "undefined-name"  # the step uses a name the document never defines
    READING = "reading"                # true under one customary reading, not under another
    NOT_REDUCED = "not-reduced"        # no strategy decided it
    PARTIAL = "partial"                # proved only for some n, or with no point to check
    SYNTAX = "syntax"                  # unparsed: the text cannot be read
    NOT_CHECKED = "not-checked"        # a relation derive does not decide (≠)
    FAILED = "failed"                  # the worker failed (an internal error)

    def __str__(self) -> str:
        return self.value

    @property
    def cacheable(self) -> bool:
        """Outcomes that depend on the machine (time, memory, a crash) are never stored."""
        return self not in (ReasonKind.TIMEOUT, ReasonKind.MEMORY, ReasonKind.FAILED)
