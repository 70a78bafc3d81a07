#!/usr/bin/env python3
"""Check the Magento REST traffic in an exchange log against Magento's Swagger 2.0 spec.

    check_magento_exchanges.py EXCHANGES.jsonl [--allow-empty] [--spec PATH] [--max-shown N]

The log is the one the sandbox writes (one JSON object a line: method, path,
query, request_headers, request_body, status, response_headers, response_body,
and "fault": true when the sandbox injected a failure). Only the lines whose
path starts with /rest/ are Magento's; the rest (Xero) are left to
check_xero_exchanges.py. /rest/<store code>/V1/... and /rest/V1/... both map to
the spec's /V1/... paths (the spec's basePath is /rest/default).

Every request, including those answered by an injected fault, is checked:
  - the path matches one of the spec's path templates and the method is
    declared for it; path parameters have their declared types;
  - every query parameter is declared for the operation. The spec flattens
    search criteria into names such as
    searchCriteria[filterGroups][0][filters][0][field]; the index 0 there
    stands for any index, so searchCriteria[filterGroups][1][filters][2][value]
    is declared too, while searchCriteria[filter_groups][0]... is not. A name
    given twice is reported. Values must have the declared type, and required
    parameters must be present;
  - a JSON body is sent (with a JSON Content-Type) exactly when the operation
    takes one, and it validates against the body parameter's schema.
Responses that were not faults are checked too: a 2xx against the status's own
schema, else the 200 one (a 2xx of an operation with no 200 schema, such as
POST /V1/inventory/source-items, is counted as not checkable); any other status
against its own schema, else "default" (Magento's error-response).

Validation is bravado-core's Swagger 2.0 validator, with one tightening: an
object member the spec does not declare is an error (the spec lists every
member of Magento's data interfaces, so an extra one is a typo or an
invention). Where Magento itself is known to answer differently from its spec,
RESPONSE_ALLOWANCES says so and why; those never apply to requests.

Exit status: 0 when every Magento exchange conforms, 1 on any violation or when
there is no Magento exchange at all (unless --allow-empty), 2 for bad usage or a
spec that cannot be loaded.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import re
import sys
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, TextIO
from urllib.parse import unquote

sys.dont_write_bytecode = True  # no __pycache__ left in the source tree
sys.path.insert(0, str(Path(__file__).resolve().parent))  # exchange_log, whatever the working directory
import exchange_log  # noqa: E402
from exchange_log import UsageError, counts  # noqa: E402

SPEC_NAME = "magento2-adobe-commerce-admin-rest-2.4.9.swagger.yaml"
SPEC_CANDIDATES = exchange_log.spec_candidates(SPEC_NAME)
SPEC_ENV = "TRUEUP_MAGENTO_SPEC"

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
VERSION_SEGMENT = re.compile(r"V\d+")
# Magento store codes: a lower-case letter, then lower-case letters, digits and underscores.
STORE_CODE = re.compile(r"[a-z][a-z0-9_]*")
# `[3]` in a query parameter name: an index into a list the spec flattens with index 0.
INDEX = re.compile(r"\[\d+\]")
# `[]` or `[3]` ending a query parameter name: one item of a parameter declared as an array.
LIST_ITEM = re.compile(r"\[\d*\]$")
INTEGER_TEXT = re.compile(r"[+-]?\d+")
NUMBER_TEXT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _null(value: Any) -> bool:
    return value is None


def _scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _scalar_list(value: Any) -> bool:
    return isinstance(value, list) and all(_scalar(v) for v in value)


def _scalar_object(value: Any) -> bool:
    return isinstance(value, dict) and all(_scalar(v) for v in value.values())


ERROR_PARAMETERS_REASON = (
    "error-response.parameters is declared as a list of {resources, fieldName, fieldValue}, but "
    "Magento's ErrorProcessor returns the exception's parameters as they are: an object for named "
    "placeholders (%fieldName, %resources) and a list of strings for positional ones (%1)"
)

# Where Magento's own answers are known to differ from its spec. These apply to response
# bodies only; a request must conform to the spec as written. Each entry names the schema
# (a definition's member, or the definition itself when the member is None), a label for the
# summary, what Magento sends there instead of the declared type, and why. Magento writes
# every member its interface documents as non-null even when it is null (and leaves out
# nullable members that are null), so the null cases below appear as null, not missing.
RESPONSE_ALLOWANCES = {
    ("sales-data-order-payment-interface", "account_status"): (
        "payment.account_status null", _null,
        "OrderPaymentInterface::getAccountStatus() is documented as string, but Magento stores and "
        "returns null for the payment methods that do not set it, which is most of them"),
    ("sales-data-order-payment-interface", "cc_last4"): (
        "payment.cc_last4 null", _null,
        "OrderPaymentInterface::getCcLast4() is documented as string, but Magento returns null for "
        "payments that are not by card or whose card number the gateway keeps"),
    ("catalog-inventory-data-stock-item-interface", "low_stock_date"): (
        "stock item low_stock_date null", _null,
        "StockItemInterface::getLowStockDate() is documented as string, but the column is nullable "
        "and Magento returns null while the item is above its notify-stock quantity"),
    ("sales-data-transaction-interface", "parent_txn_id"): (
        "transaction parent_txn_id null", _null,
        "TransactionInterface::getParentTxnId() is documented as string, but the first transaction of "
        "a payment has no parent and Magento returns null for it"),
    ("framework-attribute-interface", "value"): (
        "custom attribute value as a list", _scalar_list,
        "AttributeInterface::getValue() is documented as mixed, which the spec renders as string; "
        "multi-valued attributes (category_ids, multiselects) come back as a list of strings"),
    ("error-parameters", None): (
        "error parameters as an object", _scalar_object, ERROR_PARAMETERS_REASON),
    ("error-parameters-item", None): (
        "error parameters as a list of strings", _scalar, ERROR_PARAMETERS_REASON),
}


# MARK: Spec


def find_spec(given: Optional[str]) -> Path:
    """The spec file: --spec, else $TRUEUP_MAGENTO_SPEC, else the usual places."""
    return exchange_log.find_spec_file(given, SPEC_ENV, SPEC_CANDIDATES, f"Magento's Swagger spec ({SPEC_NAME})")


def close_objects(document: dict) -> None:
    """Make every object schema that lists its members reject members it does not list.

    Extension interfaces with no members are closed too (nothing may appear in them);
    the two free-form definitions (unstructured-array, framework-extensible-data-interface)
    stay open.
    """
    seen: set = set()

    def close(schema: Any) -> None:
        if not isinstance(schema, dict) or id(schema) in seen:
            return
        seen.add(id(schema))
        properties = schema.get("properties")
        if isinstance(properties, dict):
            if properties and "additionalProperties" not in schema:
                schema["additionalProperties"] = False
            for member in properties.values():
                close(member)
        for key in ("items", "additionalProperties"):
            close(schema.get(key))
        for key in ("allOf", "anyOf", "oneOf"):
            for part in schema.get(key) or ():
                close(part)

    for name, schema in (document.get("definitions") or {}).items():
        if (
            isinstance(schema, dict)
            and name.endswith("-extension-interface")
            and schema.get("type") == "object"
            and not schema.get("properties")
            and "additionalProperties" not in schema
        ):
            schema["properties"] = {}
            schema["additionalProperties"] = False
        close(schema)
    for item in (document.get("paths") or {}).values():
        for method, operation in item.items():
            if method not in HTTP_METHODS or not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters") or ():
                if isinstance(parameter, dict) and parameter.get("in") == "body":
                    close(parameter.get("schema"))
            for response in (operation.get("responses") or {}).values():
                if isinstance(response, dict):
                    close(response.get("schema"))


def load_document(path: Path) -> dict:
    try:
        import yaml
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise exchange_log.not_installed("PyYAML", error) from error
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the same documents as safe_load, faster
    try:
        with path.open(encoding="utf-8") as handle:
            document = yaml.load(handle, Loader=loader)
    except (OSError, yaml.YAMLError) as error:
        raise UsageError(f"{path}: cannot be read as YAML: {error}") from error
    if not isinstance(document, dict) or document.get("swagger") != "2.0" or not isinstance(document.get("paths"), dict):
        raise UsageError(f"{path}: not a Swagger 2.0 document")
    return document


# MARK: A compiled yes/no check


# What each Swagger type admits, as jsonschema's Draft 4 checker (bravado-core's base) decides it:
# a bool is neither an integer nor a number, and 1.0 is not an integer.
TYPE_TESTS = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}
# Keywords that do not constrain a value (with every x- extension but x-nullable, which
# bravado-core honours); any keyword other than these and the ones the compiled check
# implements makes it defer that schema to bravado-core.
ANNOTATIONS = {"description", "xml", "title", "example"}
IMPLEMENTED = {"type", "properties", "required", "items", "additionalProperties", "$ref"}


def annotation(keyword: str) -> bool:
    return keyword in ANNOTATIONS or (keyword.startswith("x-") and keyword != "x-nullable")


class QuickCheck:
    """Whether a JSON value conforms to a schema, compiled once per schema, for the
    keywords the Magento spec uses (type, properties, required, items, $ref, and
    additionalProperties as close_objects sets it), which is many times faster than
    jsonschema on search results of hundreds of orders.

    It only says yes or no. A yes is given exactly where bravado-core's validator (with
    the response allowances, if given) would find nothing; a no, or a schema using other
    keywords (None from compile), goes to bravado-core, which finds the errors to report.
    """

    def __init__(self, definitions: dict, allowances: Optional[dict] = None):
        self.definitions = definitions
        self.allowances = allowances or {}  # id(schema) -> (label, accepts)
        self.compiled: dict = {}
        self.hits: list = []  # allowance labels used by the check under way

    def compile(self, schema: Any):
        if not isinstance(schema, dict):
            return None
        key = id(schema)
        if key in self.compiled:
            return self.compiled[key]
        cell: list = []
        self.compiled[key] = lambda value: cell[0](value)  # a recursive schema reaches itself here
        check = self._build(schema)
        if check is None:
            self.compiled[key] = None
            return None
        cell.append(check)
        self.compiled[key] = check
        return check

    def _build(self, schema: dict):
        ref = schema.get("$ref")
        if ref is not None:  # Draft 4: a $ref's siblings are ignored
            prefix = "#/definitions/"
            if not isinstance(ref, str) or not ref.startswith(prefix) or ref[len(prefix):] not in self.definitions:
                return None
            return self.compile(self.definitions[ref[len(prefix):]])
        if any(k not in IMPLEMENTED and not annotation(k) for k in schema):
            return None
        kind = schema.get("type")
        type_ok = TYPE_TESTS.get(kind) if kind is not None else None
        if kind is not None and type_ok is None:
            return None
        required = schema.get("required", [])
        if not isinstance(required, list):
            return None
        members = {}
        for name, member in (schema.get("properties") or {}).items():
            members[name] = self.compile(member)
            if members[name] is None:
                return None
        extra = schema.get("additionalProperties", True)
        closed = extra is False
        extra_check = self.compile(extra) if isinstance(extra, dict) else None
        if isinstance(extra, dict) and extra_check is None:
            return None
        items = schema.get("items")
        item_check = self.compile(items) if isinstance(items, dict) else None
        if items is not None and item_check is None:
            return None
        allowance = self.allowances.get(id(schema))
        hits = self.hits

        def check(value) -> bool:
            if allowance is not None and allowance[1](value):
                hits.append(allowance[0])
                return True
            if type_ok is not None and not type_ok(value):
                return False
            if isinstance(value, dict):
                for name in required:
                    if name not in value:
                        return False
                for name, member in value.items():
                    member_check = members.get(name)
                    if member_check is not None:
                        if not member_check(member):
                            return False
                    elif closed:
                        return False
                    elif extra_check is not None and not extra_check(member):
                        return False
            elif item_check is not None and isinstance(value, list):
                for item in value:
                    if not item_check(item):
                        return False
            return True

        return check

    def passes(self, schema: dict, value: Any) -> Optional[list]:
        """The allowance labels used when value conforms; None when it may not (ask bravado-core)."""
        check = self.compile(schema)
        if check is None:
            return None
        del self.hits[:]
        if check(value):
            return list(self.hits)
        return None


# MARK: Operations


@dataclass
class Operation:
    """One operation of the spec, with what checking traffic against it needs, built once."""

    method: str
    template: str
    query: dict  # declared name -> parameter spec
    query_items: dict  # declared name of an array parameter -> the spec one of its items is checked against
    required_query: list
    path_params: dict  # name -> parameter spec
    body: Optional[dict]  # the body parameter spec, if the operation takes one
    consumes: list
    responses: dict  # "200", "401", "default" -> response spec

    @property
    def name(self) -> str:
        return f"{self.method.upper()} {self.template}"


@dataclass
class Match:
    operation: Optional[Operation] = None
    path_values: dict = field(default_factory=dict)
    problem: Optional[str] = None


def normalized_path(path: str) -> str:
    """A spec path or a request path without its trailing slash (Magento's router ignores it)."""
    return path.rstrip("/") or "/"


class MagentoSpec:
    """The loaded spec: path matching and validators, cached across exchanges."""

    def __init__(self, path: Path):
        # jsonschema warns that the RefResolver bravado-core uses is deprecated; it still works.
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"(bravado_core|swagger_spec_validator)(\.|$)")
        try:
            from bravado_core.spec import Spec
            from bravado_core.swagger20_validator import get_validator_type
        except ImportError as error:  # pragma: no cover - depends on the environment
            raise exchange_log.not_installed("bravado-core", error) from error
        document = load_document(path)
        close_objects(document)
        try:
            self.spec = Spec.from_dict(
                document,
                origin_url=path.resolve().as_uri(),
                config={"validate_swagger_spec": False, "use_models": False},
            )
        except Exception as error:
            raise UsageError(f"{path}: bravado-core cannot load it: {error}") from error
        self.validator_type = get_validator_type(self.spec)
        self.document = self.spec.spec_dict
        self.default_consumes = self.document.get("consumes") or ["application/json"]
        # (segment count) -> [(segments, {method: raw operation}, template)]
        self.templates: dict = {}
        for template, item in self.document["paths"].items():
            segments = tuple(normalized_path(template).strip("/").split("/"))
            methods = {m: op for m, op in item.items() if m in HTTP_METHODS and isinstance(op, dict)}
            bucket = self.templates.setdefault(len(segments), [])
            for existing_segments, existing_methods, _ in bucket:
                if existing_segments == segments:  # /V1/invoices and /V1/invoices/
                    existing_methods.update(methods)
                    break
            else:
                bucket.append((segments, methods, template))
        self.operations: dict = {}
        self.validators: dict = {}
        self.matches: dict = {}
        definitions = self.document.get("definitions") or {}
        self.allowances: dict = {}  # id(schema) -> (label, accepts)
        for (definition, member), (label, accepts, _) in RESPONSE_ALLOWANCES.items():
            schema = definitions.get(definition)
            if member is not None and isinstance(schema, dict):
                schema = (schema.get("properties") or {}).get(member)
            if isinstance(schema, dict):
                self.allowances[id(schema)] = (label, accepts)
        self.quick = {False: QuickCheck(definitions), True: QuickCheck(definitions, self.allowances)}
        self.bodies: dict = {}  # (id(schema), is a response, digest of the text) -> BodyVerdict

    # Paths

    def match(self, method: str, spec_path: str) -> Match:
        key = (method, spec_path)
        found = self.matches.get(key)
        if found is None:
            found = self._match(method, spec_path)
            if len(self.matches) < 100_000:
                self.matches[key] = found
        return found

    def _match(self, method: str, spec_path: str) -> Match:
        raw_segments = normalized_path(spec_path).strip("/").split("/")
        segments = [unquote(s) for s in raw_segments]
        candidates = []
        for template_segments, methods, template in self.templates.get(len(segments), ()):
            values = {}
            rank = []
            for pattern, segment in zip(template_segments, segments):
                if pattern.startswith("{") and pattern.endswith("}"):
                    if segment == "":
                        break
                    values[pattern[1:-1]] = segment
                    rank.append(1)
                elif pattern == segment:
                    rank.append(0)
                else:
                    break
            else:
                candidates.append((tuple(rank), template, methods, values))
        if not candidates:
            return Match(problem=f"no path in the spec matches {spec_path}")
        # Magento picks among the routes declared for the method; literal segments win over parameters.
        with_method = sorted((c for c in candidates if method in c[2]), key=lambda c: c[0])
        if not with_method:
            declared = sorted({m.upper() for c in candidates for m in c[2]})
            templates = sorted({c[1] for c in candidates})
            return Match(
                problem=f"{method.upper()} is not declared for {', '.join(templates)} (declared: {', '.join(declared)})"
            )
        _, template, methods, values = with_method[0]
        return Match(operation=self.operation(method, template, methods[method]), path_values=values)

    def operation(self, method: str, template: str, raw: dict) -> Operation:
        key = (method, template)
        operation = self.operations.get(key)
        if operation is not None:
            return operation
        deref = self.spec.deref
        query, path_params, required_query, body = {}, {}, [], None
        for parameter in raw.get("parameters") or ():
            parameter = deref(parameter)
            where = parameter.get("in")
            if where == "query":
                query[parameter["name"]] = parameter
                if parameter.get("required"):
                    required_query.append(parameter["name"])
            elif where == "path":
                path_params[parameter["name"]] = parameter
            elif where == "body":
                body = parameter
        for segment in template.split("/"):
            if segment.startswith("{") and segment.endswith("}") and segment[1:-1] not in path_params:
                path_params[segment[1:-1]] = {"name": segment[1:-1], "in": "path", "type": "string", "required": True}
        query_items = {
            name: dict(parameter.get("items") or {}, name=name, **{"in": "query"})
            for name, parameter in query.items()
            if parameter.get("type") == "array"
        }
        operation = Operation(
            method=method,
            template=normalized_path(template),
            query=query,
            query_items=query_items,
            required_query=required_query,
            path_params=path_params,
            body=body,
            consumes=raw.get("consumes") or self.default_consumes,
            responses={str(k): deref(v) for k, v in (raw.get("responses") or {}).items()},
        )
        self.operations[key] = operation
        return operation

    # Validation

    def validator(self, schema: dict):
        validator = self.validators.get(id(schema))
        if validator is None:
            validator = self.validator_type(schema, format_checker=self.spec.format_checker, resolver=self.spec.resolver)
            self.validators[id(schema)] = (validator, schema)  # the schema is kept so its id stays unique
            return validator
        return validator[0]

    def schema_errors(self, schema: dict, value: Any) -> list:
        """bravado-core's validation errors for value, in document order."""
        errors = list(self.validator(schema).iter_errors(value))
        errors.sort(key=lambda e: [(0, p, "") if isinstance(p, int) else (1, 0, str(p)) for p in e.absolute_path])
        return errors

    def allowance(self, error) -> Optional[str]:
        """The RESPONSE_ALLOWANCES label when a response error is one Magento itself is known to make."""
        if error.validator != "type":
            return None
        found = self.allowances.get(id(error.schema))
        if found is not None and found[1](error.instance):
            return found[0]
        return None

    def check_body(self, schema: dict, text: str, response: bool) -> "BodyVerdict":
        """A JSON body's conformance to schema; the same text against the same schema is judged once."""
        key = (id(schema), response, hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest())
        verdict = self.bodies.get(key)
        if verdict is not None:
            return verdict
        verdict = BodyVerdict()
        try:
            body = json.loads(text)
        except ValueError as error:
            verdict.not_json = str(error)
        else:
            allowed = self.quick[response].passes(schema, body)
            if allowed is not None:
                verdict.allowed = allowed
            else:
                for error in self.schema_errors(schema, body):
                    label = self.allowance(error) if response else None
                    if label is not None:
                        verdict.allowed.append(label)
                    else:
                        verdict.errors.append((where(error), message_of(error)))
        if len(self.bodies) < 200_000:
            self.bodies[key] = verdict
        return verdict


