"""Fuzzing the reader: every input is read or refused with a ParseError, quickly."""

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from derive.latex.blocks import read_document
from derive.latex.chains import chains_of
from derive.latex.parser import ParseError, read_chain
from derive.sandbox import Timeout, deadline
from tests.conftest import ROOT
from tests.fuzz.conftest import TRIED, examples
from tests.fuzz.inputs import FRONT, chains, hostile, mutate

LIMIT = 3.0           # seconds: a read that takes longer is a hang
HOMEWORK = sorted((ROOT / "examples" / "homework").glob("*.md"))
TEXTS = [p.read_text() for p in HOMEWORK]
def fuzz(n: int) -> settings:
    """n inputs (times 20 for DERIVE_FUZZ=long), no per-input deadline: hangs are ours."""
    return settings(deadline=None, suppress_health_check=list(HealthCheck),
                    max_examples=examples(n))


def read_all(text: str, limit: float = LIMIT) -> None:
    """Everything the checker reads before deciding: document, blocks, chains, formulas."""
    try:
        with deadline(limit):
            doc = read_document(text)
            for event in doc.events:
                if getattr(event, "error", None) or not hasattr(event, "text"):
                    continue
                for chain in chains_of(event.text):
                    try:
                        read_chain(chain.text, frozenset({"f"}))
                    except ParseError:
                        pass
    except Timeout:
        pytest.fail(f"reading took longer than {limit} s: {text[:200]!r}")


@fuzz(3000)
@given(chains())
def test_formulas_in_lecture_notation_are_read_or_refused(text):
    TRIED["formulas"] += 1
    try:
        with deadline(LIMIT):
            read_chain(text, frozenset({"f"}))
    except ParseError as err:
        assert err.message
    except Timeout:
        pytest.fail(f"reading took longer than {LIMIT} s: {text[:200]!r}")


@fuzz(2000)
@given(st.sampled_from(TEXTS), st.randoms(use_true_random=False), st.integers(1, 12))
def test_mutated_homework_files_are_read(text, rng, edits):
    TRIED["mutated files"] += 1
    read_all(mutate(text, rng, edits))


@fuzz(5000)
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_including_invalid_utf8_are_read(data):
    TRIED["bytes"] += 1
    read_all(data.decode("utf-8", errors="replace"))


@fuzz(300)
@given(data=st.data())
def test_hostile_strings_in_every_position_are_read(data, canary):
    TRIED["hostile"] += 1
    strings = hostile(canary)
    rng = data.draw(st.randoms(use_true_random=False))
    front = data.draw(st.sampled_from([""] + [f.format(canary=canary) for f in FRONT]))
    picks = data.draw(st.lists(st.sampled_from(strings), min_size=1, max_size=4))
    body = "\n\n".join(f"$$\n{mutate(p, rng, rng.randrange(3), strings)}\n$$" for p in picks)
    read_all(front + "# Homework\n\n" + body)
    read_all(front + body.replace("$$", ""))


@pytest.mark.parametrize("size_mb", [1, 2])
def test_megabytes_of_text_are_read_in_linear_time(size_mb, canary):
    # found by this suite: line numbers were counted from the start of the file for every
    # block, so a 7 MB file of hostile blocks took 34 s to split (now 0.5 s)
    TRIED["large files"] += 3
    limit = 4.0 * size_mb
    mb = size_mb * 1024 * 1024
    prose = ("The derivative of the loss, as in the lecture. " * 20 + "\n\n")
    math = "$$\n" + r"\frac{\partial C}{\partial z_i} = a_i - y_i" + "\n$$\n\n"
    read_all((prose + math) * (mb // (len(prose) + len(math))), limit)
    read_all("$$\n" + "x + " * (mb // 4) + "x = x\n$$\n", limit)
    bad = "\n".join(hostile(canary))
    read_all(bad * (mb // len(bad)), limit)


def test_every_hostile_string_alone_is_read(canary):
    for h in hostile(canary):
        TRIED["hostile"] += 1
        read_all(f"$$\n{h}\n$$\n")
        read_all(f"$$\n{h} = x\n$$\n")
        read_all(h)
