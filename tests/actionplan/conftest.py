"""Fixtures for the action plan: fake step-5 and step-6 selectors for the apps other
engineers are building, installed as if their apps were there."""

from __future__ import annotations

import sys
import types

import pytest
from django.apps import apps

from pathways.actionplan import sources
from tests.maps.conftest import ladder  # noqa: F401  (the map tests' published-map fixture)


@pytest.fixture
def fake_sources(monkeypatch):
    """Install stand-ins for `skills_gaps` and `gap_findings`; returns their lists, which a
    test may change."""
    rows = {
        "skills_gaps": [
            {
                "key": "gap-51-4041-gdt",
                "title": "Machinists: reading GD&T drawings",
                "detail": "Employers rate it essential; no program in the region teaches it.",
                "url": "/p/front-range/competencies/51-4041/",
                "occupation": "Machinists",
            }
        ],
        "gap_findings": [
            {
                "key": "finding-welding-capacity",
                "title": "Welding: 10 completers a year against 60 openings",
                "detail": "Supply vs demand",
                "url": "/p/front-range/alignment/gaps/",
                "kind": "supply",
            },
            {
                "key": "finding-no-dual-enrollment",
                "title": "No dual enrollment in manufacturing",
                "detail": "",
                "url": "",
                "kind": "program",
            },
        ],
    }
    installed = apps.is_installed
    provided = {app for app, _, _ in sources.PROVIDERS.values()}
    monkeypatch.setattr(apps, "is_installed", lambda name: name in provided or installed(name))
    for _app, module_name, function in sources.PROVIDERS.values():
        module = types.ModuleType(module_name)
        setattr(module, function, lambda partnership, _f=function: list(rows[_f]))
        monkeypatch.setitem(sys.modules, module_name, module)
    return rows
