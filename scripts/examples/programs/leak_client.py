#!/usr/bin/env python3
"""A connection-leaking client: one request on each of --connections keep-alive connections, then it
neither reuses nor closes them for --hold seconds.

The server closes each idle connection (FIN); the client's kernel ACKs it and the socket sits in
CLOSE_WAIT until the application finally calls close(). Prints the `ss` view of those sockets.
"""
import argparse
import socket
import subprocess
import time

from saw import saw


def read_response(s):
    buf = b''
    while b'\r\n\r\n' not in buf:
        chunk = s.recv(65536)
        if not chunk:
            return buf
        buf += chunk
    head, _, body = buf.partition(b'\r\n\r\n')
    length = 0
    for line in head.split(b'\r\n')[1:]:
        k, _, v = line.partition(b':')
        if k.strip().lower() == b'content-length':
            length = int(v)
    while len(body) < length:
        chunk = s.recv(65536)
        if not chunk:
            break
        body += chunk
    return head.split(b'\r\n', 1)[0]


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--port', type=int, required=True)
    p.add_argument('--connections', type=int, default=3)
    p.add_argument('--hold', type=float, default=4.0)
    a = p.parse_args()
    socks = []
    for n in range(a.connections):
        s = socket.create_connection(('127.0.0.1', a.port), timeout=5)
        s.sendall(f'GET /jobs/{n} HTTP/1.1\r\nHost: 127.0.0.1:{a.port}\r\n\r\n'.encode())
        print(f'client: connection {n}: {read_response(s).decode()}', flush=True)
        socks.append(s)
    time.sleep(a.hold / 2)
    ss = subprocess.run(['ss', '-tan', 'state', 'close-wait', f'( dport = :{a.port} )'],
                        capture_output=True, text=True, timeout=5, check=False)
    n_cw = max(0, len(ss.stdout.strip().splitlines()) - 1)
    print(ss.stdout.rstrip(), flush=True)
    saw(f'ss: {n_cw} client sockets in CLOSE-WAIT {a.hold / 2:.1f} s into the hold')
    time.sleep(a.hold / 2)
    for s in socks:
        s.close()
    print(f'client: closed {len(socks)} sockets after holding them {a.hold:.1f} s', flush=True)


if __name__ == '__main__':
    main()