@dataclass
class BodyVerdict:
    not_json: Optional[str] = None
    errors: list = field(default_factory=list)  # (where, message)
    allowed: list = field(default_factory=list)  # allowance labels


# MARK: Checking


def where(error) -> str:
    path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    return path.lstrip(".") or "(top)"


def message_of(error) -> str:
    message = error.message
    if len(message) > 300:
        message = message[:300] + "…"
    return message


def header(headers: Any, name: str) -> Optional[str]:
    if not isinstance(headers, dict):
        return None
    for key, value in headers.items():
        if str(key).lower() == name:
            return None if value is None else str(value)
    return None


def media_type(content_type: Optional[str]) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def spec_path_of(path: str) -> tuple:
    """(/V1/... path, store code or None, problem or None) for a /rest/ path."""
    rest = path[len(exchange_log.MAGENTO_PREFIX) :]
    first, _, remainder = rest.partition("/")
    if VERSION_SEGMENT.fullmatch(first):
        return "/" + rest, None, None
    version = remainder.partition("/")[0]
    if not VERSION_SEGMENT.fullmatch(version):
        return None, None, f"not /rest/<store>/V1/... or /rest/V1/...: {path}"
    if not STORE_CODE.fullmatch(first):
        return None, first, f"{first!r} is not a Magento store code (lower-case letter, then a-z, 0-9, _)"
    return "/" + remainder, first, None


