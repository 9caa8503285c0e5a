"""The server's TCP sockets send each message at once (TCP_NODELAY), which Streamlit 1.67 forgets.

Streamlit binds its listening socket as ``socket.socket(family)``, without the protocol number, and
asyncio turns Nagle's algorithm off only for sockets whose protocol says TCP; so every browser's
connection keeps it on. A rerun sends its messages one by one, and with Nagle each message after the
first waits until the browser acknowledges the one before, which a browser delays: 40 ms on Linux, up
to 200 ms on Windows. Measured over Streamlit's own protocol on this machine, a bare app's slider move
was answered in 48 ms with Nagle on and in 5 ms without. Linux hands the option of a listening socket
down to the connections it accepts, so setting it once, on every TCP socket the process has, covers
every browser that connects afterwards.
"""

from __future__ import annotations

import functools
import os
import socket
import stat

FDS = "/proc/self/fd"  # Linux (Streamlit Community Cloud, Debian); elsewhere nothing is changed


@functools.cache
def send_at_once() -> int:
    """Set TCP_NODELAY on every TCP socket of this process, once; return how many were set."""
    if not os.path.isdir(FDS):
        return 0
    done = 0
    for name in os.listdir(FDS):
        try:
            fd = int(name)
            if not stat.S_ISSOCK(os.fstat(fd).st_mode):
                continue
            with socket.fromfd(fd, socket.AF_INET, socket.SOCK_STREAM) as copy:  # the same socket, a new fd
                copy.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            done += 1
        except (OSError, ValueError):  # not TCP (a pipe's socketpair, a Unix socket), or closed meanwhile
            continue
    return done
