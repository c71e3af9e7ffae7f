#!/usr/bin/env bash
# Lighthouse on the local stack: builds and starts `serve` (the built site plus the intake
# handler, embedded store and outbox, no AWS) on a free port, then runs Lighthouse in Debian's
# Chromium on six pages of the site (/, /kk/privacy/, /ru/data-deletion/, /en/rights/,
# /ru/cookies/, /en/data-deletion/: the same six as tests/browser/lighthouse.test.mjs) with the
# mobile (default) and desktop presets, and prints the four category scores and every audit
# that costs points. The function's pages (/requests/…) are `noindex` by design, so their SEO
# score cannot be 100; PAGES can still name one.
#
#   bench/lighthouse.sh
#   PAGES="/ru/privacy/ /en/privacy/" PRESETS="desktop" bench/lighthouse.sh
#
# Environment: PAGES (URL paths), PRESETS (mobile and/or desktop), CHROME_PATH (default
# /usr/bin/chromium), CARGO_TARGET_DIR (where cargo puts serve; relative to the repository).
# Uses the browser tests' pinned npm `lighthouse` (tests/browser/node_modules), else installs
# that version into bench/out/node_modules. Writes the reports
# (HTML + JSON) to bench/out/lighthouse/ and the tables to stdout and
# bench/out/lighthouse/results.md (bench/out/ is git-ignored).
#
# serve's live reload (/__serve/live.js, which long-polls /__serve/wait) is blocked: it is serve's
# alone, not the deployed page's, and its request that never ends made every run wait out
# Lighthouse's 45 s load limit ("The page loaded too slowly to finish within the time limit").
#
# Note: serve sends `Cache-Control: no-cache` for every file (CloudFront serves the hashed
# assets with a long max-age in production), so cache-policy findings here are the local
# server's, not the deployment's.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
out="$here/out"
reports="$out/lighthouse"
PAGES=${PAGES:-"/ /kk/privacy/ /ru/data-deletion/ /en/rights/ /ru/cookies/ /en/data-deletion/"}
PRESETS=${PRESETS:-"mobile desktop"}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
CHROME_FLAGS="--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync"
mkdir -p "$reports"

[ -x "$CHROME_PATH" ] || { echo "no Chromium at $CHROME_PATH (apt-get install chromium, or bash tests/browser/install.sh)" >&2; exit 1; }

# The browser tests' pinned Lighthouse (tests/browser/package.json; bash tests/browser/install.sh),
# else the same version installed into bench/out/ (Lighthouse 13 needs Node 22).
lh="$repo/tests/browser/node_modules/.bin/lighthouse"
if [ ! -x "$lh" ]; then
  lh="$out/node_modules/.bin/lighthouse"
  version=$(node -p "require('$repo/tests/browser/package.json').devDependencies.lighthouse")
  if [ ! -x "$lh" ] || [ "$("$lh" --version)" != "$version" ]; then
    echo "installing npm lighthouse@$version into $out" >&2
    npm install --prefix "$out" --no-audit --no-fund "lighthouse@$version" >&2
  fi
fi
echo "lighthouse $("$lh" --version), $("$CHROME_PATH" --version 2>/dev/null || echo chromium)" >&2