def cast(parameter: dict, text: str) -> Any:
    """A query or path value as the type its parameter declares, or the text when it is not one."""
    kind = parameter.get("type")
    if kind == "integer" and INTEGER_TEXT.fullmatch(text):
        return int(text)
    if kind == "number" and NUMBER_TEXT.fullmatch(text):
        return float(text)
    if kind == "boolean" and text.lower() in ("true", "false", "1", "0"):
        return text.lower() in ("true", "1")
    return text


@dataclass
class Result:
    """What checking one exchange found."""

    operation: Optional[str] = None  # "GET /V1/orders", once matched
    problems: list = field(default_factory=list)  # (part, message)
    response: str = "unchecked"  # checked, no-schema, fault, unchecked
    allowed: list = field(default_factory=list)  # allowance names used


def check_parameter(spec: MagentoSpec, parameter: dict, text: str, what: str, result: Result) -> None:
    value = cast(parameter, text)
    for error in spec.schema_errors(parameter, value):
        detail = message_of(error)
        result.problems.append(("request", f"{what} {parameter['name']!r}={text!r}: {detail} (declared {parameter.get('type')})"))


def check_request(spec: MagentoSpec, exchange: dict, method: str, path: str, query: Any, result: Result) -> Optional[Operation]:
    spec_path, _, problem = spec_path_of(path)
    if problem:
        result.problems.append(("request", problem))
        return None
    found = spec.match(method.lower(), spec_path)
    if found.operation is None:
        result.problems.append(("request", found.problem))
        return None
    operation = found.operation
    result.operation = operation.name

    for name, value in found.path_values.items():
        check_parameter(spec, operation.path_params[name], value, "path parameter", result)

    pairs = exchange_log.query_pairs(query)
    given = Counter()  # by declared name, for the required ones
    repeated = Counter()  # by name as sent
    for name, value in pairs:
        declared = operation.query.get(name)
        shape = name
        if declared is None:
            shape = INDEX.sub("[0]", name)
            declared = operation.query.get(shape)
        if declared is None and LIST_ITEM.search(name):
            # skus[]=a&skus[]=b or skus[0]=a for a parameter the spec declares as an array
            base = LIST_ITEM.sub("", name)
            if operation.query.get(base, {}).get("type") == "array":
                shape, declared = base, operation.query[base]
        given[shape] += 1
        repeated[name] += 1
        if declared is None:
            message = f"query parameter {name!r} is not declared for {operation.name}"
            shape_like = INDEX.sub("[0]", name)
            hints = difflib.get_close_matches(shape_like, list(operation.query), n=1, cutoff=0.6)
            if hints:
                message += f" (the spec declares {hints[0]!r})"
            elif not operation.query:
                message += " (it declares no query parameters)"
            result.problems.append(("request", message))
            continue
        if shape in operation.query_items:
            item = operation.query_items[shape]
            for part in value.split(",") if name == shape else [value]:
                check_parameter(spec, item, part, "query parameter", result)
            continue
        if repeated[name] == 2:
            result.problems.append(("request", f"query parameter {name!r} is given more than once"))
        check_parameter(spec, declared, value, "query parameter", result)
    for name in operation.required_query:
        if given[name] == 0:
            result.problems.append(("request", f"required query parameter {name!r} is missing"))

    headers = exchange.get("request_headers") or {}
    body_text = exchange.get("request_body")
    has_body = isinstance(body_text, str) and body_text.strip() != ""
    if body_text is not None and not isinstance(body_text, str):
        result.problems.append(("request", f"request_body is {type(body_text).__name__}, expected text or null"))
        return operation
    if operation.body is None:
        if has_body:
            result.problems.append(("request", f"has a body, but {operation.name} takes none"))
        return operation
    schema = operation.body.get("schema") or {}
    if not has_body:
        required = schema.get("required") or []
        if operation.body.get("required") or required:
            needs = f" (its schema requires {', '.join(required)})" if required else ""
            result.problems.append(("request", f"has no body, but {operation.name} takes a JSON body{needs}"))
        return operation
    content_type = media_type(header(headers, "content-type"))
    if not content_type:
        result.problems.append(("request", "has a body but no Content-Type (Magento answers 400 without one)"))
    elif content_type != "application/json":
        accepted = ", ".join(operation.consumes)
        if content_type not in operation.consumes:
            result.problems.append(("request", f"Content-Type {content_type} is not one {operation.name} consumes ({accepted})"))
        else:
            result.problems.append(("request", f"Content-Type {content_type}: only JSON bodies are checked"))
        return operation
    verdict = spec.check_body(schema, body_text, response=False)
    if verdict.not_json is not None:
        result.problems.append(("request", f"body is not JSON: {verdict.not_json}"))
    for at, message in verdict.errors:
        result.problems.append(("request", f"body at {at}: {message}"))
    return operation


