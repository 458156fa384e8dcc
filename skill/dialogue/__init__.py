"""The dialogue: what the skill says next, as plain functions of the state. Pure: no Alexa
SDK, no I/O, no clock.

``conversation.advance(state, event, content, facts)`` is the entry; it dispatches to
``navigation`` (moving through a plan), ``answers`` (help, lists, benefits, topics),
``profile`` (preferences, history, deleting data) and ``resume`` (what a new session offers),
which speak stretches through ``delivery``, paced by ``pacing``. ``caution`` is the one home of
the caution-first rule. ``state``, ``events`` and ``acts`` are the values that go in and out;
``codec`` carries the state in session attributes and checks it on the way back.
"""
