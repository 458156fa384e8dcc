"""What a device with a screen shows: APL documents kept as JSON files in ``documents/``, the
data each is filled with (built from the same acts the speech is rendered from, every word from
``content/``), and, for a stretch's steps, the commands that speak them from the document so
that the line highlighted is the line being heard and a hold's countdown runs with the hold.

Like :mod:`skill.speech`, this knows nothing of the SDK: it returns plain JSON values that the
Alexa layer puts into ``Alexa.Presentation.APL`` directives.
"""

from skill.screens.render import DOCUMENT_TOKEN, TOUCHABLE, Screen, document, screen, touched

__all__ = ["DOCUMENT_TOKEN", "TOUCHABLE", "Screen", "document", "screen", "touched"]
