"""`make lab` starts JupyterLab in notebooks/ for any user, root included (containers, CI)."""

from __future__ import annotations

import json
import os
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from intervention_history.paths import NOTEBOOKS_DIR, PROJECT_ROOT

pytestmark = pytest.mark.skipif(not shutil.which("make"), reason="needs make")


def lab_command() -> list[str]:
    """The command `make lab` runs (make -n, treating the environment as built, so nothing is installed)."""
    printed = subprocess.run(
        ["make", "--no-print-directory", "-s", "-n", "-o", ".venv/.installed", "lab"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    ).stdout.strip()
    assert len(printed.splitlines()) == 1, printed
    return shlex.split(printed)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_lab_command_opens_notebooks_and_allows_root_only_for_root():
    command = lab_command()
    assert command[:2] == [".venv/bin/jupyter", "lab"]
    assert "--ServerApp.root_dir=notebooks" in command
    assert ("--allow-root" in command) == (os.geteuid() == 0)


def test_make_lab_serves_the_chapter_notebooks(tmp_path):
    """Start the same command headless, as the current user, and list notebooks/ through the API."""
    port, token = free_port(), secrets.token_hex(16)
    command = lab_command() + [
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
    ]
    log = (tmp_path / "lab.log").open("w")
    server = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    listing = None
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and server.poll() is None:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/api/contents", headers={"Authorization": f"token {token}"}
            )
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    listing = json.load(response)
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=10)
        log.close()
    output = (tmp_path / "lab.log").read_text()
    assert listing is not None, f"JupyterLab did not answer (exit code {server.returncode}):\n{output[-3000:]}"
    names = {item["name"] for item in listing["content"]}
    chapters = {p.name for p in NOTEBOOKS_DIR.glob("*.ipynb")}
    assert chapters and chapters <= names
