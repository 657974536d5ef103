"""Run a native reader in a child process that may die without taking the caller with it.

calamine (under fastexcel) aborts the whole process on some crafted workbooks (SIGABRT on an
8.8 TB allocation), and a small file can expand to GB; Python cannot catch either. So the reader
runs in a child with an address-space and CPU limit and a wall-clock timeout, and whatever
happens to the child becomes a `SandboxFailure` with a sentence for the user.

Children come from a "forkserver" started once per process with polars and fastexcel already
imported, so each call costs a fork and a pickle, not an interpreter start; the server itself
is single-threaded, which makes forking it safe even when the caller (a Dash server) has threads.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import threading
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from gevinst.errors import InputRejected, Problem, SandboxFailure
from gevinst.ingest.limits import Limits
from gevinst.messages import Lang, msg, register

if TYPE_CHECKING:
    pass

T = TypeVar("T")

# The reader the import runs is preloaded too (`sheet_reader`, with what it imports when it
# runs), and the caller's `__main__` (see `_ensure_server`): a child then finds them imported
# already. Only what the child needs: the server is ready sooner (not `readers`, whose scan
# and csv modules only the parent uses).
_PRELOAD = [
    "__main__",
    "gevinst.ingest.sandbox",
    "polars",
    "fastexcel",
    "gevinst.ingest.numbers",
    "gevinst.ingest.sheet_reader",
]
_REAP_SECONDS = 5.0

register(
    {
        "ingest.safety.sandbox_signal": {
            "da": "læseren gik ned på filen (signal {signal} {name}) — filen er sandsynligvis "
            "beskadiget eller fjendtlig",
            "en": "the reader crashed on the file (signal {signal} {name}) — the file is "
            "probably corrupt or hostile",
        },
        "ingest.safety.sandbox_memory": {
            "da": "læseren brugte mere end {limit} MB hukommelse på filen — filen er for stor "
            "eller fjendtlig",
            "en": "the reader needed more than {limit} MB of memory for the file — the file is "
            "too large or hostile",
        },
        "ingest.safety.sandbox_cpu": {
            "da": "læseren brugte mere end {limit} sekunders CPU-tid på filen og blev stoppet",
            "en": "the reader used more than {limit} seconds of CPU time on the file and was "
            "stopped",
        },
        "ingest.safety.sandbox_timeout": {
            "da": "læseren blev ikke færdig med filen inden for {limit} sekunder og blev stoppet",
            "en": "the reader did not finish the file within {limit} seconds and was stopped",
        },
        "ingest.safety.sandbox_error": {
            "da": "læseren kunne ikke læse filen ({detail})",
            "en": "the reader could not read the file ({detail})",
        },
        "ingest.safety.sandbox_exit": {
            "da": "læseren stoppede uventet (slutkode {code})",
            "en": "the reader stopped unexpectedly (exit code {code})",
        },
    }
)

_context_lock = threading.Lock()
_server_lock = threading.Lock()
_context: Any = None


def _mp_context() -> Any:
    """The forkserver context, created once; spawn where forkserver does not exist."""
    global _context
    with _context_lock:
        if _context is None:
            methods = multiprocessing.get_all_start_methods()
            if "forkserver" in methods:
                _context = multiprocessing.get_context("forkserver")
                _context.set_forkserver_preload(_PRELOAD)
            else:
                _context = multiprocessing.get_context("spawn")
        return _context


def warm_up() -> None:
    """Start the fork server now rather than on the first file; returns at once, as the server
    imports polars (~0,25 s) in its own process."""
    _ensure_server(_mp_context())


def _ensure_server(context: Any) -> None:
    """Start the fork server, if not running, with the caller's script preloaded as `__main__`.

    CPython 3.11 means to (`"__main__"` in the preload list) but hands the server the script's
    path under a key it never reads, so every child imports the script again — for the
    `gevinst` console script that is the whole CLI, ~0.3 s before each read can start. Passing
    the path under the key the server reads fixes that; nothing else changes (the children
    imported the same script before, guarded by `if __name__ == "__main__":` as always).
    """
    if context.get_start_method() != "forkserver":
        return
    from multiprocessing import forkserver, spawn

    with _server_lock:  # the patch is process-wide: one thread at a time sets and restores it
        original = spawn.get_preparation_data

        def with_main_path(name: str) -> dict[str, Any]:
            data = original(name)
            if "init_main_from_path" in data:
                data.setdefault("main_path", data["init_main_from_path"])
            return data

        spawn.get_preparation_data = with_main_path  # an extra key is ignored by everyone else
        try:
            forkserver.ensure_running()
        finally:
            spawn.get_preparation_data = original


def start_isolated(
    fn: Callable[..., T],
    *args: Any,
    limits: Limits = Limits(),  # noqa: B008 - frozen, so a shared default is safe
    lang: Lang = "da",
    **kwargs: Any,
) -> IsolatedCall[T]:
    """Return `fn(*args, **kwargs)` computed in a resource-limited child process, started at
    once so the caller can work meanwhile (`.result()` waits for it).

    `fn` must be a module-level function and its result picklable. An `InputRejected` raised
    in the child is raised again by `.result()` with its problems; any other way the child
    fails (a signal, memory, CPU, wall time, an exception) raises `SandboxFailure`. As with
    every non-fork start method, the caller's `__main__` is imported again (once, by the fork
    server), so a script that calls this needs the `if __name__ == "__main__":` guard
    (console scripts and pytest have it).

    The import uses this to read a workbook while it scans the same file: the child's limits
    make reading a file not yet judged safe harmless, and the caller uses the result only after
    the scan has passed (`cancel` otherwise). The wall-clock limit counts from the start here.
    """
    return IsolatedCall(fn, args, kwargs, limits, lang)


#: the threads `import polars` starts by itself (jemalloc's background threads, polars'
#: out-of-core cleaner): the fork server, which imports polars before it forks each reader,
#: has them too, and its children have always done without them
_IMPORT_THREADS = frozenset({"jemalloc_bg_thd", "polars-ooc-clea"})


def can_fork_now() -> bool:
    """Whether this process may fork itself for a sandbox child (`start_forked`): the platform
    forks, and the process runs no thread but its main thread and those `import polars` starts
    by itself — the state the fork server forks its children in.

    A fork copies the memory but not the threads: a lock another thread held, or the worker
    pool polars starts when first used (whose calls would wait for workers that are not
    there), would hang the child. So a process that has used polars, or started any thread
    of its own, may not; one that has only imported it, like `gevinst import` before its own
    modules have loaded, may. Where the threads cannot be listed (no /proc), never."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    if threading.active_count() != 1:
        return False
    try:
        tasks = os.listdir("/proc/self/task")
        names = [_thread_name(t) for t in tasks if t != str(os.getpid())]
    except OSError:
        return False
    return all(name in _IMPORT_THREADS for name in names)


