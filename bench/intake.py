"""Benchmark of demand intake over HTTP (issue 4: at least 300 accepted demands per second
on a 2-core machine with PostgreSQL, p99 under 100 ms).

Builds a throwaway database (a new PostgreSQL database, dropped afterwards), a demo-like
territory (one street, 6 communities of 12 square grids) and a street user with an API
token; starts a server on loopback; then POSTs JSON demands to /api/v1/demands/ (with an
Idempotency-Key each, at random points inside the grids) from a pool of client threads,
and the same load against two baselines served by the same server in the same run:

- noop:   a DRF view behind the same middleware and token authentication that does no work
          (the framework's floor on this machine);
- insert: a DRF view that validates the same body and inserts a Demand with one plain ORM
          create (no routing, deadlines, duplicate search, timeline or dispatch).

The load (--client): wrk (Debian's package; a C load generator, so the client takes little
of the two cores from the server) when it is installed, each of --concurrency connections
kept alive as an API integrator's pool would; otherwise the standard library's http.client
from --concurrency threads, one connection per request. wrk runs for --seconds per endpoint;
the Python client sends --requests.

Then the half load (--half-seconds, 0 to skip): demands at a constant rate of half the
saturation throughput intake just reached, from an open-loop asyncio client (each request
is due at its moment on a fixed schedule, whatever became of the ones before it; a late
answer delays none of the others, and its latency counts from the moment it was due, as
wrk2 counts it, so a server that falls behind shows it in the tail). wrk keeps a fixed
number of requests in flight and cannot pace them; Debian has no wrk2.

The server (--server): gunicorn (the default when installed) with --workers processes of
--threads threads each (the gthread worker; each thread keeps its database connection), or
the standard library's wsgiref server pre-forked the same way into --workers processes sharing
one listening socket (one HTTP connection per request either way).

    .venv/bin/python bench/intake.py [--client wrk|python] [--seconds 20] [--requests 3000]
        [--concurrency 8] [--workers 4] [--threads 2] [--server gunicorn|wsgiref]
        [--half-seconds 15]
        [--database-url postgres://postgres@127.0.0.1:5432/postgres]
"""

import argparse
import asyncio
import http.client
import itertools
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import types
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import DEFAULT_URL, STEP, build_territory, prepare_database, setup_django  # noqa: E402

CATEGORIES = ("sanitation", "noise", "neighbour", "property", "heating", "water", "elderly")
TEXTS = (
    "楼道里堆满了杂物，影响通行",
    "小区门口垃圾桶满了没人清运",
    "楼上装修噪音很大，晚上十点还在施工",
    "暖气不热，室温只有十四度",
    "单元门禁坏了一周没人修",
    "家里停水了，请尽快处理",
    "邻居占用公共楼道堆放物品",
    "独居老人需要上门助餐服务",
)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--database-url", default=DEFAULT_URL)
    p.add_argument("--client", choices=("wrk", "python"), default=default_client())
    p.add_argument("--seconds", type=float, default=20, help="wrk: seconds per endpoint")
    p.add_argument("--requests", type=int, default=3000, help="python: requests per endpoint")
    p.add_argument("--concurrency", type=int, default=8, help="client threads")
    p.add_argument("--server", choices=("gunicorn", "wsgiref"), default=default_server())
    p.add_argument("--workers", type=int, default=4, help="server processes")
    p.add_argument("--threads", type=int, default=2, help="threads per server process")
    p.add_argument("--max-seconds", type=float, default=120, help="time bound per endpoint")
    p.add_argument("--seed", type=int, default=4)
    p.add_argument(
        "--half-seconds",
        type=float,
        default=15,
        help="seconds of intake at half its saturation rate (0: skip)",
    )
    return p.parse_args()


# -- server -----------------------------------------------------------------------------


def default_client() -> str:
    return "wrk" if shutil.which("wrk") else "python"


def default_server() -> str:
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        return "wsgiref"
    return "gunicorn"


def bench_urlconf() -> str:
    """The site's URLs plus the two baseline endpoints, as a module made at run time."""
    from django.urls import include, path
    from django.utils import timezone
    from rest_framework.response import Response
    from rest_framework.views import APIView

    from banshi.demands.api import demand_create_input
    from banshi.demands.models import Demand

    class Noop(APIView):
        def post(self, request):
            return Response({"ok": True}, status=201)

    class Insert(APIView):
        def post(self, request):
            d = demand_create_input(request.data)  # as the intake view validates
            now = timezone.now()
            demand = Demand.objects.create(
                channel=Demand.Channel.API,
                category=d["category"],
                description=d["description"],
                lat=d.get("lat"),
                lng=d.get("lng"),
                received_at=now,
                reporter_user=request.user,
            )
            return Response({"id": demand.pk}, status=201)

    module = types.ModuleType("bench_intake_urls")
    module.urlpatterns = [
        path("bench/noop/", Noop.as_view()),
        path("bench/insert/", Insert.as_view()),
        path("", include("banshi.urls")),
    ]
    sys.modules[module.__name__] = module
    return module.__name__


