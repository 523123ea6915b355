#!/usr/bin/env python3
"""python http.client sends --requests requests on one keep-alive connection, reads each response
fully, then closes (client FIN first). The baseline: nothing goes wrong."""
import argparse
import http.client
import time

from saw import saw


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--host', default='127.0.0.1')
    p.add_argument('--port', type=int, required=True)
    p.add_argument('--requests', type=int, default=3)
    p.add_argument('--gap-ms', type=float, default=50)
    a = p.parse_args()
    conn = http.client.HTTPConnection(a.host, a.port, timeout=5)
    statuses = []
    for n in range(1, a.requests + 1):
        if n > 1:
            time.sleep(a.gap_ms / 1000)
        conn.request('GET', f'/items/{n}')
        r = conn.getresponse()
        r.read()
        statuses.append(r.status)
    conn.close()
    saw(f'{len(statuses)} responses {statuses} on one connection')


if __name__ == '__main__':
    main()
