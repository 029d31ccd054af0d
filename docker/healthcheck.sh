#!/bin/bash
# Docker HEALTHCHECK: GET /health on the refiner's HTTP port (REFINER_HEALTH_PORT, default 9568); healthy on
# HTTP 200. Written with bash's /dev/tcp because the JRE image has neither curl nor wget.
set -eu
port="${REFINER_HEALTH_PORT:-9568}"
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
IFS= read -r -t 5 status <&3 || status="no reply"
status="${status%$'\r'}"
case "$status" in
  "HTTP/1."?" 200"*) exit 0 ;;
esac
echo "healthcheck: /health on port $port answered: $status" >&2
exit 1
