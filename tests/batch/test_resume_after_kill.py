"""A real `derive check` batch killed with SIGKILL midway, then resumed: every file once."""
import json
import os
import shutil
import signal
import subprocess
import sys
import time

from tests.batch.conftest import EXAMPLES, HOMEWORK


def _derive(*args):
    cmd = [sys.executable, "-c", "from derive.cli import main; main()", "check", *map(str, args)]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def test_a_killed_batch_resumes_with_every_file_recorded_exactly_once(tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    sources = [HOMEWORK / name for name in EXAMPLES]
    for n in range(16):
        src = sources[n % len(sources)]
        shutil.copy(src, course / f"s{n:02d}-{src.name}")
    out = tmp_path / "results.jsonl"
    proc = _derive(course, "--out", out, "--jobs", "2", "--no-cache")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if out.exists() and out.read_bytes().count(b"\n") > 3:
            break
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)               # the batch itself, mid-run
    proc.wait()
    recorded = out.read_bytes().count(b"\n")
    assert 3 <= recorded < 16, "the kill came too late to test anything"
    resumed = _derive(course, "--out", out, "--jobs", "2", "--resume", "--no-cache")
    assert resumed.wait(300) in (0, 1)
    files = [json.loads(line)["file"] for line in out.read_text().splitlines()]
    assert sorted(files) == sorted(str(p) for p in course.glob("*.md"))
    assert len(files) == len(set(files)) == 16
