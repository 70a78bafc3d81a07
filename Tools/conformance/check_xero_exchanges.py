#!/usr/bin/env python3
"""Check Xero Accounting API traffic and fixture bodies against Xero's OpenAPI spec.

    check_xero_exchanges.py EXCHANGES.jsonl [--spec PATH]
    check_xero_exchanges.py --bodies DIR [DIR ...] [--expect-invalid GLOB] [--spec PATH]

The first form reads the exchange log the sandbox writes (one JSON object a line:
method, path, query, request_headers, request_body, status, response_headers,
response_body, fault) and validates every request and every response with
openapi-core, as if it had been sent to https://api.xero.com. Exchanges answered
by an injected fault ("fault": true) are skipped and counted. Magento's lines
(paths under /rest/) are counted and left to check_magento_exchanges.py. An
empty or missing log is a failure: it means nothing was recorded.

The second form validates fixture files: every <Name>.json found in a DIR, in
DIR/xero/ or in DIR/*/xero/ (so fixtures/scenarios works as well as one
scenario's xero/ folder) is checked as the 200 response of GET /<Name>. A file
matching an --expect-invalid pattern (fnmatch on its path, e.g.
'*/bad-records/xero/*') holds records that break the spec on purpose: it must
fail validation, and passing is what counts as a failure.

Responses with a status the spec does not describe for the operation (Xero's
401, 403, 404, 429, 500, 501 and 503) cannot be checked against it; they are
counted, and a 429 is checked for the Retry-After and X-Rate-Limit-Problem
headers Xero documents. Any other undescribed status is a failure.

Exit status: 0 when everything checked conforms, 1 when something does not (or
nothing was checked), 2 for bad usage or a spec that cannot be loaded.
"""

from __future__ import annotations

import argparse
import fnmatch
import functools
import json
import sys
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional, TextIO

sys.dont_write_bytecode = True  # no __pycache__ left in the source tree
sys.path.insert(0, str(Path(__file__).resolve().parent))  # exchange_log, whatever the working directory
import exchange_log  # noqa: E402
from exchange_log import UsageError, counts  # noqa: E402

HOST = "https://api.xero.com"
API_PREFIX = "/api.xro/2.0"

# The GET endpoints whose bodies fixtures hold, by file name.
BODY_NAMES = (
    "Items",
    "Invoices",
    "CreditNotes",
    "Payments",
    "BankTransactions",
    "Accounts",
    "Contacts",
    "Organisation",
)

# Statuses Xero documents (developer.xero.com, "HTTP response codes") that its OpenAPI
# spec does not declare on operations.
DOCUMENTED_OUTSIDE_SPEC = {401, 403, 404, 429, 500, 501, 503}
RATE_LIMIT_PROBLEMS = {"minute", "day", "concurrent", "appminute"}

SPEC_CANDIDATES = exchange_log.spec_candidates("xero_accounting.yaml")
SPEC_ENV = "TRUEUP_XERO_SPEC"


# MARK: Spec


def find_spec(given: Optional[str]) -> Path:
    """The spec file: --spec, else $TRUEUP_XERO_SPEC, else the usual places."""
    return exchange_log.find_spec_file(
        given, SPEC_ENV, SPEC_CANDIDATES, "Xero's OpenAPI spec (xero_accounting.yaml, XeroAPI/Xero-OpenAPI)"
    )


@functools.lru_cache(maxsize=4)
def load_spec(path: str):
    """The spec as an openapi-core OpenAPI object, loaded offline.

    The strict spec check is off: the Xero spec has small slips (string defaults on
    booleans) that it rejects, none of which matter to validating traffic.
    """
    try:
        from openapi_core import Config, OpenAPI
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise exchange_log.not_installed("openapi-core", error) from error
    # openapi-core warns that it cannot check OAuth2 security; Authorization is not recorded anyway.
    warnings.filterwarnings("ignore", message="Unsupported scheme type")
    try:
        return OpenAPI.from_file_path(path, config=Config(spec_validator_cls=None))
    except Exception as error:
        raise UsageError(f"{path}: cannot be loaded as an OpenAPI document: {error}") from error


