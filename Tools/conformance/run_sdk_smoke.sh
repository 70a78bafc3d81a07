#!/usr/bin/env bash
# Serves `trueup sandbox` on a free port and reads it with Xero's official Python SDK
# (xero_sdk_smoke.py), then checks the exchanges the SDK had with it against Xero's spec
# (check_xero_exchanges.py). The sandbox is stopped however this ends.
#
#   run_sdk_smoke.sh TRUEUP PYTHON SCENARIO WORKDIR
#
# TRUEUP is the built trueup binary, PYTHON a Python with requirements.txt installed, SCENARIO the
# folder that seeds the sandbox, WORKDIR where the sandbox's stdout, stderr and exchange log go.
set -euo pipefail

if [ $# -ne 4 ]; then
    echo "usage: $0 TRUEUP PYTHON SCENARIO WORKDIR" >&2
    exit 2
fi
trueup=$1 python=$2 scenario=$3 work=$4
here=$(cd "$(dirname "$0")" && pwd)

# shellcheck disable=SC2016 # expanded by the inner shell, once the sandbox is up
"$here/../with-sandbox.sh" "$trueup" "$scenario" "$work" bash -c '
    set -euo pipefail
    echo "sandbox at $TRUEUP_SANDBOX_URL"
    "$1" "$2/xero_sdk_smoke.py" --base-url "$TRUEUP_SANDBOX_URL" --client-id sandbox-client --client-secret sandbox-secret
    "$1" "$2/check_xero_exchanges.py" "$TRUEUP_SANDBOX_EXCHANGES"
' sdk-smoke "$python" "$here"
