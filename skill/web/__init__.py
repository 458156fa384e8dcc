"""The self-hosted endpoint: the skill behind Flask, flask-ask-sdk and waitress.

``server`` is the app and the process (``python -m skill.web``), ``config`` its settings,
``verify`` and ``cert_chain`` the checks that a request really comes from Alexa for this skill
(run by the route before the SDK reads the request), and ``refusals`` the reason for each
refusal. Not shipped to Lambda.
"""
