#!/usr/bin/env python3
"""Loopback HTTP server for clipseal's fetch tests (standard library only).

    python3 tests/server.py --root DIR --port-file FILE [--port 0]
        [--tls-dir DIR] [--tls CERT,KEY]... [--delay SECONDS]

Binds 127.0.0.1 only, writes the chosen port to FILE once bound, and serves
until SIGTERM, until its parent process goes away, or for --lifetime seconds
(600 by default), whichever comes first.  Quiet: nothing goes to stdout, and
only unexpected handler errors go to stderr.

With --tls-dir, the same routes are also served over HTTPS on a second
port, written as the second line of FILE, with a self-signed certificate for
127.0.0.1 and localhost that is made once with the openssl command in the
directory (cert.pem, key.pem).  Each --tls CERT,KEY serves them over
HTTPS on one more port, written on the next line of FILE, in order.

Files under --root are served with ETag and Last-Modified, each after
--delay seconds (0 by default); "/" is index.html.  Special routes:

    /redirect?to=URL&code=302  redirect to URL
    /loop/N                    redirect to /loop/N+1, forever
    /status/CODE               that status with a small HTML body
    /slow?bytes=N&delay=S      N bytes, one every S seconds
    /close-mid                 declares 10000 bytes, sends 100, closes
    /gzip-bomb?mb=N            gzip of N MiB of zeros (Content-Encoding)
    /zstd-bomb?mb=N            the same with zstd (50: fixture, else the CLI)
    /br-bomb                   brotli of 50 MiB of zeros (fixture file)
    /flaky?id=K&fail=N&code=C&retry-after=V&then=PATH
                               the first N requests for K answer C (500),
                               with Retry-After V if given; then 200 HTML,
                               or the file PATH under --root
    /conc?group=G&delay=S      HTML after S seconds, counting how many
                               requests of G run at once
    /conc-max?group=G          "<p>max N</p>": the most G ever ran at once
    /auth-echo                 HTML saying whether Authorization was sent
    /robots.txt                Host robots-500.*: 500; robots-none.*: 404;
                               robots-wait.*: the file, once /release.html
                               has been served (10 s at most), so a test
                               can tell whether other pages went first;
                               else the file under --root, if any
    /cookie-set                sets a cookie, redirects to /cookie-check
    /cookie-check              200 with the cookie, else 403
    /headers-big               about 100 KB of response headers
    /html-no-type              HTML without a Content-Type header
    /echo-ua                   HTML page showing the User-Agent

Routes for services (fetch_request), any method; a request body is read
whole first:

    /echo                      the request body back (204 for DELETE),
                               with X-Echo-Method, X-Echo-Target (path and
                               query as sent), X-Echo-Length and each
                               request header as X-Got-<Name>
    /flaky?id=K&fail=N&code=C  as above; then 200 echoing the request body
    /status/CODE?text=T        that status with the plain-text body T
    /s3-error?id=K&fail=N&code=C&s3code=X
                               the first N requests for K answer C (500)
                               with an S3 error document of Code X; then
                               200 echoing the request body
    /s3-flaky/K/N/C/X/...      an S3 object path: the first N requests for
                               K answer C with an S3 error of Code X; then
                               200 echoing the request body
    /s3-cond/C/...             C with an S3 error (412 PreconditionFailed,
                               501 NotImplemented) when If-None-Match is
                               sent, else 200 echoing the request body
    /s3-long-token             a truncated S3 listing page, its next
                               continuation token 3002 bytes long
    /sigv4/...                 checks the AWS SigV4 Authorization as S3
                               does, for access key AKIDEXAMPLE and
                               SIGV4_SECRET below: 200 "signature ok", or
                               403 with an S3 SignatureDoesNotMatch error

With --tsa-dir DIR, POST /tsa/MODE answers an RFC 3161 TimeStampReq
(Content-Type application/timestamp-query, else 415) as tests/tsa.py's
MODE says (good, other, nonce, data, truncated, reject, noeku), with the
root CA and TSA certificates that tsa.py makes in DIR; each answer is
logged as "POST /tsa/MODE STATUS" in the access log, and the last reply
is kept as DIR/last.tsr.
"""

