"""A child process with a pipe to it: the unit both the web's isolation and replay supervise.

durable_rules is native code that can crash the process it runs in; both the web app and
replay keep it in children they can lose. Starting and stopping one is the same for both.
"""

from __future__ import annotations

import ctypes
import multiprocessing.connection
import os
import signal
import sys
from typing import Any

#: prctl(2)'s option: the signal a process gets when its parent dies (linux/prctl.h).
PR_SET_PDEATHSIG = 1


class WorkerProcess:
    """A started daemon process running `target(*args, conn)`, and our end of its pipe."""

    def __init__(self, context: Any, target: Any, args: tuple[Any, ...]) -> None:
        self.conn: multiprocessing.connection.Connection
        self.conn, child = context.Pipe()
        self.process = context.Process(target=target, args=(*args, child), daemon=True)
        self.process.start()
        child.close()

    def stop(self, grace: float) -> None:
        """Ask the worker to end (it reads None as "stop"); kill it after `grace` seconds."""
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(timeout=grace)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def die_with_parent(parent: int) -> bool:
    """Ask the kernel to kill this process (SIGKILL) when its parent dies; True if it will.

    A replay worker is forked; if its runner is killed (SIGKILL, the OOM killer), nothing
    else ends it: it holds the other workers' pipes open, so it never sees its own close,
    and goes on calculating (or waiting) for nobody. Linux only (`PR_SET_PDEATHSIG`); the
    signal comes when the *thread* that forked the worker ends, which for a replay pool is
    the one that runs it, and lives as long as the pool.

    `parent` is the process id the worker was forked from: had the parent died before the
    request took effect, no signal would ever come, so the worker ends itself at once."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError):
        return False
    if os.getppid() != parent:  # the parent is gone already: orphaned before the request
        os._exit(1)
    return True
