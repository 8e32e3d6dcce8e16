"""Issue 15, items 8 and 10, and the developer default: production stays strict, a fresh
clone's `python manage.py ...` just works, the proxy header is trusted only behind the proxy."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

from inventory.models import ProgramChange
from tests.factories import PartnershipFactory

BASE_DIR = Path(__file__).resolve().parents[2]
PRINT = (
    "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'pathways.settings'); "
    "django.setup(); from django.conf import settings as s; "
    "print(s.DEBUG, getattr(s, 'SECURE_PROXY_SSL_HEADER', None), "
    "getattr(s, 'SECURE_HSTS_PRELOAD', None))"
)


def _env(**extra) -> dict:
    drop = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "BEHIND_TLS_PROXY",
            "SECURE_HSTS_PRELOAD", "DJANGO_SETTINGS_MODULE"}  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(extra)
    return env


def _run(args, **extra) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=_env(**extra), capture_output=True, text=True
    )


def test_a_fresh_clone_runs_manage_py_without_typing_debug():
    result = _run(["manage.py", "check"])
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_app_server_still_refuses_to_start_without_a_secret_key():
    result = _run(["-c", PRINT])  # as gunicorn or Celery load the settings
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_a_machine_with_a_secret_key_runs_manage_py_in_production_mode():
    result = _run(["-c", PRINT], SECRET_KEY="x" * 50, ALLOWED_HOSTS="pathways.example.org")
    assert result.stdout.split() == ["False", "None", "False"], result.stderr


def test_the_https_header_is_trusted_only_behind_the_proxy_and_preload_is_a_choice():
    result = _run(
        ["-c", PRINT],
        SECRET_KEY="x" * 50,
        BEHIND_TLS_PROXY="1",
        SECURE_HSTS_PRELOAD="1",
    )
    assert result.stdout.split() == ["False", "('HTTP_X_FORWARDED_PROTO',", "'https')", "True"]


def test_compose_publishes_gunicorn_only_on_the_proxy_network():
    compose = (BASE_DIR / "docker-compose.yml").read_text()
    web = compose.split("\n  web:\n", 1)[1].split("\n  worker:\n", 1)[0]
    assert not re.search(r"^\s+ports:", web, re.M), "web must not publish a port"
    assert "networks: [backend, proxy]" in web
    assert 'BEHIND_TLS_PROXY: "1"' in web
    assert "TRUSTED_PROXIES: 172.30.0.0/24" in web
    assert "subnet: 172.30.0.0/24" in compose


def test_program_history_is_read_only_in_the_admin(admin_client):
    assert admin_client.get(reverse("admin:inventory_programchange_add")).status_code == 403
    change = ProgramChange.objects.create(
        partnership=PartnershipFactory(),
        program_name="Welding",
        action="created",
    )
    url = reverse("admin:inventory_programchange_change", args=[change.pk])
    response = admin_client.post(url, {"program_name": "Forged"})
    assert response.status_code == 403
    change.refresh_from_db()
    assert change.program_name == "Welding"
    delete = reverse("admin:inventory_programchange_delete", args=[change.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert ProgramChange.objects.filter(pk=change.pk).exists()