def _thread_name(task: str) -> str:
    with open(f"/proc/self/task/{task}/comm", encoding="utf-8") as handle:
        return handle.read().strip()


def start_forked(
    fn: Callable[..., T],
    *args: Any,
    limits: Limits = Limits(),  # noqa: B008 - frozen, so a shared default is safe
    lang: Lang = "da",
) -> IsolatedCall[T]:
    """`start_isolated`, but the child is this process forked, now, where `can_fork_now()`
    (else the fork server's child, as `start_isolated`): no fork server to start and wait
    for, and what this process has imported the child need not import again. `gevinst
    import` scans and reads its first workbook so, while its own modules load."""
    return IsolatedCall(fn, args, {}, limits, lang, fork_now=can_fork_now())


class IsolatedCall(Generic[T]):
    """One call running in a sandbox child: `result()` waits for it, `cancel()` kills it.

    The child is started from a thread: asking the fork server for a child blocks until the
    server is up, and a server just started (the first file of a `gevinst import`) needs
    ~0.3 s to import polars — time the caller can spend scanning the same file. A child
    forked from this process (`fork_now`, see `can_fork_now`) is started at once, in the
    caller's thread: a fork from another thread could copy a lock the caller holds.
    """

    def __init__(
        self,
        fn: Callable[..., T],
        args: Sequence[Any],
        kwargs: dict[str, Any],
        limits: Limits,
        lang: Lang,
        fork_now: bool = False,
    ) -> None:
        self.limits, self.lang = limits, lang
        context: Any = multiprocessing.get_context("fork") if fork_now else _mp_context()
        self._receiver, self._sender = context.Pipe(duplex=False)
        self._child = context.Process(
            target=_child_main, args=(self._sender, limits, fn, args, kwargs), daemon=True
        )
        self._deadline = time.monotonic() + limits.wall_seconds
        self._start_error: BaseException | None = None
        self._starter: threading.Thread | None = None
        if fork_now:
            self._start(context)
        else:
            self._starter = threading.Thread(target=self._start, args=(context,), daemon=True)
            self._starter.start()
        self._done = False

    def _start(self, context: Any) -> None:
        try:
            _ensure_server(context)
            self._child.start()
        except BaseException as exc:  # raised again by `result`, in the caller's thread
            self._start_error = exc
        finally:
            self._sender.close()

    def result(self) -> T:
        """The child's return value, or the `InputRejected`/`SandboxFailure` it came to."""
        if self._done:
            raise RuntimeError("the result of an isolated call can be taken once")
        if self._starter is not None:
            self._starter.join()
        if self._start_error is not None:
            self._close()
            raise self._start_error
        try:
            outcome = _wait(self._receiver, self._child, self._deadline)
        finally:
            self._close()
        return _unpack(outcome, self._child, self.limits, self.lang)

    def cancel(self) -> None:
        """Stop the child if it still runs (its result is not wanted); safe to call twice."""
        if self._done:
            return
        if self._starter is not None:
            self._starter.join()
        if self._start_error is None and self._child.is_alive():
            self._child.kill()
        self._close()

    def _close(self) -> None:
        self._done = True
        self._receiver.close()
        if self._start_error is None:
            _reap(self._child)


