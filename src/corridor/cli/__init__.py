"""The ``corridor`` command line: parse, call the library, render. Nothing more.

One module per command group (``route``, ``emissions``, ``simulate``,
``scenario``, ``network``, ``serve``, ``db``), the root and error printing in
``app``, one table renderer in ``render``, writing output in ``output``.
"""

from corridor.cli.app import app, main

__all__ = ["app", "main"]
