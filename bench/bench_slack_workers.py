"""Slack under gunicorn: a bounded burst (500 events, 50 in flight) against `codebot slack --http` with 1 and 2
workers on this machine; ack p50/p99/max, acks and answers per second, and answers delivered exactly once.

The fake Slack Web API runs in a process of its own and the load comes from one asyncio client, so neither
the client nor the fake competes with the server for a GIL. State: a SQLite file in a temporary data
directory (BENCH_STATE_URL=postgresql://... for PostgreSQL).
"""

from __future__ import annotations

import asyncio
import collections
import json
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fakes.slack_cluster import SECRET, cluster_env, mention, signed, start_servers  # noqa: E402

QUICK = bool(os.environ.get("BENCH_QUICK"))  # bench/run.py --quick: a smoke run
EVENTS = 100 if QUICK else 500
IN_FLIGHT = 50
WORKERS = (1, 2)
ANSWER_PROCESSES = int(os.environ.get("BENCH_ANSWER_PROCESSES", "2"))
WARM_EVENTS = 20
ANSWER_TIMEOUT = 180
QUESTIONS = ("what is 98981", "45 minutes of RTM with a call", "can I bill 99457 with 98980?", "what is 9898",
             "our MA logged 14 minutes of RPM with one call, what do we bill?", "ICD-10 for unsteadiness on feet")


class RemoteFake:
    """The fake Web API in a child process."""

    def __init__(self) -> None:
        self.pipe, child = multiprocessing.Pipe()
        from fakes.slack_api import serve_over_pipe

        self.proc = multiprocessing.get_context("spawn").Process(target=serve_over_pipe, args=(child,), daemon=True)
        self.proc.start()
        self.url = self._ask("url")

    def _ask(self, what: str):  # noqa: ANN202
        self.pipe.send(what)
        return self.pipe.recv()

    def threads(self) -> collections.Counter:
        """Answers posted so far, per thread."""
        return collections.Counter(self._ask("threads"))

    def wait_for(self, tags: set[str], seconds: float) -> collections.Counter:
        """Wait until every thread in `tags` has an answer (or time runs out); return the answers per thread."""
        deadline = time.monotonic() + seconds
        while True:
            found = self.threads()
            if tags <= set(found) or time.monotonic() > deadline:
                return found
            time.sleep(0.2)

    def stop(self) -> None:
        """Stop the child."""
        self.pipe.send("stop")
        self.proc.join(timeout=10)


async def _client(port: int, bodies: asyncio.Queue, acks: list[float]) -> None:
    """One keep-alive connection: post signed bodies from the queue, timing each until its full response."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while not bodies.empty():
            body = bodies.get_nowait()
            head = "".join(f"{k}: {v}\r\n" for k, v in signed(body, SECRET).items())
            request = (f"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(body)}\r\n{head}\r\n"
                       ).encode() + body
            started = time.perf_counter()
            writer.write(request)
            status = await _response(reader)
            acks.append(time.perf_counter() - started)
            if status != 200:
                raise RuntimeError(f"ack status {status}")
    finally:
        writer.close()


async def _response(reader: asyncio.StreamReader) -> int:
    """Read one HTTP/1.1 response (Content-Length or chunked); return its status."""
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in head[1:] if line)}
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while (size := int((await reader.readline()).strip() or b"0", 16)) > 0:
            await reader.readexactly(size + 2)
        await reader.readline()
    return int(head[0].split()[1])


def burst(port: int, bodies: list[bytes], in_flight: int) -> tuple[list[float], float]:
    """Send every body with `in_flight` connections at once; return the ack times and the wall time."""
    async def run() -> list[float]:
        queue: asyncio.Queue = asyncio.Queue()
        for body in bodies:
            queue.put_nowait(body)
        acks: list[float] = []
        await asyncio.gather(*(_client(port, queue, acks) for _ in range(in_flight)))
        return acks

    started = time.perf_counter()
    acks = asyncio.run(run())
    return sorted(acks), time.perf_counter() - started


def _pct(sorted_seconds: list[float], p: float) -> float:
    return round(sorted_seconds[min(len(sorted_seconds) - 1, int(p * len(sorted_seconds)))] * 1000, 1)


def _events(tag: str, n: int) -> tuple[list[bytes], set[str]]:
    threads = [f"{tag}.{i:05d}" for i in range(n)]
    return [mention(f"Ev{tag}{i}", ts, QUESTIONS[i % len(QUESTIONS)], thread_ts=ts) for i, ts in enumerate(threads)], \
        set(threads)


def scenario(fake: RemoteFake, home: Path, workers: int, state_url: str) -> dict:
    """One server with `workers` workers: warm it up, then the burst; the figures."""
    logs = Path(tempfile.mkdtemp(prefix="logs-", dir=home))
    env = cluster_env(home, fake.url, state_url)
    load = round(os.getloadavg()[0], 1)  # this machine is shared: what else ran shows in the figures
    [server] = start_servers(1, env, logs, workers=workers, answer_processes=ANSWER_PROCESSES)
    try:
        warm, warm_threads = _events(f"1{workers}", WARM_EVENTS)
        burst(server.port, warm, 4)
        fake.wait_for(warm_threads, 60)
        bodies, threads = _events(f"2{workers}", EVENTS)
        started = time.perf_counter()
        acks, ack_wall = burst(server.port, bodies, IN_FLIGHT)
        answers = fake.wait_for(threads, ANSWER_TIMEOUT)
        answered_wall = time.perf_counter() - started
    finally:
        server.stop()
    delivered = {t: answers[t] for t in threads}
    return {"workers": workers, "answer_processes_per_worker": ANSWER_PROCESSES, "load_before": load, "events": len(acks),
            "in_flight": IN_FLIGHT, "ack_ms_p50": _pct(acks, 0.50), "ack_ms_p99": _pct(acks, 0.99),
            "ack_ms_max": round(acks[-1] * 1000, 1), "acks_over_1s": sum(a > 1 for a in acks),
            "acks_per_second": round(len(acks) / ack_wall, 1),
            "answers_per_second": round(sum(1 for n in delivered.values() if n) / answered_wall, 1),
            "doubled": sum(1 for n in delivered.values() if n > 1), "lost": sum(1 for n in delivered.values() if n == 0)}


def run() -> dict:
    """The burst against 1 and 2 workers; each in a fresh temporary data directory."""
    from bot.codesets import open_codesets
    from bot.kb import open_index

    rows = []
    fake = RemoteFake()
    try:
        for workers in WORKERS:
            with tempfile.TemporaryDirectory(prefix="codebot-bench-workers-") as tmp:
                open_index(home=Path(tmp))
                open_codesets(Path(tmp))
                rows.append(scenario(fake, Path(tmp), workers, os.environ.get("BENCH_STATE_URL", "")))
    finally:
        fake.stop()
    return {"name": "slack_workers", "state": "postgresql" if os.environ.get("BENCH_STATE_URL") else "sqlite",
            "cores": os.cpu_count(), "scenarios": rows}


if __name__ == "__main__":
    print(json.dumps(run(), indent=1))
