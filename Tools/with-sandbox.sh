#!/usr/bin/env bash
# Runs a command while `trueup sandbox` serves a scenario on a free port, then stops the sandbox
# however the command ends. The command sees the sandbox's base URL in $TRUEUP_SANDBOX_URL.
#
#   with-sandbox.sh TRUEUP SCENARIO WORKDIR COMMAND [ARG...]
#
# TRUEUP is the built trueup binary, SCENARIO the folder whose xero/*.json seed the sandbox,
# WORKDIR where the sandbox's stdout, stderr (its call log) and exchange log go.
# SANDBOX_START_TIMEOUT (seconds, default 30) bounds the wait for the sandbox's URL.
set -euo pipefail

if [ $# -lt 4 ]; then
    echo "usage: $0 TRUEUP SCENARIO WORKDIR COMMAND [ARG...]" >&2
    exit 2
fi
trueup=$1 scenario=$2 work=$3
shift 3
timeout=${SANDBOX_START_TIMEOUT:-30}

if [ ! -d "$scenario/xero" ]; then
    echo "error: $scenario/xero: no such folder (the sandbox would serve an empty organisation)" >&2
    exit 1
fi
mkdir -p "$work"
out=$work/sandbox.out
log=$work/sandbox.log
exchanges=$work/sandbox-exchanges.jsonl
rm -f "$exchanges"
: >"$out" # created here: the background job opens its redirections only once it runs

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

export TRUEUP_SANDBOX_URL=$url
export TRUEUP_SANDBOX_EXCHANGES=$exchanges
if ! "$@"; then
    status=$?
    show_sandbox
    exit "$status"
fi
