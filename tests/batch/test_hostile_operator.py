"""A batch that survives its operator and its cache: damaged or forged cache entries,
paths typed two ways, two runs on one results file, results lines of any shape, bad
paths, signals, exit codes, and verdicts that do not depend on --jobs."""
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from derive.batch.cache import Cache
from derive.batch.runner import BatchError, ResultsFile, discover, run_batch
from derive.cli import app, main
from tests.batch.conftest import read_results, timeless
from tests.conftest import batch_options
from tests.test_bounds import _alive, _descendants

runner = CliRunner()


def verdicts(out) -> dict:
    """Each file's verdicts, in order, from a results file."""
    return {name: [(b["block"], s["step"], s["verdict"]) for b in obj["derivations"]
                   for s in b["steps"]] for name, obj in read_results(out).items()}


@pytest.fixture
def small(course):
    return discover([course / "a"])[:5]


def test_a_big_integer_with_the_cache_on_is_a_step_not_a_failed_file(tmp_path):
    path = tmp_path / "big.md"
    path.write_text("$$ 7^{9999} = 7^{9999} $$\n\n$$ 2x = x + x $$\n")
    out = tmp_path / "r.jsonl"
    summary = run_batch([path], out, batch_options(cache=str(tmp_path / "c.sqlite")))
    [line] = read_results(out).values()
    assert not line.get("errors") and summary.failed == 0
    assert [s["verdict"] for b in line["derivations"] for s in b["steps"]] == ["valid", "valid"]


def _garbage_header(db):
    with open(db, "r+b") as fh:
        fh.write(b"not a database at all" * 10)


def _garbage_page(db):
    with open(db, "r+b") as fh:
        fh.seek(8192)
        fh.write(os.urandom(4096))


def _not_json(db):
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE verdicts SET value = '{not json'")


def _forged_valid(db):                   # a verdict written by hand, without its key
    with sqlite3.connect(db) as conn:
        conn.execute("""UPDATE verdicts SET value = '{"verdict": "valid", "reason": "ok"}'""")


def _copied_from_another_step(db):     # a well-formed entry of another step
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT key, value FROM verdicts").fetchall()
        valid = next(v for _, v in rows if json.loads(v)["verdict"]["verdict"] == "valid")
        conn.execute("UPDATE verdicts SET value = ?", (valid,))


@pytest.mark.parametrize("damage", [_garbage_header, _garbage_page, _not_json, _forged_valid,
                                    _copied_from_another_step])
def test_a_damaged_or_forged_cache_changes_no_result(small, tmp_path, damage):
    fresh = tmp_path / "fresh.jsonl"
    run_batch(small, fresh, batch_options(), jobs=2)
    db = tmp_path / "c.sqlite"
    run_batch(small, tmp_path / "warm.jsonl", batch_options(cache=str(db)), jobs=2)
    assert len(Cache(db)) > 10
    with sqlite3.connect(db) as conn:            # everything in the main file, then damage
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    damage(db)
    opened = Cache.opened(db)                    # what the CLI does before a batch
    out = tmp_path / "after.jsonl"
    summary = run_batch(small, out, batch_options(cache=opened.path), jobs=2)
    assert summary.failed == 0 and summary.errors == 0
    assert verdicts(out) == verdicts(fresh)
    if damage in (_garbage_header, _garbage_page):
        assert "damaged" in opened.note and list(tmp_path.glob("c.sqlite.damaged-*"))


def test_resume_recognises_a_file_however_its_path_is_typed(small, tmp_path, monkeypatch):
    monkeypatch.chdir(small[0].parent)
    relative = [f.name for f in small]
    out = tmp_path / "r.jsonl"
    run_batch(relative, out, batch_options())
    summary = run_batch([str(f.resolve()) for f in small], out, batch_options(), resume=True)
    assert summary.checked == 0 and summary.files == len(small)
    assert len(out.read_text().splitlines()) == len(small)


def test_a_changed_file_is_checked_again_on_resume(small, tmp_path):
    out = tmp_path / "r.jsonl"
    run_batch(small, out, batch_options())
    small[0].write_text(small[0].read_text() + "\n$$ 2x = x + x $$\n")
    summary = run_batch(small, out, batch_options(), resume=True)
    assert summary.checked == 1 and summary.files == len(small)