# MARK: Requests and responses as openapi-core sees them


class Request:
    """An openapi-core request (the `Request` protocol) for one recorded call."""

    def __init__(self, method: str, path: str, query: Any, headers: dict, body: Optional[str]):
        from openapi_core.datatypes import RequestParameters
        from werkzeug.datastructures import Headers, ImmutableMultiDict

        self.host_url = HOST
        self.method = method.lower()
        self.path = path
        self.body = body.encode("utf-8") if body is not None else None
        self.content_type = header(headers, "content-type") or "application/json"
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(exchange_log.query_pairs(query)),
            header=Headers(list(headers.items())),
            cookie=ImmutableMultiDict(),
        )


class Response:
    """An openapi-core response (the `Response` protocol) for one recorded answer."""

    def __init__(self, status: int, headers: dict, body: Optional[str]):
        from werkzeug.datastructures import Headers

        self.status_code = status
        self.data = (body or "").encode("utf-8")
        self.headers = Headers(list(headers.items()))
        self.content_type = header(headers, "content-type") or "application/json"


def header(headers: dict, name: str) -> Optional[str]:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


# MARK: Checking


@dataclass
class Outcome:
    """What checking one exchange or body found."""

    label: str
    endpoint: str
    failures: list = field(default_factory=list)
    unchecked_status: Optional[int] = None


def describe(error: BaseException) -> list:
    """The validator's message: its headline, then each schema error with where it is."""
    headline = str(error)
    cause = error.__cause__
    schema_errors = getattr(cause, "schema_errors", None) or getattr(error, "schema_errors", None)
    if schema_errors:
        # The headline of a body error quotes the whole body: name the error instead.
        if len(headline) > 160:
            headline = type(error).__name__
        lines = [headline]
        for schema_error in schema_errors:
            where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in schema_error.absolute_path)
            message = schema_error.message
            if len(message) > 300:
                message = message[:300] + "…"
            lines.append(f"  at {where.lstrip('.') or '(top)'}: {message}")
        return lines
    if cause is not None and str(cause) and str(cause) not in headline:
        headline = f"{headline}: {cause}"
    return [headline[:500]]


def endpoint_name(api, method: str, path: str) -> str:
    """`GET /Invoices/{InvoiceID}`: the spec's path template, else the path as sent."""
    from openapi_core.templating.paths.finders import APICallPathFinder

    try:
        found = APICallPathFinder(api.spec).find(method.lower(), HOST + path)
        return f"{method.upper()} {found.path_result.pattern}"
    except Exception:
        relative = path[len(API_PREFIX) :] if path.startswith(API_PREFIX) else path
        return f"{method.upper()} {relative}"


def declared_statuses(api, method: str, path: str) -> Optional[set]:
    """The response statuses the spec declares for the operation, or None if it has none to find."""
    from openapi_core.templating.paths.finders import APICallPathFinder

    try:
        found = APICallPathFinder(api.spec).find(method.lower(), HOST + path)
    except Exception:
        return None
    responses = found.operation / "responses"
    return {str(key) for key in responses.keys()}


def check_exchange(api, exchange: dict, label: str) -> Outcome:
    method, path, query = exchange_log.request_parts(exchange)
    outcome = Outcome(label=label, endpoint=endpoint_name(api, method, path))

    headers = exchange.get("request_headers") or {}
    request = Request(method, path, query, headers, exchange.get("request_body"))
    for error in api.iter_request_errors(request):
        outcome.failures.append(("request", describe(error)))

    status = exchange.get("status")
    if not isinstance(status, int):
        outcome.failures.append(("response", [f"status is {status!r}, not a number"]))
        return outcome
    response_headers = exchange.get("response_headers") or {}
    declared = declared_statuses(api, method, path)
    if declared is not None and str(status) not in declared and "default" not in declared:
        if status in DOCUMENTED_OUTSIDE_SPEC:
            outcome.unchecked_status = status
            if status == 429:
                outcome.failures.extend(("response", [m]) for m in rate_limit_problems(response_headers))
            return outcome
        listed = ", ".join(sorted(declared))
        outcome.failures.append(
            ("response", [f"status {status} is neither declared for this operation ({listed}) nor one Xero documents"])
        )
        return outcome
    response = Response(status, response_headers, exchange.get("response_body"))
    for error in api.iter_response_errors(request, response):
        outcome.failures.append(("response", describe(error)))
    return outcome


