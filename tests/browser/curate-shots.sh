#!/usr/bin/env bash
# Refreshes the README's screenshots of the visitor's journey (docs/journey/*.png) from the
# browser test's screenshots (tests/artifacts/journey/, written by shots.test.mjs): one screen
# each, cropped around its step, reduced with pngquant (Debian) to under 150 KB.
#
#   bash tests/browser/curate-shots.sh          # runs shots.test.mjs first, then curates
#   bash tests/browser/curate-shots.sh --no-test   # curates what tests/artifacts/journey/ holds
#
# Then review and commit docs/journey/. Which screenshots are picked: PICKS in curate-shots.mjs.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

bash "$here/install.sh"
if ! command -v pngquant >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "curate-shots.sh: installing pngquant" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends pngquant
fi

cd "$repo"
if [ "${1:-}" != "--no-test" ]; then
  node --test tests/browser/shots.test.mjs
fi
node "$here/curate-shots.mjs"
