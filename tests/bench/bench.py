#!/usr/bin/env python3
"""The `make bench` table: every row a ratio of two rates measured side by
side in the same run, so the ratio holds on a busy machine where the rates
alone do not.

    python3 tests/bench/bench.py BUILD_DIR [--smoke]

BUILD_DIR holds clipseal and bench/{throughput,seal,mkstore} (tests/bench/
*.c).  The corpus is $CORPUS, else ../shared/corpus.  $ROUNDS (3; 1 with
--smoke) rounds of each row; a row shows the round with the median ratio.
--smoke runs the same code paths on tiny sizes in seconds and checks the
outcomes (archives verify, 304s are unchanged, ...), never the timings.
$BENCH_ROWS (say "run store") limits the table to those groups of rows:
extract, seal, verify, run, scale, bomb, store.

Rows (ratio: clipseal's rate over the baseline's, higher is better):
  extract SET   pages/s over each corpus set in one process (CPU clock)
                against libxml2's bare parse of the same bytes
  seal          archives/s sealing pre-fetched pages (extract, hash, sign,
                tar.gz, fsync, rename, fsync dir) against `gzip -6` of the
                same bytes plus `sync` of each result (the stock route);
                the note gives the ratio against zlib level 6 and fsync in
                process as well, the same work without two processes a page
  verify        archives/s of `clipseal verify` against the stock-tool
                route, per archive tar xzf + signify-openbsd -V +
                sha256sum -c, on the same archives
  run -j N      pages/s of `clipseal run` into a fresh store against
                `curl --parallel --parallel-max N` of the same URLs, both
                from one nginx on 127.0.0.1 started by the bench; peak RSS
  scale SIZE    extraction of one synthetic page of SIZE against its bare
                parse; "cost/B" is extraction's CPU per byte relative to
                the smallest page (1.00 is linear)
  gzip bomb     peak RSS of `archive` refusing a gzip bomb from nginx
  store rows    a store of URLS x VERSIONS versions made by mkstore:
                reindex per archive at a fifth of the store against the
                whole store (1.00 is linear); `run` over every URL unchanged
                (304) against curl's conditional GETs of the same URLs;
                `log URL` and `diff URL` against the same command on a
                store holding that URL alone (1.00: no cost of store
                size); the index size against the archives' bytes
"""

import gzip
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

SMOKE = "--smoke" in sys.argv[2:]
ROUNDS = int(os.environ.get("ROUNDS", "1" if SMOKE else "3"))
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

if SMOKE:
    CFG = dict(extract_pages=3, seal_pages=5, run_pages=20, jobs=(1, 8, 32),
               scale=(10_000, 100_000), store_urls=20, store_versions=5,
               samples=3)
else:
    CFG = dict(extract_pages=0, seal_pages=0, run_pages=1000,
               jobs=(1, 8, 32), scale=(10_000, 100_000, 1_000_000,
                                       10_000_000),
               store_urls=20_000, store_versions=5, samples=21)


TIME = "/usr/bin/time"


class BenchError(Exception):
    pass


def die(msg):
    raise BenchError(msg)


def timed(argv, stdout=subprocess.DEVNULL, env=None, ok=(0,)):
    """Runs argv; returns (wall seconds, cpu seconds, peak RSS KiB, stderr).
    Fails the bench on an exit status outside ok.  The peak RSS comes from
    GNU time: a child's own ru_maxrss starts at its forking parent's, this
    Python's, which exec does not reset."""
    err = tempfile.TemporaryFile()
    rss = tempfile.NamedTemporaryFile(mode="r")
    t0 = time.monotonic()
    p = subprocess.Popen([TIME, "-q", "-f", "%M", "-o", rss.name] + argv,
                         stdout=stdout, stderr=err, env=env)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    err.seek(0)
    text = err.read().decode("utf-8", "replace")
    err.close()
    lines = rss.read().split()
    rss.close()
    maxrss = int(lines[-1]) if lines and lines[-1].isdigit() else 0
    if p.returncode not in ok:
        die("%s: exit %d: %s" % (" ".join(argv[:3]), p.returncode,
                                 text.strip()[:500]))
    return wall, ru.ru_utime + ru.ru_stime, maxrss, text


