#!/usr/bin/env bash
# Installs Mosquitto's password file and ACL for the edge nodes registered in the Derrick hub, then has that Mosquitto
# (and no other) reload them. Run it after registering, rotating or removing a node, or from a systemd timer.
#
#   DERRICK_TOKEN=drk_... deploy/mosquitto/sync-credentials.sh HUB_URL [MOSQUITTO_DIR]
#
# DERRICK_TOKEN: an API token of an admin (POST /api/tokens, or the admin page). MOSQUITTO_DIR: where derrick.conf
# points password_file and acl_file (default /etc/mosquitto); the files are written there as derrick.passwd and
# derrick.acl. The broker to reload:
#   MOSQUITTO_PID_FILE=/run/mosquitto/mosquitto.pid   the pid_file of its configuration: SIGHUP to that process
#   MOSQUITTO_SERVICE=mosquitto                        otherwise this systemd unit, when it is active: systemctl reload
# Neither found: the files are in place and Mosquitto reads them when it starts.
set -euo pipefail
hub="${1:?usage: DERRICK_TOKEN=drk_... sync-credentials.sh HUB_URL [MOSQUITTO_DIR]}"
dir="${2:-/etc/mosquitto}"
if [ -z "${DERRICK_TOKEN:-}" ]; then
  echo "sync-credentials: set DERRICK_TOKEN to an API token of an admin of $hub" >&2
  exit 2
fi
[ -d "$dir" ] || { echo "sync-credentials: $dir is no directory" >&2; exit 2; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for file in mosquitto.passwd mosquitto.acl; do
  if ! curl --fail-with-body -sS -H "Authorization: Bearer $DERRICK_TOKEN" "$hub/api/admin/broker/$file" -o "$tmp/$file"; then
    echo "sync-credentials: could not fetch $file from $hub (above: the hub's answer); nothing changed" >&2
    exit 1
  fi
done
grep -q '^user ' "$tmp/mosquitto.acl" || { echo "sync-credentials: the ACL from $hub names no user; nothing changed" >&2; exit 1; }

# Mosquitto reads the files as its own user: readable by the group mosquitto where there is one, by nobody else
group=""
if [ "$(id -u)" = 0 ] && getent group mosquitto >/dev/null; then group=mosquitto; fi
for file in passwd acl; do
  install -m 0640 "$tmp/mosquitto.$file" "$dir/derrick.$file.new"
  [ -z "$group" ] || chgrp "$group" "$dir/derrick.$file.new"
  mv -f "$dir/derrick.$file.new" "$dir/derrick.$file"      # the broker never reads half a file
done
users="$(grep -c '^user ' "$tmp/mosquitto.acl")"

pid_file="${MOSQUITTO_PID_FILE:-}"
service="${MOSQUITTO_SERVICE:-mosquitto}"
if [ -n "$pid_file" ]; then
  pid="$(cat "$pid_file" 2>/dev/null || true)"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -HUP "$pid"
    echo "sync-credentials: $users user(s) written to $dir; Mosquitto (pid $pid from $pid_file) reloads them"
  else
    echo "sync-credentials: $users user(s) written to $dir; no Mosquitto runs as $pid_file says: it reads them when it starts"
  fi
elif command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$service" 2>/dev/null; then
  systemctl reload "$service"
  echo "sync-credentials: $users user(s) written to $dir; systemctl reload $service"
else
  echo "sync-credentials: $users user(s) written to $dir; $service is not an active systemd unit (set MOSQUITTO_PID_FILE"
  echo "  to the broker's pid_file to have it reload): Mosquitto reads them when it starts"
fi
