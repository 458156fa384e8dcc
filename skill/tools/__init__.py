"""Tools for developers, never shipped to Lambda: the terminal simulator (``make run``),
packaging (``make package``) and model sync (``make sync``)."""