def median_round(rounds, key):
    """The round whose key is the median (the lower one for an even count)."""
    s = sorted(rounds, key=key)
    return s[(len(s) - 1) // 2]


def fmt_rate(x, unit):
    if x >= 100:
        return "%.0f %s" % (x, unit)
    if x >= 10:
        return "%.1f %s" % (x, unit)
    return "%.2f %s" % (x, unit)


def mib(kib):
    return "%.1f MiB" % (kib / 1024)


class Table:
    def __init__(self):
        self.widths = (24, 26, 34, 6, 10)
        self.head("row", "clipseal", "baseline", "ratio", "target")

    def head(self, *cols):
        self.line(*cols)
        print("-" * (sum(self.widths) + len(self.widths) * 2 + 30))

    def line(self, row, ours, base, ratio, target, note=""):
        cells = [row, ours, base, ratio, target]
        out = "  ".join(c.ljust(w) for c, w in zip(cells, self.widths))
        print((out + "  " + note).rstrip(), flush=True)

    def row(self, row, ours, base, ratio, target=None, note=""):
        mark = ""
        if target is not None:
            mark = (">= %g" % target) + (" ok" if ratio >= target
                                          else " MISS")
        self.line(row, ours, base, "%.2f" % ratio, mark, note)


def header():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "-C", ROOT, "describe", "--always",
                                 "--dirty", "--abbrev=12"],
                                capture_output=True, text=True,
                                check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    print("clipseal bench%s: %s, %s, %d cores, %.0f GiB; %s; commit %s; "
          "load %.2f" % (" (smoke)" if SMOKE else "", socket.gethostname(),
                         cpu, os.cpu_count() or 0, mem / 2**30,
                         time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                         commit, os.getloadavg()[0]), flush=True)


def fsync_ms(d):
    """Median time of one small write and fsync in d, in ms."""
    path = os.path.join(d, "fsync.probe")
    t = []
    for _ in range(5 if SMOKE else 30):
        t0 = time.monotonic()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.write(fd, b"x" * 4096)
        os.fsync(fd)
        os.close(fd)
        t.append(time.monotonic() - t0)
    os.unlink(path)
    return statistics.median(t) * 1000


def corpus_sets(corpus):
    sets = []
    for name in sorted(os.listdir(corpus)):
        d = os.path.join(corpus, name)
        if not os.path.isdir(d):
            continue
        pages = sorted(os.path.join(d, f) for f in os.listdir(d)
                       if f.endswith(".html"))
        if pages:
            sets.append((name, pages))
    if not sets:
        die("%s: no corpus pages" % corpus)
    return sets


def first(pages, n):
    return pages[:n] if n else pages


