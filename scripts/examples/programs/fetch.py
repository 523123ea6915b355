#!/usr/bin/env python3
"""One GET on a new connection with python http.client; prints the status line, then closes (client FIN)."""
import argparse
import http.client

from saw import saw, saw_exception


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--host', default='127.0.0.1')
    p.add_argument('--port', type=int, required=True)
    p.add_argument('--path', default='/')
    a = p.parse_args()
    conn = http.client.HTTPConnection(a.host, a.port, timeout=5)
    try:
        conn.request('GET', a.path)
        r = conn.getresponse()
        body = r.read()
        saw(f'GET {a.path} -> {r.status} {r.reason} ({len(body)} body bytes)')
    except Exception as e:  # noqa: BLE001 - the exception is what we want to show
        saw_exception(e)
    finally:
        conn.close()


if __name__ == '__main__':
    main()
