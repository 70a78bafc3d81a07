#!/usr/bin/env bash
# `make demo`: the demo shop's run end to end against the embedded sandbox over HTTP (Xero and
# Magento on one port) — connect the pair to both, check it, plan from the recorded shop (writing
# the reports), and push the corrections: adjustment documents to Xero, stock to the shop.
#
#   demo.sh TRUEUP SCENARIO STATE OUT
set -euo pipefail

if [ $# -ne 4 ]; then
    echo "usage: $0 TRUEUP SCENARIO STATE OUT" >&2
    exit 2
fi
trueup=$1 scenario=$2 state=$3 out=$4
here=$(cd "$(dirname "$0")" && pwd)
rm -f "$state" "$state-wal" "$state-shm"
mkdir -p "$out"

# shellcheck disable=SC2016 # expanded by the inner shell, once the sandbox is up
"$here/with-sandbox.sh" "$trueup" "$scenario" "$out/sandbox" bash -c '
    set -euo pipefail
    trueup=$1 scenario=$2 state=$3 out=$4
    run() { echo "\$ trueup $*"; "$trueup" "$@" --state "$state"; echo; }
    echo "Sandbox at $TRUEUP_SANDBOX_URL: Xero (client id sandbox-client, secret sandbox-secret)"
    echo "and Magento under /rest/default/V1 (admin / admin123)"
    echo
    TRUEUP_XERO_CLIENT_SECRET=sandbox-secret run connect xero --pair demo --client-id sandbox-client \
        --custom-connection --xero-url "$TRUEUP_SANDBOX_URL"
    TRUEUP_MAGENTO_PASSWORD=admin123 run connect magento --pair demo --url "$TRUEUP_SANDBOX_URL" --username admin
    run doctor --pair demo
    run plan --fixtures "$scenario" --out "$out"
    run apply --pair demo
' demo "$trueup" "$scenario" "$state" "$out"

if command -v xmllint >/dev/null 2>&1; then
    xmllint --noout --schema reports/schema/trueup-report.xsd "$out/reconciliation.xml"
else
    echo "xmllint not installed (apt-get install libxml2-utils) - skipping the schema check"
fi
