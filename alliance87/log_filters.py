"""Logging filters: what the server's log says about requests it refused."""

import logging


class RefusalsInOneLine(logging.Filter):
    """A 403 (or any 4xx) that Django logs with the exception that caused it becomes one line: the
    refusal is the system working, and a traceback per refused request buries real errors and fills the
    disk when someone probes the site. 5xx keep their traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
