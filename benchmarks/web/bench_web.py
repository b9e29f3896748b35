"""Latency of the web server under concurrent clients (loopback only, bounded loops).

Starts `refwatch serve` on 127.0.0.1 against a populated home, then runs
``--clients`` threads that each make ``--requests`` requests over keep-alive
connections, cycling through the endpoints; reports p50/p99 and errors per
endpoint. Pages (paths given with --page) are fetched with a session obtained
through the real sign-in (password + TOTP).

    REFWATCH_HOME=/tmp/bench python benchmarks/web/bench_web.py --clients 20 --requests 100
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

PASSWORD = "a long synthetic benchmark passphrase"


def _django() -> None:
    from refwatch.site.bootstrap import setup

    setup()


def prepare_users() -> dict[str, str]:
    """Analyst and documenter accounts with tokens and TOTP secrets (created once)."""
    _django()
    from refwatch.accounts.actions import create_user
    from refwatch.accounts.models import User
    from refwatch.accounts.twofactor import enrol, reset_device
    from refwatch.api.tokens import create_token

    out: dict[str, str] = {}
    for role in ("analyst", "documenter"):
        name = f"bench-{role}"
        user = User.objects.filter(username=name).first() or create_user(
            name, role=role, password=PASSWORD, acting_user=None)
        reset_device(user, acting_user=None)
        out[f"{role}_totp"] = enrol(user)
        out[f"{role}_token"] = create_token(user, label="benchmark", acting_user=None)[1]
    from refwatch.records.models import Person

    uids = list(Person.objects.order_by("?").values_list("uid", flat=True)[:500])
    out["persons"] = json.dumps(uids)
    out["count"] = str(Person.objects.count())
    return out


def sign_in(port: int, username: str, secret: str) -> str:
    """Session cookie header value after password + TOTP sign-in."""
    import pyotp

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    jar: dict[str, str] = {}

    def request(method: str, path: str, form: dict[str, str] | None = None) -> http.client.HTTPResponse:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())}
        body = None
        if form is not None:
            form = form | {"csrfmiddlewaretoken": jar.get("csrftoken", "")}
            body = urllib.parse.urlencode(form)
            headers |= {"Content-Type": "application/x-www-form-urlencoded",
                        "Referer": f"http://127.0.0.1:{port}{path}", "X-CSRFToken": jar.get("csrftoken", "")}
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                jar[name.strip()] = rest.split(";", 1)[0]
        return response

    request("GET", "/accounts/login/")
    assert request("POST", "/accounts/login/", {"username": username, "password": PASSWORD}).status == 302
    assert request("POST", "/accounts/2fa/verify/", {"code": pyotp.TOTP(secret).now()}).status == 302
    conn.close()
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def run_clients(port: int, endpoints: list[tuple[str, str, dict[str, str]]], clients: int,
                requests: int) -> tuple[dict[str, list[float]], dict[str, int], float]:
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)

    def client(index: int) -> None:
        rng = random.Random(index)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: dict[str, list[float]] = defaultdict(list)
        bad: dict[str, int] = defaultdict(int)
        start.wait()
        for i in range(requests):
            label, path, headers = endpoints[(index + i) % len(endpoints)]
            path = path.replace("{offset}", str(rng.randrange(0, 99_000)))
            t0 = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = 200 <= response.status < 300
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine[label].append(time.perf_counter() - t0)
            if not ok:
                bad[label] += 1
        conn.close()
        with lock:
            for k, v in mine.items():
                latencies[k].extend(v)
            for k, v in bad.items():
                errors[k] += v

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    start.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    return latencies, errors, time.perf_counter() - t0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8911)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=100, help="per client (bounded)")
    parser.add_argument("--threads", type=int, default=None,
                        help="server request threads per process (default: refwatch serve's own)")
    parser.add_argument("--processes", type=int, default=None,
                        help="server processes (default: refwatch serve's own default, one a core)")
    parser.add_argument("--warmup", type=int, default=2,
                        help="unmeasured passes over the endpoints per client before timing starts "
                             "(first requests compile templates and fill caches)")
    parser.add_argument("--page", action="append", default=[],
                        help="a page path to include, fetched as the signed-in analyst (repeatable; "
                             "'{person}' is replaced by a person uid)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    info = prepare_users()
    persons = json.loads(info["persons"])
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    server_log = tempfile.TemporaryFile()
    server = subprocess.Popen(
        [sys.executable, "-m", "refwatch", "serve", "--port", str(args.port), "--no-worker",
         *(["--threads", str(args.threads)] if args.threads else []),
         *(["--processes", str(args.processes)] if args.processes else [])],
        # The server's log goes to a file: a pipe nobody reads fills up and stalls the server.
        env=env, stdout=subprocess.DEVNULL, stderr=server_log)
    try:
        for _ in range(120):
            try:
                http.client.HTTPConnection("127.0.0.1", args.port, timeout=2).request("GET", "/accounts/login/")
                break
            except OSError:
                time.sleep(0.5)
        analyst = {"Authorization": f"Bearer {info['analyst_token']}"}
        documenter = {"Authorization": f"Bearer {info['documenter_token']}"}
        endpoints: list[tuple[str, str, dict[str, str]]] = [
            ("api list persons (analyst, 50/page)", "/api/v1/persons?limit=50&offset={offset}", analyst),
            ("api person detail (analyst)", "/api/v1/persons/PERSON", analyst),
            ("api person detail (documenter, decrypts + audits)", "/api/v1/persons/PERSON", documenter),
            ("api summary (analyst)", "/api/v1/summary", analyst),
            ("sign-in page", "/accounts/login/", {}),
        ]
        if args.page:
            cookie = {"Cookie": sign_in(args.port, "bench-analyst", info["analyst_totp"])}
            endpoints += [(f"page {p}", p, cookie) for p in args.page]
        expanded = []
        for i, (label, path, headers) in enumerate(endpoints * 25):
            uid = persons[i % len(persons)]
            expanded.append((label, path.replace("PERSON", uid).replace("{person}", uid), headers))
        if args.warmup:
            run_clients(args.port, expanded, args.clients, args.warmup * len(endpoints))
        latencies, errors, elapsed = run_clients(args.port, expanded, args.clients, args.requests)
    finally:
        server.terminate()
        server.wait(timeout=30)
        server_log.seek(0)
        queued = server_log.read().decode(errors="replace").count("Task queue depth")
        if queued:
            print(f"server: {queued} 'task queue depth' warnings (requests waited for a free thread)")
    rows = []
    total = sum(len(v) for v in latencies.values())
    print(f"{info['count']} persons, {args.clients} clients x {args.requests} requests, "
          f"{total / elapsed:.0f} req/s over {elapsed:.1f} s")
    print(f"{'endpoint':55} {'n':>6} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}")
    for label in sorted(latencies):
        values = latencies[label]
        row = {"endpoint": label, "n": len(values), "p50_ms": round(1000 * statistics.median(values), 1),
               "p99_ms": round(1000 * percentile(values, 0.99), 1), "errors": errors.get(label, 0)}
        rows.append(row)
        print(f"{label:55} {row['n']:>6} {row['p50_ms']:>8} {row['p99_ms']:>8} {row['errors']:>6}")
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "elapsed": elapsed, "persons": int(info["count"])}, indent=1))


if __name__ == "__main__":
    main()
