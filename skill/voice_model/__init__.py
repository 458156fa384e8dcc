"""The voice model: what Alexa is told about the skill, and how phrases map onto it.

``model`` loads the interaction model files and keeps their stretch names in step with the
content, ``lint`` and ``name_free`` check the rules Alexa enforces, ``manifest`` is the skill
manifest, ``matcher`` turns a typed phrase into the request Alexa would send, and ``words`` is
the one word normaliser they all compare with. Not shipped to Lambda: the skill never reads it.
"""
