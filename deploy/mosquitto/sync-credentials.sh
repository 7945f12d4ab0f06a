#!/usr/bin/env bash
# Writes Mosquitto's password file and ACL for the edge nodes registered in the Derrick hub, then has Mosquitto
# reload them (SIGHUP). Run it after registering, rotating or removing a node, or from a systemd timer.
#
#   DERRICK_TOKEN=drk_... deploy/mosquitto/sync-credentials.sh https://hub.example.com [/etc/mosquitto]
#
# DERRICK_TOKEN is an API token of an admin (POST /api/tokens). The files are those derrick.conf names.
set -euo pipefail
hub="${1:?usage: DERRICK_TOKEN=drk_... sync-credentials.sh HUB_URL [MOSQUITTO_DIR]}"
dir="${2:-/etc/mosquitto}"
: "${DERRICK_TOKEN:?set DERRICK_TOKEN to an admin's API token}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for file in mosquitto.passwd mosquitto.acl; do
  curl --fail-with-body -sS -H "Authorization: Bearer $DERRICK_TOKEN" "$hub/api/admin/broker/$file" -o "$tmp/$file"
done
grep -q '^user ' "$tmp/mosquitto.acl" || { echo "sync-credentials: the ACL from $hub looks empty; nothing changed" >&2; exit 1; }
group="$(getent group mosquitto >/dev/null && echo mosquitto || echo root)"
install -m 0640 -o root -g "$group" "$tmp/mosquitto.passwd" "$dir/derrick.passwd"
install -m 0644 -o root -g "$group" "$tmp/mosquitto.acl" "$dir/derrick.acl"
if systemctl is-active --quiet mosquitto 2>/dev/null; then
  systemctl reload mosquitto
else
  pkill -HUP -x mosquitto || echo "sync-credentials: Mosquitto is not running; it reads the files when it starts" >&2
fi
echo "sync-credentials: $(grep -c '^user ' "$tmp/mosquitto.acl") user(s) written to $dir"