def _wait(receiver: Connection, child: Any, deadline: float) -> tuple[str, Any] | None:
    """The child's message, or None if it died or ran out of wall time (then it is killed)."""
    if not receiver.poll(max(0.0, deadline - time.monotonic())):
        if child.is_alive():
            child.kill()
            return ("timeout", None)
        return None
    try:
        return receiver.recv()
    except (EOFError, OSError):
        return None  # the pipe closed: the child died before it could answer


def _reap(child: Any) -> None:
    child.join(_REAP_SECONDS)
    if child.is_alive():
        child.kill()
        child.join(_REAP_SECONDS)


def _unpack(outcome: tuple[str, Any] | None, child: Any, limits: Limits, lang: Lang) -> Any:
    if outcome is None:
        raise _died(child.exitcode, limits, lang)
    status, payload = outcome
    if status == "ok":
        return payload
    if status == "rejected":
        raise InputRejected(list(payload))
    if status == "timeout":
        raise _failure("timeout", lang, limit=f"{limits.wall_seconds:g}")
    if status == "memory":
        raise _failure("memory", lang, limit=limits.memory_bytes // 2**20)
    raise _failure("error", lang, detail=payload)


def _died(exitcode: int | None, limits: Limits, lang: Lang) -> SandboxFailure:
    if exitcode is not None and exitcode < 0:
        number = -exitcode
        if number == signal.SIGXCPU:
            return _failure("cpu", lang, limit=limits.cpu_seconds)
        return _failure("signal", lang, signal=number, name=_signal_name(number))
    return _failure("exit", lang, code=exitcode)


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return ""


def _failure(reason: str, lang: Lang, **values: object) -> SandboxFailure:
    return SandboxFailure(msg(f"ingest.safety.sandbox_{reason}", lang, **values), reason=reason)


# --- in the child ----------------------------------------------------------------------------


def _limit_resources(limits: Limits) -> None:
    """Cap the child's address space and CPU time; the kernel enforces both even in Rust code."""
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    cpu = max(1, int(limits.cpu_seconds))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # no core dump of a hostile file's memory


def _child_main(
    sender: Connection, limits: Limits, fn: Callable[..., Any], args: Sequence[Any], kwargs: dict
) -> None:
    """Run `fn` and send back ("ok", result) or why not; never an exception object to unpickle."""
    try:
        _limit_resources(limits)
        outcome: tuple[str, Any] = ("ok", fn(*args, **kwargs))
    except InputRejected as exc:
        outcome = ("rejected", [_plain(p) for p in exc.problems])
    except MemoryError:
        outcome = ("memory", None)
    except BaseException as exc:  # the child reports everything; the parent decides
        outcome = ("error", describe_exception(exc))
    try:
        sender.send(outcome)
    except MemoryError:
        sender.send(("memory", None))
    except Exception as exc:  # e.g. an unpicklable result
        sender.send(("error", describe_exception(exc)))
    finally:
        sender.close()
        os._exit(0)  # skip interpreter teardown: nothing of the child is worth flushing


def _plain(problem: Problem) -> Problem:
    return Problem(problem.file, problem.where, problem.message, problem.severity)


def describe_exception(exc: BaseException) -> str:
    """The first line of an exception, as the user's message shows what the reader said."""
    text = str(exc).strip().splitlines()
    first = text[0] if text else ""
    return f"{type(exc).__name__}: {first[:300]}" if first else type(exc).__name__
