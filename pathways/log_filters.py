"""Logging filters named by settings.LOGGING (this module imports no models: logging is set up
before Django's apps are ready)."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied


class QuietPermissionDenied(logging.Filter):
    """Django logs a refused request (403) with the exception's traceback, though nothing went
    wrong in the code: keep the one line, with the reason, and drop the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc_info = record.exc_info
        if exc_info and isinstance(exc_info[1], PermissionDenied):
            reason = str(exc_info[1])
            record.msg = record.getMessage() + (f" ({reason})" if reason else "")
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True
