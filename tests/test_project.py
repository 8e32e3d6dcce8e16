"""Project-wide promises: migrations match the models, production settings are safe."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

BASE_DIR = Path(__file__).resolve().parent.parent


def test_every_model_change_has_a_migration(db):
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit:
        pytest.fail(f"models changed without a migration:\n{out.getvalue()}")


def _production_env(**extra):
    drop = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}  # set by the browser tests
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update({"DEBUG": "0", "ALLOWED_HOSTS": "pathways.example.org"}, **extra)
    return env


def test_production_mode_refuses_to_start_without_a_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR, env=_production_env(), capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_deploy_check_is_clean_in_production_mode():
    key = "k" * 20 + "-production-secret-with-enough-entropy-0123456789"
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR, env=_production_env(SECRET_KEY=key), capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_health_check_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_pages_carry_a_content_security_policy(client, db):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


def test_every_admin_list_opens_for_site_staff(client, db):
    from django.contrib import admin
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.create_superuser("staff", "staff@example.org", "x")
    client.force_login(staff)
    for model in admin.site._registry:
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        assert client.get(url).status_code == 200, url
