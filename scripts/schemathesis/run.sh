#!/usr/bin/env bash
# Schemathesis against a running ehr-api: every operation of its OpenAPI document, generated
# examples, boundary coverage, fuzzing and stateful sequences (links in the document plus those
# schemathesis infers from Location headers and shared field names). Starts nothing: point it at an
# API you started, seeded with `ehr-api seed-demo` (demo staff, cards, schedules).
#
#   scripts/schemathesis/run.sh <baseUrl> <secrets.json> [--short] [extra schemathesis options]
#
# secrets.json is the one `./dev start` keeps in its data folder (.data/demo/secrets.json): the demo
# staff password signs the requests in, and station kiosk-02 with the card keys taps a demo card
# for kiosk session tokens. QN_METRICS_TOKEN, when set, signs GET /metrics.
#
# Full run: 1,000 cases per operation and phase. --short: 50, for the test suite.
# The venv lives under the data folder (QN_DATA_DIR, default .data/) and is made on first use.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
if [[ $# -lt 2 ]]; then
  sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
base_url="${1%/}"
secrets="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
shift 2
examples=1000
if [[ "${1:-}" == "--short" ]]; then
  examples=50
  shift
fi

data_dir="${QN_DATA_DIR:-$repo/.data}/schemathesis"
venv="$data_dir/venv"
if [[ ! -x "$venv/bin/schemathesis" ]] || ! cmp -s "$here/requirements.txt" "$venv/requirements.txt"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  cp "$here/requirements.txt" "$venv/requirements.txt"
fi

report_dir="${QN_SCHEMATHESIS_REPORT_DIR:-$data_dir/report-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$report_dir"
export QN_SCHEMATHESIS_BASE_URL="$base_url"
export QN_SCHEMATHESIS_SECRETS="$secrets"
export QN_SCHEMATHESIS_KIOSK_HELPER="'$repo/node_modules/.bin/tsx' '$repo/scripts/src/schemathesis/kiosk-session.ts' '$base_url' '$secrets'"
export PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}"
export SCHEMATHESIS_HOOKS=hooks

echo "schemathesis: $base_url, $examples cases per operation and phase, report in $report_dir"
started=$(date +%s)
status=0
"$venv/bin/schemathesis" --config-file "$here/schemathesis.toml" run "$base_url/api/openapi.json" \
  --url "$base_url" \
  --max-examples "$examples" \
  --report junit,ndjson \
  --report-dir "$report_dir" \
  "$@" || status=$?
echo "schemathesis: finished in $(($(date +%s) - started)) s with exit status $status; report in $report_dir"
exit "$status"
