#!/usr/bin/env python3
"""Self-test of check_magento_exchanges.py: it passes requests and answers shaped as Magento's
spec declares them and fails the rest.

    python3 Tools/conformance/test_check_magento_exchanges.py [--spec PATH]

Needs bravado-core (Tools/conformance/requirements.txt) and Magento's spec (found as the
checker finds it, or given with --spec / $TRUEUP_MAGENTO_SPEC).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import urlencode

sys.dont_write_bytecode = True  # no __pycache__ left in the source tree
sys.path.insert(0, str(Path(__file__).resolve().parent))
import check_magento_exchanges as checker  # noqa: E402
import checker_selftest  # noqa: E402

JSON = {"content-type": "application/json"}
JSON_ANSWER = {"content-type": "application/json; charset=utf-8"}


def query(*pairs) -> str:
    """A query string as a client writes it: brackets percent-encoded."""
    return urlencode(list(pairs))


SEARCH = query(
    ("searchCriteria[filterGroups][0][filters][0][field]", "updated_at"),
    ("searchCriteria[filterGroups][0][filters][0][value]", "2026-11-19 00:00:00"),
    ("searchCriteria[filterGroups][0][filters][0][conditionType]", "gteq"),
    ("searchCriteria[sortOrders][0][field]", "updated_at"),
    ("searchCriteria[sortOrders][0][direction]", "ASC"),
    ("searchCriteria[sortOrders][1][field]", "entity_id"),
    ("searchCriteria[sortOrders][1][direction]", "ASC"),
    ("searchCriteria[pageSize]", "300"),
    ("searchCriteria[currentPage]", "1"),
)

SOURCE_ITEMS_SEARCH = query(
    ("searchCriteria[filterGroups][0][filters][0][field]", "source_code"),
    ("searchCriteria[filterGroups][0][filters][0][value]", "default"),
    ("searchCriteria[filterGroups][0][filters][0][conditionType]", "eq"),
    ("searchCriteria[filterGroups][1][filters][0][field]", "sku"),
    ("searchCriteria[filterGroups][1][filters][0][value]", "TUBE-700X25-PV,CHAIN-11SP"),
    ("searchCriteria[filterGroups][1][filters][0][conditionType]", "in"),
    ("searchCriteria[sortOrders][0][field]", "sku"),
    ("searchCriteria[sortOrders][0][direction]", "ASC"),
    ("searchCriteria[pageSize]", "300"),
    ("searchCriteria[currentPage]", "2"),
)


def echoed_criteria() -> dict:
    """search_criteria as Magento echoes it in a search result."""
    return {
        "filter_groups": [{"filters": [{"field": "updated_at", "value": "2026-11-19 00:00:00", "condition_type": "gteq"}]}],
        "sort_orders": [{"field": "updated_at", "direction": "ASC"}],
        "page_size": 300,
        "current_page": 1,
    }


def results(*items) -> str:
    return json.dumps({"items": list(items), "search_criteria": echoed_criteria(), "total_count": len(items)})


SOURCE_ITEM = {"sku": "TUBE-700X25-PV", "source_code": "default", "quantity": 60, "status": 1}

ORDER = {
    "entity_id": 800,
    "increment_id": "000000800",
    "state": "complete",
    "status": "complete",
    "created_at": "2026-11-19 09:12:54",
    "updated_at": "2026-11-19 12:30:35",
    "customer_email": "mason.lee@example.com",
    "order_currency_code": "NZD",
    "grand_total": 83.97,
    "base_grand_total": 83.97,
    "items": [{"item_id": 1505, "order_id": 800, "sku": "TUBE-700X25-PV", "qty_ordered": 6, "qty_refunded": 0,
               "product_type": "simple", "price": 12.17, "row_total": 73.02}],
    "payment": {"method": "checkmo", "account_status": None, "additional_information": [], "cc_last4": None,
                "amount_paid": 83.97},
}

CREDIT_MEMO = {
    "entity_id": 41,
    "order_id": 880,
    "state": 2,
    "grand_total": 447.02,
    "created_at": "2026-11-16 02:44:10",
    "items": [{"entity_id": 409, "order_item_id": 1009, "sku": "KNIFE-CHEF-20CM", "qty": 3, "base_price": 129.57,
               "base_cost": 51.83}],
}

INVOICE = {
    "entity_id": 877,
    "order_id": 880,
    "state": 2,
    "total_qty": 3,
    "grand_total": 447.02,
    "items": [{"entity_id": 901, "order_item_id": 1009, "sku": "KNIFE-CHEF-20CM", "qty": 3}],
}

TRANSACTION = {
    "transaction_id": 12,
    "order_id": 880,
    "payment_id": 887,
    "txn_id": "pi_3RHBUTKPHzd0715j0TxyDaV1",
    "parent_txn_id": None,
    "txn_type": "capture",
    "is_closed": 1,
    "created_at": "2026-11-15 22:01:07",
    "child_transactions": [],
    "additional_information": [],
}

STOCK_ITEM = {
    "item_id": 665,
    "product_id": 665,
    "stock_id": 1,
    "qty": 60,
    "is_in_stock": True,
    "is_qty_decimal": False,
    "show_default_notification_message": False,
    "use_config_min_qty": True,
    "min_qty": 0,
    "use_config_min_sale_qty": 1,
    "min_sale_qty": 1,
    "use_config_max_sale_qty": True,
    "max_sale_qty": 10000,
    "use_config_backorders": True,
    "backorders": 0,
    "use_config_notify_stock_qty": True,
    "notify_stock_qty": 1,
    "use_config_qty_increments": True,
    "qty_increments": 0,
    "use_config_enable_qty_inc": True,
    "enable_qty_increments": False,
    "use_config_manage_stock": True,
    "manage_stock": True,
    "low_stock_date": "",
    "is_decimal_divided": False,
    "stock_status_changed_auto": 0,
}

PRODUCT = {
    "id": 665,
    "sku": "TUBE-700X25-PV",
    "name": "Inner tube 700x25 presta",
    "price": 14,
    "status": 1,
    "type_id": "simple",
    "extension_attributes": {"website_ids": [1]},
    "custom_attributes": [{"attribute_code": "cost", "value": "5.2000"},
                          {"attribute_code": "category_ids", "value": ["3", "7"]}],
}

STATUS_HISTORY = {
    "comment": "TrueUp: stock adjusted in Xero",
    "is_customer_notified": 0,
    "is_visible_on_front": 0,
    "parent_id": 800,
    "status": "complete",
}


def exchange(method: str, path: str, query: str = "", body=None, status: int = 200, answer=None, **extra) -> dict:
    """One log line; a dict or list body is sent as JSON with a JSON Content-Type."""
    request_body = json.dumps(body) if isinstance(body, (dict, list)) else body
    line = {
        "method": method,
        "path": path,
        "query": query,
        "request_headers": dict(JSON, accept="application/json") if request_body else {"accept": "application/json"},
        "request_body": request_body,
        "status": status,
        "response_headers": dict(JSON_ANSWER),
        "response_body": answer if isinstance(answer, str) or answer is None else json.dumps(answer),
    }
    line.update(extra)
    return line


def good_exchanges() -> list:
    return [
        exchange("POST", "/rest/default/V1/integration/admin/token", body={"username": "trueup", "password": "s3cret"},
                 answer='"n4vy2nvd8bq4a9j3frw1x6e4oh7m8k2p"'),
        exchange("GET", "/rest/default/V1/inventory/source-items", SOURCE_ITEMS_SEARCH, answer=results(SOURCE_ITEM)),
        exchange("POST", "/rest/default/V1/inventory/source-items",
                 body={"sourceItems": [dict(SOURCE_ITEM, quantity=58), {"sku": "CHAIN-11SP", "source_code": "default",
                                                                        "quantity": 12.5, "status": 1}]},
                 answer="[]"),
        exchange("GET", "/rest/default/V1/orders", SEARCH, answer=results(ORDER)),
        exchange("GET", "/rest/default/V1/creditmemos", SEARCH, answer=results(CREDIT_MEMO)),
        exchange("GET", "/rest/default/V1/invoices", SEARCH, answer=results(INVOICE)),
        exchange("GET", "/rest/default/V1/transactions", SEARCH, answer=results(TRANSACTION)),
        exchange("GET", "/rest/default/V1/products", SEARCH,
                 answer=results(PRODUCT)),
        exchange("POST", "/rest/default/V1/orders/800/comments", body={"statusHistory": STATUS_HISTORY}, answer="true"),
        exchange("GET", "/rest/default/V1/stockItems/TUBE-700X25-PV", query(("scopeId", "0")),
                 answer=dict(STOCK_ITEM, low_stock_date=None)),
        exchange("PUT", "/rest/default/V1/products/TUBE-700X25-PV/stockItems/665",
                 body={"stockItem": dict(STOCK_ITEM, qty=58)}, answer="665"),
    ]


class Checker(checker_selftest.CheckerTestCase):
    module = checker

    def assert_passes(self, *lines) -> str:
        status, output = self.run_checker(*lines)
        self.assertEqual(status, 0, output)
        self.assertNotIn("FAIL", output)
        return output

    def assert_fails(self, line: dict, *expected: str) -> str:
        status, output = self.run_checker(line)
        self.assertEqual(status, 1, output)
        self.assertIn(f"FAIL exchanges.jsonl:1 {line['method']} {line['path']}", output)
        for text in expected:
            self.assertIn(text, output)
        return output


class GoodTraffic(Checker):
    def test_the_requests_trueup_makes_pass_as_the_spec_declares_them(self):
        output = self.assert_passes(*good_exchanges())
        self.assertIn("11 Magento exchanges, 11 operations seen", output)
        for operation in ("POST /V1/integration/admin/token 1", "GET /V1/inventory/source-items 1",
                          "POST /V1/inventory/source-items 1", "GET /V1/orders 1", "GET /V1/creditmemos 1",
                          "GET /V1/invoices 1", "GET /V1/transactions 1", "GET /V1/products 1",
                          "POST /V1/orders/{id}/comments 1", "GET /V1/stockItems/{productSku} 1",
                          "PUT /V1/products/{productSku}/stockItems/{itemId} 1"):
            self.assertIn(operation, output)
        # POST /V1/inventory/source-items declares no 200 answer, so its answer is counted, not checked.
        self.assertIn("requests checked 11; responses checked 10", output)
        self.assertIn("with no schema in the spec 1", output)

    def test_known_differences_of_magento_from_its_spec_are_accepted_in_answers_and_counted(self):
        output = self.assert_passes(*good_exchanges())
        self.assertIn("payment.account_status null 1", output)
        self.assertIn("stock item low_stock_date null 1", output)
        self.assertIn("transaction parent_txn_id null 1", output)
        self.assertIn("custom attribute value as a list 1", output)

    def test_any_store_code_or_none_maps_to_the_spec_paths(self):
        token = good_exchanges()[0]
        self.assert_passes(dict(token, path="/rest/V1/integration/admin/token"),
                           dict(token, path="/rest/nz_store/V1/integration/admin/token"),
                           dict(token, path="/rest/all/V1/integration/admin/token/"))

    def test_a_percent_encoded_sku_is_one_path_segment(self):
        self.assert_passes(exchange("GET", "/rest/default/V1/stockItems/TUBE%20700%2F25", answer=STOCK_ITEM))

    def test_an_injected_fault_has_its_request_checked_but_not_its_answer(self):
        faulted = exchange("GET", "/rest/default/V1/orders", SEARCH, status=503, answer="<html>upstream</html>", fault=True)
        output = self.assert_passes(faulted)
        self.assertIn("with an injected fault (request only) 1", output)

    def test_a_magento_error_answer_passes_with_its_parameters_as_magento_writes_them(self):
        denied = {"message": "The consumer isn't authorized to access %resources.",
                  "parameters": {"resources": "Magento_Sales::actions_view"}}
        missing = {"message": "The product that was requested doesn't exist. Verify the product and try again.",
                   "parameters": ["NO-SUCH-SKU"]}
        output = self.assert_passes(exchange("GET", "/rest/default/V1/orders", SEARCH, status=401, answer=denied),
                                    exchange("GET", "/rest/default/V1/stockItems/NO-SUCH-SKU", status=404, answer=missing))
        self.assertIn("error parameters as an object 1", output)
        self.assertIn("error parameters as a list of strings 1", output)

    def test_the_xero_lines_of_a_shared_log_are_left_alone(self):
        xero = {"method": "GET", "path": "/api.xro/2.0/Items", "query": "", "request_headers": {},
                "request_body": None, "status": 200, "response_headers": {}, "response_body": "{}"}
        output = self.assert_passes(xero, good_exchanges()[0])
        self.assertIn("1 Magento exchanges", output)


class BadRequests(Checker):
    def test_an_undeclared_query_parameter_is_named_with_what_the_spec_declares(self):
        snake = query(("searchCriteria[filter_groups][0][filters][0][field]", "updated_at"),
                      ("searchCriteria[pageSize]", "300"))
        self.assert_fails(exchange("GET", "/rest/default/V1/orders", snake, answer=results(ORDER)),
                          "query parameter 'searchCriteria[filter_groups][0][filters][0][field]' is not declared "
                          "for GET /V1/orders (the spec declares 'searchCriteria[filterGroups][0][filters][0][field]')")

    def test_query_parameters_the_spec_does_not_declare_at_all_fail(self):
        fields = SEARCH + "&" + query(("fields", "items[sku,quantity],total_count"))
        self.assert_fails(exchange("GET", "/rest/default/V1/inventory/source-items", fields, answer=results(SOURCE_ITEM)),
                          "query parameter 'fields' is not declared for GET /V1/inventory/source-items")
        self.assert_fails(exchange("POST", "/rest/default/V1/orders/800/comments", query(("storeId", "1")),
                                   body={"statusHistory": STATUS_HISTORY}, answer="true"),
                          "(it declares no query parameters)")

    def test_a_query_value_of_the_wrong_type_fails(self):
        paging = query(("searchCriteria[pageSize]", "all"))
        self.assert_fails(exchange("GET", "/rest/default/V1/orders", paging, answer=results(ORDER)),
                          "query parameter 'searchCriteria[pageSize]'='all'", "not of type 'integer'")

    def test_a_query_parameter_given_twice_fails(self):
        twice = query(("searchCriteria[pageSize]", "300"), ("searchCriteria[pageSize]", "100"))
        self.assert_fails(exchange("GET", "/rest/default/V1/orders", twice, answer=results(ORDER)),
                          "'searchCriteria[pageSize]' is given more than once")

    def test_a_body_member_the_spec_does_not_declare_fails(self):
        self.assert_fails(exchange("POST", "/rest/default/V1/inventory/source-items",
                                   body={"source_items": [SOURCE_ITEM]}, answer="[]"),
                          "body at (top): 'sourceItems' is a required property",
                          "Additional properties are not allowed ('source_items' was unexpected)")
        self.assert_fails(exchange("POST", "/rest/default/V1/inventory/source-items",
                                   body={"sourceItems": [dict(SOURCE_ITEM, qty=58)]}, answer="[]"),
                          "body at sourceItems[0]: Additional properties are not allowed ('qty' was unexpected)")

    def test_a_token_request_with_a_wrong_member_fails(self):
        self.assert_fails(exchange("POST", "/rest/default/V1/integration/admin/token",
                                   body={"user": "trueup", "password": "s3cret"}, answer='"token"'),
                          "'username' is a required property", "('user' was unexpected)")

    def test_a_body_member_of_the_wrong_type_fails(self):
        history = dict(STATUS_HISTORY, parent_id="800")
        self.assert_fails(exchange("POST", "/rest/default/V1/orders/800/comments", body={"statusHistory": history},
                                   answer="true"),
                          "body at statusHistory.parent_id: '800' is not of type 'integer'")

    def test_a_partial_stock_item_fails_because_the_spec_requires_all_its_members(self):
        self.assert_fails(exchange("PUT", "/rest/default/V1/products/TUBE-700X25-PV/stockItems/665",
                                   body={"stockItem": {"qty": 58, "is_in_stock": True}}, answer="665"),
                          "body at stockItem: 'is_qty_decimal' is a required property")

    def test_what_is_accepted_in_answers_is_not_accepted_in_requests(self):
        self.assert_fails(exchange("PUT", "/rest/default/V1/products/TUBE-700X25-PV/stockItems/665",
                                   body={"stockItem": dict(STOCK_ITEM, low_stock_date=None)}, answer="665"),
                          "body at stockItem.low_stock_date: None is not of type 'string'")

    def test_an_unknown_path_fails(self):
        self.assert_fails(exchange("GET", "/rest/default/V1/inventory/source-item", SEARCH, answer="{}"),
                          "no path in the spec matches /V1/inventory/source-item")
        self.assert_fails(exchange("GET", "/rest/default/orders", SEARCH, answer="{}"),
                          "not /rest/<store>/V1/... or /rest/V1/...")

    def test_a_method_the_path_does_not_declare_fails(self):
        self.assert_fails(exchange("DELETE", "/rest/default/V1/orders/800/comments", answer="true"),
                          "DELETE is not declared for /V1/orders/{id}/comments (declared: GET, POST)")

    def test_a_path_parameter_of_the_wrong_type_fails(self):
        self.assert_fails(exchange("POST", "/rest/default/V1/orders/000000800-A/comments",
                                   body={"statusHistory": STATUS_HISTORY}, answer="true"),
                          "path parameter 'id'='000000800-A'", "not of type 'integer'")

    def test_a_store_code_magento_would_not_have_fails(self):
        self.assert_fails(exchange("GET", "/rest/Default/V1/orders", SEARCH, answer=results(ORDER)),
                          "'Default' is not a Magento store code")

    def test_a_body_without_a_json_content_type_fails(self):
        line = exchange("POST", "/rest/default/V1/integration/admin/token",
                        body={"username": "trueup", "password": "s3cret"}, answer='"token"')
        line["request_headers"] = {}
        self.assert_fails(line, "has a body but no Content-Type")

    def test_a_missing_body_and_an_unexpected_one_fail(self):
        self.assert_fails(exchange("POST", "/rest/default/V1/orders/800/comments", answer="true"),
                          "has no body, but POST /V1/orders/{id}/comments takes a JSON body (its schema requires statusHistory)")
        self.assert_fails(exchange("GET", "/rest/default/V1/orders", SEARCH, body={"searchCriteria": {}},
                                   answer=results(ORDER)),
                          "has a body, but GET /V1/orders takes none")

    def test_a_bad_request_answered_by_an_injected_fault_still_fails(self):
        self.assert_fails(exchange("GET", "/rest/default/V1/orders", query(("searchCriteria[page_size]", "300")),
                                   status=500, answer="", fault=True),
                          "'searchCriteria[page_size]' is not declared")


class BadAnswers(Checker):
    def test_an_answer_that_breaks_its_schema_fails(self):
        order = dict(ORDER, grand_total="83.97")
        self.assert_fails(exchange("GET", "/rest/default/V1/orders", SEARCH, answer=results(order)),
                          "response: status 200 body at items[0].grand_total: '83.97' is not of type 'number'")

    def test_an_answer_member_the_spec_does_not_declare_fails(self):
        self.assert_fails(exchange("GET", "/rest/default/V1/inventory/source-items", SEARCH,
                                   answer=results(dict(SOURCE_ITEM, qty=60))),
                          "body at items[0]: Additional properties are not allowed ('qty' was unexpected)")

    def test_a_required_member_left_out_fails_even_where_null_is_accepted(self):
        payment = {"method": "checkmo", "amount_paid": 54.05}
        self.assert_fails(exchange("GET", "/rest/default/V1/orders", SEARCH, answer=results(dict(ORDER, payment=payment))),
                          "body at items[0].payment: 'account_status' is a required property")

    def test_a_token_that_is_not_a_json_string_fails(self):
        self.assert_fails(exchange("POST", "/rest/default/V1/integration/admin/token",
                                   body={"username": "trueup", "password": "s3cret"}, answer="n4vy2nvd8bq4"),
                          "status 200 body is not JSON")

    def test_an_error_answer_without_a_message_fails(self):
        self.assert_fails(exchange("GET", "/rest/default/V1/orders", SEARCH, status=401, answer={"error": "denied"}),
                          "status 401 body at (top): 'message' is a required property")


def mutations(value, depth: int = 0):
    """Copies of value with one thing changed: a member dropped or added, a value of another type."""
    if isinstance(value, dict):
        for name in value:
            yield {k: v for k, v in value.items() if k != name}
            for changed in mutations(value[name], depth + 1):
                yield dict(value, **{name: changed})
        yield dict(value, undeclared_member=1)
    elif isinstance(value, list):
        if value:
            for changed in mutations(value[0], depth + 1):
                yield [changed] + value[1:]
        yield value + ["x"]
    for other in (None, True, 7, 7.5, "7", [], {}):
        if type(other) is not type(value):
            yield other


class CompiledCheck(Checker):
    """The compiled check says yes exactly where bravado-core (with the allowances for answers) finds nothing."""

    def test_it_agrees_with_bravado_core_on_every_body_here_and_on_changed_copies(self):
        spec = checker.load_spec(str(checker.find_spec(checker_selftest.given_spec())))
        compared = disagreements = 0
        for line in good_exchanges():
            path = line["path"][len("/rest/default"):]
            operation = spec.match(line["method"].lower(), path).operation
            cases = []
            if operation.body is not None:
                cases.append((operation.body["schema"], json.loads(line["request_body"]), False))
            if "schema" in operation.responses.get("200", {}):
                cases.append((operation.responses["200"]["schema"], json.loads(line["response_body"]), True))
            for schema, body, response in cases:
                for value in [body, *mutations(body)]:
                    quick = spec.quick[response].passes(schema, value) is not None
                    errors = [e for e in spec.schema_errors(schema, value) if not (response and spec.allowance(e))]
                    compared += 1
                    if quick != (not errors):
                        disagreements += 1
                        self.fail(f"{operation.name} {'answer' if response else 'request'}: compiled check says "
                                  f"{quick}, bravado-core finds {[e.message for e in errors]} for {json.dumps(value)[:300]}")
        self.assertGreater(compared, 1000)
        self.assertEqual(disagreements, 0)


class Logs(Checker):
    def test_an_empty_log_fails_unless_allowed(self):
        status, output = self.run_checker(raw="")
        self.assertEqual(status, 1, output)
        self.assertIn("no Magento exchange (/rest/...) to check", output)
        status, output = self.run_checker(raw="", arguments=["--allow-empty"])
        self.assertEqual(status, 0, output)
        self.assertIn("--allow-empty", output)

    def test_a_log_with_only_xero_lines_fails_unless_allowed(self):
        xero = {"method": "GET", "path": "/api.xro/2.0/Items", "query": "", "status": 200}
        status, output = self.run_checker(xero)
        self.assertEqual(status, 1, output)
        status, output = self.run_checker(xero, arguments=["--allow-empty"])
        self.assertEqual(status, 0, output)

    def test_a_missing_log_fails_unless_allowed(self):
        status, output = self.run_main(["/nonexistent/exchanges.jsonl"])
        self.assertEqual(status, 1, output)
        self.assertIn("no such file", output)
        status, output = self.run_main(["/nonexistent/exchanges.jsonl", "--allow-empty"])
        self.assertEqual(status, 0, output)

    def test_a_line_that_is_not_json_fails(self):
        status, output = self.run_checker(raw=json.dumps(good_exchanges()[0]) + "\n{not json\n")
        self.assertEqual(status, 1, output)
        self.assertIn("FAIL exchanges.jsonl:2: not a JSON exchange", output)

    def test_violations_name_their_line_and_only_bad_lines_fail(self):
        bad = exchange("GET", "/rest/default/V1/orders", query(("searchCriteria[pageSize]", "x")), answer=results(ORDER))
        status, output = self.run_checker(*good_exchanges(), bad)
        self.assertEqual(status, 1, output)
        self.assertIn("FAIL exchanges.jsonl:12 GET /rest/default/V1/orders (GET /V1/orders): request:", output)
        self.assertEqual(output.count("FAIL "), 1, output)
        self.assertIn("1 violations in 1 of 12 Magento exchanges", output)


if __name__ == "__main__":
    checker_selftest.main()
