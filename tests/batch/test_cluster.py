"""The batch on a real Dask cluster: a `dask scheduler` and two `dask worker`s on loopback."""
import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import batch_options

from derive.batch.runner import discover, run_batch
from tests.batch.conftest import XENT, read_results

distributed = pytest.importorskip("distributed")       # in the test extra: never skipped in CI


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _dask() -> str:
    beside = Path(sys.executable).parent / "dask"
    return str(beside) if beside.exists() else shutil.which("dask")


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """tcp://127.0.0.1:PORT of a scheduler with two single-threaded workers; torn down after."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp_path_factory.mktemp("dask")
    env = dict(os.environ, DASK_DISTRIBUTED__WORKER__DAEMON="False")
    procs = [subprocess.Popen([_dask(), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], stdout=subprocess.DEVNULL,
                              stderr=open(logs / "scheduler.log", "w"), start_new_session=True)]
    for n in range(2):
        procs.append(subprocess.Popen(
            [_dask(), "worker", address, "--nthreads", "1", "--nworkers", "1",
             "--no-dashboard", "--host", "127.0.0.1", "--name", f"w{n}"], env=env,
            stdout=subprocess.DEVNULL, stderr=open(logs / f"worker{n}.log", "w"),
            start_new_session=True))
    try:
        from distributed import Client
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=90)
        yield address
    finally:
        for p in reversed(procs):
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for p in procs:
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()


def test_the_cluster_gives_the_results_of_a_local_run(scheduler, course, tmp_path):
    files = discover([course])
    local = run_batch(files, tmp_path / "local.jsonl",
                      batch_options(cache=str(tmp_path / "local.sqlite")), jobs=1)
    remote = run_batch(files, tmp_path / "dask.jsonl",
                       batch_options(cache=str(tmp_path / "dask.sqlite")), scheduler=scheduler)
    assert read_results(tmp_path / "local.jsonl") == read_results(tmp_path / "dask.jsonl")
    assert remote.verdicts == local.verdicts and remote.files == len(files)
    assert remote.cache_hits > 0                          # course/b copies course/a


def test_the_cluster_resumes_a_results_file_and_grades(scheduler, tmp_path):
    folder = tmp_path / "answers"
    folder.mkdir()
    for n in range(3):
        (folder / f"right{n}.md").write_text(XENT)
    (folder / "wrong.md").write_text(XENT.replace("= a_i - y_i", "= a_i + y_i"))
    out = tmp_path / "r.jsonl"
    files = discover([folder])
    run_batch(files[:1], out, batch_options(assignment="xent.grad-logits"), jobs=1)
    proc = subprocess.run([sys.executable, "-c", "from derive.cli import main; main()",
                           "check", str(folder), "--out", str(out), "--resume",
                           "--scheduler", scheduler, "--assignment", "xent.grad-logits"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stdout + proc.stderr         # wrong.md has a slip
    got = read_results(out)
    assert len(out.read_text().splitlines()) == len(files) == len(got) == 4
    assert {f: o["grade"]["status"] for f, o in got.items()} == {
        str(folder / "right0.md"): "complete", str(folder / "right1.md"): "complete",
        str(folder / "right2.md"): "complete", str(folder / "wrong.md"): "wrong"}
    assert "3 checked now" in proc.stdout and "complete: 3 wrong: 1" in proc.stdout
