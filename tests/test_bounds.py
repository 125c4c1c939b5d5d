"""Every input bounded: the probes of a hostile student and a careless operator, each scaled
to run in seconds and asserting its bound (wall time within the limit plus a second, memory
within its limit), through the same entry points people use."""
import gc
import os
import resource
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from derive.check import check_file_bounded, check_text
from derive.latex.blocks import read_document
from derive.latex.chains import chains_of
from derive.latex.parser import TooLarge, read_chain, warm
from derive.sandbox import Budget, BudgetSpent, cpu_seconds, run_bounded

STEP = 1.0                      # --timeout of these probes, in CPU seconds
BIG = r" \cdot ".join(["9^{9999}"] * 600)     # 5 KB: 5.7 million digits once multiplied


def timed(fn, *args, **kw):
    start = time.monotonic()
    out = fn(*args, **kw)
    return out, time.monotonic() - start


def checked(tmp_path, text: str, **options):
    path = tmp_path / "probe.md"
    path.write_text(text)
    options = {"timeout": STEP, "file_timeout": 60, **options}
    return timed(check_file_bounded, path, **options)


# --- pre-checks: linear in the input -------------------------------------------------------

@pytest.mark.parametrize("block", [
    "x =" + " " * 200_000 + "y",                     # a regex anchored at $ after \s*
    r"\begin{cases} " * 30_000,                     # a lazy .*? looking for \end{cases}
    "x = " + r"\begin{cases} " * 30_000,
    "x = 1" + r" \\ " * 30_000,                      # the text around every row break
    "x" + ", x" * 30_000,                            # commas merged back one by one
])
def test_reading_a_huge_display_is_linear(block):
    _, seconds = timed(chains_of, block[:90_000])
    assert seconds < 1.0


@pytest.mark.parametrize("block", ["x =" + " " * 200_000 + "y", r"\begin{cases} " * 30_000])
def test_a_huge_display_is_refused_within_the_step_limit(tmp_path, block):
    result, seconds = checked(tmp_path, f"$$ {block} $$\n")
    assert seconds <= STEP + 1
    [step] = result.steps()
    assert step.verdict == "unparsed" and "too long" in step.reason


# --- definitions, cases, front matter: read under the step's limit --------------------------

def test_a_product_of_huge_numbers_is_refused_at_once(tmp_path):
    warm()                                                     # the grammar, built once
    # the read's own CPU time: the objects earlier tests left in this process are frozen
    # out of the collector's passes (a step's worker is a fresh fork with none of them)
    gc.collect()
    gc.freeze()
    try:
        start = time.process_time()        # CPU seconds, as the step limit counts them
        with pytest.raises(TooLarge, match="too large to evaluate"):
            read_chain(BIG)
        spent = time.process_time() - start
    finally:
        gc.unfreeze()
    assert spent <= STEP / 2                                   # one read: far under a step
    text = (rf"$$ f(x) = \begin{{cases}} {BIG}, & x > 0 \\ -{BIG}, & x \le 0 \end{{cases}} $$"
            f"\n\n$$ {BIG} = {BIG} $$\n\n$$ y + y = 2y $$\n")
    result, seconds = checked(tmp_path, text)
    assert seconds <= 4 * (STEP + 1)        # four huge formulas, each read a few times
    *huge, last = result.steps()
    assert {s.verdict for s in huge} == {"unparsed"}
    assert all("too large to evaluate" in s.reason for s in huge)
    assert last.verdict == "valid"                       # the rest of the file is checked


SLOW = r"\slowly"          # a formula whose reading runs away (the reader is made to spin)


@pytest.fixture
def slow_reading(monkeypatch):
    """Reading any formula with SLOW in it spins (in pure Python, as SymPy building a
    huge expression does): what each limit must stop. Forked workers inherit it."""
    import derive.homework.document as document
    import derive.homework.scope as scope
    for module, name in ((document, "read_chain"), (document, "read_expr"),
                         (scope, "read_chain"), (scope, "read_expr")):
        real = getattr(module, name)

        def spinning(text, *args, _real=real, **kwargs):
            while SLOW in text:
                pass
            return _real(text, *args, **kwargs)
        monkeypatch.setattr(module, name, spinning)


def test_a_piecewise_definition_that_reads_slowly_is_stopped_at_the_step_limit(
        tmp_path, slow_reading):
    text = (rf"$$ f(x) = \begin{{cases}} {SLOW} x, & x > 0 \\ 0, & x \le 0 \end{{cases}} $$"
            "\n\n$$ y + y = 2y $$\n")
    result, seconds = checked(tmp_path, text)
    assert seconds <= STEP + 1
    first, *_, last = result.steps()
    assert first.verdict == "unknown" and first.reason_kind == "timeout"
    assert last.verdict == "valid"                      # the rest of the file is checked


def test_a_front_matter_definition_that_reads_slowly_is_stopped_at_the_step_limit(
        tmp_path, slow_reading):
    result, seconds = checked(tmp_path, f"---\ndefine:\n  g: '{SLOW} x'\n---\n"
                                        "$$ y + y = 2y $$\n")
    assert seconds <= STEP + 1
    assert any("front matter" in e for e in result.errors)
    assert [s.verdict for s in result.steps()] == ["valid"]


def test_reading_that_runs_out_of_time_is_unknown_not_unparsed(slow_reading):
    result = check_text(f"$$ {SLOW} x = x $$\n", timeout=0.5)
    [step] = result.steps()
    assert step.verdict == "unknown" and step.reason_kind == "timeout"
    assert "reading the formula took longer" in step.reason


