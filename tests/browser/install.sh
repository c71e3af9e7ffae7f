#!/usr/bin/env bash
# Installs what the browser tests need: Debian's chromium and a Java runtime (for vnu),
# then the npm packages (playwright-core, axe-core, vnu-jar, lighthouse and chrome-launcher).
# Idempotent and quick when everything is already there. Neither Playwright nor Lighthouse
# ever downloads a browser: the tests drive /usr/bin/chromium.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# pdftotext reads the printed policy in the print test.
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)

if [ "${#missing[@]}" -gt 0 ]; then
  echo "install.sh: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

cd "$here"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# Skip npm when node_modules was installed from this very lock file.
stamp="node_modules/.install-stamp"
want=""
if [ -f package-lock.json ]; then
  want="$(sha256sum package-lock.json package.json | sha256sum | cut -d' ' -f1)"
fi
if [ -n "$want" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] \
  && [ -f node_modules/vnu-jar/build/dist/vnu.jar ] \
  && [ -f node_modules/axe-core/axe.min.js ] \
  && [ -f node_modules/playwright-core/package.json ] \
  && [ -f node_modules/lighthouse/package.json ] \
  && [ -f node_modules/chrome-launcher/package.json ]; then
  exit 0
fi
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
else
  npm install --no-audit --no-fund --loglevel=error
fi
sha256sum package-lock.json package.json | sha256sum | cut -d' ' -f1 > "$stamp"
