#!/usr/bin/env bash
# The browser walk of the web pages (安委工作台): starts the real server on a fresh demo database and
# drives headless Chromium through every role's pages (.ci/browser/walk.py). Installs what is missing
# (Debian's chromium, chromium-driver, fonts-noto-cjk; selenium from PyPI: about a minute).
# Usage: .ci/browser.sh [path/to/anwei] [screenshot folder] [scenario name part ...]   (default .build/debug/anwei, bench/out/screenshots)
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${1:-.build/debug/anwei}"
shots="${2:-bench/out/screenshots}"
[ -x "$binary" ] || { echo "no anwei binary at $binary (swift build first)" >&2; exit 2; }

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! [ -d /usr/share/fonts/opentype/noto ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null
fi
python3 -c 'import selenium' 2>/dev/null || python3 -m pip install -q selenium

work="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
rm -rf "$shots" && mkdir -p "$shots"
"$binary" serve --demo --db "$work/demo.db" --listen "127.0.0.1:$port" --tick-interval 0 >"$work/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 240); do
    curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
    sleep 0.5
done
python3 .ci/browser/walk.py "http://127.0.0.1:$port" "$shots" "${@:3}"
