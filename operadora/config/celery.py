"""Celery app: `celery -A operadora.config.celery worker`. Eager in the embedded set-up (no REDIS_URL)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "operadora.config.settings")

app = Celery("operadora")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
