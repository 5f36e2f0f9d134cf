#!/usr/bin/env bash
# Starts the local services the tests use, when they are down: Redis on 127.0.0.1:6379 (shared
# limiter and stores) and PostgreSQL on 127.0.0.1:5432 (n8n in queue mode). Waits until both answer.
set -euo pipefail

log() { echo "[services] $*" >&2; }

if ! redis-cli -h 127.0.0.1 -p 6379 ping > /dev/null 2>&1; then
  log "starting Redis on 127.0.0.1:6379"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi
if ! pg_isready -h 127.0.0.1 -p 5432 > /dev/null 2>&1; then
  log "starting PostgreSQL on 127.0.0.1:5432"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
fi
for _ in $(seq 1 30); do
  redis-cli -h 127.0.0.1 -p 6379 ping > /dev/null 2>&1 && pg_isready -h 127.0.0.1 -p 5432 > /dev/null 2>&1 && break
  sleep 1
done
