"""Sessions in Redis, for replicas behind nginx: a lecturer on one replica and students on another share
one class. Used where ``LANDSCAPE_LAB_REDIS_URL`` is set (``classroom.classes.default_store``).

Each session is a hash (``lab:s:CODE``: the secret's HMAC, the counters, the view, the question), two
sets (its members, who follows) and a hash of answers per round (member -> answer: one each, by
construction); every key expires with the session (EXPIRE). What must be atomic is one Lua script each
(a bounded join, no answer after Reveal, a new question clearing the old answers), and each change is
PUBLISHed on one channel, which every replica's one subscriber thread turns into wake-ups.
"""

from __future__ import annotations

import logging
import secrets
import time

import redis

from classroom.model import MAX_MEMBERS, MAX_SESSIONS, TTL
from classroom.store import Listener, Snapshot, question_id

CHANNEL = "lab:changed"
SESSIONS = "lab:sessions"  # code -> expiry time: the bound on sessions in all
KEY = "lab:key"
log = logging.getLogger("landscape_lab")

_CREATE = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
if redis.call('EXISTS', KEYS[2]) == 1 or redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[5]) then return 0 end
redis.call('HSET', KEYS[2], 'secret', ARGV[2], 'version', 0, 'tally', 0, 'query', '', 'question', '', 'qid', '',
           'round', 1, 'revealed', 0)
redis.call('EXPIRE', KEYS[2], ARGV[4])
redis.call('ZADD', KEYS[1], tonumber(ARGV[3]) + tonumber(ARGV[4]), ARGV[1])
return 1
"""
# every script below: KEYS[1] the session's hash, ARGV[1] its code; the other keys expire with it
_TOUCH = """
local function touch(key) local ttl = redis.call('TTL', KEYS[1]); if ttl > 0 then redis.call('EXPIRE', key, ttl) end end
local function tell(kind) redis.call('PUBLISH', 'lab:changed', kind .. ':' .. ARGV[1]) end
"""
_PUBLISH = (
    _TOUCH
    + """
local s = redis.call('HMGET', KEYS[1], 'query', 'question', 'qid', 'version')
if not s[4] then return 0 end
if s[1] == ARGV[2] and s[2] == ARGV[3] then return tonumber(s[4]) end
if ARGV[4] ~= '' and s[3] ~= ARGV[4] then
  redis.call('DEL', KEYS[2], KEYS[3])
  redis.call('HSET', KEYS[1], 'round', 1, 'revealed', 0, 'qid', ARGV[4])
end
redis.call('HSET', KEYS[1], 'query', ARGV[2], 'question', ARGV[3])
local version = redis.call('HINCRBY', KEYS[1], 'version', 1)
tell('version')
return version
"""
)
_ROUND = (
    _TOUCH
    + """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'round', ARGV[2], 'revealed', ARGV[3])
local version = redis.call('HINCRBY', KEYS[1], 'version', 1)
tell('version')
return version
"""
)
_JOIN = (
    _TOUCH
    + """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local new = redis.call('SISMEMBER', KEYS[2], ARGV[2]) == 0
if new and redis.call('SCARD', KEYS[2]) >= tonumber(ARGV[3]) then return 0 end
redis.call('SADD', KEYS[2], ARGV[2]); redis.call('SADD', KEYS[3], ARGV[2]); touch(KEYS[2]); touch(KEYS[3])
redis.call('HINCRBY', KEYS[1], 'tally', 1)
tell('tally')
return 1
"""
)
_FOLLOW = (
    _TOUCH
    + """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[3] == '1' then redis.call('SADD', KEYS[2], ARGV[2]) else redis.call('SREM', KEYS[2], ARGV[2]) end
touch(KEYS[2])
redis.call('HINCRBY', KEYS[1], 'tally', 1)
tell('tally')
return 1
"""
)
_ANSWER = (
    _TOUCH
    + """
