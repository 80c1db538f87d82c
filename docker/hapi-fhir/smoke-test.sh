#!/usr/bin/env bash
# Starts the built launcher on H2 in a fresh temporary data directory, twice
# (without and with the test package), and checks the FHIR behaviour with curl.
# Usage: docker/hapi-fhir/smoke-test.sh   (after mvn ... package; needs curl and jq)
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
JAR="$HERE/target/hapi-fhir-launcher.jar"
PKG="$HERE/src/test/resources/test-patient-package.tgz"
PORT="${SMOKE_PORT:-8091}"
BASE="http://127.0.0.1:$PORT/fhir"
PROFILE="http://example.org/StructureDefinition/test-patient"
WORK="$(mktemp -d)"
PID=""
FAILED=0

stop() { if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then kill "$PID"; wait "$PID" 2>/dev/null || true; fi; PID=""; }
trap 'stop; rm -rf "$WORK"' EXIT

start() { # start <name> [ENV=VALUE...]
  local name="$1"; shift
  env HAPI_PORT="$PORT" HAPI_DATA_DIR="$WORK/$name" "$@" java -Xmx1g -jar "$JAR" >"$WORK/$name.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 240); do
    if grep -q "HAPI FHIR ready" "$WORK/$name.log"; then grep "HAPI FHIR ready" "$WORK/$name.log" | sed 's/^.* - //'; return 0; fi
    if ! kill -0 "$PID" 2>/dev/null; then echo "server exited:"; tail -20 "$WORK/$name.log"; exit 1; fi
    sleep 0.5
  done
  echo "server not ready after 120 s"; exit 1
}

check() { # check <description> <expected status regex> <curl args...>
  local what="$1" want="$2"; shift 2
  local status
  status=$(curl -s -o "$WORK/body.json" -w '%{http_code}' "$@")
  if [[ "$status" =~ ^($want)$ ]]; then echo "ok   $status $what"; else echo "FAIL $status $what (wanted $want)"; cat "$WORK/body.json"; echo; FAILED=1; fi
}

post_patient() { curl -s -o "$WORK/body.json" -w '%{http_code}' -X POST -H 'Content-Type: application/fhir+json' "$BASE/Patient" -d "$1"; }

echo "== no package"
start plain
check "GET /metadata" 200 "$BASE/metadata"
check "POST Patient without profile" 201 -X POST -H 'Content-Type: application/fhir+json' "$BASE/Patient" \
  -d '{"resourceType":"Patient","name":[{"family":"Nguyen"}]}'
stop

echo "== with test package"
start ig HAPI_IG_PACKAGES="$PKG"
check "POST Patient declaring the profile, 12-digit identifier" 201 -X POST -H 'Content-Type: application/fhir+json' "$BASE/Patient" \
  -d '{"resourceType":"Patient","meta":{"profile":["'"$PROFILE"'"]},"identifier":[{"system":"urn:example:id","value":"012345678901"}]}'
check "POST Patient declaring the profile, breaking the invariant" '4[0-9][0-9]' -X POST -H 'Content-Type: application/fhir+json' "$BASE/Patient" \
  -d '{"resourceType":"Patient","meta":{"profile":["'"$PROFILE"'"]},"identifier":[{"system":"urn:example:id","value":"12AB"}]}'
if jq -e '.resourceType == "OperationOutcome" and any(.issue[]; .severity == "error" and (.diagnostics | contains("test-pat-1")))' "$WORK/body.json" >/dev/null; then
  echo "ok       OperationOutcome names invariant test-pat-1: $(jq -r '[.issue[] | select(.severity=="error") | .diagnostics][0]' "$WORK/body.json")"
else echo "FAIL     OperationOutcome does not name the invariant"; cat "$WORK/body.json"; FAILED=1; fi
check "POST Patient not declaring the profile" '4[0-9][0-9]' -X POST -H 'Content-Type: application/fhir+json' "$BASE/Patient" \
  -d '{"resourceType":"Patient","identifier":[{"system":"urn:example:id","value":"012345678901"}]}'
echo "         $(jq -r '.issue[0].diagnostics' "$WORK/body.json")"
check "POST Observation (type not profiled)" 201 -X POST -H 'Content-Type: application/fhir+json' "$BASE/Observation" \
  -d '{"resourceType":"Observation","status":"final","code":{"text":"test"}}'
stop

echo "== restart with the same package (already installed)"
start ig HAPI_IG_PACKAGES="$PKG"
grep -q "already installed with identical contents" "$WORK/ig.log" && echo "ok       package install skipped on restart" || { echo "FAIL     package reinstalled on restart"; FAILED=1; }
check "POST Patient not declaring the profile, after restart" '4[0-9][0-9]' -X POST -H 'Content-Type: application/fhir+json' "$BASE/Patient" \
  -d '{"resourceType":"Patient"}'
stop

echo "== missing package file"
if env HAPI_PORT="$PORT" HAPI_DATA_DIR="$WORK/missing" HAPI_IG_PACKAGES="$WORK/nope.tgz" java -Xmx1g -jar "$JAR" >"$WORK/missing.log" 2>&1; then
  echo "FAIL     started with a missing package"; FAILED=1
else
  echo "ok       refused to start: $(grep -m1 "failed to start" "$WORK/missing.log" | sed 's/^.* - //')"
fi

[[ "$FAILED" == 0 ]] && echo "ALL OK" || { echo "SOME CHECKS FAILED"; exit 1; }
