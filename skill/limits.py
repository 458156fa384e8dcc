"""Alexa's limits on one response, defined once: pacing plans within them, speech checks them.

* A ``<break>`` lasts at most 10 s, so a longer hold is several breaks in a row.
* ``outputSpeech`` SSML must stay under 8000 characters; longer responses fail at runtime.
* A response may hold at most five ``<audio>`` clips.
* A whole response, its APL document and data included, may be at most 120 KB.
"""

MAX_BREAK_SECONDS = 10
MAX_SSML_CHARS = 8000
MAX_AUDIO_CLIPS = 5
MAX_RESPONSE_BYTES = 120 * 1024

# What one hold costs against MAX_AUDIO_CLIPS: a chime as it starts and a bell as it ends.
CLIPS_PER_HOLD = 2
MAX_HOLDS_PER_RESPONSE = MAX_AUDIO_CLIPS // CLIPS_PER_HOLD
