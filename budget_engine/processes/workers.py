"""A child process with a pipe to it: the unit both the web's isolation and replay supervise.

durable_rules is native code that can crash the process it runs in; both the web app and
replay keep it in children they can lose. Starting and stopping one is the same for both.
"""

from __future__ import annotations

import multiprocessing.connection
from typing import Any


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
