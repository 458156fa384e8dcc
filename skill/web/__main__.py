"""``python -m skill.web``: serve the skill's endpoint (see :mod:`skill.web.server`)."""

import sys

from skill.web.server import main

sys.exit(main())
