"""A live `refwatch serve` in a subprocess and a headless Chromium driven by Playwright.

The server runs on its own data directory (made by `refwatch init`), with its own
job worker thread, exactly as a user starts it; the test talks to it only
through the browser.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

# Run inside the server's home before it starts: users, authenticators, a news source.
SETUP = r"""
import datetime as dt, json, sys
from refwatch.cli.common import setup_store
setup_store()
from refwatch.accounts.actions import create_user
from refwatch.accounts.models import User
from refwatch.accounts.twofactor import enrol
from refwatch.jobs.extraction import extract_source, rebuild_incidents
from refwatch.records.actions import add_source
password = sys.argv[1]
secrets = {}
for name in ("documenter", "analyst", "observer"):
    create_user(name, role=name, password=password, acting_user=None)
for user in User.objects.all():
    secrets[user.username] = enrol(user)
news = add_source(sys.argv[2].encode(), kind="news", filename="wire.txt", acting_user=None,
                  title="Escapees returned (a text written for the tests)", published=dt.date(2024, 3, 5),
                  publisher="Example Wire (fictional)", lang="en", reliability="C", media_type="text/plain")
extract_source(news, acting_user=None)
rebuild_incidents(acting_user=None)
print(json.dumps(secrets))
"""


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)"
    if os.environ.get("REFWATCH_REQUIRE_BROWSER") == "1":
        pytest.fail(f"the browser tests are required here (REFWATCH_REQUIRE_BROWSER=1): {message}")
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "REFWATCH_KEY_FILE")}
    env["REFWATCH_HOME"] = str(home)
    return env


class Server:
    def __init__(self, home: Path, secrets: dict[str, str], password: str) -> None:
        self.home, self.secrets, self.password = home, secrets, password
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.log = home / "serve.log"

    def start(self) -> None:
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "refwatch", "serve", "--port", str(self.port), "--threads", "4"],
                env=_env(self.home), stdout=log, stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/accounts/login/", timeout=2):
                    return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(self.log.read_text(errors="replace")[-4000:]) from None
                time.sleep(0.3)
        raise RuntimeError("the server did not answer within 60 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def serve_home(template: Path, target: Path, *, password: str, news: str) -> Iterator[Server]:
    """Copy an initialised home, add users with authenticators and a source, serve it."""
    shutil.copytree(template, target)
    done = subprocess.run(
        [sys.executable, "-c", SETUP, password, news], env=_env(target), capture_output=True,
        text=True, timeout=300, check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    server = Server(target, json.loads(done.stdout.strip().splitlines()[-1]), password)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def sign_in(page: Any, server: Server, username: str) -> None:
    import pyotp

    page.goto(f"{server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", server.password)
    page.click("button[type=submit]")
    page.wait_for_url("**/accounts/2fa/verify/")
    page.fill("#id_code", pyotp.TOTP(server.secrets[username]).now())
    page.click("button[type=submit]")
    page.wait_for_url(f"{server.url}/")


def sign_out(page: Any) -> None:
    page.click("header form[action='/accounts/logout/'] button")
    page.wait_for_url("**/accounts/login/")
