#!/usr/bin/env bash
# Installs the Debian packages the local stack and the tests need, only those missing.
# Used by ./dev and by .ci/run. Non-interactive; prints what to do where it cannot install.
set -euo pipefail

packages=(
  pcscd vsmartcard-vpcd libpcsclite-dev pcsc-tools   # PC/SC daemon, virtual reader, headers for nfc-pcsc
  chromium                                            # Karma and end-to-end tests
  postgresql                                          # FerretDB's backend
  openjdk-17-jdk-headless maven                       # HAPI FHIR launcher
  golang-go                                           # builds FerretDB (skipped when a Go toolchain is on PATH)
  build-essential python3 python3-venv                # native Node addons; schemathesis venv
  iproute2 procps                                     # ss, pgrep
)

missing=()
for package in "${packages[@]}"; do
  case "$package" in
    golang-go) command -v go >/dev/null 2>&1 && continue ;;
    openjdk-17-jdk-headless) command -v javac >/dev/null 2>&1 && continue ;;
    maven) command -v mvn >/dev/null 2>&1 && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "These system packages are missing: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install -y ${missing[*]}   (then run this command again)" >&2
  exit 1
fi

echo "▸ installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "✔ system packages installed"
