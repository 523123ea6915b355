#!/usr/bin/env python3
"""Raw-socket HTTP/1.1 server that closes a keep-alive connection after --max-requests responses.

It answers without 'Connection: close' and closes --close-delay-ms after the last response, the way
a server with a keep-alive request limit (nginx keepalive_requests, Tomcat maxKeepAliveRequests) or
a very short idle timeout does. A request that arrives after close() reaches an orphaned socket, and
the kernel answers it with RST (RFC 9293 section 3.10.7.4; Linux tcp_rcv_state_process on a closed
socket). Prints READY once listening; serves one connection, then exits.
"""
import argparse
import socket
import time


def wait_until(t):
    """Sleeps until time.monotonic() reaches t, spinning the last 2 ms: a sleeping process may wake
    up milliseconds late on a busy machine, and this race is about a fraction of a millisecond."""
    if t - time.monotonic() > 0.002:
        time.sleep(t - time.monotonic() - 0.002)
    while time.monotonic() < t:
        pass


def read_request(conn, buf):
    while b'\r\n\r\n' not in buf:
        chunk = conn.recv(65536)
        if not chunk:
            return None, buf
        buf += chunk
    head, _, rest = buf.partition(b'\r\n\r\n')
    return head.split(b'\r\n', 1)[0].decode(), rest


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--port', type=int, required=True)
    p.add_argument('--max-requests', type=int, default=3)
    p.add_argument('--close-delay-ms', type=float, default=5.0)
    p.add_argument('--accept-timeout', type=float, default=10.0)
    p.add_argument('--deadline-file', help='where to write the moment of close() (time.monotonic())')
    a = p.parse_args()
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(('127.0.0.1', a.port))
    ls.listen(8)
    ls.settimeout(a.accept_timeout)
    print('READY', flush=True)
    conn, peer = ls.accept()
    conn.settimeout(a.accept_timeout)
    buf = b''
    close_at = None
    for n in range(1, a.max_requests + 1):
        line, buf = read_request(conn, buf)
        if line is None:
            print(f'server: client closed before request {n}', flush=True)
            break
        body = f'response {n} to {line}\n'.encode()
        if n == a.max_requests and a.deadline_file:
            # The moment of close(), on the machine-wide monotonic clock, for the client's timing only:
            # it keeps the race within a millisecond however the two processes get scheduled.
            close_at = time.monotonic() + a.close_delay_ms / 1000
            with open(a.deadline_file, 'w') as f:
                f.write(repr(close_at))
        conn.sendall(b'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s' % (len(body), body))
        print(f'server: answered {line!r} from {peer[0]}:{peer[1]}', flush=True)
    if close_at is not None:
        wait_until(close_at)
    else:
        time.sleep(a.close_delay_ms / 1000)
    conn.close()
    print(f'server: closed the connection after {a.max_requests} requests (keep-alive limit), no Connection: close header', flush=True)
    ls.close()


if __name__ == '__main__':
    main()