def serve_forever(sock: socket.socket, threads: int) -> None:
    """One worker process: a threaded wsgiref server on the shared socket."""
    from concurrent.futures import ThreadPoolExecutor
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

    from django.conf import settings
    from django.core.wsgi import get_wsgi_application

    settings.ROOT_URLCONF = bench_urlconf()
    app = get_wsgi_application()

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    class Server(WSGIServer):
        """A fixed pool of threads, so each keeps its database connection."""

        request_queue_size = 1024

        def process_request(self, request, client_address):
            pool.submit(self._handle, request, client_address)

        def _handle(self, request, client_address):
            try:
                self.finish_request(request, client_address)
            except Exception:
                self.handle_error(request, client_address)
            finally:
                self.shutdown_request(request)

    pool = ThreadPoolExecutor(max_workers=threads)

    httpd = Server(sock.getsockname(), Quiet, bind_and_activate=False)
    httpd.socket = sock
    httpd.server_name, httpd.server_port = "127.0.0.1", sock.getsockname()[1]
    httpd.setup_environ()
    httpd.set_app(app)
    httpd.serve_forever(poll_interval=0.2)


def server_log_to_file() -> None:
    """The server's log (a JSON line per request) goes to bench/out/intake-server.log, not
    between the figures (in a forked server process)."""
    out = Path(__file__).resolve().parent / "out"
    out.mkdir(exist_ok=True)
    fd = os.open(out / "intake-server.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(fd, 2)
    os.close(fd)


def serve_gunicorn(port: int, workers: int, threads: int) -> None:
    """The gunicorn arbiter (in a forked process): gthread workers on 127.0.0.1:port."""
    from gunicorn.app.base import BaseApplication

    class Bench(BaseApplication):
        def load_config(self):
            for key, value in {
                "bind": f"127.0.0.1:{port}",
                "workers": workers,
                "threads": threads,
                "worker_class": "gthread" if threads > 1 else "sync",
                "backlog": 1024,
                "accesslog": None,
                "loglevel": "warning",
                "keepalive": 2,
            }.items():
                self.cfg.set(key, value)

        def load(self):
            from django.conf import settings
            from django.core.wsgi import get_wsgi_application

            settings.ROOT_URLCONF = bench_urlconf()
            return get_wsgi_application()

    sys.argv = ["gunicorn"]
    Bench().run()


def wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"the server did not listen on port {port}")


# -- load -------------------------------------------------------------------------------


def run_load(port, path, bodies, *, token, concurrency, max_seconds):
    """POST every body (bounded by count and time). Returns (statuses, latencies, seconds)."""
    latencies, statuses, lock = [], Counter(), threading.Lock()
    counter = itertools.count()
    start = time.perf_counter()
    deadline = start + max_seconds
    headers = {"Content-Type": "application/json", "Authorization": f"Token {token}"}

    def client():
        while True:
            i = next(counter)
            if i >= len(bodies) or time.perf_counter() > deadline:
                return
            t = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request(
                    "POST", path, bodies[i], {**headers, "Idempotency-Key": uuid.uuid4().hex}
                )
                response = conn.getresponse()
                response.read()
                conn.close()
                status = response.status
            except OSError as exc:
                status = type(exc).__name__
            elapsed = time.perf_counter() - t
            with lock:
                statuses[status] += 1
                latencies.append(elapsed)

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statuses, latencies, time.perf_counter() - start


