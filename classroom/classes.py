"""Who may do what in a class, over any ``Store``.

Only the holder of a session's secret leads it (publishes the view, asks, reveals, starts round 2,
ends it); a member's token, signed by the server, lets its holder follow, step out and answer for
themselves only. What a follower may read (``public``) holds counts, never an answer; the hall's
distribution is the lecturer's to see, and everyone's after Reveal.
"""

from __future__ import annotations

import functools
import os
import secrets
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import cachetools

from classroom.model import (
    MAX_QUERY,
    MAX_SESSIONS,
    ROUNDS,
    ClassError,
    Question,
    matches,
    member_token,
    new_code,
    new_secret,
    read_member,
    sign,
)
from classroom.store import MemoryStore, Snapshot, Store

REDIS_URL = "LANDSCAPE_LAB_REDIS_URL"
T = TypeVar("T")
MAX_POINTS = 500  # the taps a hall's cloud draws (a session's members at most)
FRESH = 1.0  # seconds a session's public state may be served as last read: the most a lost notification can cost


def default_store() -> Store:
    """Redis where ``LANDSCAPE_LAB_REDIS_URL`` is set (replicas share the class), else this process."""
    url = os.environ.get(REDIS_URL)
    if not url:
        return MemoryStore()
    from classroom.redis_store import RedisStore  # the client is needed only here

    return RedisStore(url)


@functools.cache
def shared() -> Classes:
    """The process's one ``Classes``: the page's script runs and the HTTP routes meet here."""
    return Classes(default_store())


@dataclass
class Classes:
    store: Store

    def __post_init__(self) -> None:
        self._key = self.store.key()
        self._recent = Recent()
        self.store.subscribe(self._recent.changed)

    # the lecturer's side
    def start(self) -> tuple[str, str]:
        """A new session: its code and its secret, which only the lecturer's session keeps."""
        secret = new_secret()
        for _ in range(8):  # a code already taken: draw again
            code = new_code()
            if self.store.create(code, sign(self._key, f"secret:{secret}")):
                return code, secret
        raise ClassError("full", "no room for another class on this server now; try again later")

    def lead(self, code: str, secret: object) -> Snapshot:
        """The session, if ``secret`` is its lecturer's; else ClassError."""
        found = self._found(code)
        if not isinstance(secret, str) or not matches(self._key, f"secret:{secret}", found.secret_hash):
            raise ClassError("not_lecturer", "only the lecturer who started this class can lead it")
        return found

    def publish(self, code: str, secret: str, query: str, question: Question | None) -> int:
        """The lecturer's view (its link's query) and question, for the followers; a version moves only
        when they change."""
        self.lead(code, secret)
        if len(query) > MAX_QUERY:
            raise ClassError("too_large", "this view's link is too long to share with the class")
        return self._told(code, self.store.publish(code, query, question.to_json() if question else ""))

    def reveal(self, code: str, secret: str, revealed: bool = True) -> int:
        return self._told(code, self.store.set_round(code, self.lead(code, secret).round, revealed))

    def vote_again(self, code: str, secret: str) -> int:
        """Round 2 (vote, discuss, vote again): answers open again, round 1's are kept beside."""
        self.lead(code, secret)
        return self._told(code, self.store.set_round(code, 2, False))

    def end(self, code: str, secret: str) -> None:
        self.lead(code, secret)
        self._told(code, self.store.end(code))

    def hall(self, code: str, secret: str | None = None) -> dict[str, Any]:
        """Each round's answers, counted (choices) or as points (taps): the lecturer's at any time,
        everyone's once revealed."""
        found = self._found(code)
        if secret is not None:
            self.lead(code, secret)
        elif not found.revealed:
            raise ClassError("not_revealed", "the hall's answers are shown after Reveal")
        question = Question.from_json(found.question) if found.question else None
        return {str(r): _tally(question, self.store.answers(code, r)) for r in ROUNDS if r <= found.round}

    # a member's side
    def join(self, code: str) -> str:
        self._found(code)
        member = secrets.token_hex(8)
        if not self._told(code, self.store.join(code, member)):
            raise ClassError("full", "this class is full")
        return member_token(self._key, code, member)

    def member(self, code: str, token: object) -> str:
        member = read_member(self._key, code, token)
        if not self.store.is_member(code, member):
            raise ClassError("bad_token", "this page's place in the class is not valid: open the class link again")
        return member

    def follow(self, code: str, token: object, on: bool) -> None:
        self._told(code, self.store.follow(code, self.member(code, token), on))

    def answer(self, code: str, token: object, answer: object) -> None:
        """A member's answer to the question asked now; a second one replaces the first, until Reveal."""
        member = self.member(code, token)
        found = self._found(code)
        if not found.question:
            raise ClassError("no_question", "no question is being asked now")
        value = Question.from_json(found.question).check(answer)
        if not self._told(code, self.store.answer(code, member, found.round, value)):
            raise ClassError("revealed", "the answers are revealed: wait for the next question")

    def public(self, code: str, at_least: int = 0) -> dict[str, Any]:
        """What any follower may read: the view, the question, the counts; the hall's after Reveal. Read
        from the store once per change, however many pages ask (``Recent``): treat it as read-only. A page
        told of version ``at_least`` (by a long poll, maybe another replica's) gets that version or a later
        one, even before the store's notification of it has reached this process."""
        return self._recent.get(code, lambda: self._public(code), at_least)

    def _public(self, code: str) -> dict[str, Any]:
        found = self._found(code)
        state = {
            "code": code, "version": found.version, "tally": found.tally, "query": found.query,
            "question": Question.from_json(found.question).__dict__ if found.question else None,
            "round": found.round, "revealed": found.revealed, "members": found.members,
            "following": found.following, "answered": found.answered,
        }  # fmt: skip
        if found.revealed:
            state["hall"] = self.hall(code)
        return state

    def _told(self, code: str, result: T) -> T:
        """``result``, once this process's own change to ``code`` can no longer be read as it was before:
        Redis tells its subscriber a little later, and a page reads its own change at once."""
        self._recent.changed(code)
        return result

    def _found(self, code: str) -> Snapshot:
        found = self.store.snapshot(code)
        if found is None:
            raise ClassError("no_class", "no class has this code (it may have ended)")
        return found