import argparse
import email.utils
import gzip
import hashlib
import hmac
import html
import http.server
import os
import re
import shutil
import signal
import ssl
import subprocess
import sys
import threading
import time
import urllib.parse

import tsa

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".txt": "text/plain",
}

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                        "fixtures", "fetch")

_bomb_lock = threading.Lock()
_bombs = {}
_state_lock = threading.Lock()
_flaky = {}
_running = {}
_max_running = {}
_released = threading.Event()

SIGV4_KEY_ID = "AKIDEXAMPLE"
SIGV4_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
SIGV4_AUTH = re.compile(
    r"AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/"
    r"aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$")


def sigv4_problem(method, target, headers, body):
    """None if the request carries a good SigV4 signature, else why not.
    The canonical query is the query as sent: clients sort it."""
    m = SIGV4_AUTH.match(headers.get("Authorization", ""))
    if m is None:
        return "no SigV4 Authorization header"
    key_id, date, region, service, signed, signature = m.groups()
    if key_id != SIGV4_KEY_ID:
        return "unknown access key id"
    payload = hashlib.sha256(body).hexdigest()
    claimed = headers.get("x-amz-content-sha256")
    if claimed is not None and claimed != payload:
        return "x-amz-content-sha256 does not match the body"
    canon = "".join("%s:%s\n" % (name, " ".join(headers.get(name, "").split()))
                    for name in signed.split(";"))
    path, _, query = target.partition("?")
    request = "\n".join([method, path, query, canon, signed, payload])
    scope = "%s/%s/%s/aws4_request" % (date, region, service)
    to_sign = "\n".join(["AWS4-HMAC-SHA256", headers.get("x-amz-date", ""),
                         scope,
                         hashlib.sha256(request.encode()).hexdigest()])
    k = ("AWS4" + SIGV4_SECRET).encode()
    for part in (date, region, service, "aws4_request"):
        k = hmac.new(k, part.encode(), hashlib.sha256).digest()
    good = hmac.new(k, to_sign.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(good, signature):
        return "signature does not match"
    return None


def count_request(key):
    """How many requests for key came before this one."""
    with _state_lock:
        seen = _flaky.get(key, 0)
        _flaky[key] = seen + 1
    return seen


def s3_error(code, message):
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>%s"
            "</Code><Message>%s</Message><RequestId>4442587FB7D0A2F9"
            "</RequestId></Error>" % (code, message)).encode()


def bomb(kind, mb):
    """Compressed N MiB of zeros, made once per (kind, size)."""
    key = (kind, mb)
    with _bomb_lock:
        if key not in _bombs:
            zeros = bytes(mb << 20)
            if kind == "gzip":
                _bombs[key] = gzip.compress(zeros, compresslevel=9, mtime=0)
            elif kind == "zstd" and mb == 50:
                with open(os.path.join(FIXTURES, "bomb-50m.zst"), "rb") as f:
                    _bombs[key] = f.read()
            else:
                _bombs[key] = subprocess.run(
                    ["zstd", "-q", "-19", "-c"], input=zeros,
                    stdout=subprocess.PIPE, check=True).stdout
        return _bombs[key]


