#!/usr/bin/env bash
# Entrypoint of the `mongodb` service (docker/compose.yml): writes the replica-set keyfile from
# MONGO_REPLICA_SET_KEY, then hands over to the image's own entrypoint, which creates the root
# user on the first start (MONGO_INITDB_ROOT_*) and drops to the `mongodb` user.
# A replica set with authentication needs a keyfile (members authenticate to each other with it);
# with one member it is only checked for format, but every member added later needs the same key.
set -euo pipefail

key="${MONGO_REPLICA_SET_KEY:-}"
if ! [[ "$key" =~ ^[A-Za-z0-9+/=]+$ ]] || (( ${#key} < 6 || ${#key} > 1024 )); then
  echo "mongodb: MONGO_REPLICA_SET_KEY must be 6 to 1024 base64 characters on one line (openssl rand -base64 756 | tr -d '\\n')" >&2
  exit 1
fi

keyfile=/etc/mongo-keyfile/replica-set.key
install -d -o mongodb -g mongodb -m 0700 "$(dirname "$keyfile")"
printf '%s\n' "$key" > "$keyfile"
chown mongodb:mongodb "$keyfile"
chmod 0400 "$keyfile"
unset MONGO_REPLICA_SET_KEY key

exec docker-entrypoint.sh mongod --replSet rs0 --keyFile "$keyfile" --bind_ip_all "$@"
