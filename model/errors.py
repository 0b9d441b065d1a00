"""The one base of every refusal the clerk can cause.

The model and the exporters refuse with exceptions whose text is already the clerk's message
(a file that cannot be read, a figure that is no number, reports that cannot be added up, a
file another window holds, an export that cannot be written). They all derive from
`NianbaoError`, so the command line and the window show any of them the same way: `str(exc)`,
nothing added, nothing rewrapped.
"""
from __future__ import annotations


class NianbaoError(Exception):
    """A refusal the clerk can cause and act on; str() is the complete Chinese message."""
