"""AWS Lambda entry point: ``skill.alexa.lambda_function.handler``.

The skill is built at import, once per Lambda container, so a broken content file fails the
cold start with its ContentError rather than a user's turn.
"""

from __future__ import annotations

import gc
import logging
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from skill.alexa.entry import LambdaHandler

# Lambda's runtime gives the root logger its handler before it imports this module, so
# basicConfig adds one only elsewhere, and the level is set on the root logger either way:
# LOG_LEVEL's, else the one Lambda's logging configuration set (AWS_LAMBDA_LOG_LEVEL, which the
# runtime has applied), else INFO.
logging.basicConfig()
_LEVEL = os.environ.get("LOG_LEVEL") or ("" if os.environ.get("AWS_LAMBDA_LOG_LEVEL") else "INFO")
if _LEVEL:
    try:
        logging.getLogger().setLevel(_LEVEL.strip().upper())
    except ValueError:
        raise ValueError(
            f"LOG_LEVEL: expected DEBUG, INFO, WARNING or ERROR, got {_LEVEL!r}"
        ) from None


def _start() -> LambdaHandler:
    """The skill's modules, content and store, and the handler built on them."""
    from skill.alexa.builder import build_skill
    from skill.alexa.entry import make_handler
    from skill.store import open_store

    return make_handler(build_skill(store=open_store()))


# Start-up builds only what lives as long as the process (modules, classes, the content, the
# skill), so the collector, walking it again and again, would find nothing: about 5% of a cold
# start. It runs again from the first turn, and never walks what start-up built (frozen).
gc.disable()
try:
    handler = _start()
finally:
    gc.enable()
gc.freeze()
