#!/usr/bin/env python3
"""python http.client reuses a pooled connection after the server's idle timeout has closed it.

Request 1, then --pause seconds of idle (longer than the server's keep-alive timeout), then request 2
on the same HTTPConnection. http.client does not look at the socket before writing, so the request
goes out on a connection the server already closed; the server's kernel answers with RST.
"""
import argparse
import http.client
import time

from saw import saw_exception


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--host', default='127.0.0.1')
    p.add_argument('--port', type=int, required=True)
    p.add_argument('--pause', type=float, default=2.0)
    a = p.parse_args()
    conn = http.client.HTTPConnection(a.host, a.port, timeout=5)
    for n in (1, 2):
        if n == 2:
            time.sleep(a.pause)
        try:
            conn.request('GET', f'/orders/{n}')
            r = conn.getresponse()
            r.read()
            print(f'client: GET /orders/{n} -> {r.status} (Keep-Alive: {r.getheader("Keep-Alive")})', flush=True)
        except Exception as e:  # noqa: BLE001 - the exception is what we want to show
            saw_exception(e)
            break
    conn.close()


if __name__ == '__main__':
    main()