echo "building serve" >&2
(cd "$repo" && cargo build -q -p serve --bin serve)
if [ -n "${CARGO_TARGET_DIR:-}" ]; then
  case "$CARGO_TARGET_DIR" in
    /*) target=$CARGO_TARGET_DIR ;;
    *) target="$repo/$CARGO_TARGET_DIR" ;;
  esac
else
  target="$repo/target"
fi
serve_bin="$target/debug/serve"
[ -x "$serve_bin" ] || { echo "no serve binary at $serve_bin" >&2; exit 1; }

data=$(mktemp -d "${TMPDIR:-/tmp}/lighthouse-serve-XXXXXX")
serve_pid=
cleanup() {
  if [ -n "$serve_pid" ] && kill -0 "$serve_pid" 2>/dev/null; then
    kill "$serve_pid" 2>/dev/null || true
    wait "$serve_pid" 2>/dev/null || true
  fi
  rm -rf "$data"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A clean environment for the intake side: no AWS table or SMTP, so the embedded store is used.
(cd "$repo" && exec env -u REQUESTS_TABLE -u SMTP_URL -u SMTP_URL_PARAMETER \
  "$serve_bin" --port 0 --data-dir "$data" --root "$repo" >"$data/serve.log" 2>"$data/serve.err") &
serve_pid=$!
origin=
for _ in $(seq 1 600); do
  origin=$(sed -n 's#^serve: listening on \(http://127\.0\.0\.1:[0-9]*\)/.*#\1#p' "$data/serve.log" 2>/dev/null | head -n 1)
  [ -n "$origin" ] && break
  kill -0 "$serve_pid" 2>/dev/null || { echo "serve exited:" >&2; cat "$data/serve.log" "$data/serve.err" >&2; exit 1; }
  sleep 0.1
done
[ -n "$origin" ] || { echo "serve did not start in 60 s" >&2; cat "$data/serve.log" "$data/serve.err" >&2; exit 1; }
echo "serve on $origin" >&2

runs=()
for page in $PAGES; do
  for preset in $PRESETS; do
    name="$(echo "$page" | sed 's#^/##; s#/$##; s#/#-#g')"
    name="${name:-index}-$preset"
    args=()
    [ "$preset" = desktop ] && args+=(--preset=desktop)
    echo "lighthouse $origin$page ($preset)" >&2
    if ! "$lh" "$origin$page" "${args[@]}" \
      --chrome-flags="$CHROME_FLAGS" --blocked-url-patterns='*/__serve/*' \
      --output=json --output=html --output-path="$reports/$name" \
      --quiet >"$reports/$name.log" 2>&1; then
      echo "lighthouse failed on $page ($preset):" >&2
      cat "$reports/$name.log" >&2
      exit 1
    fi
    runs+=("$page|$preset|$reports/$name.report.json")
  done
done

# The table and the audits that cost points (weighted audits under 1 in each category),
# plus the cache-policy findings, which carry no weight but are what no-cache shows up as.
node - "${runs[@]}" >"$reports/results.md" <<'EOF'
const fs = require('node:fs');
const cats = ['performance', 'accessibility', 'best-practices', 'seo'];
const rows = [];
const costs = [];
for (const arg of process.argv.slice(2)) {
  const [page, preset, file] = arg.split('|');
  const lhr = JSON.parse(fs.readFileSync(file, 'utf8'));
  const score = (c) => (lhr.categories[c] && lhr.categories[c].score != null ? Math.round(lhr.categories[c].score * 100) : 'n/a');
  rows.push(`| ${page} | ${preset} | ${cats.map(score).join(' | ')} |`);
  const lines = [];
  for (const c of cats) {
    const cat = lhr.categories[c];
    if (!cat) continue;
    const total = cat.auditRefs.reduce((s, r) => s + r.weight, 0);
    for (const ref of cat.auditRefs) {
      const a = lhr.audits[ref.id];
      if (!a || ref.weight === 0 || a.score === null || a.score >= 1) continue;
      if (['notApplicable', 'manual', 'informative'].includes(a.scoreDisplayMode)) continue;
      const lost = ((1 - a.score) * ref.weight * 100) / total;
      const value = a.displayValue ? ` — ${a.displayValue}` : '';
      lines.push(`  - ${c}: \`${ref.id}\` ${a.title}${value} (score ${a.score.toFixed(2)}, weight ${ref.weight}, about ${lost.toFixed(1)} points)`);
    }
  }
  // Findings without weight (opportunities, diagnostics, insights): they cost no points.
  const weighted = new Set(cats.flatMap((c) => (lhr.categories[c] ? lhr.categories[c].auditRefs : []).filter((r) => r.weight > 0).map((r) => r.id)));
  for (const [id, a] of Object.entries(lhr.audits)) {
    if (weighted.has(id) || a.score === null || a.score >= 1) continue;
    if (['notApplicable', 'manual'].includes(a.scoreDisplayMode)) continue;
    const urls = ((a.details && a.details.items) || []).map((i) => i.url).filter(Boolean).map((u) => u.replace(/^https?:\/\/127\.0\.0\.1:\d+/, ''));
    lines.push(`  - (no weight) \`${id}\` ${a.title}${a.displayValue ? ` — ${a.displayValue}` : ''}${urls.length ? ` [${urls.join(', ')}]` : ''}`);
  }
  // The cache audits skip responses marked no-cache/no-store/must-revalidate as intentional.
  for (const id of ['uses-long-cache-ttl', 'cache-insight']) {
    const a = lhr.audits[id];
    if (a) lines.push(`  - cache: \`${id}\` score ${a.score}${a.displayValue ? `, ${a.displayValue}` : ''}`);
  }
  for (const w of lhr.runWarnings || []) lines.push(`  - run warning: ${w}`);
  costs.push(`- ${page} (${preset}):\n${lines.join('\n')}`);
  var version = lhr.lighthouseVersion;
  var ua = lhr.environment && lhr.environment.hostUserAgent;
}
console.log(`Lighthouse ${version} on ${ua}\n`);
console.log(`| page | preset | ${cats.join(' | ')} |`);
console.log(`|---|---|${cats.map(() => '---:').join('|')}|`);
console.log(rows.join('\n'));
console.log('\nAudits under 1: weighted ones cost points (≈ (1 − score) × weight / category weight × 100); "no weight" ones cost none:\n');
console.log(costs.join('\n'));
EOF
cat "$reports/results.md"
echo "reports in $reports" >&2
