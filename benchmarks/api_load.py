"""Load test of `POST /api/v1/budgets` against a real `budget-engine serve` on loopback.

Starts the server (waitress) with a throw-away database, creates a user and a token, then
sends generated cases from 20 concurrent clients (keep-alive connections) and prints
requests per second and latency percentiles. The baseline, measured in the same run with the
same clients, is `GET /api/v1/rules/version` (authentication and HTTP only, no engine).

Usage: python benchmarks/api_load.py [--clients 20] [--requests 4000] [--threads 4]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench_common import free_port, percentile

from budget_engine import load_rules
from budget_engine.evaluation.synthetic import synthetic_case

EXE = Path(sys.executable).with_name("budget-engine")


def run_load(port: int, token: str, bodies: list[bytes] | None, total: int, clients: int
             ) -> tuple[float, list[float], int]:
    """(requests per second, latencies in ms, non-2xx count) for `total` requests."""
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()
    counter = iter(range(total))

    def client() -> None:
        nonlocal failures
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                break
            started = time.perf_counter()
            if bodies is None:
                conn.request("GET", "/api/v1/rules/version", headers=headers)
            else:
                conn.request("POST", "/api/v1/budgets", body=bodies[n % len(bodies)],
                             headers=headers)
            response = conn.getresponse()
            response.read()
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                failures += response.status >= 300
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return total / (time.perf_counter() - started), latencies, failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--threads", type=int, default=4,
                        help="waitress threads (serve's default)")
    args = parser.parse_args()
    rng = random.Random(3)
    services = tuple(load_rules().services)
    bodies = [json.dumps(synthetic_case(rng, n, services=services)).encode()
              for n in range(1000)]
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "BUDGET_ENGINE_INSTANCE": tmp,
               "BUDGET_ENGINE_DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite"}
        # A social worker belongs to a municipality; any user's token may calculate.
        subprocess.run([str(EXE), "users", "add", "bench", "--role", "social_worker",
                        "--municipality", "Rīga", "--password-stdin"], input="benchmark-pw\n",
                       text=True, env=env, check=True, capture_output=True)
        token = subprocess.run([str(EXE), "users", "token", "bench"], text=True, env=env,
                               check=True, capture_output=True).stdout.strip()
        port = free_port()
        server = subprocess.Popen([str(EXE), "serve", "--port", str(port), "--threads",
                                   str(args.threads)], env=env, stderr=subprocess.DEVNULL)
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.1)
            run_load(port, token, bodies, 200, args.clients)  # warm up
            base_rps, base_lat, base_fail = run_load(port, token, None, args.requests,
                                                     args.clients)
            rps, lat, fail = run_load(port, token, bodies, args.requests, args.clients)
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"{args.requests} requests, {args.clients} concurrent clients, waitress "
          f"{args.threads} threads, {os.cpu_count()} cores")
    p50, p95 = percentile(base_lat, .5), percentile(base_lat, .95)
    print(f"baseline GET /api/v1/rules/version: {base_rps:7.0f} req/s, p50 {p50:.1f} ms, "
          f"p95 {p95:.1f} ms ({base_fail} failed)")
    p50, p95 = percentile(lat, .5), percentile(lat, .95)
    print(f"POST /api/v1/budgets:               {rps:7.0f} req/s, p50 {p50:.1f} ms, "
          f"p95 {p95:.1f} ms, mean {statistics.mean(lat):.1f} ms ({fail} failed); "
          f"{rps / base_rps:.2f} x baseline")
    return 0


if __name__ == "__main__":
    sys.exit(main())
