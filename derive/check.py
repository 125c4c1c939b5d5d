"""`check`: the public entry point for checking derivations, with the lemma library's
named contexts (`context: softmax`) handed to the engine in `derive.homework`.

The stages live in derive/homework/ (document → scope → step → decide → diagnose →
grade); this module only joins them to the catalogue, as the CLI does.
"""
from __future__ import annotations

from .homework.decide import decide
from .homework.document import (check_file as _check_file,
                                check_file_bounded as _check_file_bounded,
                                check_text as _check_text)
from .homework.results import (DIFFERENCE, INVALID, UNKNOWN, UNPARSED, VALID, VERDICTS,
                               BlockResult, FileResult, StepResult, summary)
from .homework.scope import InputError, Scope, base_scope as _base_scope

__all__ = ["check_text", "check_file", "check_file_bounded", "base_scope", "decide", "summary",
           "Scope", "InputError", "StepResult", "BlockResult", "FileResult", "VALID", "INVALID",
           "UNKNOWN", "UNPARSED", "VERDICTS", "DIFFERENCE", "named_contexts"]


def named_contexts() -> dict:
    """The catalogue's named contexts (lemmas/contexts.py)."""
    from lemmas.contexts import CONTEXTS
    return CONTEXTS


def check_text(text: str, name: str = "<text>", **options):
    """Check every step of a Markdown/LaTeX document (see derive.homework.document)."""
    options.setdefault("contexts", named_contexts())
    return _check_text(text, name, **options)


def check_file(path, **options):
    """Check one file (read as UTF-8; undecodable bytes are replaced, never fatal)."""
    options.setdefault("contexts", named_contexts())
    return _check_file(path, **options)


def check_file_bounded(path, **options):
    """check_file in a bounded worker of its own, under a whole-file CPU budget
    (`file_timeout`); a file it could not check comes back with `failed` set."""
    options.setdefault("contexts", named_contexts())
    return _check_file_bounded(path, **options)


def base_scope(context=None, define=(), assume=(), contexts=None):
    """The whole-file scope of a named context, definitions and hypotheses."""
    return _base_scope(context, define, assume,
                       named_contexts() if contexts is None else contexts)