@pytest.mark.parametrize("levels", [6, 9])
def test_yaml_aliases_are_refused_in_front_matter(levels):
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]" for n in range(1, levels)]
    front = "---\n" + "\n".join(lines) + f"\nassume: [*l{levels - 1}]\n---\n"
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    doc, seconds = timed(read_document, front + "$$ x = x $$\n")
    assert seconds < 1.0
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000   # KiB
    assert doc.front == {} and "aliases" in doc.front_error and len(doc.front_error) < 200
    assert len(doc.blocks) == 1                                    # the body is still read


def test_front_matter_is_limited_in_size():
    doc = read_document("---\nassume: [" + ", ".join(["x > 0"] * 5000) + "]\n---\n$$x=x$$\n")
    assert doc.front == {} and "front matter too long" in doc.front_error


# --- the whole file: a limit in single mode too, keeping what was checked -------------------

def test_a_long_file_stops_at_its_time_limit_and_keeps_what_it_checked(tmp_path):
    steps = "\n\n".join(f"$$ (x + {n})^2 = x^2 + {2 * n} x + {n * n} $$" for n in range(400))
    result, seconds = checked(tmp_path, steps, file_timeout=3)
    assert seconds <= 3 + STEP + 1
    verdicts = [s.verdict for s in result.steps()]
    assert 0 < len(verdicts) < 400 and set(verdicts) == {"valid"}
    assert not result.failed and "time limit (3 s of CPU time)" in result.errors[-1]


def test_the_cli_applies_the_file_limit_in_single_mode(tmp_path):
    path = tmp_path / "long.md"
    path.write_text("\n\n".join(f"$$ {n} x + x = {n + 1} x $$" for n in range(400)))
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "derive.cli", "check", str(path), "--json",
                           "--file-timeout", "2"], capture_output=True, text=True)
    assert time.monotonic() - start <= 2 + STEP + 5        # + the interpreter's start
    assert done.returncode == 0 and '"valid"' in done.stdout
    assert "the rest was not checked" in done.stdout


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path):
    path = tmp_path / "sparse.md"
    with open(path, "wb") as fh:                      # 1 GB, sparse: costs no disk
        fh.truncate(1 << 30)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result, seconds = timed(check_file_bounded, path, file_timeout=10)
    assert seconds < 5 and not result.failed
    assert result.errors == ["file too large (over 4 MiB)"]
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss - before < 200_000


def test_a_flat_sum_of_hundreds_of_terms_is_read():
    terms = [f"x_{{{i}}}" for i in range(600)]
    result = check_text(f"$$ {' + '.join(terms)} = {' + '.join(reversed(terms))} $$",
                        timeout=20)
    assert [s.verdict for s in result.steps()] == ["valid"]


# --- the worker itself: CPU time, memory, and a parent that dies ----------------------------

def _spin():
    while True:
        pass


def _grow():
    hoard = []
    while True:
        hoard.append(bytearray(50 << 20))


def _stuck_in_c():
    return len(str(7 ** (10 ** 9)))         # one C call that never checks for signals


def test_a_worker_is_stopped_at_its_cpu_limit():
    outcome, seconds = timed(run_bounded, _spin, timeout=1)
    assert outcome.kind.value == "timeout" and seconds <= 1 + 1


def test_a_worker_stuck_in_c_code_is_killed_by_the_kernel_cpu_limit():
    outcome, seconds = timed(run_bounded, _stuck_in_c, timeout=1)
    assert outcome.kind.value == "timeout" and seconds <= 1 + 2


def test_a_worker_is_stopped_at_its_memory_limit():
    outcome, _ = timed(run_bounded, _grow, timeout=20, memory_mb=512)
    assert outcome.kind.value == "memory"


def test_a_worker_whose_parent_dies_ends_itself(tmp_path):
    pids = tmp_path / "pids"
    script = textwrap.dedent(f"""
        import os, time
        from derive.sandbox import run_bounded
        def sleeper():
            open({str(pids)!r}, "w").write(str(os.getpid()))
            time.sleep(60)
        run_bounded(sleeper, timeout=60)
    """)
    parent = subprocess.Popen([sys.executable, "-c", script])
    for _ in range(100):
        if pids.exists() and pids.read_text():
            break
        time.sleep(0.1)
    worker = int(pids.read_text())
    parent.kill()
    parent.wait()
    for _ in range(50):
        if not _alive(worker):
            break
        time.sleep(0.1)
    assert not _alive(worker)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def test_a_file_budget_counts_the_workers_it_waited_for():
    budget = Budget(0.5)
    before = cpu_seconds()
    run_bounded(_spin, timeout=0.7)
    assert cpu_seconds() - before >= 0.6
    with pytest.raises(BudgetSpent):
        budget.check()


def test_sigterm_to_a_single_file_check_leaves_no_worker(tmp_path):
    path = tmp_path / "slow.md"
    path.write_text("\n\n".join(f"$$ {n} x + x = {n + 1} x $$" for n in range(2000)))
    proc = subprocess.Popen([sys.executable, "-m", "derive.cli", "check", str(path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    time.sleep(3)
    tree = _descendants(proc.pid)
    assert tree                                      # a file worker (and its step workers)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=10) == 128 + signal.SIGTERM
    time.sleep(0.5)
    assert not [p for p in tree if _alive(p)]
    assert b"stopped by SIGTERM" in proc.stderr.read()


def _descendants(pid: int) -> list[int]:
    """Every process below pid (from /proc)."""
    children: dict = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out