class Recent:
    """Each session's public state as last read, served until the store tells of a change to that session
    (or FRESH seconds pass): one change wakes 200 followers' long polls and 200 script runs, which then
    read the store once, not 400 times (a Redis round trip and the answers' tally each).

    A read that a change overtook is not kept: ``_changes`` counts every change told, and a state read
    while it moved may be the old one.

    >>> recent, reads = Recent(), []
    >>> read = lambda: reads.append(1) or {"version": len(reads)}
    >>> recent.get("ABCDE", read), recent.get("ABCDE", read)
    ({'version': 1}, {'version': 1})
    >>> recent.changed("ABCDE")
    >>> recent.get("ABCDE", read)
    {'version': 2}
    >>> recent.get("ABCDE", read, at_least=3)  # a page told of version 3 before this process was
    {'version': 3}
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._states: cachetools.TTLCache = cachetools.TTLCache(maxsize=MAX_SESSIONS, ttl=FRESH)
        self._changes = 0

    def changed(self, code: str, _kind: str = "") -> None:
        """A listener of the store (and of this process's own changes): ``code``'s state moved."""
        with self._lock:
            self._changes += 1
            self._states.pop(code, None)

    def get(self, code: str, read: Callable[[], dict[str, Any]], at_least: int = 0) -> dict[str, Any]:
        """``code``'s state as last read, unless it is older than version ``at_least``: then read again."""
        with self._lock:
            if (state := self._states.get(code)) is not None and state["version"] >= at_least:
                return state
            before = self._changes
        state = read()
        with self._lock:
            if self._changes == before:
                self._states[code] = state
        return state


def _tally(question: Question | None, answers: list[str]) -> dict[str, Any]:
    if question is None or question.kind == "choice":
        counts = Counter(answers)
        return {"counts": {c: counts.get(c, 0) for c in (question.choices if question else sorted(counts))}}
    points = [[float(v) for v in a.split(",")] for a in answers[:MAX_POINTS]]
    return {"points": points}
