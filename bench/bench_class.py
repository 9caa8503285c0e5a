"""A class of N followers long-polling the class's routes (classroom/http.py): what following costs.

    python bench/bench_class.py [--students 200] [--replicas 1 2] [--idle 30]

No browsers: each follower joins (POST join) and long-polls ``wait`` as ui/js/hall.js does, over plain
HTTP/1.1; the lecturer acts from this process on the same Redis (classroom.classes over RedisStore), as
the lecturer's own replica would. With two replicas the followers are split between them. Reported:

- idle: the servers' CPU (from /proc) while every follower waits, as a share of one core;
- a lecturer's change: the time until 95 % (and all) of the followers' polls return with it;
- answers: all followers answer within 10 s; every answer counted once (the session's count);
- joining (``--join``): N students open the join link within W seconds over Streamlit's own protocol
  (tests/protocol.py), each a first page, once the lecturer's projector has drawn the view (as in a hall:
  nobody joins a class before its lecturer has started it); its time at p50 / p95, the server's CPU per
  first page, and whether each shows the lecturer's view. Beside it, in the same run: N first pages of the
  bare one-chart app (bench/bare_app.py) within the same W seconds, also after one page of it.

What this does not include: the ONE script run each follower's page then makes to apply the change
(a browser's page; its cost is a rerun of the page, measured for 200 students in bench/bench_hall.py).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
from contextlib import ExitStack, closing
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from classroom.classes import Classes
from classroom.model import Question
from classroom.redis_store import RedisStore
from tests.browser import ROOT, cpu_seconds, streamlit_server
from tests.redis_server import redis_server

QUESTION = Question("bench", "choice", ("sgd", "adam", "none"))


async def request(url: str, method: str = "GET", body: dict | None = None) -> dict:
    """One HTTP/1.1 request on its own connection; the JSON answer."""
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    payload = json.dumps(body).encode() if body is not None else b""
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    head = f"{method} {target} HTTP/1.1\r\nHost: {parts.netloc}\r\nConnection: close\r\n"
    head += f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n"
    writer.write(head.encode() + payload)
    await writer.drain()
    answer = await reader.read()
    writer.close()
    return json.loads(answer.split(b"\r\n\r\n", 1)[1])


class Follower:
    def __init__(self, server: str, code: str) -> None:
        self.base, self.version, self.seen = f"{server}/lab/class/{code}", 0, {}

    async def join(self) -> None:
        self.token = (await request(f"{self.base}/join", "POST", {}))["token"]

    async def follow(self, stop: asyncio.Event) -> None:
        """Long-poll as the page does; note when each version arrived."""
        while not stop.is_set():
            state = await request(f"{self.base}/wait?since={self.version}")
            if state["version"] != self.version:
                self.version = state["version"]
                self.seen[self.version] = time.perf_counter()

    async def answer(self, within: float) -> None:
        await asyncio.sleep(random.uniform(0, within))
        await request(f"{self.base}/answer", "POST", {"token": self.token, "answer": random.choice(QUESTION.choices)})


async def one_class(servers: list, classes: Classes, students: int, idle: float) -> dict:
    code, secret = classes.start()
    classes.publish(code, secret, "f=rosenbrock", None)
    followers = [Follower(servers[k % len(servers)], code) for k in range(students)]
    await asyncio.gather(*(f.join() for f in followers))
    stop = asyncio.Event()
    polls = [asyncio.create_task(f.follow(stop)) for f in followers]
    await asyncio.sleep(2)  # everyone is waiting
    cpu = sum(cpu_seconds(s.pid) for s in servers)
    await asyncio.sleep(idle)
    idle_share = (sum(cpu_seconds(s.pid) for s in servers) - cpu) / idle
    started = time.perf_counter()
    version = classes.publish(code, secret, "f=himmelblau", QUESTION)
    while sum(version in f.seen for f in followers) < students and time.perf_counter() - started < 30:
        await asyncio.sleep(0.05)
    delays = sorted(f.seen.get(version, float("inf")) - started for f in followers)
    cpu = sum(cpu_seconds(s.pid) for s in servers)
    answered = time.perf_counter()
    await asyncio.gather(*(f.answer(10) for f in followers))
    answer_time = time.perf_counter() - answered
    answer_cpu = sum(cpu_seconds(s.pid) for s in servers) - cpu
    counted = classes.public(code)["answered"]  # the count the lecturer's page shows
    stop.set()
    classes.end(code, secret)  # wakes the polls, which then end
    await asyncio.gather(*polls, return_exceptions=True)
    return {
        "idle CPU (share of a core)": round(idle_share, 4),
        "change -> 95% of followers (s)": round(delays[int(0.95 * students) - 1], 3),
        "change -> all followers (s)": round(delays[-1], 3),
        "change, median (s)": round(statistics.median(delays), 3),
        "answers sent within (s)": round(answer_time, 1),
        "answers' server CPU (s)": round(answer_cpu, 2),
        "answers counted": counted,
    }


LECTURER_VIEW = "f=himmelblau&opt=adam&view=paths"


async def first_pages(server, first: str, query: str, students: int, within: float) -> tuple[list, dict]:
    """``students`` first pages of ``query`` (each over its own connection) spread over ``within`` seconds, on
    a server that has already drawn ``first``: the pages' (latency, query they ended on), and their figures."""
    from tests.protocol import Student

    async with Student(server) as lecturer:
        await lecturer.open(first)

    async def one(delay: float) -> tuple[float, str]:
        await asyncio.sleep(delay)
        async with Student(server) as student:
            run = await student.open(query)
            return run.latency, student.query

    before = cpu_seconds(server.pid)
    done = await asyncio.gather(*(one(random.uniform(0, within)) for _ in range(students)))
    latencies = sorted(latency for latency, _ in done)
    return done, {
        "first page p50 (s)": round(statistics.median(latencies), 2),
        "first page p95 (s)": round(latencies[int(0.95 * students) - 1], 2),
        "server CPU per first page (ms)": round(1000 * (cpu_seconds(server.pid) - before) / students, 1),
    }


