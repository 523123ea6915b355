#!/usr/bin/env python3
"""python http.client connects to a loopback port where nothing listens: SYN answered by RST,ACK."""
import argparse
import http.client

from saw import saw_exception


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--host', default='127.0.0.1')
    p.add_argument('--port', type=int, required=True)
    a = p.parse_args()
    conn = http.client.HTTPConnection(a.host, a.port, timeout=5)
    try:
        conn.request('GET', '/health')
        print(f'client: unexpected response {conn.getresponse().status}', flush=True)
    except Exception as e:  # noqa: BLE001 - the exception is what we want to show
        saw_exception(e)
    finally:
        conn.close()


if __name__ == '__main__':
    main()
