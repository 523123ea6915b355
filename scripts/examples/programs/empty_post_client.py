#!/usr/bin/env python3
"""A POST with Content-Length: 0, then shutdown(SHUT_WR) at once (the client's FIN follows the request).

Some clients half-close after writing a request with no body; a strict server or gateway takes the
EOF as an aborted request and resets the connection instead of answering. Prints what recv() got.
"""
import argparse
import socket

from saw import saw, saw_exception


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--port', type=int, required=True)
    a = p.parse_args()
    s = socket.create_connection(('127.0.0.1', a.port), timeout=5)
    req = (
        'POST /wms/wy/syn?cid=1 HTTP/1.1\r\n'
        f'Host: 127.0.0.1:{a.port}\r\n'
        'User-Agent: Apache-HttpClient/4.5.13 (Java/1.8.0_292)\r\n'
        'Content-Type: application/json\r\n'
        'Content-Length: 0\r\n'
        'Connection: keep-alive\r\n\r\n'
    )
    s.sendall(req.encode())
    s.shutdown(socket.SHUT_WR)
    try:
        data = s.recv(65536)
        saw(f'recv() returned {len(data)} bytes' + (' (EOF, no response)' if not data else ''))
    except Exception as e:  # noqa: BLE001 - the exception is what we want to show
        saw_exception(e)
    s.close()


if __name__ == '__main__':
    main()
