"""The Alexa side: the only layer that knows the ask-sdk.

``lambda_function`` is Lambda's entry, ``entry`` the skill as a function of a raw event,
``builder`` the skill object, ``handlers`` one small handler per family of requests, each
turning a request into a dialogue event, ``turn`` one turn (state in, dialogue, response out,
the user's record saved), ``can_fulfill`` the answer to CanFulfillIntentRequest, and ``slots``
the one reader of slot values.
"""
