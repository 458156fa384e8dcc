"""AWS Lambda entry point: ``skill.alexa.lambda_function.handler``.

The skill is built at import, once per Lambda container, so a broken content file fails the
cold start with its ContentError rather than a user's turn.
"""

from __future__ import annotations

import logging
import os

from skill.alexa.builder import build_skill
from skill.alexa.entry import make_handler
from skill.store import open_store

# Lambda's runtime gives the root logger its handler before it imports this module, so
# basicConfig adds one only elsewhere, and the level is set on the root logger either way.
logging.basicConfig()
logging.getLogger().setLevel(os.environ.get("LOG_LEVEL", "INFO"))

handler = make_handler(build_skill(store=open_store()))
