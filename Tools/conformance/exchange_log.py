"""What check_xero_exchanges.py and check_magento_exchanges.py share.

Both read the exchange log the sandbox writes (one JSON object a line: method, path,
query, request_headers, request_body, status, response_headers, response_body, and
"fault": true when the sandbox injected a failure), find their vendor's spec the same
way, and exit 2 on bad usage or a spec that cannot be loaded. This module holds those
parts; what each checker validates, and how it words its summary, stays in the checker.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Iterator, Optional
from urllib.parse import parse_qsl

REPO_ROOT = Path(__file__).resolve().parents[2]
# The paths of the Magento sandbox's lines in a shared log; the Xero sandbox's lie elsewhere.
MAGENTO_PREFIX = "/rest/"


class UsageError(Exception):
    """Bad arguments or an unusable spec: exit 2."""


def not_installed(package: str, error: ImportError) -> UsageError:
    """The UsageError for a package of requirements.txt that cannot be imported."""
    return UsageError(f"{package} is not installed ({error}): pip install -r Tools/conformance/requirements.txt")


def exit_2_on_usage_error(main: Callable[..., int]) -> Callable[..., int]:
    """A checker's main(), answering a UsageError with `error: ...` on stderr and exit status 2."""

    @functools.wraps(main)
    def run(*arguments, **options) -> int:
        try:
            return main(*arguments, **options)
        except UsageError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2

    return run


# MARK: Spec


def spec_candidates(name: str) -> tuple:
    """Where a spec file is looked for when none is named: specs/ in the repo, then shared/specs/ beside it."""
    return (
        REPO_ROOT / "specs" / name,
        REPO_ROOT.parent / "shared" / "specs" / name,
    )


def find_spec_file(given: Optional[str], env: str, candidates: tuple, what: str) -> Path:
    """The spec file: `given` (--spec), else $`env`, else the first of `candidates` that exists.

    `what` names the spec in the error raised when none is found.
    """
    if given:
        path = Path(given)
        if not path.is_file():
            raise UsageError(f"--spec {given}: no such file")
        return path
    if os.environ.get(env):
        path = Path(os.environ[env])
        if not path.is_file():
            raise UsageError(f"${env}={path}: no such file")
        return path
    for path in candidates:
        if path.is_file():
            return path
    tried = ", ".join(str(p) for p in candidates)
    raise UsageError(f"{what} was not found in {tried}: pass --spec PATH or set ${env}")


# MARK: The log


def read_exchanges(log: Path) -> Iterator[tuple]:
    """(label, exchange, unreadable) for every line of the log that is not blank.

    label is `NAME:LINE`, as violations name the line. exchange is the line's JSON
    object; for a line that is not one it is None, and unreadable is the FAIL line
    that says so (None otherwise).
    """
    with log.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            label = f"{log.name}:{number}"
            try:
                exchange = json.loads(line)
                if not isinstance(exchange, dict):
                    raise ValueError(f"a line is {type(exchange).__name__}, not an object")
            except ValueError as error:
                yield label, None, f"FAIL {label}: not a JSON exchange: {error}"
                continue
            yield label, exchange, None


def request_parts(exchange: dict) -> tuple:
    """(METHOD, path, query) of a recorded request.

    The path is without its query; the query is the exchange's query field, else what
    followed `?` in its path.
    """
    method = str(exchange.get("method", "")).upper()
    raw_path = str(exchange.get("path", ""))
    path, _, inline_query = raw_path.partition("?")
    query = exchange.get("query")
    if inline_query and not query:
        query = inline_query
    return method, path, query


def is_fault(exchange: dict) -> bool:
    """Whether the sandbox answered the request with an injected failure."""
    return exchange.get("fault") is True


def query_pairs(query: Any) -> list:
    """The query as (name, value) pairs, from the raw text or an object."""
    if query is None or query == "":
        return []
    if isinstance(query, str):
        return parse_qsl(query.lstrip("?"), keep_blank_values=True)
    if isinstance(query, dict):
        pairs = []
        for name, value in query.items():
            values = value if isinstance(value, list) else [value]
            pairs.extend((str(name), "" if v is None else str(v)) for v in values)
        return pairs
    raise ValueError(f"query is {type(query).__name__}, expected text or an object")


# MARK: Reporting


def counts(counter: Counter) -> str:
    """`name count, ...` in order of name."""
    return ", ".join(f"{name} {count}" for name, count in sorted(counter.items()))
