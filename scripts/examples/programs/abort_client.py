#!/usr/bin/env python3
"""A client that gives up on a download: it reads the response headers, then closes the socket.

The body bytes that arrived meanwhile are still unread in its receive queue, and Linux answers
close() on such a socket with RST instead of FIN (RFC 2525 section 2.17; tcp_close() in
net/ipv4/tcp.c). Prints how many bytes were left unread.
"""
import argparse
import fcntl
import socket
import struct
import termios
import time

from saw import saw


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--port', type=int, required=True)
    p.add_argument('--wait-ms', type=float, default=60)
    a = p.parse_args()
    s = socket.create_connection(('127.0.0.1', a.port), timeout=5)
    s.sendall(f'GET /export/report.csv HTTP/1.1\r\nHost: 127.0.0.1:{a.port}\r\n\r\n'.encode())
    head = s.recv(65536)
    status = head.split(b'\r\n', 1)[0].decode()
    print(f'client: read {len(head)} bytes: {status}', flush=True)
    time.sleep(a.wait_ms / 1000)
    unread = struct.unpack('i', fcntl.ioctl(s.fileno(), termios.FIONREAD, b'\0\0\0\0'))[0]
    s.close()
    saw(f'client closed the socket with {unread} response bytes unread')


if __name__ == '__main__':
    main()
