"""The content: the stretches, knowledge answers and prompts, as frozen values.

``model`` holds the values, ``prompts`` the key of every prompt, ``schema`` builds and checks
them from parsed YAML, and ``loader`` reads the files, once per process.
"""