def check_response(spec: MagentoSpec, operation: Operation, exchange: dict, result: Result) -> None:
    status = exchange.get("status")
    if not isinstance(status, int) or isinstance(status, bool):
        result.problems.append(("response", f"status is {status!r}, not a number"))
        return
    declared = operation.responses
    if 200 <= status < 300:
        response = declared.get(str(status)) or declared.get("200")
        if response is None or "schema" not in response:
            result.response = "no-schema"
            return
    else:
        response = declared.get(str(status)) or declared.get("default")
        if response is None:
            listed = ", ".join(sorted(declared)) or "none"
            result.problems.append(("response", f"status {status} is not declared for {operation.name} (declared: {listed})"))
            return
        if "schema" not in response:
            result.response = "no-schema"
            return
    result.response = "checked"
    schema = response["schema"]
    text = exchange.get("response_body")
    if not isinstance(text, str) or text.strip() == "":
        result.problems.append(("response", f"status {status} has no body; the spec gives it a schema"))
        return
    content_type = media_type(header(exchange.get("response_headers"), "content-type"))
    if content_type != "application/json":
        result.problems.append(
            ("response", f"Content-Type is {content_type or 'missing'}, not application/json (Magento answers JSON to JSON clients)")
        )
    verdict = spec.check_body(schema, text, response=True)
    if verdict.not_json is not None:
        result.problems.append(("response", f"status {status} body is not JSON: {verdict.not_json}"))
    for at, message in verdict.errors:
        result.problems.append(("response", f"status {status} body at {at}: {message}"))
    result.allowed.extend(verdict.allowed)


