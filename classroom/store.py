"""Where sessions live: the ``Store`` protocol and ``MemoryStore``, the app's own process (the default:
one server, as on Community Cloud, nothing to install). ``classroom.redis_store`` keeps the same
protocol in Redis for replicas.

A store knows no rights: it keeps what ``classroom.classes`` decides and enforces only what must be
atomic (a session's bound of members, no answer after Reveal). Two counters tell a change: ``version``
moves when what followers draw moves (the view, the question, Reveal), ``tally`` when what the lecturer
counts does (members, followers, answers), so 200 answers wake the lecturer's page, not 200 students'.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Protocol

from classroom.model import MAX_MEMBERS, MAX_SESSIONS, TTL

Listener = Callable[[str, str], None]  # (code, "version" or "tally"), from any thread


@dataclass(frozen=True)
class Snapshot:
    """A session as stored; ``question`` is a Question's JSON or ""."""

    secret_hash: str
    version: int = 0
    tally: int = 0
    query: str = ""
    question: str = ""
    round: int = 1
    revealed: bool = False
    members: int = 0
    following: int = 0
    answered: int = 0  # in the current round


class Store(Protocol):
    def key(self) -> bytes: ...  # the server's signing key, the same on every replica
    def create(self, code: str, secret_hash: str) -> bool: ...
    def snapshot(self, code: str) -> Snapshot | None: ...
    def publish(self, code: str, query: str, question: str) -> int: ...
    def set_round(self, code: str, round_: int, revealed: bool) -> int: ...
    def join(self, code: str, member: str) -> bool: ...
    def is_member(self, code: str, member: str) -> bool: ...
    def follow(self, code: str, member: str, on: bool) -> None: ...
    def answer(self, code: str, member: str, round_: int, value: str) -> bool: ...
    def answers(self, code: str, round_: int) -> list[str]: ...
    def end(self, code: str) -> None: ...
    def subscribe(self, listener: Listener) -> None: ...


@dataclass
class _Session:
    snapshot: Snapshot
    expires: float
    members: set[str] = field(default_factory=set)
    following: set[str] = field(default_factory=set)
    answers: dict[int, dict[str, str]] = field(default_factory=lambda: {1: {}, 2: {}})
    answered: str = ""  # the id of the question the answers are to


class MemoryStore:
    """Sessions in this process's memory, behind one lock (the script threads and the server's event
    loop both call it); a session goes after ``TTL`` seconds, at most ``MAX_SESSIONS`` at once."""

    def __init__(self, ttl: float = TTL, max_sessions: int = MAX_SESSIONS) -> None:
        self._key = secrets.token_bytes(32)
        self._sessions: dict[str, _Session] = {}
        self._lock = threading.Lock()
        self._listeners: list[Listener] = []
        self._ttl, self._max = ttl, max_sessions

    def key(self) -> bytes:
        return self._key

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def _tell(self, code: str, kind: str) -> None:
        for listener in list(self._listeners):
            listener(code, kind)

    def _live(self, code: str) -> _Session | None:
        """The session, if not expired (called under the lock)."""
        now = time.monotonic()
        for old in [c for c, s in self._sessions.items() if s.expires < now]:
            del self._sessions[old]
        return self._sessions.get(code)

    def create(self, code: str, secret_hash: str) -> bool:
        with self._lock:
            if self._live(code) is not None or len(self._sessions) >= self._max:
                return False
            self._sessions[code] = _Session(Snapshot(secret_hash), time.monotonic() + self._ttl)
            return True

    def snapshot(self, code: str) -> Snapshot | None:
        with self._lock:
            found = self._live(code)
            if found is None:
                return None
            answered = len(found.answers[found.snapshot.round])
            return replace(
                found.snapshot, members=len(found.members), following=len(found.following), answered=answered
            )

    def _change(self, code: str, kind: str, **values: object) -> int:
        """Bump the counter ``kind`` (and set ``values``) of a live session; its new version (0: none)."""
        with self._lock:
            found = self._live(code)
            if found is None:
                return 0
            counter = getattr(found.snapshot, kind) + 1
            found.snapshot = replace(found.snapshot, **{kind: counter}, **values)
            version = found.snapshot.version
        self._tell(code, kind)
        return version

    def publish(self, code: str, query: str, question: str) -> int:
        with self._lock:
            found = self._live(code)
            if found is None:
                return 0
            old = found.snapshot
            if (old.query, old.question) == (query, question):
                return old.version
            asked = question_id(question)
            if asked and asked != found.answered:  # a view without a question keeps the last one's answers
                found.answers, found.answered = {1: {}, 2: {}}, asked
                found.snapshot = replace(old, round=1, revealed=False)
        return self._change(code, "version", query=query, question=question)

    def set_round(self, code: str, round_: int, revealed: bool) -> int:
        return self._change(code, "version", round=round_, revealed=revealed)

    def join(self, code: str, member: str) -> bool:
        with self._lock:
            found = self._live(code)
            if found is None or len(found.members) >= MAX_MEMBERS:
                return False
            found.members.add(member)
            found.following.add(member)
        self._change(code, "tally")
        return True

    def is_member(self, code: str, member: str) -> bool:
        with self._lock:
            found = self._live(code)
            return found is not None and member in found.members

    def follow(self, code: str, member: str, on: bool) -> None:
        with self._lock:
            found = self._live(code)
            if found is None:
                return
            (found.following.add if on else found.following.discard)(member)
        self._change(code, "tally")

    def answer(self, code: str, member: str, round_: int, value: str) -> bool:
        with self._lock:
            found = self._live(code)
            if found is None or found.snapshot.revealed or found.snapshot.round != round_:
                return False
            found.answers[round_][member] = value  # one per member: a new one replaces the old
        self._change(code, "tally")
        return True

    def answers(self, code: str, round_: int) -> list[str]:
        with self._lock:
            found = self._live(code)
            return [] if found is None else list(found.answers[round_].values())

    def end(self, code: str) -> None:
        with self._lock:
            self._sessions.pop(code, None)
        self._tell(code, "version")


def question_id(question: str) -> str:
    """The id inside a Question's JSON (written by Question.to_json)."""
    return json.loads(question)["id"] if question else ""