WRK_SCRIPT = r"""
-- Each connection POSTs the prepared bodies in turn, each with a new Idempotency-Key;
-- the 201s are counted per thread and summed in done().
local bodies, counter = {}, 0
tid = 0  -- set per thread by setup()
created, others = 0, 0
local threads = {}
function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  for line in io.lines(args[1]) do table.insert(bodies, line) end
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Token " .. args[2]
  math.randomseed(os.time() * 1000 + tid)
end
function request()
  counter = counter + 1
  wrk.headers["Idempotency-Key"] = string.format(
    "wrk-%d-%d-%d-%d", tid, counter, os.time(), math.random(1, 1000000000))
  return wrk.format("POST", nil, nil, bodies[(counter * 7 + tid * 131) % #bodies + 1])
end
function response(status, headers, body)
  if status == 201 then created = created + 1 else
    others = others + 1
    if others <= 3 then io.stderr:write(status .. " " .. body:sub(1, 300) .. "\n") end
  end
end
function done(summary, latency, requests)
  local ok, bad = 0, 0
  for _, t in ipairs(threads) do ok = ok + t:get("created"); bad = bad + t:get("others") end
  io.write(string.format("RESULT %d %d %d %.3f %.3f %.3f %.3f %.3f\n", ok, bad,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout,
    summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3, latency.mean / 1e3))
end
"""


def run_wrk(port, path, bodies, *, token, concurrency, seconds):
    """wrk with `concurrency` kept-alive connections on 2 threads for `seconds`.
    Returns (created, other statuses, socket errors, seconds, p50, p95, p99, mean in ms)."""
    with tempfile.TemporaryDirectory() as tmp:
        script, data = Path(tmp, "post.lua"), Path(tmp, "bodies.txt")
        script.write_text(WRK_SCRIPT)
        data.write_bytes(b"\n".join(bodies) + b"\n")
        out = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{concurrency}",
                f"-d{seconds:g}s",
                "--latency",
                "-s",
                str(script),
                f"http://127.0.0.1:{port}{path}",
                "--",
                str(data),
                token,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    if out.stderr.strip():
        print(f"  responses other than 201 (first of each wrk thread):\n{out.stderr.strip()}")
    out = out.stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    ok, bad, errors = (int(v) for v in line.split()[1:4])
    seconds, p50, p95, p99, mean = (float(v) for v in line.split()[4:])
    return ok, bad, errors, seconds, p50, p95, p99, mean


# -- constant rate ----------------------------------------------------------------------


async def _post(reader, writer, request: bytes) -> int:
    """One HTTP/1.1 request on a kept-alive connection; returns the status."""
    writer.write(request)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = 0
    for line in lines[1:]:
        name, _sep, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    await reader.readexactly(length)
    return status


async def _constant_rate(port, path, bodies, *, token, rate, seconds):
    """POST `bodies` in turn at `rate` a second for `seconds`, each due at start + i/rate,
    on kept-alive connections (a new one when none is idle). Returns (statuses, latencies
    from the due moment, seconds)."""
    idle, statuses, latencies = [], Counter(), []
    count = int(rate * seconds)

    async def one(i, due):
        body = bodies[i % len(bodies)]
        request = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: application/json\r\nAuthorization: Token {token}\r\n"
            f"Idempotency-Key: half-{uuid.uuid4().hex}\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode() + body
        for attempt in (1, 2):  # a connection the server closed while idle: once more
            conn = idle.pop() if idle else await asyncio.open_connection("127.0.0.1", port)
            try:
                status = await asyncio.wait_for(_post(*conn, request), 30)
            except (TimeoutError, OSError, asyncio.IncompleteReadError) as exc:
                conn[1].close()
                if attempt == 2:
                    statuses[type(exc).__name__] += 1
                    return
                continue
            idle.append(conn)
            statuses[status] += 1
            latencies.append(time.perf_counter() - due)
            return

    start = time.perf_counter()
    tasks = []
    for i in range(count):
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(i, due)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - start
    for _reader, writer in idle:
        writer.close()
    return statuses, latencies, elapsed


def run_constant_rate(port, path, bodies, *, token, rate, seconds):
    return asyncio.run(_constant_rate(port, path, bodies, token=token, rate=rate, seconds=seconds))


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] * 1000


def make_bodies(n, grids, rng) -> list[bytes]:
    from _common import LAT0, LNG0

    bodies = []
    for _ in range(n):
        _grid, (i, j) = rng.choice(grids)
        lat = LAT0 + (j + rng.uniform(0.05, 0.95)) * STEP
        lng = LNG0 + (i + rng.uniform(0.05, 0.95)) * STEP
        body = {
            "category": rng.choice(CATEGORIES),
            "description": f"{rng.choice(TEXTS)}（{rng.randrange(1, 30)}号楼）",
            "lat": round(lat, 6),
            "lng": round(lng, 6),
        }
        bodies.append(json.dumps(body, ensure_ascii=False).encode())
    return bodies


