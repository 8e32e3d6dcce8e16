"""The Celery app: configured from Django settings (the CELERY_ namespace)."""

import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathways.settings")

app = Celery("pathways")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def _cap_memory(**_kwargs) -> None:
    """Every pool process of the worker starts with its heap capped (WORKER_MEMORY_LIMIT_MB)."""
    from pathways.uploads import cap_memory

    cap_memory()
