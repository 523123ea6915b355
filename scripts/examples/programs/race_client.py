#!/usr/bin/env python3
"""python http.client keeps one connection and sends --requests requests on it.

Before the last request it waits --delay-ms after reading the previous response, a hair longer than
the server's close delay: the request leaves while the server's FIN is reaching the client, so the
client cannot have known. With --deadline-file it waits instead until --lag-ms after the moment the
server said it would close (same monotonic clock), which keeps the race under a millisecond on a busy
machine. Prints what http.client raised.
"""
import argparse
import http.client
import time

from saw import saw_exception


def wait_until(t):
    """Sleeps until time.monotonic() reaches t, spinning the last 2 ms: a sleeping process may wake
    up milliseconds late on a busy machine, and this race is about a fraction of a millisecond."""
    if t - time.monotonic() > 0.002:
        time.sleep(t - time.monotonic() - 0.002)
    while time.monotonic() < t:
        pass


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--port', type=int, required=True)
    p.add_argument('--requests', type=int, default=4)
    p.add_argument('--delay-ms', type=float, default=5.6)
    p.add_argument('--deadline-file')
    p.add_argument('--lag-ms', type=float, default=0.5)
    a = p.parse_args()
    conn = http.client.HTTPConnection('127.0.0.1', a.port, timeout=5)
    for n in range(1, a.requests + 1):
        if n == a.requests:
            if a.deadline_file:
                with open(a.deadline_file) as f:
                    send_at = float(f.read()) + a.lag_ms / 1000
                wait_until(send_at)
            else:
                time.sleep(a.delay_ms / 1000)
        try:
            conn.request('GET', f'/race/{n}')
            r = conn.getresponse()
            r.read()
            print(f'client: GET /race/{n} -> {r.status}', flush=True)
        except Exception as e:  # noqa: BLE001 - the exception is what we want to show
            saw_exception(e)
            break
    conn.close()


if __name__ == '__main__':
    main()
