"""The skill's loggers: every line bounded, and no content a request or a record carried.

Messages are cut at MAX_LINE characters; a logged exception keeps its traceback's frames (the
skill's own code) but only the exception's type, never its message, which may quote a value.
"""

from __future__ import annotations

import logging
import traceback

MAX_LINE = 300


class _Bounded(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg, record.args = message[:MAX_LINE], ()
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            frames = traceback.format_tb(error.__traceback__)
            lines = [line[:MAX_LINE] for frame in frames for line in frame.splitlines()]
            record.exc_text = "\n".join(["Traceback (most recent call last):", *lines,
                                         type(error).__name__])  # fmt: skip
            record.exc_info = None
        return True


_FILTER = _Bounded()


def get_logger(name: str) -> logging.Logger:
    """The logger ``name``, with the bounds above."""
    logger = logging.getLogger(name)
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)
    return logger