def main():
    args = parse_args()
    rng = random.Random(args.seed)
    database_url, drop = prepare_database(args.database_url)
    pids = []
    try:
        setup_django(database_url)
        from django.contrib.auth import get_user_model
        from django.db import connection
        from rest_framework.authtoken.models import Token

        from banshi.access.models import RoleAssignment
        from banshi.demands.models import Demand

        streets, grids = build_territory(streets=1, communities=6, grids=12)
        user = get_user_model().objects.create_user(username="bench", password=uuid.uuid4().hex)
        RoleAssignment.objects.create(user=user, role="street", region=streets[0])
        token = Token.objects.create(user=user).key
        print(
            f"database: {connection.vendor} {getattr(connection, 'pg_version', '')}"
            f" ({connection.settings_dict['NAME']}); cores: {os.cpu_count()}; "
            f"server: {args.server} x {args.workers} processes x {args.threads} threads; "
            f"client: {args.client} with {args.concurrency} connections; "
            + (f"{args.seconds:g} s" if args.client == "wrk" else f"{args.requests} requests")
            + " per endpoint"
        )

        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        connection.close()
        if args.server == "gunicorn":
            sock.close()
            pid = os.fork()
            if pid == 0:
                try:
                    server_log_to_file()
                    serve_gunicorn(port, args.workers, args.threads)
                finally:
                    os._exit(0)
            pids.append(pid)
            wait_for_port(port)
        else:
            sock.listen(1024)
            for _ in range(args.workers):
                pid = os.fork()
                if pid == 0:
                    try:
                        server_log_to_file()
                        serve_forever(sock, args.threads)
                    finally:
                        os._exit(0)
                pids.append(pid)
            sock.close()

        results = {}
        for name, path in (
            ("noop", "/bench/noop/"),
            ("insert", "/bench/insert/"),
            ("intake", "/api/v1/demands/"),
        ):
            warm = make_bodies(20 * args.workers, grids, rng)
            run_load(port, path, warm, token=token, concurrency=args.concurrency, max_seconds=30)
            if args.client == "wrk":
                bodies = make_bodies(5000, grids, rng)
                ok, bad, errors, seconds, p50, p95, p99, mean = run_wrk(
                    port,
                    path,
                    bodies,
                    token=token,
                    concurrency=args.concurrency,
                    seconds=args.seconds,
                )
                statuses = {201: ok, "other": bad, "socket errors": errors}
            else:
                bodies = make_bodies(args.requests, grids, rng)
                counts, lat, seconds = run_load(
                    port,
                    path,
                    bodies,
                    token=token,
                    concurrency=args.concurrency,
                    max_seconds=args.max_seconds,
                )
                statuses, ok = dict(counts), counts.get(201, 0)
                p50, p95, p99 = (pct(lat, q) for q in (0.50, 0.95, 0.99))
                mean = statistics.fmean(lat) * 1000
            results[name] = ok / seconds
            print(
                f"{name:7s} {ok:6d} accepted in {seconds:6.2f} s = {ok / seconds:7.1f}/s   "
                f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  p99 {p99:6.1f} ms  mean {mean:6.1f} ms  "
                f"statuses {statuses}"
            )
        # A street user's API demands are walk-ins (the intake's channel rule); the
        # baseline's inserted rows have no deadlines.
        intake_rows = Demand.objects.filter(channel__in=("api", "walk_in")).exclude(
            dispatch_due=None
        )
        if args.half_seconds > 0 and results["intake"] > 0:
            rate = results["intake"] / 2
            counts, lat, seconds = run_constant_rate(
                port,
                "/api/v1/demands/",
                make_bodies(5000, grids, rng),
                token=token,
                rate=rate,
                seconds=args.half_seconds,
            )
            # 200 is a request retried on a new connection and answered by its key.
            ok = counts.get(201, 0) + counts.get(200, 0)
            p50, p95, p99 = (pct(lat, q) for q in (0.50, 0.95, 0.99)) if lat else (0, 0, 0)
            print(
                f"half    {ok:6d} accepted in {seconds:6.2f} s = {ok / seconds:7.1f}/s   "
                f"(constant rate {rate:.1f}/s, latency from each request's due moment)  "
                f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  p99 {p99:6.1f} ms  "
                f"statuses {dict(counts)}"
            )
        print(f"demands taken in through the API (with deadlines): {intake_rows.count()}")
        print(
            f"intake/noop = {results['intake'] / results['noop']:.2f}   "
            f"intake/insert = {results['intake'] / results['insert']:.2f}"
        )
    finally:
        for pid in pids:
            os.kill(pid, signal.SIGTERM)
        for pid in pids:
            os.waitpid(pid, 0)
        drop()


if __name__ == "__main__":
    main()