async def joining(server, classes: Classes, students: int, within: float) -> dict:
    """``students`` first pages of the join link, spread over ``within`` seconds, once the lecturer's page
    has drawn the view on the projector, as in a hall (a server's first page imports the app and computes
    the view: seconds that no student of a class waits for)."""
    code, secret = classes.start()
    classes.publish(code, secret, LECTURER_VIEW, None)
    done, figures = await first_pages(server, f"{LECTURER_VIEW}&present=1", f"class={code}", students, within)
    return figures | {
        "show the lecturer's view": sum("f=himmelblau" in query for _, query in done),
        "members": classes.public(code)["members"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--replicas", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--idle", type=float, default=30.0)
    parser.add_argument("--join", type=float, nargs="*", default=[], help="seconds over which N students join")
    args = parser.parse_args()
    for within in args.join:
        with ExitStack() as stack:
            url = stack.enter_context(redis_server())
            server = stack.enter_context(streamlit_server(env={"LANDSCAPE_LAB_REDIS_URL": url}))
            store = stack.enter_context(closing(RedisStore(url)))  # its listener goes before Redis does
            result = asyncio.run(joining(server, Classes(store), args.students, within))
            print(f"{args.students} students joining within {within} s: {json.dumps(result, indent=1)}")
        with streamlit_server(ROOT / "bench" / "bare_app.py") as bare:
            _, result = asyncio.run(first_pages(bare, "", "", args.students, within))
            print(f"the bare app, {args.students} first pages within {within} s: {json.dumps(result, indent=1)}")
    for replicas in args.replicas:
        with ExitStack() as stack:
            url = stack.enter_context(redis_server())
            env = {"LANDSCAPE_LAB_REDIS_URL": url}
            servers = [stack.enter_context(streamlit_server(env=env)) for _ in range(replicas)]
            classes = Classes(stack.enter_context(closing(RedisStore(url))))
            result = asyncio.run(one_class(servers, classes, args.students, args.idle))
            print(f"{args.students} followers, {replicas} replica(s), Redis: {json.dumps(result, indent=1)}")


if __name__ == "__main__":
    main()
