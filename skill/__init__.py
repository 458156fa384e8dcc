"""Back Stretch Coach: an Alexa skill that guides back stretches by voice.

The packages, in the order a request passes through them:

* ``alexa``        the Lambda entry, the ask-sdk handlers and the turn (the only SDK-aware layer)
* ``dialogue``     the conversation as plain functions of the state: pure, no SDK, no I/O
* ``speech``       what the dialogue says, as SSML and card text within Alexa's ``limits``
* ``store``        where each user's record is kept: SQLite locally, DynamoDB on Lambda
* ``content``      the stretches, answers and prompts, read once from ``content/*.yaml``

Beside them, not shipped to Lambda: ``web`` (the self-hosted endpoint and its request
verification), ``voice_model`` (the interaction model, the manifest and the phrase matcher)
and ``tools`` (the terminal simulator, packaging and model sync).

What Lambda runs is kept quick to start: its values are named tuples (a dataclass compiles its
methods at every cold start), and a module loads what only some turns use (screens and the
SDK's APL classes, ``random``) inside the function that uses it. ``tests/architecture`` and
``tests/alexa/test_start_up.py`` hold both rules.
"""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent  # holds content/, interaction_model/
