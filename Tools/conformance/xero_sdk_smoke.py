#!/usr/bin/env python3
"""Read the sandbox's emulated Xero with Xero's official Python SDK (xero-python).

    xero_sdk_smoke.py --base-url http://127.0.0.1:PORT --client-id ID --client-secret SECRET
                      [--tenant-id ID] [--page-size N] [--build-only]

It does what a Custom Connection app does against api.xero.com, with every Xero
host pointed at BASE: a client_credentials token from BASE/connect/token, the
tenant from BASE/Connections (the path the SDK asks for; Xero also answers
/connections), then AccountingApi reads of /Items, /Invoices (every page) and
/Payments (every page) under BASE/api.xro/2.0. It prints what it read and exits 1
on any error, so the SDK deserialising the sandbox's answers is itself the check.

--build-only stops after building the client and prints where it would call.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from typing import Callable, Optional

MAX_PAGES = 1000


def build_client(base_url: str, client_id: str, client_secret: str):
    """An ApiClient whose token calls go to BASE/connect/token, and the APIs on BASE.

    The SDK takes the token URLs from class attributes of TokenApi (there is no
    per-client setting) and each API's host from its `base_url` argument.
    """
    from xero_python.accounting import AccountingApi
    from xero_python.api_client import ApiClient
    from xero_python.api_client.configuration import Configuration
    from xero_python.api_client.oauth2 import OAuth2Token, TokenApi
    from xero_python.identity import IdentityApi

    base = base_url.rstrip("/")
    TokenApi.client_credentials_token_url = f"{base}/connect/token"
    TokenApi.refresh_token_url = f"{base}/connect/token"
    TokenApi.revoke_token_url = f"{base}/connect/revocation"

    token: dict = {}
    api_client = ApiClient(
        Configuration(oauth2_token=OAuth2Token(client_id=client_id, client_secret=client_secret)),
        pool_threads=1,
        oauth2_token_getter=lambda: token,
        oauth2_token_saver=lambda new: token.update(new),
    )
    accounting = AccountingApi(api_client, base_url=f"{base}/api.xro/2.0")
    identity = IdentityApi(api_client, base_url=base)
    return api_client, accounting, identity


def read_pages(fetch: Callable, records_of: Callable, page_size: Optional[int]) -> tuple:
    """Every record of a paged endpoint: pages 1, 2, … until the pagination's last page
    (or an empty page when the body has no pagination)."""
    records: list = []
    page = 1
    while page <= MAX_PAGES:
        kwargs = {"page": page}
        if page_size:
            kwargs["page_size"] = page_size
        body = fetch(**kwargs)
        found = records_of(body) or []
        records.extend(found)
        pagination = getattr(body, "pagination", None)
        page_count = getattr(pagination, "page_count", None) if pagination else None
        if page_count is not None:
            if page >= page_count:
                return records, page
        elif not found:
            return records, page
        page += 1
    raise RuntimeError(f"still reading after {MAX_PAGES} pages: the pagination never ends")


def main(argv: Optional[list] = None) -> int:
    parser = argparse.ArgumentParser(description="Read the sandbox's Xero with the official xero-python SDK.")
    parser.add_argument("--base-url", required=True, help="the sandbox, e.g. http://127.0.0.1:8080")
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--client-secret", required=True)
    parser.add_argument("--tenant-id", help="skip GET /Connections and use this tenant")
    parser.add_argument("--page-size", type=int, help="pageSize for the paged reads (default: the API's)")
    parser.add_argument("--build-only", action="store_true", help="build the client, print its URLs, call nothing")
    parser.add_argument("--traceback", action="store_true", help="print the whole traceback on an error")
    arguments = parser.parse_args(argv)

    try:
        import xero_python

        api_client, accounting, identity = build_client(
            arguments.base_url, arguments.client_id, arguments.client_secret
        )
        from xero_python.api_client.oauth2 import TokenApi

        print(f"xero-python {xero_python.__version__}")
        print(f"token:        POST {TokenApi.client_credentials_token_url}")
        print(f"connections:  GET  {identity.get_resource_url('/Connections')}")
        print(f"accounting:   GET  {accounting.get_resource_url('/Items')} …")
        if arguments.build_only:
            return 0

        token = api_client.get_client_credentials_token()
        if not token or not token.get("access_token"):
            raise RuntimeError(f"the token response has no access_token: {token!r}")
        scope = token.get("scope")
        scope_text = " ".join(scope) if isinstance(scope, (list, tuple)) else scope
        print(f"token: {token.get('token_type', 'Bearer')}, expires in {token.get('expires_in')} s, scope {scope_text}")

        tenant = arguments.tenant_id
        if not tenant:
            connections = identity.get_connections() or []
            print(f"connections: {len(connections)}")
            if not connections:
                raise RuntimeError("GET /Connections listed no tenant")
            tenant = str(connections[0].tenant_id)
            print(f"tenant: {tenant} ({connections[0].tenant_name}, {connections[0].tenant_type})")

        items = accounting.get_items(tenant, unitdp=4).items or []
        tracked = sum(1 for item in items if item.is_tracked_as_inventory)
        print(f"items: {len(items)} ({tracked} tracked)")

        invoices, invoice_pages = read_pages(
            lambda **kw: accounting.get_invoices(tenant, unitdp=4, order="UpdatedDateUTC ASC", **kw),
            lambda body: body.invoices,
            arguments.page_size,
        )
        print(f"invoices: {len(invoices)} in {invoice_pages} page(s)")

        payments, payment_pages = read_pages(
            lambda **kw: accounting.get_payments(tenant, order="UpdatedDateUTC ASC", **kw),
            lambda body: body.payments,
            arguments.page_size,
        )
        print(f"payments: {len(payments)} in {payment_pages} page(s)")
        return 0
    except Exception as error:  # every failure, the SDK's included, is the smoke test failing
        if arguments.traceback:
            traceback.print_exc()
        detail = str(error).strip().replace("\n", " ")
        print(f"error: {type(error).__name__}: {detail[:1000]}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
