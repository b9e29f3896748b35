"""`refwatch serve --processes N`: children share the port, a dead child is replaced, and
stopping the parent stops them all (none is left holding the port)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.web.browser import _env, free_port

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads children from /proc (Linux)")


def children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A child that exited but was not yet reaped is a zombie: not serving.
    return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"


def answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def start(home: Path, port: int, processes: int) -> subprocess.Popen[bytes]:
    with (home / "serve.log").open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "refwatch", "serve", "--port", str(port), "--processes", str(processes),
             "--threads", "2", "--no-worker"], env=_env(home), stdout=out, stderr=subprocess.STDOUT)


def test_serving_processes_share_the_port_and_stop_with_the_parent(cli_home: Path) -> None:
    port = free_port()
    log = cli_home / "serve.log"
    server = start(cli_home, port, 2)
    try:
        wait_for(lambda: answers(port), "the server to answer")
        first = children(server.pid)
        assert len(first) == 2, log.read_text()
        assert all(answers(port) for _ in range(10))

        victim = min(first)
        os.kill(victim, signal.SIGKILL)
        wait_for(lambda: len(children(server.pid) - {victim}) == 2, "a replacement serving process")
        assert answers(port)
        assert "starting another" in log.read_text()

        serving = children(server.pid)
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        wait_for(lambda: not any(alive(pid) for pid in serving), "the serving processes to end", 15)
        assert not answers(port)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def test_serving_processes_end_when_the_parent_is_killed(cli_home: Path) -> None:
    port = free_port()
    server = start(cli_home, port, 2)
    try:
        wait_for(lambda: answers(port), "the server to answer")
        serving = children(server.pid)
        assert len(serving) == 2
    finally:
        server.kill()
        server.wait()
    wait_for(lambda: not any(alive(pid) for pid in serving), "orphaned serving processes to end", 15)
    assert not answers(port)


def test_one_process_serves_without_forking(cli_home: Path) -> None:
    port = free_port()
    server = start(cli_home, port, 1)
    try:
        wait_for(lambda: answers(port), "the server to answer")
        assert children(server.pid) == set()
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_port_in_use_is_a_clear_error(cli_home: Path, cli: Any) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = cli(cli_home, "serve", "--port", str(port), "--no-worker", check=False)
    assert result.returncode != 0
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
