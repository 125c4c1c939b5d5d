"""Time and memory bounds: nothing may run for ever or take the machine down."""
import time

import pytest

from derive.sandbox import Timeout, deadline, run_bounded, run_many


def spin():
    while True:
        pass


def hog():
    blocks = []
    while True:
        blocks.append(bytearray(50 * 1024 * 1024))


def crash():
    import os
    os._exit(3)


def test_deadline_interrupts_a_busy_loop():
    start = time.monotonic()
    with pytest.raises(Timeout):
        with deadline(0.3):
            spin()
    assert time.monotonic() - start < 2


def test_nested_deadlines_keep_the_earliest():
    start = time.monotonic()
    with pytest.raises(Timeout):
        with deadline(0.3):
            with deadline(10):
                spin()
    assert time.monotonic() - start < 2


def test_worker_timeout_memory_and_crash_are_reported():
    assert run_bounded(spin, timeout=0.5).error == "timeout"
    assert run_bounded(hog, timeout=20, memory_mb=300).error == "memory"
    assert run_bounded(crash, timeout=5).error == "crash"
    assert run_bounded(sum, [1, 2, 3], timeout=5).value == 6


def test_run_many_returns_every_result():
    results = dict(run_many([(sum, ([i, i],)) for i in range(6)], jobs=2, timeout=10))
    assert {k: v.value for k, v in results.items()} == {i: 2 * i for i in range(6)}
