"""`make run` names the address it actually serves."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from pathways.devserver import browse_url

BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("address", "url"),
    [
        ("", "http://127.0.0.1:8000/"),
        ("8001", "http://127.0.0.1:8001/"),
        ("localhost:9000", "http://localhost:9000/"),
        ("0.0.0.0:8080", "http://127.0.0.1:8080/"),
        ("192.168.1.20:8000", "http://192.168.1.20:8000/"),
        ("[::1]:8000", "http://[::1]:8000/"),
    ],
)
def test_browse_url_is_the_address_runserver_serves(address, url):
    assert browse_url(address) == url


@pytest.mark.skipif(not shutil.which("make"), reason="needs make")
def test_make_run_passes_its_host_to_the_banner_and_the_server():
    result = subprocess.run(
        ["make", "-n", "-W", ".venv/.installed", "run", "HOST=192.168.1.20:8081"],
        cwd=BASE_DIR, capture_output=True, text=True, check=True,
    )  # fmt: skip
    lines = result.stdout.splitlines()
    assert any("load_demo --address 192.168.1.20:8081" in line for line in lines)
    assert any("runserver 192.168.1.20:8081" in line for line in lines)