class Nginx:
    """nginx on 127.0.0.1 with its own configuration, for the whole bench:
    / serves SITE (the run row's pages), /s/ serves DOC (the store's)."""

    def __init__(self, tmp, site, doc):
        self.dir = os.path.join(tmp, "nginx")
        os.makedirs(os.path.join(self.dir, "tmp"))
        self.proc = None
        exe = shutil.which("nginx") or "/usr/sbin/nginx"
        for _ in range(10):
            self.port = free_port()
            conf = os.path.join(self.dir, "nginx.conf")
            with open(conf, "w") as f:
                f.write(NGINX_CONF % dict(
                    user="user root;" if os.geteuid() == 0 else "",
                    dir=self.dir, port=self.port, site=site,
                    doc=os.path.dirname(doc)))
            self.proc = subprocess.Popen(
                [exe, "-p", self.dir, "-c", conf, "-e",
                 os.path.join(self.dir, "error.log")],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if self.wait_up():
                return
            self.stop()
        die("nginx did not start; see %s/error.log" % self.dir)

    def wait_up(self):
        for _ in range(200):
            if self.proc.poll() is not None:
                return False
            try:
                socket.create_connection(("127.0.0.1", self.port),
                                         timeout=1).close()
                return True
            except OSError:
                time.sleep(0.02)
        return False

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


NGINX_CONF = """%(user)s
daemon off;
worker_processes 1;
pid %(dir)s/nginx.pid;
error_log %(dir)s/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	sendfile on;
	keepalive_requests 1000000;
	keepalive_timeout 60s;
	client_body_temp_path %(dir)s/tmp/body;
	proxy_temp_path %(dir)s/tmp/proxy;
	fastcgi_temp_path %(dir)s/tmp/fastcgi;
	uwsgi_temp_path %(dir)s/tmp/uwsgi;
	scgi_temp_path %(dir)s/tmp/scgi;
	types { text/html html; text/plain txt; }
	default_type application/octet-stream;
	server {
		listen 127.0.0.1:%(port)d;
		root %(site)s;
		location /s/ { root %(doc)s; }
		location /bomb/ {
			alias %(site)s/;
			default_type text/html;
			types { }
			add_header Content-Encoding gzip;
		}
	}
}
"""


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Bench:
    def __init__(self, build):
        self.bin = os.path.join(build, "clipseal")
        self.tp = os.path.join(build, "bench", "throughput")
        self.seal = os.path.join(build, "bench", "seal")
        self.mkstore = os.path.join(build, "bench", "mkstore")
        for exe in (self.bin, self.tp, self.seal, self.mkstore):
            if not os.access(exe, os.X_OK):
                die("%s: not built (make bench builds it)" % exe)
        self.corpus = os.environ.get("CORPUS",
                                     os.path.join(ROOT, "..", "shared",
                                                  "corpus"))
        # Disk for what fsyncs (seal, run); tmpfs, when there is one, for
        # the big store, whose 100,000 archives would otherwise spend most
        # of the bench's ten minutes in fsync before anything is measured.
        self.tmp = tempfile.mkdtemp(prefix="bench.", dir=build)
        os.chmod(self.tmp, 0o755)
        shm = "/dev/shm"
        if os.path.isdir(shm) and os.access(shm, os.W_OK):
            self.mem = tempfile.mkdtemp(prefix="clipseal-bench.", dir=shm)
        else:
            self.mem = tempfile.mkdtemp(prefix="mem.", dir=self.tmp)
        os.chmod(self.mem, 0o755)
        self.key = os.path.join(self.tmp, "key")
        self.env = dict(os.environ, CLIPSEAL_KEY=self.key,
                        SOURCE_DATE_EPOCH="1767225600")
        self.env.pop("CLIPSEAL_STORE", None)
        self.nginx = None
        self.sealed = None

    def close(self):
        if self.nginx:
            self.nginx.stop()
        shutil.rmtree(self.mem, ignore_errors=True)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def run(self):
        header()
        sets = corpus_sets(self.corpus)
        timed([self.bin, "keygen"], env=self.env)
        self.fsync = fsync_ms(self.tmp)
        site = os.path.join(self.tmp, "site")
        doc = os.path.join(self.mem, "doc", "s")
        os.makedirs(site)
        os.makedirs(doc)
        self.nginx = Nginx(self.tmp, site, doc)
        print("fsync of 4 KiB on the bench's disk: %.2f ms; nginx %s on "
              "127.0.0.1:%d; %d round(s), the median shown"
              % (self.fsync, nginx_version(), self.nginx.port, ROUNDS),
              flush=True)
        self.t = Table()
        rows = os.environ.get("BENCH_ROWS", "").split()
        want = lambda name: not rows or name in rows
        if want("extract"):
            self.extract_rows(sets)
        # verify checks what seal sealed.
        if want("seal") or want("verify"):
            self.seal_row(sets)
        if want("verify"):
            self.verify_row()
        if want("run"):
            self.run_rows(sets, site)
        if want("scale"):
            self.scale_rows()
        if want("bomb"):
            self.bomb_row(site)
        if want("store"):
            self.store_rows(doc)

    # extract: throughput.c per set, rounds, median ratio.
    def extract_rows(self, sets):
        for name, pages in sets:
            pages = first(pages, CFG["extract_pages"])
            nbytes = sum(os.path.getsize(p) for p in pages)
            rounds = []
            for _ in range(ROUNDS):
                out = subprocess.run([self.tp] + pages, capture_output=True,
                                     text=True, check=True).stdout.split()
                n, parse_s, ext_s = int(out[0]), float(out[1]), float(out[2])
                rounds.append((parse_s / ext_s if ext_s else 0, n, parse_s,
                               ext_s))
            ratio, n, parse_s, ext_s = median_round(rounds, lambda r: r[0])
            outdir = os.path.join(self.tmp, "extract-" + name)
            _, _, rss, _ = timed([self.bin, "extract", "-f", "text",
                                  "--out-dir", outdir] + pages,
                                 env=self.env, ok=(0, 1))
            shutil.rmtree(outdir, ignore_errors=True)
            self.t.row("extract %s (%d)" % (name, n),
                       "%s %s" % (fmt_rate(n / ext_s, "p/s"),
                                  fmt_rate(nbytes / ext_s / 1e6, "MB/s")),
                       "bare parse %s %s" % (
                           fmt_rate(n / parse_s, "p/s"),
                           fmt_rate(nbytes / parse_s / 1e6, "MB/s")),
                       ratio, 0.6, "peak %s in one process"
                       % mib(rss))

    # seal: seal.c on one corpus set, into a fresh directory per round,
    # beside the stock route (gzip -6 and sync per page) on the same pages.
    def seal_row(self, sets):
        by_name = dict(sets)
        name = "dragnet" if "dragnet" in by_name else sets[0][0]
        pages = first(by_name[name], CFG["seal_pages"])
        stock = os.path.join(ROOT, "tests", "bench", "stock-gzip.sh")
        rounds = []
        for i in range(ROUNDS):
            d = os.path.join(self.tmp, "seal%d" % i)
            g = os.path.join(self.tmp, "gzip%d" % i)
            os.makedirs(d)
            os.makedirs(g)
            out = subprocess.run([self.seal, self.key, d] + pages,
                                 capture_output=True, text=True,
                                 env=self.env)
            if out.returncode != 0:
                die("seal: %s" % out.stderr.strip())
            f = out.stdout.split()
            n, seal_s, zlib_s = int(f[0]), float(f[1]), float(f[2])
            gzip_s, _, _, _ = timed(["sh", stock, g] + pages)
            shutil.rmtree(g)
            rounds.append((gzip_s / seal_s, n, seal_s, gzip_s, zlib_s, d))
        ratio, n, seal_s, gzip_s, zlib_s, d = median_round(rounds,
                                                           lambda r: r[0])
        self.sealed = sorted(os.path.join(d, f) for f in os.listdir(d)
                             if f.endswith(".tar.gz"))
        for r in rounds:
            if r[5] != d:
                shutil.rmtree(r[5])
        if not self.sealed:
            die("seal: no archive written")
        self.t.row("seal %s (%d)" % (name, n),
                   fmt_rate(n / seal_s, "archives/s"),
                   "gzip -6 + sync %s" % fmt_rate(n / gzip_s, "/s"),
                   ratio, 0.5,
                   "%.1f ms/archive; zlib -6 + fsync in process %s, "
                   "ratio %.2f" % (seal_s / n * 1000,
                                   fmt_rate(n / zlib_s, "/s"),
                                   zlib_s / seal_s))

    # verify: clipseal verify against the stock-tool route, same archives.
    def verify_row(self):
        stock = os.path.join(ROOT, "tests", "bench", "stock-verify.sh")
        pub = self.key + ".pub"
        n = len(self.sealed)
        rounds = []
        for i in range(ROUNDS):
            w1, _, _, _ = timed([self.bin, "verify", "-q", "-p", pub] +
                                self.sealed, env=self.env)
            w2, _, _, err = timed(["sh", stock, pub] + self.sealed)
            if err.strip():
                die("stock-verify: %s" % err.strip()[:300])
            # One process, as the stock route is: the note's ratio.
            w3, _, _, _ = timed([self.bin, "verify", "-j", "1", "-q",
                                 "-p", pub] + self.sealed, env=self.env)
            rounds.append((w2 / w1, w1, w2, w3))
        ratio, w1, w2, w3 = median_round(rounds, lambda r: r[0])
        self.t.row("verify (%d)" % n, fmt_rate(n / w1, "archives/s"),
                   "tar+signify+sha256sum %s" % fmt_rate(n / w2, "/s"),
                   ratio, 20, "%d CPUs; -j 1 %s, ratio %.2f" %
                   (os.cpu_count(), fmt_rate(n / w3, "/s"), w2 / w3))

    # run: nginx serves corpus pages; clipseal run against curl --parallel.
    def run_rows(self, sets, site):
        n = CFG["run_pages"]
        # Corpus pages taken from each set in turn, as a mixed list would.
        mixed = [pages[i] for i in range(max(len(p) for _, p in sets))
                 for _, pages in sets if i < len(pages)]
        order = [mixed[k % len(mixed)] for k in range(n)]
        nbytes = 0
        for k, p in enumerate(order):
            os.symlink(os.path.abspath(p), os.path.join(site, "p%d.html" % k))
            nbytes += os.path.getsize(p)
        base = "http://127.0.0.1:%d" % self.nginx.port
        urls = ["%s/p%d.html" % (base, k) for k in range(n)]
        lst = os.path.join(self.tmp, "run.list")
        with open(lst, "w") as f:
            f.write("".join(u + "\n" for u in urls))
        out = os.path.join(self.tmp, "curl.out")
        conf = os.path.join(self.tmp, "curl.conf")
        with open(conf, "w") as f:
            for k, u in enumerate(urls):
                f.write('url = "%s"\noutput = "%s/p%d.html"\n' % (u, out, k))
        for j in CFG["jobs"]:
            rounds = []
            # -j 1 is there for its memory: one round is enough.
            for r in range(ROUNDS if j > 1 else 1):
                store = os.path.join(self.tmp, "run-store")
                os.makedirs(out)
                cw, ccpu = self.curl(conf, j, n, "200")
                w, cpu, rss, err = timed(
                    [self.bin, "run", "-q", "-s", store, "-j", str(j),
                     "--per-host", str(j), "--host-delay", "0", lst],
                    env=self.env, ok=(0, 1))
                failed = err.count("\n")
                if failed > n // 20:
                    die("run: %d of %d pages failed: %s" %
                        (failed, n, err[:300]))
                archives = count_archives(store)
                if archives + failed < n * 0.9:
                    die("run: %d archives for %d pages" % (archives, n))
                shutil.rmtree(store)
                shutil.rmtree(out)
                rounds.append((cw / w, w, cpu, rss, cw, ccpu, archives,
                               failed))
            ratio, w, cpu, rss, cw, ccpu, archives, failed = \
                median_round(rounds, lambda x: x[0])
            self.t.row("run -j %d (%d pages)" % (j, n),
                       "%s, %s" % (fmt_rate(n / w, "p/s"), mib(rss)),
                       "curl --parallel-max %d %s" % (j,
                                                      fmt_rate(n / cw, "p/s")),
                       ratio, 0.8 if j == 8 else None,
                       "cpu %.1f ms/p, off cpu %.1f, curl cpu %.2f; %d "
                       "archives, %d no article; load %.1f"
                       % (cpu / n * 1000, max(0.0, w - cpu) / n * 1000,
                          ccpu / n * 1000, archives, failed,
                          os.getloadavg()[0]))
        print("  (run pages: %d corpus pages, %.1f MB)" % (n, nbytes / 1e6),
              flush=True)

    def curl(self, conf, j, n, code):
        """curl --parallel over conf; checks every answer is code."""
        codes = os.path.join(self.tmp, "curl.codes")
        with open(codes, "w") as f:
            w, cpu, _, _ = timed(["curl", "-q", "--parallel",
                                  "--parallel-immediate", "--parallel-max",
                                  str(j), "-s", "-S", "-K", conf], stdout=f)
        with open(codes) as f:
            got = f.read().split()
        if got and (len(got) != n or any(c != code for c in got)):
            die("curl: %d answers, expected %d of %s" % (len(got), n, code))
        return w, cpu

    # scale: synthetic pages of each size, throughput.c on each.
    def scale_rows(self):
        base = None
        for size in CFG["scale"]:
            path = os.path.join(self.tmp, "scale-%d.html" % size)
            with open(path, "w") as f:
                f.write(synthetic_page(size))
            real = os.path.getsize(path)
            # Several copies of small pages, so each timing is long enough.
            copies = max(1, 2_000_000 // size)
            rounds = []
            for _ in range(ROUNDS):
                o = subprocess.run([self.tp] + [path] * copies,
                                   capture_output=True, text=True,
                                   check=True).stdout.split()
                parse_s, ext_s = float(o[1]) / copies, float(o[2]) / copies
                rounds.append((parse_s / ext_s if ext_s else 0, parse_s,
                               ext_s))
            ratio, parse_s, ext_s = median_round(rounds, lambda r: r[0])
            per_byte = ext_s / real
            if base is None:
                base = per_byte
            _, _, rss, _ = timed([self.bin, "extract", "-f", "text", path],
                                 env=self.env)
            self.t.row("scale %s" % human(size), "extract %s" % ms(ext_s),
                       "bare parse %s" % ms(parse_s), ratio, None,
                       "cost/B %.2f; peak %s" % (per_byte / base, mib(rss)))

    # A gzip bomb from nginx: archive must refuse it within its cap.
    def bomb_row(self, site):
        mb = 5 if SMOKE else 50
        with open(os.path.join(site, "bomb.gz"), "wb") as f:
            f.write(gzip.compress(b"\0" * (mb << 20), 9))
        url = "http://127.0.0.1:%d/bomb/bomb.gz" % self.nginx.port
        out = os.path.join(self.tmp, "bomb")
        os.makedirs(out)
        cap = "4m" if SMOKE else "16m"
        _, _, rss, err = timed([self.bin, "archive", "-q", "-o", out,
                                "--max-bytes", cap, url], env=self.env,
                               ok=(3,))
        if "body larger than" not in err:
            die("archive of a gzip bomb: %s" % err.strip())
        self.t.line("gzip bomb %d MiB" % mb, "refused, peak %s" % mib(rss),
                    "cap --max-bytes %s" % cap, "-", "64 MiB %s"
                    % ("ok" if rss <= 65536 else "MISS"))

    # store: mkstore builds it; reindex, run (304), log, diff, index size.
    def store_rows(self, doc):
        urls, versions = CFG["store_urls"], CFG["store_versions"]
        store = os.path.join(self.mem, "store")
        base = "http://127.0.0.1:%d" % self.nginx.port
        w, _, _, _ = timed([self.mkstore, self.key, store,
                            os.path.dirname(doc), base, str(urls),
                            str(versions), "2"], env=self.env)
        print("  (store: %d versions of %d URLs, each a small synthetic "
              "article, built by mkstore in %.0f s on 2 processes)"
              % (urls * versions, urls, w), flush=True)
        hosts = os.listdir(store)
        if len(hosts) != 1:
            die("mkstore: %d host directories" % len(hosts))
        slugs = sorted(os.listdir(os.path.join(store, hosts[0])))
        if len(slugs) != urls:
            die("mkstore: %d URL directories for %d URLs" % (len(slugs),
                                                            urls))
        self.reindex_row(store, hosts[0], slugs, urls * versions)
        self.run304_row(store, doc, base, urls)
        self.log_diff_rows(store, hosts[0], slugs, base, urls, versions)
        self.index_row(store, urls * versions)

    def substore(self, store, host, slugs, name):
        """A store of the given URL directories of store, hard-linked."""
        sub = os.path.join(self.mem, name)
        os.makedirs(os.path.join(sub, host))
        for slug in slugs:
            shutil.copytree(os.path.join(store, host, slug),
                            os.path.join(sub, host, slug),
                            copy_function=os.link)
        return sub

    # reindex of a fifth of the store against the whole store.
    def reindex_row(self, store, host, slugs, total):
        part = self.substore(store, host, slugs[:max(1, len(slugs) // 5)],
                             "part")
        npart = count_archives(part)
        rounds = []
        for _ in range(ROUNDS):
            wp, _ = self.reindex(part, npart)
            wf, rss = self.reindex(store, total)
            rounds.append(((total / wf) / (npart / wp), wp, wf, rss))
        ratio, wp, wf, rss = median_round(rounds, lambda r: r[0])
        self.t.row("reindex (%d)" % total,
                   "%.3f ms/archive, %s" % (wf / total * 1000, mib(rss)),
                   "reindex %d: %.3f ms/archive" % (npart,
                                                    wp / npart * 1000),
                   ratio, None, "1.00 is linear")

    # run over every URL, all unchanged (304), against curl's same
    # conditional GETs.
    def run304_row(self, store, doc, base, urls):
        lst = os.path.join(self.tmp, "store.list")
        conf = os.path.join(self.tmp, "store.conf")
        with open(lst, "w") as fl, open(conf, "w") as fc:
            for u in range(urls):
                url = "%s/s/u%d.html" % (base, u)
                st = os.stat(os.path.join(doc, "u%d.html" % u))
                fl.write(url + "\n")
                # Options after --next are per URL, silent included.
                fc.write('%surl = "%s"\noutput = "/dev/null"\nsilent\n'
                         'show-error\nwrite-out = "%%{http_code}\\n"\n'
                         'header = "If-None-Match: \\"%x-%x\\""\n'
                         'header = "If-Modified-Since: %s"\n'
                         % ("next\n" if u else "", url, int(st.st_mtime),
                            st.st_size,
                            time.strftime("%a, %d %b %Y %H:%M:%S GMT",
                                          time.gmtime(st.st_mtime))))
        json_out = os.path.join(self.tmp, "store.json")
        rounds = []
        for _ in range(ROUNDS):
            cw, _ = self.curl(conf, 8, urls, "304")
            with open(json_out, "w") as f:
                w, cpu, rss, _ = timed(
                    [self.bin, "run", "--json", "-s", store, "-j", "8",
                     "--per-host", "8", "--host-delay", "0", lst],
                    stdout=f, env=self.env)
            with open(json_out) as f:
                unchanged = f.read().count('"status":"unchanged"')
            if unchanged != urls:
                die("run over the store: %d of %d unchanged" % (unchanged,
                                                              urls))
            rounds.append((cw / w, w, cpu, rss, cw))
        ratio, w, cpu, rss, cw = median_round(rounds, lambda r: r[0])
        self.t.row("run 304 (%d URLs)" % urls,
                   "%s, %s" % (fmt_rate(urls / w, "p/s"), mib(rss)),
                   "curl -Z 8 304s %s" % fmt_rate(urls / cw, "p/s"),
                   ratio, None, "cpu %.2f ms/URL" % (cpu / urls * 1000))

    # log and diff of URLs across the store, each call beside the same
    # call on a store holding only one URL (the same archives).
    def log_diff_rows(self, store, host, slugs, base, urls, versions):
        probe = "%s/s/u0.html" % base
        slug = [s for s in slugs if s.startswith("s-u0-html-")]
        if len(slug) != 1:
            die("mkstore: no one directory for %s" % probe)
        one = self.substore(store, host, slug, "one")
        self.reindex(one, versions)
        n = CFG["samples"]
        sample = ["%s/s/u%d.html" % (base, (k * (urls - 1)) // max(1, n - 1))
                  for k in range(n)]
        for cmd in ("log", "diff"):
            rounds = []
            for _ in range(ROUNDS):
                big, small = [], []
                for u in sample:
                    big.append(self.ms_of([self.bin, cmd, "-s", store, u]))
                    small.append(self.ms_of([self.bin, cmd, "-s", one,
                                             probe]))
                b, s = statistics.median(big), statistics.median(small)
                rounds.append((s / b, b, s))
            ratio, b, s = median_round(rounds, lambda r: r[0])
            self.t.row("%s URL (%d)" % (cmd, urls * versions),
                       "%.1f ms" % b,
                       "%d-version store %.1f ms" % (versions, s),
                       ratio, None, "1.00: store size costs nothing")

    def index_row(self, store, total):
        size = sum(os.path.getsize(os.path.join(store, f))
                   for f in os.listdir(store)
                   if f.startswith("index.sqlite"))
        abytes = tree_bytes(store) - size
        self.t.row("index (%d)" % total,
                   "%.1f MB, %.0f B/version" % (size / 1e6, size / total),
                   "archives %.1f MB" % (abytes / 1e6),
                   size / abytes, None, "index size over archive bytes")

    def reindex(self, store, expect):
        """Times reindex of store, which must index expect archives."""
        out = os.path.join(self.tmp, "reindex.out")
        with open(out, "w") as f:
            w, _, rss, _ = timed([self.bin, "reindex", "-s", store],
                                 stdout=f, env=self.env)
        with open(out) as f:
            said = f.read().strip()
        if said != "%d archives indexed, 0 unreadable" % expect:
            die("reindex %s: %s" % (store, said))
        return w, rss

    def ms_of(self, argv):
        w, _, _, _ = timed(argv, env=self.env)
        return w * 1000


def nginx_version():
    p = subprocess.run(["nginx", "-v"], capture_output=True, text=True)
    return p.stderr.strip().rsplit("/", 1)[-1]


def count_archives(d):
    n = 0
    for _, _, files in os.walk(d):
        n += sum(1 for f in files if f.endswith(".tar.gz"))
    return n


def tree_bytes(d):
    n = 0
    for root, _, files in os.walk(d):
        n += sum(os.path.getsize(os.path.join(root, f)) for f in files)
    return n


def human(size):
    if size >= 1_000_000:
        return "%d MB" % (size // 1_000_000)
    return "%d KB" % (size // 1000)


def ms(s):
    return "%.1f ms" % (s * 1000) if s < 1 else "%.2f s" % s


WORDS = ("council harbour wall engineers residents plan vote budget storm "
         "river bridge school minister report inquiry evidence witness "
         "market prices the a of and to in on for with said").split()


def synthetic_page(size):
    """An article page of about size bytes: sections of paragraphs, each
    with the chrome extraction removes (related links, a comment, a share
    bar), so every stage of the cleaner scales with the page."""
    seed = 12345

    def words(n):
        nonlocal seed
        out = []
        for _ in range(n):
            seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
            out.append(WORDS[seed % len(WORDS)])
        return " ".join(out)

    head = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>"
            "Scaling %d</title></head><body><nav><a href='/'>Home</a></nav>"
            "<article><h1>Scaling %d</h1>" % (size, size))
    tail = "</article><footer>Bench Gazette</footer></body></html>\n"
    parts = [head]
    n = len(head) + len(tail)
    i = 0
    while n < size:
        b = ("<section><h2>Section %d</h2><p>%s.</p><p>%s.</p>"
             "<ul class='related'><li><a href='/a%d'>%s</a></li>"
             "<li><a href='/b%d'>%s</a></li></ul><div class='comment'>"
             "<p>%s</p></div><div class='share'><a href='/s%d'>Share</a>"
             "</div></section>\n" % (i, words(60), words(40), i, words(4),
                                     i, words(4), words(20), i))
        parts.append(b)
        n += len(b)
        i += 1
    parts.append(tail)
    return "".join(parts)


def main():
    if len(sys.argv) < 2:
        print("usage: bench.py BUILD_DIR [--smoke]", file=sys.stderr)
        return 2
    b = Bench(os.path.abspath(sys.argv[1]))
    t0 = time.monotonic()
    try:
        b.run()
    except BenchError as e:
        print("bench: %s" % e, file=sys.stderr)
        return 1
    finally:
        b.close()
    print("(%.0f s in all)" % (time.monotonic() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
