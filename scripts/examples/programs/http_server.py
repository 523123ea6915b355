#!/usr/bin/env python3
"""HTTP/1.1 keep-alive server (python http.server) with a short idle timeout.

Listens on one port on each --host (127.0.0.1 and/or ::1). An idle keep-alive connection is closed
after --idle seconds: http.server's handler times out in readline(), marks the connection closed,
and socketserver's shutdown_request() sends the FIN (shutdown(SHUT_WR), then close()).
Prints READY once listening; exits by itself after --lifetime seconds.
"""
import argparse
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def handler_class(idle, body_size):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = 'HTTP/1.1'  # keep-alive unless the client says otherwise
        timeout = idle  # StreamRequestHandler.setup() puts this on the socket: the idle timeout

        def do_GET(self):
            text = f'hello from {self.path}\n'.encode()
            body = (text * (body_size // len(text) + 1))[:body_size] if body_size else text
            self.send_response(200)
            self.send_header('Content-Type', 'text/plain')
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, fmt, *args):
            print(f'server: {self.client_address[0]}:{self.client_address[1]} {fmt % args}', flush=True)

    return Handler


class V6Server(ThreadingHTTPServer):
    address_family = socket.AF_INET6


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--host', action='append', default=[])
    p.add_argument('--port', type=int, required=True)
    p.add_argument('--idle', type=float, default=2.0)
    p.add_argument('--body-size', type=int, default=0)
    p.add_argument('--lifetime', type=float, default=30.0)
    a = p.parse_args()
    handler = handler_class(a.idle, a.body_size)
    servers = []
    for host in a.host or ['127.0.0.1']:
        cls = V6Server if ':' in host else ThreadingHTTPServer
        s = cls((host, a.port), handler)
        threading.Thread(target=s.serve_forever, daemon=True).start()
        servers.append(s)
    print('READY', flush=True)
    time.sleep(a.lifetime)
    for s in servers:
        s.shutdown()
    sys.exit(0)


if __name__ == '__main__':
    main()
