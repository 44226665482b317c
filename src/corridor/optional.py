"""Optional dependencies, imported when first needed with an install hint if missing.

The core (routing, emissions, simulation, the shipment database) needs only the
packages in ``project.dependencies``; the server, PostgreSQL, PDF documents,
plots, Dask, the compiled search kernels and Excel workbooks come with extras
(``corridor[server]``, ``corridor[postgres]``, ``corridor[pdf]``, ``corridor[plots]``,
``corridor[dask]``, ``corridor[fast]``, ``corridor[xlsx]``; ``corridor[all]`` is every one).
"""

from __future__ import annotations

import importlib
from types import ModuleType

from corridor.errors import MissingDependencyError

#: What each extra is for, as the install hint says it.
EXTRAS = {
    "server": "the web server",
    "postgres": "PostgreSQL databases",
    "pdf": "PDF documents",
    "plots": "plots",
    "dask": "running simulations on a Dask cluster",
    "fast": "compiled search kernels",
    "xlsx": "Excel workbooks (XLSX)",
}


def import_optional(name: str, extra: str) -> ModuleType:
    """The module ``name``, or an error telling the user which extra to install.

    Parameters
    ----------
    name
        Module to import, e.g. ``"reportlab.platypus"``.
    extra
        The extra of ``corridor`` that installs it, a key of :data:`EXTRAS`.

    Returns
    -------
    ModuleType
        The imported module.

    Raises
    ------
    MissingDependencyError
        The module (or its top-level package) is not installed.

    Examples
    --------
    >>> import_optional("json", "plots").__name__
    'json'
    >>> import_optional("nosuch", "pdf")
    Traceback (most recent call last):
    ...
    corridor.errors.MissingDependencyError: nosuch is needed for PDF documents: pip install 'corridor[pdf]'

    """
    if extra not in EXTRAS:
        raise ValueError(f"unknown extra {extra!r}; known: {', '.join(EXTRAS)}")
    try:
        return importlib.import_module(name)
    except ImportError as err:
        package = name.partition(".")[0]
        if err.name is not None and err.name.partition(".")[0] != package:
            raise  # the package is there but one of its own imports failed: show the real error
        raise MissingDependencyError(
            f"{package} is needed for {EXTRAS[extra]}: pip install 'corridor[{extra}]'"
        ) from err