def content_type(name):
    base, ext = os.path.splitext(name)
    ctype = TYPES.get(ext.lower(), "application/octet-stream")
    if ctype.startswith("text/html") and ".nocharset." in name:
        ctype = "text/html"
    return ctype


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "clipseal-test"
    sys_version = ""

    def log_message(self, format, *args):
        pass

    def log_error(self, format, *args):
        pass

    def send_body(self, code, body, ctype="text/html; charset=utf-8",
                  headers=()):
        self.send_response(code)
        if ctype is not None:
            self.send_header("Content-Type", ctype)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def redirect(self, location, code=302):
        body = b"<!doctype html><title>moved</title>\n"
        self.send_body(code, body, headers=[("Location", location)])

    def read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def target(self):
        """The path, and a lookup of query arguments with a default."""
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        return url.path, lambda name, default: query.get(name, [default])[0]

    def service(self):
        """The routes for fetch_request; False if path is none of them."""
        path, arg = self.target()
        if path == "/echo":
            self.echo(self.read_body())
        elif path.startswith("/sigv4/"):
            body = self.read_body()
            why = sigv4_problem(self.command, self.path, self.headers, body)
            if why is None:
                self.send_body(200, b"signature ok", "text/plain")
            else:
                self.send_body(403, s3_error("SignatureDoesNotMatch", why),
                               "application/xml")
        elif path == "/s3-error":
            body = self.read_body()
            if count_request("s3:" + arg("id", "")) < int(arg("fail", "1")):
                code = arg("s3code", "InternalError")
                self.send_body(int(arg("code", "500")),
                               s3_error(code, "Please try again (%s)." % code),
                               "application/xml")
            else:
                self.echo(body)
        elif path.startswith("/s3-flaky/"):
            body = self.read_body()
            key, fail, code, s3code = path.split("/")[2:6]
            if count_request("s3-flaky:" + key) < int(fail):
                self.send_body(int(code), s3_error(s3code, "Please try "
                                                   "again (%s)." % s3code),
                               "application/xml")
            else:
                self.echo(body)
        elif path.startswith("/s3-cond/"):
            body = self.read_body()
            code = int(path.split("/")[2])
            if "If-None-Match" in self.headers:
                s3code = {412: "PreconditionFailed",
                          501: "NotImplemented"}.get(code, "InternalError")
                self.send_body(code, s3_error(s3code, "Condition (%d)."
                                              % code), "application/xml")
            else:
                self.echo(body)
        elif path == "/s3-long-token":
            self.read_body()
            self.send_body(200, ("<ListBucketResult><IsTruncated>true"
                                 "</IsTruncated><NextContinuationToken>ab%s"
                                 "</NextContinuationToken></ListBucketResult>"
                                 % ("/" * 3000)).encode(), "application/xml")
        elif path == "/flaky" and self.command != "GET":
            body = self.read_body()
            if count_request(arg("id", "")) < int(arg("fail", "1")):
                code = int(arg("code", "500"))
                self.send_body(code, b"<!doctype html><title>%d</title>"
                               b"<p>error page\n" % code)
            else:
                self.echo(body)
        elif path.startswith("/tsa/") and self.command == "POST":
            self.tsa(path, self.read_body())
        elif path.startswith("/status/") and arg("text", None) is not None:
            self.read_body()
            self.send_body(int(path[len("/status/"):]),
                           arg("text", "").encode("utf-8"), "text/plain")
        else:
            return False
        return True

    def echo(self, body):
        headers = [("X-Echo-Method", self.command),
                   ("X-Echo-Target", self.path),
                   ("X-Echo-Length", str(len(body)))]
        for name, value in self.headers.items():
            headers.append(("X-Got-" + name, value))
        if self.command == "DELETE":
            self.send_response(204)
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            return
        self.send_body(200, body, "application/octet-stream", headers)

    def do_HEAD(self):
        if not self.service():
            self.send_body(405, b"")

    def do_POST(self):
        if not self.service():
            self.read_body()
            self.send_body(405, b"<!doctype html><title>405</title>\n")

    do_PUT = do_POST
    do_DELETE = do_POST

    def do_GET(self):
        if self.service():
            return
        path, arg = self.target()
        if path == "/redirect":
            self.redirect(arg("to", "/"), int(arg("code", "302")))
        elif path.startswith("/loop/"):
            n = int(path[len("/loop/"):] or "0")
            self.redirect("/loop/%d" % (n + 1))
        elif path.startswith("/status/"):
            code = int(path[len("/status/"):])
            body = b"<!doctype html><title>%d</title>\n" % code
            self.send_body(code, body)
        elif path == "/slow":
            self.slow(int(arg("bytes", "10")), float(arg("delay", "1")))
        elif path == "/close-mid":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "10000")
            self.end_headers()
            self.wfile.write(b"<" + b"x" * 99)
            self.wfile.flush()
            self.close_connection = True
        elif path in ("/gzip-bomb", "/zstd-bomb"):
            kind = path[1:-len("-bomb")]
            if (kind == "zstd" and arg("mb", "50") != "50"
                    and shutil.which("zstd") is None):
                self.send_body(404, b"<!doctype html><title>no zstd</title>")
                return
            body = bomb(kind, int(arg("mb", "50")))
            self.send_body(200, body, headers=[("Content-Encoding", kind)])
        elif path == "/br-bomb":
            with open(os.path.join(FIXTURES, "bomb-50m.br"), "rb") as f:
                body = f.read()
            self.send_body(200, body, headers=[("Content-Encoding", "br")])
        elif path == "/flaky":
            self.flaky(arg("id", ""), int(arg("fail", "1")),
                       int(arg("code", "500")), arg("retry-after", None),
                       arg("then", None))
        elif path == "/conc":
            self.conc(arg("group", ""), float(arg("delay", "0.2")))
        elif path == "/conc-max":
            with _state_lock:
                n = _max_running.get(arg("group", ""), 0)
            self.send_body(200, b"<!doctype html><p>max %d</p>\n" % n)
        elif path == "/auth-echo":
            sent = "yes" if "Authorization" in self.headers else "no"
            body = "<!doctype html><p id=auth>%s</p>\n" % sent
            self.send_body(200, body.encode("ascii"))
        elif path == "/robots.txt" and self.robots_special():
            pass
        elif path == "/cookie-set":
            self.send_response(302)
            self.send_header("Set-Cookie", "session=abc123; Path=/")
            self.send_header("Location", "/cookie-check")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/cookie-check":
            cookies = self.headers.get("Cookie", "")
            if "session=abc123" in cookies:
                self.send_body(200, b"<!doctype html><p>cookie ok</p>\n")
            else:
                self.send_body(403, b"<!doctype html><p>no cookie</p>\n")
        elif path == "/headers-big":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            for i in range(100):
                self.send_header("X-Big-%d" % i, "a" * 1000)
            self.send_header("Content-Length", "4")
            self.end_headers()
            self.wfile.write(b"<p>\n")
        elif path == "/html-no-type":
            self.send_body(200, b"\xef\xbb\xbf \n<!doctype html><p>untyped\n",
                           ctype=None)
        elif path == "/echo-ua":
            ua = html.escape(self.headers.get("User-Agent", ""))
            body = "<!doctype html><p id=ua>%s</p>\n" % ua
            self.send_body(200, body.encode("utf-8"))
        else:
            self.serve_file(urllib.parse.unquote(path))

    def tsa(self, path, query):
        mode = path[len("/tsa/"):]
        if self.server.tsa_dir is None or mode not in tsa.MODES:
            code, body, ctype = 404, b"no such TSA\n", "text/plain"
        elif self.headers.get("Content-Type") != \
                "application/timestamp-query":
            code, body, ctype = 415, b"not a time stamp query\n", \
                "text/plain"
        else:
            try:
                code, body = 200, tsa.reply(mode, self.server.tsa_dir, query)
            except (subprocess.CalledProcessError, ValueError, IndexError):
                code, body = 400, b"bad time stamp query\n"
            ctype = "application/timestamp-reply"
            last = os.path.join(self.server.tsa_dir, "last.tsr")
            with open(last + ".tmp", "wb") as f:
                f.write(body)
            os.replace(last + ".tmp", last)
        if self.server.access_log:
            with open(self.server.access_log, "a") as log:
                log.write("POST %s %d\n" % (path, code))
        self.send_body(code, body, ctype)

    def flaky(self, key, fail, code, retry_after, then):
        seen = count_request(key)
        if seen < fail:
            headers = []
            if retry_after is not None:
                headers.append(("Retry-After", retry_after))
            body = b"<!doctype html><title>%d</title><p>error page\n" % code
            self.send_body(code, body, headers=headers)
        elif then is not None:
            self.serve_file(then)
        else:
            body = b"<!doctype html><p>ok after %d</p>\n" % seen
            self.send_body(200, body)

    def conc(self, group, delay):
        with _state_lock:
            _running[group] = _running.get(group, 0) + 1
            _max_running[group] = max(_max_running.get(group, 0),
                                      _running[group])
        try:
            time.sleep(delay)
            self.send_body(200, b"<!doctype html><p>conc</p>\n")
        finally:
            with _state_lock:
                _running[group] -= 1

    def robots_special(self):
        host = self.headers.get("Host", "")
        if host.startswith("robots-500."):
            self.send_body(500, b"oops\n", ctype="text/plain")
            return True
        if host.startswith("robots-none."):
            self.send_body(404, b"none\n", ctype="text/plain")
            return True
        if host.startswith("robots-wait."):
            _released.wait(10)
            self.serve_file("/robots.txt")
            return True
        return False

    def slow(self, nbytes, delay):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(nbytes))
        self.end_headers()
        self.wfile.flush()
        for _ in range(nbytes):
            self.wfile.write(b"<")
            self.wfile.flush()
            time.sleep(delay)

    def serve_file(self, path):
        root = os.path.realpath(self.server.root)
        if path.endswith("/"):
            path += "index.html"
        full = os.path.realpath(os.path.join(root, path.lstrip("/")))
        if not full.startswith(root + os.sep) or not os.path.isfile(full):
            self.send_body(404, b"<!doctype html><title>404</title>\n")
            return
        time.sleep(self.server.delay)
        with open(full, "rb") as f:
            body = f.read()
        mtime = os.stat(full).st_mtime
        etag = '"%s"' % hashlib.sha256(body).hexdigest()[:16]
        fresh = self.headers.get("If-None-Match") == etag
        if self.server.access_log:
            with open(self.server.access_log, "a") as log:
                log.write("%s %d\n" % (path, 304 if fresh else 200))
        if fresh:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
        else:
            self.send_body(200, body, content_type(os.path.basename(full)), [
                ("ETag", etag),
                ("Last-Modified",
                 email.utils.formatdate(mtime, usegmt=True)),
            ])
        # Only once the page is on the wire, so a client cannot see the
        # robots.txt it releases before the page itself.
        if path == "/release.html":
            self.wfile.flush()
            _released.set()


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class TLSServer(Server):
    """Handshakes in the handler thread, so one stalled client cannot block
    the accept loop."""

    def finish_request(self, request, client_address):
        try:
            request.do_handshake()
        except (OSError, ssl.SSLError):
            return
        super().finish_request(request, client_address)