def rate_limit_problems(headers: dict) -> list:
    """What a 429 lacks of what Xero documents: Retry-After in seconds, X-Rate-Limit-Problem."""
    problems = []
    retry_after = header(headers, "retry-after")
    if retry_after is None or not retry_after.strip().isdigit():
        problems.append(f"429 without a Retry-After in whole seconds (found {retry_after!r})")
    problem = header(headers, "x-rate-limit-problem")
    if problem is None or problem.strip().lower() not in RATE_LIMIT_PROBLEMS:
        problems.append(f"429 without X-Rate-Limit-Problem minute, day or concurrent (found {problem!r})")
    return problems


def check_body(api, name: str, path: Path) -> Outcome:
    exchange = {
        "method": "GET",
        "path": f"{API_PREFIX}/{name}",
        "query": "",
        "request_headers": {"xero-tenant-id": "00000000-0000-0000-0000-000000000000", "accept": "application/json"},
        "request_body": None,
        "status": 200,
        "response_headers": {"content-type": "application/json; charset=utf-8"},
        "response_body": path.read_text(encoding="utf-8"),
    }
    try:
        json.loads(exchange["response_body"])
    except ValueError as error:
        outcome = Outcome(label=str(path), endpoint=f"GET /{name}")
        outcome.failures.append(("body", [f"not JSON: {error}"]))
        return outcome
    return check_exchange(api, exchange, str(path))


# MARK: Reporting


def report_failures(outcomes: Iterable[Outcome], out: TextIO) -> int:
    failed = 0
    for outcome in outcomes:
        if not outcome.failures:
            continue
        failed += 1
        print(f"FAIL {outcome.label} ({outcome.endpoint})", file=out)
        for part, lines in outcome.failures:
            print(f"  {part}: {lines[0]}", file=out)
            for line in lines[1:]:
                print(f"  {line}", file=out)
    return failed


def run_exchanges(api, log: Path, out: TextIO) -> int:
    if not log.is_file():
        print(f"FAIL {log}: no such file: the sandbox recorded no exchanges (was the exchange log configured?)", file=out)
        return 1
    outcomes: list = []
    skipped_faults = 0
    outside_api: Counter = Counter()
    magento = 0
    unreadable: list = []
    for label, exchange, not_an_exchange in exchange_log.read_exchanges(log):
        if exchange is None:
            unreadable.append(not_an_exchange)
            continue
        _, path, _ = exchange_log.request_parts(exchange)
        if path.startswith(exchange_log.MAGENTO_PREFIX):
            magento += 1
            continue
        if exchange_log.is_fault(exchange):
            skipped_faults += 1
            continue
        if not path.startswith(API_PREFIX + "/"):
            outside_api[path or "(no path)"] += 1
            continue
        try:
            outcomes.append(check_exchange(api, exchange, label))
        except ValueError as error:
            unreadable.append(f"FAIL {label}: {error}")

    by_endpoint = Counter(o.endpoint for o in outcomes)
    unchecked = Counter(o.unchecked_status for o in outcomes if o.unchecked_status is not None)
    summary = f"{log.name}: checked {len(outcomes)} exchanges ({counts(by_endpoint) or 'none'})"
    summary += f"; skipped {skipped_faults} with an injected fault"
    if unchecked:
        summary += "; responses the spec does not describe, body not checked: " + counts(
            Counter({str(k): v for k, v in unchecked.items()})
        )
    if outside_api:
        summary += f"; outside {API_PREFIX}, not checked: {counts(outside_api)}"
    if magento:
        summary += f"; Magento ({exchange_log.MAGENTO_PREFIX}), left to check_magento_exchanges.py: {magento}"
    print(summary, file=out)

    for message in unreadable:
        print(message, file=out)
    failed = report_failures(outcomes, out) + len(unreadable)
    if not outcomes:
        print(f"FAIL {log}: no accounting-API exchange to check: the recording did not happen", file=out)
        return 1
    if failed:
        print(f"{failed} of {len(outcomes) + len(unreadable)} exchanges do not conform", file=out)
        return 1
    return 0