local s = redis.call('HMGET', KEYS[1], 'revealed', 'round')
if not s[2] or s[1] == '1' or s[2] ~= ARGV[3] then return 0 end
if redis.call('SISMEMBER', KEYS[3], ARGV[2]) == 0 then return 0 end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[4]); touch(KEYS[2])
redis.call('HINCRBY', KEYS[1], 'tally', 1)
tell('tally')
return 1
"""
)


def _lost(error: Exception, _pubsub: redis.client.PubSub, _thread: object) -> None:
    """Redis went away: the followers' long polls still end after their timeout and read the store
    anew, so wake-ups pause until the subscriber gets through again (redis-py reconnects on its next read)."""
    log.warning("lost Redis's change notifications (%s); retrying", error)
    time.sleep(1.0)


def _keys(code: str) -> dict[str, str]:
    base = f"lab:s:{code}"
    return {
        "hash": base,
        "members": f"{base}:members",
        "following": f"{base}:following",
        1: f"{base}:a1",
        2: f"{base}:a2",
    }


class RedisStore:
    """The ``Store`` protocol in Redis (``url``: redis://host:port/db)."""

    def __init__(self, url: str, ttl: int = TTL, max_sessions: int = MAX_SESSIONS) -> None:
        self._redis = redis.Redis.from_url(url, decode_responses=True)
        self._ttl, self._max = ttl, max_sessions
        self._scripts = {
            name: self._redis.register_script(source)
            for name, source in {
                "create": _CREATE, "publish": _PUBLISH, "round": _ROUND, "join": _JOIN, "follow": _FOLLOW,
                "answer": _ANSWER,
            }.items()
        }  # fmt: skip
        self._listeners: list[Listener] = []
        self._thread = None

    def key(self) -> bytes:
        """The signing key every replica shares: the first replica to ask makes it (SET NX)."""
        self._redis.set(KEY, secrets.token_hex(32), nx=True)
        return bytes.fromhex(self._redis.get(KEY))

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)
        if self._thread is None:
            pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
            pubsub.subscribe(**{CHANNEL: self._heard})
            self._thread = pubsub.run_in_thread(sleep_time=1.0, daemon=True, exception_handler=_lost)

    def close(self) -> None:
        """Stop listening (a test's store, before its redis-server stops)."""
        if self._thread is not None:
            self._thread.stop()

    def _heard(self, message: dict) -> None:
        kind, _, code = str(message.get("data", "")).partition(":")
        for listener in list(self._listeners):
            listener(code, kind)

    def create(self, code: str, secret_hash: str) -> bool:
        args = [code, secret_hash, int(time.time()), self._ttl, self._max]
        return bool(self._scripts["create"](keys=[SESSIONS, _keys(code)["hash"]], args=args))

    def snapshot(self, code: str) -> Snapshot | None:
        keys = _keys(code)
        with self._redis.pipeline(transaction=True) as pipe:
            pipe.hgetall(keys["hash"]).scard(keys["members"]).scard(keys["following"]).hlen(keys[1]).hlen(keys[2])
            fields, members, following, *answered = pipe.execute()
        if not fields:
            return None
        round_ = int(fields["round"])
        return Snapshot(
            fields["secret"], int(fields["version"]), int(fields["tally"]), fields["query"], fields["question"],
            round_, fields["revealed"] == "1", members, following, answered[round_ - 1],
        )  # fmt: skip

    def publish(self, code: str, query: str, question: str) -> int:
        keys = _keys(code)
        args = [code, query, question, question_id(question)]
        return int(self._scripts["publish"](keys=[keys["hash"], keys[1], keys[2]], args=args))

    def set_round(self, code: str, round_: int, revealed: bool) -> int:
        return int(self._scripts["round"](keys=[_keys(code)["hash"]], args=[code, round_, int(revealed)]))

    def join(self, code: str, member: str) -> bool:
        keys = _keys(code)
        args = [code, member, MAX_MEMBERS]
        return bool(self._scripts["join"](keys=[keys["hash"], keys["members"], keys["following"]], args=args))

    def is_member(self, code: str, member: str) -> bool:
        return bool(self._redis.sismember(_keys(code)["members"], member))

    def follow(self, code: str, member: str, on: bool) -> None:
        keys = _keys(code)
        self._scripts["follow"](keys=[keys["hash"], keys["following"]], args=[code, member, int(on)])

    def answer(self, code: str, member: str, round_: int, value: str) -> bool:
        keys = _keys(code)
        args = [code, member, round_, value]
        return bool(self._scripts["answer"](keys=[keys["hash"], keys[round_], keys["members"]], args=args))

    def answers(self, code: str, round_: int) -> list[str]:
        return list(self._redis.hvals(_keys(code)[round_]))

    def end(self, code: str) -> None:
        with self._redis.pipeline(transaction=True) as pipe:
            pipe.delete(*_keys(code).values()).zrem(SESSIONS, code).publish(CHANNEL, f"version:{code}")
            pipe.execute()
