"""Fuzzing the checker: whole documents of mutated, random and hostile blocks are
checked without a crash, a hang past the time limit, or any code being run.

Every step forks a worker, so the checker gets fewer, bigger documents than the reader."""
import json
import time

from hypothesis import HealthCheck, given, settings, strategies as st

from derive.batch.runner import run_batch
from derive.check import VERDICTS, check_text
from tests.conftest import ROOT, batch_options
from tests.fuzz.conftest import TRIED, examples
from tests.fuzz.inputs import FRONT, chains, hostile, mutate

STEP_LIMIT = 2.0
HOMEWORK = sorted((ROOT / "examples" / "homework").glob("*.md"))
BLOCKS = [b.split("$$", 1)[0] for p in HOMEWORK for b in p.read_text().split("$$\n")[1::2]]
def fuzz(n: int) -> settings:
    """n inputs (times 20 for DERIVE_FUZZ=long), no per-input deadline: hangs are ours."""
    return settings(deadline=None, suppress_health_check=list(HealthCheck),
                    max_examples=examples(n))


def check(text: str):
    """check_text under a small step limit; the whole document must end in bounded time."""
    start = time.monotonic()
    result = check_text(text, "fuzz.md", timeout=STEP_LIMIT, memory_mb=1024)
    steps = result.steps()
    # every step ends within its limit plus the worker's grace (see check._verdict)
    assert time.monotonic() - start <= (len(steps) + 2) * (STEP_LIMIT + 6)
    for s in steps:
        assert s.verdict in VERDICTS
    TRIED["checked steps"] += len(steps)
    return result


@fuzz(8)
@given(rng=st.randoms(use_true_random=False))
def test_documents_of_mutated_homework_blocks_are_checked(rng, canary):
    TRIED["checker documents"] += 1
    front = rng.choice([""] + [f.format(canary=canary) for f in FRONT])
    blocks = [mutate(rng.choice(BLOCKS), rng, rng.randrange(4), hostile(canary))
              for _ in range(8)]
    check(front + "# Homework\n\n" + "\n\n".join(f"$$\n{b}\n$$" for b in blocks))


@fuzz(4)
@given(st.lists(chains(), min_size=4, max_size=6))
def test_documents_of_random_formulas_are_checked(formulas):
    TRIED["checker documents"] += 1
    check("\n\n".join(f"$$\n{f}\n$$" for f in formulas))


def test_hostile_files_through_the_batch_are_all_recorded_and_run_nothing(tmp_path, canary):
    folder = tmp_path / "hostile"
    folder.mkdir()
    strings = hostile(canary)
    for n, h in enumerate(strings):
        front = FRONT[n % len(FRONT)].format(canary=canary)
        (folder / f"h{n:02d}.md").write_text(f"{front}$$\n{h}\n$$\n\n$$\n{h} = x\n$$\n")
    (folder / "bytes.md").write_bytes(b"$$\n\xff\xfe x = x \xc3\x28\n$$\n")
    out = tmp_path / "r.jsonl"
    summary = run_batch(sorted(folder.glob("*.md")), out,
                        batch_options(timeout=STEP_LIMIT, memory_mb=1024, file_timeout=120),
                        jobs=2)
    TRIED["hostile files"] += summary.files
    assert summary.files == len(strings) + 1
    errors = [e for line in out.read_text().splitlines() for e in json.loads(line).get("errors", [])]
    # no file failed, crashed or ran out of its time (a definition that took too long to
    # read is a bounded outcome inside a file, as a step's timeout is)
    assert summary.failed == 0
    assert not [e for e in errors if "failed" in e or "crashed" in e
                or "checking the file took longer" in e or "time limit" in e]