def body_files(directories: Iterable[str]) -> tuple:
    """(name, path) for every fixture body under the directories, and files there with no known endpoint."""
    found: dict = {}
    unknown: list = []
    for directory in directories:
        root = Path(directory)
        if not root.is_dir():
            raise UsageError(f"--bodies {directory}: not a directory")
        folders = [root, root / "xero", *sorted(root.glob("*/xero"))]
        for folder in folders:
            if not folder.is_dir():
                continue
            for path in sorted(folder.glob("*.json")):
                if path.stem in BODY_NAMES:
                    found[path.resolve()] = (path.stem, path)
                elif folder.name == "xero":
                    unknown.append(path)
    return sorted(found.values(), key=lambda item: str(item[1])), unknown


def run_bodies(api, directories: list, out: TextIO, expect_invalid: Iterable[str] = ()) -> int:
    files, unknown = body_files(directories)
    patterns = list(expect_invalid)
    outcomes = []
    meant_invalid = []
    for name, path in files:
        outcome = check_body(api, name, path)
        if any(fnmatch.fnmatch(path.as_posix(), pattern) for pattern in patterns):
            meant_invalid.append(outcome)
            if not outcome.failures:
                outcome.failures.append(
                    ("body", ["conforms, but --expect-invalid says it breaks the spec on purpose: "
                              "the fixture no longer holds the bad records it is meant to"]))
            else:
                outcome.failures = []
        outcomes.append(outcome)
    by_endpoint = Counter(o.endpoint for o in outcomes)
    summary = f"checked {len(outcomes)} fixture bodies ({counts(by_endpoint) or 'none'})"
    if meant_invalid:
        summary += f"; {len(meant_invalid)} invalid on purpose (--expect-invalid)"
    if unknown:
        summary += f"; {len(unknown)} files with no known endpoint, not checked: " + ", ".join(str(p) for p in unknown)
    print(summary, file=out)
    failed = report_failures(outcomes, out)
    if not outcomes:
        names = ", ".join(f"{n}.json" for n in BODY_NAMES)
        print(f"FAIL no fixture body ({names}) in {', '.join(directories)}", file=out)
        return 1
    if failed:
        print(f"{failed} of {len(outcomes)} fixture bodies do not conform", file=out)
        return 1
    return 0


@exchange_log.exit_2_on_usage_error
def main(argv: Optional[list] = None, out: TextIO = sys.stdout) -> int:
    parser = argparse.ArgumentParser(
        description="Validate recorded Xero exchanges, or fixture bodies, against Xero's OpenAPI spec.",
        epilog="Exit 0 when everything conforms, 1 when something does not or nothing was checked, 2 on bad usage.",
    )
    parser.add_argument("exchanges", nargs="?", help="the sandbox's exchange log (JSON lines)")
    parser.add_argument("--bodies", nargs="+", metavar="DIR", help="validate fixture bodies under these folders")
    parser.add_argument(
        "--expect-invalid",
        action="append",
        default=[],
        metavar="GLOB",
        help="with --bodies: files matching GLOB break the spec on purpose and must fail (repeatable)",
    )
    parser.add_argument("--spec", help=f"xero_accounting.yaml (default: ${SPEC_ENV}, else specs/ beside the repo)")
    arguments = parser.parse_args(argv)
    if bool(arguments.exchanges) == bool(arguments.bodies):
        parser.error("give either an exchange log or --bodies DIR..., not both")
    if arguments.expect_invalid and not arguments.bodies:
        parser.error("--expect-invalid goes with --bodies")
    api = load_spec(str(find_spec(arguments.spec)))
    if arguments.bodies:
        return run_bodies(api, arguments.bodies, out, arguments.expect_invalid)
    return run_exchanges(api, Path(arguments.exchanges), out)


if __name__ == "__main__":
    sys.exit(main())