def check_exchange(spec: MagentoSpec, exchange: dict) -> Result:
    result = Result()
    method, path, query = exchange_log.request_parts(exchange)
    if method.lower() not in HTTP_METHODS:
        result.problems.append(("request", f"method {method or '(none)'!r} is not an HTTP method Swagger knows"))
        return result
    operation = check_request(spec, exchange, method, path, query, result)
    if exchange_log.is_fault(exchange):
        result.response = "fault"
        return result
    if operation is not None:
        check_response(spec, operation, exchange, result)
    return result


# MARK: Running


def run(spec: MagentoSpec, log: Path, out: TextIO, allow_empty: bool = False, max_shown: int = 200) -> int:
    if not log.is_file():
        if allow_empty:
            print(f"{log}: no such file, so no Magento exchange to check (--allow-empty)", file=out)
            return 0
        print(f"FAIL {log}: no such file: nothing was recorded (was the exchange log configured?)", file=out)
        return 1
    violations: list = []
    operations: Counter = Counter()
    responses: Counter = Counter()
    allowed: Counter = Counter()
    failed_lines = 0
    magento = 0
    for label, exchange, not_an_exchange in exchange_log.read_exchanges(log):
        if exchange is None:
            violations.append(not_an_exchange)
            failed_lines += 1
            continue
        method, path, _ = exchange_log.request_parts(exchange)
        if not path.startswith(exchange_log.MAGENTO_PREFIX):
            continue
        magento += 1
        try:
            result = check_exchange(spec, exchange)
        except ValueError as error:
            result = Result(problems=[("request", str(error))])
        operations[result.operation or "(unmatched)"] += 1
        responses[result.response] += 1
        allowed.update(result.allowed)
        if result.problems:
            failed_lines += 1
            where_ = f" ({result.operation})" if result.operation else ""
            for part, problem in result.problems:
                violations.append(f"FAIL {label} {method} {path}{where_}: {part}: {problem}")

    if magento == 0:
        if allow_empty:
            print(f"{log.name}: no Magento exchange (/rest/...) to check (--allow-empty)", file=out)
            for message in violations:
                print(message, file=out)
            return 1 if violations else 0
        print(f"FAIL {log}: no Magento exchange (/rest/...) to check: the recording did not happen", file=out)
        for message in violations:
            print(message, file=out)
        return 1

    print(f"{log.name}: {magento} Magento exchanges, {len(operations) - ('(unmatched)' in operations)} operations seen", file=out)
    print(f"  operations: {counts(operations)}", file=out)
    print(
        f"  requests checked {magento}; responses checked {responses['checked']}, "
        f"with an injected fault (request only) {responses['fault']}, "
        f"with no schema in the spec {responses['no-schema']}, "
        f"of unmatched requests {responses['unchecked']}",
        file=out,
    )
    if allowed:
        print(f"  accepted where Magento is known to differ from its spec: {counts(allowed)}", file=out)
    shown = violations if max_shown <= 0 else violations[:max_shown]
    for message in shown:
        print(message, file=out)
    if len(shown) < len(violations):
        print(f"... {len(violations) - len(shown)} more violations not shown (--max-shown 0 shows all)", file=out)
    if violations:
        print(f"{len(violations)} violations in {failed_lines} of {magento} Magento exchanges", file=out)
        return 1
    return 0


