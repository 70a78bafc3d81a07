#!/usr/bin/env python3
"""Self-test of check_xero_exchanges.py: it passes conforming traffic and fails the rest.

    python3 Tools/conformance/test_check_xero_exchanges.py [--spec PATH]

Needs openapi-core (Tools/conformance/requirements.txt) and Xero's spec (found as the
checker finds it, or given with --spec / $TRUEUP_XERO_SPEC).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ left in the source tree
sys.path.insert(0, str(Path(__file__).resolve().parent))
import check_xero_exchanges as checker  # noqa: E402
import checker_selftest  # noqa: E402

TENANT = "3b0e1f59-2a7d-4c3e-9d4f-6a1b2c3d4e5f"

ITEMS_BODY = {
    "Id": "57b5b183-fe29-42af-9402-e8360cb38384",
    "Status": "OK",
    "ProviderName": "TrueUp",
    "DateTimeUTC": "/Date(1795165200000)/",
    "Items": [
        {
            "ItemID": "f71ab247-e88b-4591-b1db-6e32d8dcb35f",
            "Code": "MUG-KAURI-350",
            "Name": "Kauri stoneware mug 350ml",
            "IsTrackedAsInventory": True,
            "InventoryAssetAccountCode": "630",
            "TotalCostPool": 209.00,
            "QuantityOnHand": 22.0,
            "UpdatedDateUTC": "/Date(1794882764000+0000)/",
        }
    ],
}


def exchange(**changes) -> dict:
    """A conforming `GET /Items` exchange, with `changes` applied."""
    line = {
        "method": "GET",
        "path": "/api.xro/2.0/Items",
        "query": "unitdp=4",
        "request_headers": {"xero-tenant-id": TENANT, "accept": "application/json"},
        "request_body": None,
        "status": 200,
        "response_headers": {"content-type": "application/json; charset=utf-8", "x-minlimit-remaining": "59"},
        "response_body": json.dumps(ITEMS_BODY),
    }
    line.update(changes)
    return line


def invalid_body() -> str:
    body = json.loads(json.dumps(ITEMS_BODY))
    body["Items"][0]["QuantityOnHand"] = "abc"
    return json.dumps(body)


class Checker(checker_selftest.CheckerTestCase):
    module = checker


class CheckExchangesTests(Checker):
    def test_a_conforming_exchange_passes_and_is_counted(self):
        status, output = self.run_checker(exchange())
        self.assertEqual(status, 0, output)
        self.assertIn("checked 1 exchanges (GET /Items 1)", output)
        self.assertNotIn("FAIL", output)

    def test_an_invalid_response_fails_naming_the_line_and_the_field(self):
        status, output = self.run_checker(exchange(), exchange(response_body=invalid_body()))
        self.assertEqual(status, 1, output)
        self.assertIn("FAIL exchanges.jsonl:2 (GET /Items)", output)
        self.assertIn("Items[0].QuantityOnHand: 'abc' is not of type 'number'", output)
        self.assertNotIn("exchanges.jsonl:1 ", output)
        self.assertIn("1 of 2 exchanges do not conform", output)

    def test_an_invalid_request_fails(self):
        status, output = self.run_checker(exchange(request_headers={"accept": "application/json"}))
        self.assertEqual(status, 1, output)
        self.assertIn("xero-tenant-id", output)

    def test_a_query_parameter_of_the_wrong_type_fails(self):
        status, output = self.run_checker(exchange(path="/api.xro/2.0/Invoices", query="page=first",
                                                   response_body='{"Invoices": []}'))
        self.assertEqual(status, 1, output)
        self.assertIn("page", output)

    def test_a_write_with_a_bad_body_fails(self):
        good = exchange(method="PUT", path="/api.xro/2.0/Invoices", query="summarizeErrors=false",
                        request_headers={"xero-tenant-id": TENANT, "content-type": "application/json",
                                         "idempotency-key": "abc"},
                        request_body=json.dumps({"Invoices": [{"Type": "ACCPAY", "Contact": {"ContactID": TENANT},
                                                               "LineItems": []}]}),
                        response_body=json.dumps({"Invoices": [{"Type": "ACCPAY", "Status": "DRAFT"}]}))
        status, output = self.run_checker(good)
        self.assertEqual(status, 0, output)
        bad = dict(good, request_body=json.dumps({"Invoices": [{"Type": "INVOICE", "LineItems": []}]}))
        status, output = self.run_checker(bad)
        self.assertEqual(status, 1, output)
        self.assertIn("FAIL exchanges.jsonl:1 (PUT /Invoices)", output)
        self.assertIn("'INVOICE' is not one of", output)

    def test_exchanges_with_an_injected_fault_are_skipped_and_counted(self):
        status, output = self.run_checker(exchange(), exchange(response_body="{\"Items\": [", status=500, fault=True))
        self.assertEqual(status, 0, output)
        self.assertIn("skipped 1 with an injected fault", output)

    def test_a_429_is_counted_and_must_carry_the_documented_headers(self):
        limited = exchange(status=429, response_body="",
                           response_headers={"retry-after": "12", "x-rate-limit-problem": "Minute"})
        status, output = self.run_checker(exchange(), limited)
        self.assertEqual(status, 0, output)
        self.assertIn("body not checked: 429 1", output)
        status, output = self.run_checker(exchange(status=429, response_body="", response_headers={}))
        self.assertEqual(status, 1, output)
        self.assertIn("Retry-After", output)

    def test_a_status_neither_in_the_spec_nor_documented_fails(self):
        status, output = self.run_checker(exchange(status=418))
        self.assertEqual(status, 1, output)
        self.assertIn("status 418", output)

    def test_magento_lines_are_left_to_the_magento_checker(self):
        magento = exchange(path="/rest/default/V1/orders", query="searchCriteria%5BpageSize%5D=300",
                           response_body='{"items": "not checked here"}')
        faulted = dict(magento, status=503, fault=True)
        status, output = self.run_checker(exchange(), magento, faulted)
        self.assertEqual(status, 0, output)
        self.assertIn("checked 1 exchanges (GET /Items 1)", output)
        self.assertIn("skipped 0 with an injected fault", output)
        self.assertIn("Magento (/rest/), left to check_magento_exchanges.py: 2", output)

    def test_an_empty_log_fails(self):
        status, output = self.run_checker(raw="")
        self.assertEqual(status, 1, output)
        self.assertIn("the recording did not happen", output)

    def test_a_missing_log_fails(self):
        status, output = self.run_main(["/nonexistent/exchanges.jsonl"])
        self.assertEqual(status, 1, output)
        self.assertIn("no such file", output)

    def test_a_line_that_is_not_json_fails(self):
        status, output = self.run_checker(raw=json.dumps(exchange()) + "\n{not json\n")
        self.assertEqual(status, 1, output)
        self.assertIn("exchanges.jsonl:2: not a JSON exchange", output)


class CheckBodiesTests(Checker):
    def run_bodies(self, files: dict, *extra: str) -> tuple:
        with tempfile.TemporaryDirectory() as folder:
            xero = Path(folder) / "scenario" / "xero"
            xero.mkdir(parents=True)
            for name, text in files.items():
                (xero / name).write_text(text)
            return self.run_main(["--bodies", folder, *extra])

    def test_conforming_bodies_pass(self):
        status, output = self.run_bodies({"Items.json": json.dumps(ITEMS_BODY)})
        self.assertEqual(status, 0, output)
        self.assertIn("checked 1 fixture bodies (GET /Items 1)", output)

    def test_a_body_that_breaks_the_spec_fails(self):
        status, output = self.run_bodies({"Items.json": invalid_body(), "Payments.json": '{"Payments": []}'})
        self.assertEqual(status, 1, output)
        self.assertIn("Items.json (GET /Items)", output)
        self.assertIn("QuantityOnHand", output)
        self.assertNotIn("Payments.json (GET", output)

    def test_a_body_invalid_on_purpose_must_stay_invalid(self):
        status, output = self.run_bodies({"Items.json": invalid_body()}, "--expect-invalid", "*/scenario/xero/*")
        self.assertEqual(status, 0, output)
        status, output = self.run_bodies({"Items.json": json.dumps(ITEMS_BODY)}, "--expect-invalid", "*/xero/*")
        self.assertEqual(status, 1, output)
        self.assertIn("no longer holds the bad records", output)

    def test_no_bodies_fails(self):
        status, output = self.run_bodies({"notes.json": "{}"})
        self.assertEqual(status, 1, output)
        self.assertIn("no fixture body", output)


if __name__ == "__main__":
    checker_selftest.main()
