"""`refwatch serve` answers over HTTP: pages, API schema, static files, security headers, jobs."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


@pytest.mark.slow
def test_serve_answers_with_headers_static_files_and_a_worker(cli: Any, cli_home: Path) -> None:
    token = cli(cli_home, "token", "create", "admin").stdout.strip()
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["REFWATCH_HOME"] = str(cli_home)
    server = subprocess.Popen([sys.executable, "-m", "refwatch", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(240):
            try:
                status, headers, body = _get(port, "/api/v1/openapi.json")
                break
            except OSError:
                time.sleep(0.25)
        else:
            raise AssertionError("the server did not answer")
        assert status == 200 and "/api/v1/persons" in json.loads(body)["paths"]
        assert "script-src 'self'" in headers["content-security-policy"]
        status, headers, body = _get(port, "/static/accounts/accounts.css")
        assert status == 200 and headers["content-type"].startswith("text/css") and b"font-family" in body
        status, _, body = _get(port, "/accounts/login/")
        assert status == 200 and b'name="password"' in body
        auth = {"Authorization": f"Bearer {token}"}
        assert _get(port, "/api/v1/summary", auth)[0] == 200
        assert _get(port, "/api/v1/summary")[0] == 401
        # the worker thread runs queued jobs: a link job over an empty store fails fast and safely
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("POST", "/api/v1/linkage/runs", body="{}", headers=auth | {"Content-Type": "application/json"})
        job = json.loads(conn.getresponse().read())
        conn.close()
        for _ in range(120):
            state = json.loads(_get(port, f"/api/v1/jobs/{job['uid']}", auth)[2])
            if state["status"] not in ("queued", "running"):
                break
            time.sleep(0.5)
        assert state["status"] == "failed" and "nothing to link" in state["error"], state
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert server.returncode == 0 and "Traceback" not in err, err
