"""The server's sockets send each message at once: Nagle's algorithm off (ui/network.py)."""

import socket

import pytest

from ui import network

pytestmark = pytest.mark.skipif(not network.os.path.isdir(network.FDS), reason="needs Linux's /proc/self/fd")


def test_a_connection_accepted_after_the_call_sends_at_once():
    listener = socket.socket(socket.AF_INET)  # as Streamlit binds it: no protocol number, so Nagle stays on
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    with listener, socket.create_connection(listener.getsockname()):
        accepted_before, _ = listener.accept()
        assert listener.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
        assert network.send_at_once.__wrapped__() >= 2  # the listener and the connection it accepted
        with socket.create_connection(listener.getsockname()):
            accepted_after, _ = listener.accept()
            with accepted_before, accepted_after:
                assert accepted_before.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
                assert accepted_after.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1


def test_sockets_that_are_not_tcp_are_left_alone():
    left, right = socket.socketpair()  # Unix sockets: the option does not apply
    with left, right:
        network.send_at_once.__wrapped__()
        left.sendall(b"still works")
        assert right.recv(11) == b"still works"