@exchange_log.exit_2_on_usage_error
def main(argv: Optional[list] = None, out: TextIO = sys.stdout) -> int:
    parser = argparse.ArgumentParser(
        description="Validate the Magento REST exchanges (/rest/...) of a sandbox exchange log against Magento's Swagger spec.",
        epilog="Exit 0 when every Magento exchange conforms, 1 on a violation or when there is none, 2 on bad usage.",
    )
    parser.add_argument("exchanges", help="the sandbox's exchange log (JSON lines)")
    parser.add_argument("--allow-empty", action="store_true", help="a missing log, or one with no /rest/ line, passes")
    parser.add_argument("--spec", help=f"{SPEC_NAME} (default: ${SPEC_ENV}, else specs/ in the repo)")
    parser.add_argument("--max-shown", type=int, default=200, metavar="N", help="print at most N violations (0: all)")
    arguments = parser.parse_args(argv)
    spec = load_spec(str(find_spec(arguments.spec)))
    return run(spec, Path(arguments.exchanges), out, arguments.allow_empty, arguments.max_shown)


_LOADED: dict = {}


def load_spec(path: str) -> MagentoSpec:
    """The spec, loaded once per process and path."""
    spec = _LOADED.get(path)
    if spec is None:
        spec = _LOADED[path] = MagentoSpec(Path(path))
    return spec


if __name__ == "__main__":
    sys.exit(main())
