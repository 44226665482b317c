"""Reading chain documents from files (a chain, or a route result from ``corridor route``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from corridor.chain.document import ChainDocument, chain_from_dict
from corridor.errors import ChainInputError


def chains_from_json(path: str | Path, *, option: int | None = None) -> list[tuple[str, ChainDocument]]:
    """Chains in a JSON file, labelled.

    The file holds one chain document, or the output of ``corridor route
    --format json`` (then every option's chain, or only ``option``, 1-based).

    Raises
    ------
    ChainInputError
        The file is unreadable, not JSON, or not a valid chain; the message
        names the file, the option and the element.

    """
    path = Path(path)
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise ChainInputError(f"{path}: file not found") from err
    except UnicodeDecodeError as err:
        raise ChainInputError(f"{path}: not UTF-8 text") from err
    except json.JSONDecodeError as err:
        raise ChainInputError(
            f"{path}: not valid JSON: {err.msg} at line {err.lineno} column {err.colno}"
        ) from err
    if isinstance(data, dict) and "options" in data:
        options = data["options"]
        if not isinstance(options, list) or not options:
            raise ChainInputError(f"{path}: 'options' must be a non-empty list of route options")
        chosen = range(len(options)) if option is None else [option - 1]
        if option is not None and not 1 <= option <= len(options):
            raise ChainInputError(f"{path}: option {option} does not exist (the file has {len(options)})")
        chains = []
        for index in chosen:
            entry = options[index]
            if not isinstance(entry, dict) or "chain" not in entry:
                raise ChainInputError(f"{path}: options[{index}] has no 'chain'")
            label = f"option {index + 1}"
            chains.append((label, chain_from_dict(entry["chain"], source=f"{path}: {label}")))
        return chains
    if option is not None:
        raise ChainInputError(f"{path}: --option applies to route results, this file holds one chain")
    return [("chain", chain_from_dict(data, source=str(path)))]
