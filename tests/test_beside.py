"""Work done beside the build (guidegen/beside.py): the same results and errors in a forked child as here,
handed over as they are made, and no process left behind whatever happens."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from guidegen import beside
from guidegen.beside import Beside, WorkError

pytestmark = pytest.mark.forks  # (tests/conftest.py runs them in a fresh interpreter where other threads run)


class Problem(Exception):
    """An error the work expects to raise (as BuildError in a build)."""


def counting(n: int):
    def work():
        for i in range(n):
            yield f"k{i}", {"i": i, "text": "é" * i, "when": (i, None, 1.5)}
    return work


def gone(pid: int) -> bool:
    """The process `pid` no longer exists (reaped, not a zombie)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.mark.parametrize("fork", [True, False])
def test_a_child_hands_over_the_same_results_as_the_work_run_here(fork):
    job = Beside(counting(200), fork=fork)
    assert job.forked is fork
    assert job.get("k150") == {"i": 150, "text": "é" * 150, "when": (150, None, 1.5)}
    assert job.wait() == dict(counting(200)())


def test_a_result_larger_than_a_pipe_arrives_whole():
    big = "x" * 3_000_000 + "end"
    job = Beside(lambda: iter([("big", big), ("after", 1)]))
    assert job.get("big") == big and job.get("after") == 1
    job.wait()  # (its reader thread is done: the next test may fork)


def test_the_child_does_not_wait_to_be_asked(tmp_path):
    # The child writes a file once every result is sent: with nothing asked here, it must get there, as a
    # reader thread empties the pipe (else the child would stop once the pipe holds 64 KB).
    done = tmp_path / "done"

    def work():
        for i in range(100):
            yield f"page{i}", "y" * 50_000  # 5 MB in all
        done.write_text("sent")
        yield "last", 1

    job = Beside(work)
    deadline = time.monotonic() + 30
    while not done.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert done.exists(), "the child stopped before the build asked for its results"
    assert job.wait()["last"] == 1


def test_an_expected_error_is_raised_where_a_result_is_asked_for():
    def work():
        yield "first", 1
        raise Problem("templates/state.md.j2:12: 'entity' is undefined")

    job = Beside(work, expected=(Problem,))
    assert job.get("first") == 1
    with pytest.raises(WorkError, match=r"state\.md\.j2:12: 'entity' is undefined") as err:
        job.get("second")
    assert not err.value.crashed
    with pytest.raises(WorkError):
        job.wait()


def test_without_a_child_the_error_is_raised_at_once():
    def work():
        yield "first", 1
        raise Problem("calculators/mileage.py:30:10: not supported")

    with pytest.raises(Problem, match="mileage.py:30:10"):
        Beside(work, fork=False, expected=(Problem,))


def test_a_crash_in_the_child_comes_back_with_its_traceback():
    def work():
        yield "first", 1
        {}["missing"]

    job = Beside(work, expected=(Problem,))
    with pytest.raises(WorkError) as err:
        job.wait()
    assert err.value.crashed and "KeyError: 'missing'" in str(err.value) and "Traceback" in str(err.value)


def test_a_child_that_dies_without_a_word_is_an_error_not_a_hang():
    def work():
        yield "first", 1
        os._exit(3)

    job = Beside(work)
    with pytest.raises(WorkError, match="ended before its work was done") as err:
        job.get("never")
    assert err.value.crashed
    job.close()


def test_closing_stops_a_child_still_at_work_and_leaves_no_process():
    def work():
        yield "first", 1
        time.sleep(60)
        yield "late", 2

    job = Beside(work)
    assert job.get("first") == 1
    pid = job._pid
    started = time.monotonic()
    job.close()
    assert time.monotonic() - started < 10, "close waited for the child's work"
    assert gone(pid)
    assert not any(t.name == "guidegen-beside" for t in threading.enumerate())


def test_a_finished_child_is_reaped():
    job = Beside(counting(3))
    pid = job._pid
    job.wait()
    assert gone(pid)


def test_one_process_when_asked_or_when_other_threads_run(monkeypatch):
    monkeypatch.setenv("GUIDEGEN_JOBS", "1")
    assert not beside.can_fork() and not Beside(counting(2)).forked
    monkeypatch.delenv("GUIDEGEN_JOBS")
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not beside.can_fork(), "forking with another thread running can leave a lock held in the child"
    finally:
        stop.set()
        other.join()
    assert beside.can_fork()


def test_the_child_writes_nothing_of_the_parents_buffers(tmp_path, capfd):
    # Output the parent had buffered but not flushed must not be written twice (the child leaves with
    # os._exit, without flushing what it inherited).
    print("parent line", end="")
    Beside(counting(1)).wait()
    print()
    assert capfd.readouterr().out.count("parent line") == 1
