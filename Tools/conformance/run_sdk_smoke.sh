#!/usr/bin/env bash
# Serves `trueup sandbox` on a free port and reads it with Xero's official Python SDK
# (xero_sdk_smoke.py), then checks the exchanges the SDK had with it against Xero's spec
# (check_xero_exchanges.py). The sandbox is stopped however this ends.
#
#   run_sdk_smoke.sh TRUEUP PYTHON SCENARIO WORKDIR
#
# TRUEUP is the built trueup binary, PYTHON a Python with requirements.txt installed, SCENARIO the
# folder that seeds the sandbox, WORKDIR where the sandbox's stdout, stderr and exchange log go.
# SANDBOX_START_TIMEOUT (seconds, default 30) bounds the wait for the sandbox's URL.
set -euo pipefail

if [ $# -ne 4 ]; then
    echo "usage: $0 TRUEUP PYTHON SCENARIO WORKDIR" >&2
    exit 2
fi
trueup=$1 python=$2 scenario=$3 work=$4
timeout=${SANDBOX_START_TIMEOUT:-30}
here=$(cd "$(dirname "$0")" && pwd)

if [ ! -d "$scenario/xero" ]; then
    echo "error: $scenario/xero: no such folder (the sandbox would serve an empty organisation)" >&2
    exit 1
fi
mkdir -p "$work"
out=$work/sdk-sandbox.out
log=$work/sdk-sandbox.log
exchanges=$work/sdk-exchanges.jsonl
rm -f "$exchanges"
: >"$out"  # created here: the background job opens its redirections only once it runs

"$trueup" sandbox --scenario "$scenario" --port 0 --log-level info --exchange-log "$exchanges" >"$out" 2>"$log" &
sandbox=$!

stop_sandbox() {
    kill -TERM "$sandbox" 2>/dev/null || return 0
    for _ in $(seq 50); do
        kill -0 "$sandbox" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$sandbox" 2>/dev/null || true
    wait "$sandbox" 2>/dev/null || true
}
trap stop_sandbox EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

show_sandbox() {
    echo "--- sandbox stdout ($out)" >&2
    cat "$out" >&2
    echo "--- sandbox stderr, last lines ($log)" >&2
    tail -n 30 "$log" >&2
}

# The first stdout line names the URL: "TrueUp sandbox: emulated Xero at http://127.0.0.1:PORT".
url=""
for ((tries = timeout * 10; tries > 0; tries--)); do
    if IFS= read -r first <"$out"; then
        if [[ $first =~ ^TrueUp\ sandbox:\ emulated\ Xero\ at\ (http://[^[:space:]]+)$ ]]; then
            url=${BASH_REMATCH[1]}
            break
        fi
        echo "error: the sandbox's first line is not its URL: $first" >&2
        show_sandbox
        exit 1
    fi
    if ! kill -0 "$sandbox" 2>/dev/null; then
        echo "error: the sandbox exited before printing its URL" >&2
        show_sandbox
        exit 1
    fi
    sleep 0.1
done
if [ -z "$url" ]; then
    echo "error: the sandbox printed no URL within ${timeout} s" >&2
    show_sandbox
    exit 1
fi
echo "sandbox ($scenario) at $url"

if ! "$python" "$here/xero_sdk_smoke.py" --base-url "$url" \
    --client-id sandbox-client --client-secret sandbox-secret; then
    show_sandbox
    exit 1
fi
"$python" "$here/check_xero_exchanges.py" "$exchanges"
