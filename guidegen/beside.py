"""Work done beside the build: a generator of results run in a forked child process while the build goes on.

MkDocs spends most of a build converting pages and writing HTML, on one processor. The pages' Markdown and
the calculators' compiled bundles do not have to be ready when MkDocs starts: the Markdown only when MkDocs
reads each page, the bundles only when it writes the site. So the rendering and compiling run in a child
process, which hands each result over as it is made, and the build waits only for what is not there yet.

Where a child cannot be forked safely (not Linux, other threads running, as under `mkdocs serve`, a single
processor) or GUIDEGEN_JOBS=1 asks for one process, the work runs here at once, as it always did: the same
results, the same errors, raised at once. A result is keyed (a page's path, "assets"); an error the child's
work raises is handed over in its place and raised where the build next asks for a result.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from typing import Any

from guidegen import collector

Work = Callable[[], Iterator[tuple[str, Any]]]
_HEADER = 8  # bytes of a message's length


class WorkError(Exception):
    """The work failed: `message` is what it said (a BuildError's text), or its traceback if it crashed."""

    def __init__(self, message: str, crashed: bool = False) -> None:
        super().__init__(message)
        self.crashed = crashed


def can_fork() -> bool:
    """True where a forked child is safe and worth it: fork_possible(), and this thread alone (a lock another
    thread holds at the fork would stay held in the child for ever)."""
    return fork_possible() and threading.active_count() == 1


def fork_possible() -> bool:
    """True on Linux with two processors or more, unless GUIDEGEN_JOBS is 1 (whatever threads are running)."""
    if os.environ.get("GUIDEGEN_JOBS", "").strip() == "1":
        return False
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    try:
        return len(os.sched_getaffinity(0)) > 1
    except (AttributeError, OSError):
        return (os.cpu_count() or 1) > 1


class Beside:
    """The results of `work` (pairs of key and value), made in a forked child when `fork` and can_fork().

    A thread here reads each result as the child sends it, so the child never waits for the build to ask
    (a pipe holds only a few pages). `expected` names the error types whose text reaches the reader as it is
    (the work's own checks); anything else the work raises is a crash, handed over with its traceback.
    """

    def __init__(self, work: Work, fork: bool = True, expected: tuple[type[BaseException], ...] = ()) -> None:
        self.results: dict[str, Any] = {}
        self.error: WorkError | None = None
        self.ended = False  # the work is over: every result is in, or the error
        self._pid: int | None = None
        self._news = threading.Condition()
        if not (fork and can_fork()):  # here and now: an error the work raises is raised to the caller
            self.results.update(work())
            self.ended = True
            return
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: make every result, send each as it is made, and leave without cleaning up
            os.close(read)
            _child(work, write, expected)
        os.close(write)
        self._pid = pid
        self._reader = threading.Thread(target=self._read, args=(os.fdopen(read, "rb"),), daemon=True,
                                        name="guidegen-beside")
        self._reader.start()

    @property
    def forked(self) -> bool:
        return self._pid is not None

    def get(self, key: str) -> Any:
        """The result `key`, waiting for the child if it has not made it yet; WorkError if the work failed first,
        KeyError if the work ended without it."""
        with self._news:
            self._news.wait_for(lambda: key in self.results or self.ended)
        if key in self.results:
            return self.results[key]
        if self.error is not None:
            raise self.error
        raise KeyError(key)

    def wait(self) -> dict[str, Any]:
        """Every result, once the work has ended; WorkError if it failed."""
        with self._news:
            self._news.wait_for(lambda: self.ended)
        self.close()
        if self.error is not None:
            raise self.error
        return self.results

    def close(self) -> None:
        """Stop the work if it is still going (the build failed elsewhere); no process or thread is left."""
        pid, self._pid = self._pid, None
        if pid is None:
            return
        if not self.ended:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        if self._reader is not threading.current_thread():  # (the last reference may go in the reader itself)
            self._reader.join()
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass

    def _read(self, pipe: Any) -> None:
        """The reader thread: each message into `results` (or `error`) until the child's last word or its end."""
        with pipe:
            while True:
                head = pipe.read(_HEADER)
                size = int.from_bytes(head, "big")
                body = pipe.read(size) if len(head) == _HEADER else b""
                if len(head) < _HEADER or len(body) < size:  # ended without its last word: killed, or it crashed
                    self._finish(WorkError("the build's second process ended before its work was done",
                                           crashed=True))
                    return
                kind, key, value = pickle.loads(body)  # noqa: S301 - written by our own child, into our own pipe
                if kind == "result":
                    with self._news:
                        self.results[key] = value
                        self._news.notify_all()
                    continue
                self._finish(None if kind == "end" else WorkError(value, crashed=kind == "crash"))
                return

    def _finish(self, error: WorkError | None) -> None:
        with self._news:
            if not self.ended:
                self.error, self.ended = error, True
            self._news.notify_all()

    def __del__(self) -> None:
        self.close()


def _child(work: Work, fd: int, expected: tuple[type[BaseException], ...]) -> None:
    """Run `work` in the forked child, writing each result to `fd`; never returns."""
    code = 0
    collector.inherited()
    try:
        with os.fdopen(fd, "wb") as out:
            def send(*message: Any) -> None:
                body = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
                out.write(len(body).to_bytes(_HEADER, "big") + body)
                out.flush()
            try:
                for key, value in work():
                    send("result", key, value)
                send("end", "", None)
            except expected as err:
                send("error", "", str(err))
            except BrokenPipeError:
                raise
            except BaseException:  # a bug: its traceback, so that it can be reported
                send("crash", "", traceback.format_exc())
    except BaseException:  # the build stopped listening (it failed elsewhere), or the pipe broke
        code = 1
    finally:
        os._exit(code)