def test_a_second_run_on_the_same_results_file_is_refused(small, tmp_path):
    out = tmp_path / "r.jsonl"
    holder = ResultsFile(out)
    holder.lock()
    try:
        with pytest.raises(BatchError, match="another derive batch"):
            run_batch(small, out, batch_options())
        result = runner.invoke(app, ["check", *map(str, small), "--out", str(out)])
        assert result.exit_code == 2 and "another derive batch" in result.output
    finally:
        holder.unlock()
    run_batch(small, out, batch_options())                 # free again once it ends


@pytest.mark.parametrize("line", ["42", '{"file": ["x"]}', '{"file": "F", "derivations": null}',
                                  '{"file": "F", "derivations": [{"steps": 7}]}', "[]", "null",
                                  '{"file": "F", "derivations": [], "grade": 3}'])
def test_resume_reads_a_results_line_of_any_shape(small, tmp_path, line):
    out = tmp_path / "r.jsonl"
    run_batch(small[1:], out, batch_options())
    with open(out, "a") as fh:
        fh.write(line.replace("F", str(small[0])) + "\n")
    summary = run_batch(small, out, batch_options(), resume=True)
    assert summary.checked == 1 and summary.files == len(small)     # small[0] checked again


@pytest.mark.parametrize("option", ["--out", "--cache", "--html"])
def test_a_folder_where_a_file_is_wanted_is_unusable_input(small, tmp_path, option):
    folder = tmp_path / "folder"
    folder.mkdir()
    args = ["check", str(small[0]), option, str(folder)]
    if option == "--cache":
        args += ["--out", str(tmp_path / "r.jsonl")]
    start = time.monotonic()
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "is a folder" in result.output, result.output
    assert time.monotonic() - start < 5                     # refused before any checking


def test_a_batch_where_no_file_has_a_step_is_unusable_input(tmp_path):
    for n in range(3):
        (tmp_path / f"{n}.md").write_text("---\n: : :\n---\nno math here\n")
    result = runner.invoke(app, ["check", str(tmp_path), "--out", str(tmp_path / "r.jsonl")])
    assert result.exit_code == 2


def test_an_internal_error_exits_3_not_1(monkeypatch, tmp_path, capsys):
    good = tmp_path / "good.md"
    good.write_text("$$ 2x = x + x $$\n")

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")
    monkeypatch.setattr("derive.check.check_file_bounded", broken)
    monkeypatch.setattr(sys, "argv", ["derive", "check", str(good)])
    with pytest.raises(SystemExit) as stop:
        main()
    assert stop.value.code == 3 and "internal error: RuntimeError: a bug" in capsys.readouterr().err


def test_jobs_above_the_cores_are_capped_unless_forced(small, tmp_path):
    out = tmp_path / "r.jsonl"
    result = runner.invoke(app, ["check", *map(str, small[:1]), "--out", str(out),
                                 "--jobs", str((os.cpu_count() or 1) + 7)])
    assert "more than the" in result.output and result.exit_code in (0, 1)


def test_verdicts_do_not_depend_on_the_number_of_jobs(course, tmp_path):
    files = discover([course])
    one, many = tmp_path / "one.jsonl", tmp_path / "many.jsonl"
    run_batch(files, one, batch_options(), jobs=1)
    run_batch(files, many, batch_options(), jobs=8)        # on 2 cores: 4 per core
    assert verdicts(one) == verdicts(many)


def test_sigterm_stops_the_batch_and_every_worker_it_started(course, tmp_path):
    for copy in range(4):               # long enough (~20 s) that the signal finds it working
        shutil.copytree(course / "a", course / f"copy{copy}")
    files = discover([course])
    out = tmp_path / "r.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "derive.cli", "check", *map(str, files),
                             "--out", str(out), "--jobs", "2", "--no-cache"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    tree: set = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (out.exists() and out.read_text() and tree):
        tree |= set(_descendants(proc.pid))         # file workers and step workers
        time.sleep(0.05)
    assert tree and proc.poll() is None, "the batch ended before it could be signalled"
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=15) == 128 + signal.SIGTERM
    time.sleep(0.5)
    assert not [p for p in tree | set(_descendants(proc.pid)) if _alive(p)]
    assert b"--resume goes on" in proc.stderr.read()
    done = ResultsFile(out).read()
    resumed = run_batch(files, out, batch_options(), resume=True)
    assert resumed.checked == len(files) - len(done) and resumed.files == len(files)
    assert {timeless(o)["file"] for o in ResultsFile(out).read()} == set(map(str, files))
