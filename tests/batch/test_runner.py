"""The local batch: finding files, the results file, crashes and hangs, jobs 1 vs 2."""
import hashlib
import json
import os
import signal
import time

import pytest

from tests.conftest import batch_options

from derive.batch import work
from derive.batch.runner import BatchError, discover, run_batch
from derive.check import check_file
from tests.batch.conftest import read_results, timeless


def test_folders_globs_and_files_are_expanded_in_order(course):
    files = discover([course / "a", str(course / "b" / "kl-*.md"), course / "b" / "hostile.md"])
    assert [f for f in files if f.parent.name == "a"] == sorted((course / "a").glob("*.md"))
    assert [f.name for f in files if f.parent.name == "b"] == ["kl-gibbs.md", "hostile.md"]
    with pytest.raises(BatchError):
        discover([course / "missing.md"])


def test_each_file_gets_one_line_with_its_spec_object(course, tmp_path):
    files = discover([course / "a"])
    out = tmp_path / "r.jsonl"
    summary = run_batch(files, out, batch_options(), jobs=2)
    got = read_results(out)
    assert set(got) == {str(f) for f in files} and summary.files == len(files)
    for f in files[:3]:
        line = dict(got[str(f)])
        assert line.pop("path") == str(f.resolve())                 # who the line is for
        assert line.pop("sha256") == hashlib.sha256(f.read_bytes()).hexdigest()
        assert line == timeless(json.loads(json.dumps(check_file(f).to_json())))
    assert summary.verdicts["invalid"] > 0 and summary.files_per_second > 0


def test_jobs_1_and_jobs_2_give_the_same_results(course, tmp_path):
    files = discover([course / "a"])
    run_batch(files, tmp_path / "one.jsonl", batch_options(), jobs=1)
    run_batch(files, tmp_path / "two.jsonl", batch_options(), jobs=2)
    assert read_results(tmp_path / "one.jsonl") == read_results(tmp_path / "two.jsonl")


def test_resume_skips_recorded_files_and_drops_a_torn_line(course, tmp_path):
    files = discover([course / "a"])
    out = tmp_path / "r.jsonl"
    first = run_batch(files[:3], out, batch_options())
    assert first.checked == 3
    with open(out, "ab") as fh:
        fh.write(b'{"file": "torn')                     # a kill in the middle of a write
    again = run_batch(files, out, batch_options(), resume=True)
    assert again.checked == len(files) - 3 and again.files == len(files)
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(o["file"] for o in lines) == sorted(str(f) for f in files)


def test_a_run_without_resume_starts_a_fresh_file(course, tmp_path):
    files = discover([course / "a"])[:2]
    out = tmp_path / "r.jsonl"
    run_batch(files, out, batch_options())
    run_batch(files, out, batch_options())
    assert len(out.read_text().splitlines()) == 2


def test_a_file_that_crashes_or_hangs_the_checker_costs_only_that_file(course, tmp_path,
                                                                       monkeypatch):
    files = discover([course / "a"])[:4]
    real = work.check_one

    def flaky(name, opts, source=None):                # runs in the forked worker
        if name == str(files[0]):
            os.kill(os.getpid(), signal.SIGKILL)     # as the OOM killer would
        if name == str(files[1]):
            time.sleep(60)
        return real(name, opts, source)

    monkeypatch.setattr(work, "check_one", flaky)   # where the worker looks it up
    out = tmp_path / "r.jsonl"
    start = time.monotonic()
    summary = run_batch(files, out, batch_options(file_timeout=3), jobs=2)
    assert time.monotonic() - start < 30
    got = read_results(out)
    assert "crashed" in got[str(files[0])]["errors"][0]
    assert "longer than 3 s" in got[str(files[1])]["errors"][0]
    assert all(not got[str(f)].get("errors") for f in files[2:])
    assert summary.errors == 2 and summary.failed == 2 and summary.files == 4


def test_an_unknown_assignment_stops_the_batch_before_it_starts(course, tmp_path):
    with pytest.raises(BatchError):
        run_batch(discover([course / "a"]), tmp_path / "r.jsonl",
                  batch_options(assignment="no.such.claim"))
    assert not (tmp_path / "r.jsonl").exists()


def test_the_summary_lines_are_never_broken_for_a_long_results_path():
    # piped output (an 80-column console) keeps each summary line whole, however long the
    # path: a script or a test that looks for "3 checked now" finds it
    import io

    from rich.console import Console

    from derive.batch.cli import print_summary
    from derive.batch.runner import BatchSummary
    console = Console(file=io.StringIO(), width=80)
    out = "/tmp/" + "a-long-folder-name/" * 6 + "results.jsonl"
    print_summary(BatchSummary(files=4, checked=3, seconds=1.0, verdicts={"valid": 9},
                                grades={"complete": 3, "wrong": 1}), out, console)
    lines = console.file.getvalue().splitlines()
    assert f"4 files in {out} (3 checked now, 0 with errors) — steps valid: 9" == lines[0]
    assert lines[1] == "grades complete: 3 wrong: 1"