def make_cert(tls_dir):
    cert = os.path.join(tls_dir, "cert.pem")
    key = os.path.join(tls_dir, "key.pem")
    if not (os.path.exists(cert) and os.path.exists(key)):
        subprocess.run([
            "openssl", "req", "-x509", "-newkey", "ec",
            "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
            "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout", key, "-out", cert,
        ], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return cert, key


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--lifetime", type=float, default=600)
    ap.add_argument("--tls-dir")
    ap.add_argument("--access-log", help="append 'PATH STATUS' per file "
                    "served")
    ap.add_argument("--tls", action="append", default=[],
                    metavar="CERT,KEY")
    ap.add_argument("--tsa-dir", help="serve POST /tsa/MODE with the "
                    "test TSA kept in this directory")
    ap.add_argument("--delay", type=float, default=0,
                    help="seconds to wait before serving a file")
    args = ap.parse_args()
    if args.tsa_dir:
        args.tsa_dir = os.path.abspath(args.tsa_dir)
        tsa.make_pki(args.tsa_dir)

    servers = [Server(("127.0.0.1", args.port), Handler)]
    pairs = []
    if args.tls_dir:
        pairs.append(make_cert(args.tls_dir))
    for pair in args.tls:
        pairs.append(tuple(pair.split(",", 1)))
    for cert, key in pairs:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert, key)
        tls = TLSServer(("127.0.0.1", 0), Handler)
        tls.socket = ctx.wrap_socket(tls.socket, server_side=True,
                                     do_handshake_on_connect=False)
        servers.append(tls)
    for server in servers:
        server.root = args.root
        server.access_log = args.access_log
        server.tsa_dir = args.tsa_dir
        server.delay = args.delay
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        for server in servers:
            f.write("%d\n" % server.server_address[1])
    os.replace(tmp, args.port_file)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    signal.signal(signal.SIGINT, lambda signum, frame: stop.set())
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()

    parent = os.getppid()
    deadline = time.monotonic() + args.lifetime
    while not stop.is_set() and time.monotonic() < deadline:
        if os.getppid() != parent:
            break
        stop.wait(0.5)
    for server in servers:
        server.shutdown()
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
