"""300 saves through the API while the server is killed with SIGKILL and restarted: every
save that was acknowledged (201) is in the database afterwards, whole."""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from web_helpers import HOME, PASSWORD, example

from budget_web.storage import open_store

SAVES = 300


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """`budget-engine serve` in its own process group, killed with SIGKILL on demand."""

    def __init__(self, env: dict[str, str], port: int, log: Path) -> None:
        self.env, self.port, self.log = env, port, log
        self.process: subprocess.Popen[bytes] | None = None
        self.groups: list[int] = []

    def start(self) -> None:
        script = Path(sys.executable).parent / "budget-engine"
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [str(script), "serve", "--port", str(self.port), "--threads", "4"],
                env=self.env, stdout=log, stderr=log, start_new_session=True)
        self.groups.append(self.process.pid)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("the server did not start: " + self.log.read_text()[-2000:])

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop_all(self) -> None:
        """End every process group this test started (servers and their engine workers)."""
        for group in self.groups:
            try:
                os.killpg(group, signal.SIGKILL)
            except ProcessLookupError:
                pass


def _post(port: int, path: str, body: dict[str, Any], token: str) -> tuple[int, Any]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null")


@pytest.mark.slow
def test_every_acknowledged_save_survives_sigkill(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kill.sqlite'}"
    env = {**os.environ, "BUDGET_ENGINE_DATABASE_URL": url,
           "BUDGET_ENGINE_INSTANCE": str(tmp_path / "instance"),
           "BUDGET_ENGINE_SECRET_KEY": "test"}
    env.pop("BUDGET_ENGINE_RULES", None)
    store = open_store(url)
    store.add_user("worker", PASSWORD, "social_worker", HOME)
    token = store.new_token("worker")
    store.close()
    server = Server(env, _free_port(), tmp_path / "server.log")
    acknowledged: dict[str, int] = {}
    lost_answers = 0
    done = threading.Event()
    kills = 0
    try:
        server.start()

        def killer() -> None:
            """Kill the server in the middle of saving: after a few more saves each time
            (so the run moves on), a moment into the next request."""
            nonlocal kills
            chance = random.Random(8)
            while not done.is_set():
                target = len(acknowledged) + chance.randint(10, 40)
                while len(acknowledged) < target and not done.is_set():
                    time.sleep(0.005)
                if done.is_set():
                    return
                time.sleep(chance.uniform(0, 0.03))
                server.kill()
                kills += 1
                server.start()

        thread = threading.Thread(target=killer)
        thread.start()
        base = example("01-adult-esf-project")
        try:
            for number in range(SAVES):
                case = {**base, "case_id": f"JELG-K-{number:04d}"}
                while True:  # the same save again until the server answers it
                    try:
                        status, body = _post(server.port, "/api/v1/cases", {"case": case},
                                             token)
                    except (OSError, urllib.error.URLError, http.client.HTTPException):
                        # killed before or while answering: no acknowledgement
                        lost_answers += 1
                        time.sleep(0.05)
                        continue
                    assert status in (201, 409), (status, body)  # never a 500
                    if status == 201:
                        acknowledged[case["case_id"]] = body["version"]
                    break
        finally:
            done.set()
            thread.join()
        server.kill()
    finally:
        server.stop_all()
    assert kills >= 3, "the server was not killed during the saves"
    assert len(acknowledged) > SAVES * 0.9
    store = open_store(url)
    try:
        for case_id, version in acknowledged.items():
            row = store.cases.version(HOME, case_id, version)
            assert row is not None, case_id
            assert json.loads(row.budget_json)["totals"]["monthly"] == "924.70"
            assert any(e.action == "saved" for e in store.audit.entries(case_id=case_id))
        # A save whose answer was lost with the server is there at most once.
        assert len(store.cases.search(HOME, "JELG-K-", limit=1000)) == SAVES
    finally:
        store.close()
