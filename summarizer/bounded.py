"""Run one job in a child process under a time and a memory budget.

Why a process: work on untrusted input (a page uploaded to the UI) must not hold the server's GIL,
grow the server's memory, or run without end. The child gets an address-space limit (so a runaway
allocation is a MemoryError there, not in the server), the parent waits at most `seconds` and then
kills it. Children come from a forkserver: started once, with the pipeline's modules already
imported, so a job starts in milliseconds and never inherits the server's threads or locks.

The job is a module-level function `fn(*args, report=callable)`; `report(*values)` sends a progress
message to the parent's `on_progress`. Its return value comes back pickled; a SummarizerError it
raises comes back as itself; anything else as a one-line JobFailed.
"""

from __future__ import annotations

import math
import multiprocessing as mp
import os
import resource
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from summarizer.errors import InputError, SummarizerError

# Modules the forkserver imports once, so each child starts with them loaded.
PRELOAD = ["summarizer.service", "summarizer.engines.extractive", "summarizer.segment"]
POLL_SECONDS = 0.2  # how often the parent looks at a silent child (alive? past its deadline?)
PARENT_CHECK_SECONDS = 1.0  # how often a child looks whether the process that started it still lives
CPU_GRACE_SECONDS = 5  # CPU seconds past the time budget before the kernel stops a child on its own
# A job that fails after its address space came this close to the budget ran out of memory, whatever
# the exception says (native libraries report a failed allocation in their own words).
NEAR_LIMIT = 0.9

_context_lock = threading.Lock()
_preload: set[str] = set()


class BudgetExceeded(InputError):
    """The job needed more time or memory than its budget: the input is refused, nothing is kept."""


class JobFailed(SummarizerError):
    """The job failed in a way that is not the input's fault (a bug, a crash); one line, no traceback."""


def child_context(preload: list[str]) -> Any:
    """The multiprocessing context for child processes: a forkserver (spawn where there is none).

    Every caller's modules are preloaded; they only take effect when the server starts (the first
    child of this process), so callers name theirs before asking for a child.
    """
    with _context_lock:
        if "forkserver" not in mp.get_all_start_methods():
            return mp.get_context("spawn")
        ctx = mp.get_context("forkserver")
        _preload.update(preload)
        ctx.set_forkserver_preload(sorted(_preload))
        return ctx


def run_bounded(
    fn: Callable[..., Any],
    args: tuple[Any, ...],
    *,
    seconds: float,
    memory_bytes: int,
    what: str,
    on_progress: Callable[..., None] | None = None,
) -> Any:
    """fn(*args) in a child process; BudgetExceeded past `seconds` or `memory_bytes` (address space).

    `what` names the input in messages ("page.txt").
    """
    ctx = child_context(PRELOAD)
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(fn, args, memory_bytes, seconds, os.getpid(), send), daemon=True)
    proc.start()
    send.close()
    deadline = time.monotonic() + seconds
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BudgetExceeded(
                    f"{what}: took longer than the budget of {seconds:g} s; not added "
                    "(a page this costly is refused rather than slowing everyone else)"
                )
            if not receive.poll(min(left, POLL_SECONDS)):
                if not proc.is_alive() and not receive.poll(0):
                    raise _died(proc, what, memory_bytes)
                continue
            try:
                kind, payload = receive.recv()
            except (EOFError, OSError):
                proc.join(1.0)
                raise _died(proc, what, memory_bytes) from None
            if kind == "progress":
                if on_progress is not None:
                    on_progress(*payload)
            elif kind == "result":
                return payload
            elif kind == "memory":
                raise BudgetExceeded(_memory_message(what, memory_bytes))
            else:
                raise payload if isinstance(payload, SummarizerError) else JobFailed(f"{what}: {payload}")
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5.0)
        receive.close()


def _memory_message(what: str, memory_bytes: int) -> str:
    return (
        f"{what}: needed more memory than the budget of {memory_bytes / 2**20:.0f} MB; not added "
        "(a page this costly is refused rather than slowing everyone else)"
    )


def _died(proc: Any, what: str, memory_bytes: int) -> SummarizerError:
    code = proc.exitcode
    if code is not None and code < 0:  # killed by a signal: the kernel's OOM killer, most likely
        return BudgetExceeded(_memory_message(what, memory_bytes))
    return JobFailed(f"{what}: the worker process ended without a result (exit status {code})")


def exit_with_parent(parent_pid: int) -> None:
    """End this process soon after `parent_pid` ends (even by kill -9), whatever it is doing.

    A child of a forkserver is not the child of the process that asked for it, so the kernel's
    parent-death signal cannot be used; a daemon thread looks instead.
    """

    def watch() -> None:
        while True:
            time.sleep(PARENT_CHECK_SECONDS)
            try:
                os.kill(parent_pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:  # the pid was reused by another user's process: ours is gone
                os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _limit(kind: int, value: int) -> None:
    try:
        _, hard = resource.getrlimit(kind)
        resource.setrlimit(kind, (value if hard == resource.RLIM_INFINITY else min(value, hard), hard))
    except (ValueError, OSError):  # a platform without the limit: the parent's deadline still holds
        pass


def _child(
    fn: Callable[..., Any],
    args: tuple[Any, ...],
    memory_bytes: int,
    seconds: float,
    parent_pid: int,
    send: Connection,
) -> None:
    """In the child: limit the address space (and CPU time, should the parent die), run, send back
    one result (or error) message."""
    exit_with_parent(parent_pid)
    _limit(resource.RLIMIT_AS, memory_bytes)
    _limit(resource.RLIMIT_CPU, math.ceil(seconds) + CPU_GRACE_SECONDS)

    def report(*values: Any) -> None:
        send.send(("progress", values))

    try:
        message: tuple[str, Any] = ("result", fn(*args, report=report))
    except MemoryError:
        message = ("memory", None)
    except SummarizerError as e:
        message = ("error", e)
    except BaseException as e:  # a bug in the job, or native code that ran out of memory its own way
        out_of_memory = _peak_address_space() >= NEAR_LIMIT * memory_bytes
        message = ("memory", None) if out_of_memory else ("error", f"{type(e).__name__}: {e}")
    try:
        send.send(message)
    except MemoryError:
        send.send(("memory", None))
    finally:
        send.close()


def _peak_address_space() -> int:
    """The largest address space this process has had (VmPeak), in bytes; 0 when unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0
