#!/usr/bin/env bash
# Site generator benchmark: build-site against Hugo on generated corpora of N pages x 3 locales
# (light synthetic pages), then on N copies of the real privacy page x 3 locales (every table,
# include and Fluent call of the real one) against Hugo's corpus of the same N in the same run,
# then the real site (build time, and each page's gzip -9 weight with its CSS and JS).
#
#   bench/site.sh                      # N = 10 100 1000 10000 light, 100 1000 10000 real, 3 runs each
#   NS="10 100 1000" REAL_NS="100 1000" RUNS=3 bench/site.sh
#   NS= REAL_NS="1000 10000" bench/site.sh   # only the real-page corpus
#
# Environment: NS (light corpus sizes), REAL_NS (real-page corpus sizes: copies of the
# privacy page per locale), RUNS (runs per tool and N; the median is reported),
# MODE=fresh (default: the output directory, and build-site's .NAME.prev/.NAME.next buffers
# beside it, are deleted before each run: a clean build, as in CI) or MODE=rebuild (one untimed
# build first, then every timed run builds over the previous output, as a developer rebuilds),
# REAL_RUNS (runs of the real site), NICE (prefix for measured commands, default `nice -n 10`
# because this machine is shared; set NICE= to run at normal priority), BASELINE (path of
# another build-site binary, e.g. one built from main: measured in the same runs as `baseline`,
# alternating with build-site and Hugo, on the real-page corpus and the real site).
# The binary is taken from $CARGO_TARGET_DIR when it is set (else target/).
# Needs: cargo, python3, Debian `hugo` and `time` (installed with apt-get when missing).
# Writes everything under bench/out/ (git-ignored); the tables go to stdout and to
# bench/out/site-results-$MODE.md. REPORT_ONLY=1 (with the same MODE) reprints the tables from
# the last run's raw files without measuring.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
out="$here/out"
NS=${NS-"10 100 1000 10000"}
REAL_NS=${REAL_NS-"100 1000 10000"}
RUNS=${RUNS:-3}
REAL_RUNS=${REAL_RUNS:-10}
NICE=${NICE-nice -n 10}
MODE=${MODE:-fresh}
case $MODE in fresh|rebuild) ;; *) echo "MODE must be fresh or rebuild" >&2; exit 2 ;; esac
mkdir -p "$out"

need_apt() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "installing Debian package $2" >&2
    apt-get install -y "$2" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y "$2" >/dev/null; }
  fi
}
meta="$out/site-meta-$MODE.txt"
raw="$out/site-raw-$MODE.tsv"
real_corpus_raw="$out/site-real-raw-$MODE.tsv"
real_raw="$out/real-raw-$MODE.tsv"
weights="$out/real-weights-$MODE.tsv"

# REPORT_ONLY=1 prints the tables again from the last run's raw files.
if [ -z "${REPORT_ONLY:-}" ]; then
need_apt hugo hugo
[ -x /usr/bin/time ] || need_apt /usr/bin/time time

echo "building build-site (release)" >&2
(cd "$repo" && nice -n 10 cargo build --release --bin build-site -q)
# A private copy: the target directory is shared, and a teammate's build must not swap the
# binary under a running benchmark.
mkdir -p "$out/bin"
target_dir=${CARGO_TARGET_DIR:-$repo/target}
case $target_dir in /*) ;; *) target_dir="$repo/$target_dir" ;; esac
cp "$target_dir/release/build-site" "$out/bin/build-site"
gen_bin="$out/bin/build-site"
base_bin=
if [ -n "${BASELINE:-}" ]; then
  cp "$BASELINE" "$out/bin/build-site-baseline"
  base_bin="$out/bin/build-site-baseline"
fi
built_from="commit $(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet HEAD -- . ':!bench' || echo ' + uncommitted changes')"

: > "$raw"
: > "$real_corpus_raw"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# measure TOOL N RUN OUTDIR CMD...: wall (ns clock around the process), user+sys and peak RSS
# from GNU time -v; appends a row to $raw. MODE=fresh removes the output before each run;
# MODE=rebuild makes one untimed build before the first run.
clean_out() { rm -rf "$1" "$(dirname "$1")/.$(basename "$1").prev" "$(dirname "$1")/.$(basename "$1").next"; }
measure() {
  local tool=$1 n=$2 run=$3 dest=$4; shift 4
  local into=${RAW_INTO:-$raw}
  local tf="$out/time.$$" log="$out/run.$$.log"
  if [ "$MODE" = fresh ]; then
    clean_out "$dest"
  elif [ "$run" = 1 ]; then
    clean_out "$dest"
    $NICE "$@" >/dev/null 2>&1
  fi
  sync
  local t0 t1
  t0=$(date +%s%N)
  if ! /usr/bin/time -v -o "$tf" $NICE "$@" >"$log" 2>&1; then
    echo "FAILED: $tool N=$n run $run: $*" >&2
    cat "$log" >&2
    exit 1
  fi
  t1=$(date +%s%N)
  local user sys rss files
  user=$(awk -F': ' '/User time/ {print $2}' "$tf")
  sys=$(awk -F': ' '/System time/ {print $2}' "$tf")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tf")
  files=$(find "$dest" -type f | wc -l)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$n" "$run" \
    "$(( (t1 - t0) / 1000000 ))" "$(awk -v u="$user" 'BEGIN {printf "%d", u * 1000}')" \
    "$(awk -v s="$sys" 'BEGIN {printf "%d", s * 1000}')" "$rss" "$files" >> "$into"
  echo "  $tool N=$n run $run: $(( (t1 - t0) / 1000000 )) ms wall, cpu ${user}+${sys} s, rss ${rss} KiB, $files files" >&2
  rm -f "$tf" "$log"
}

# shellcheck source=bench/corpora.sh
. "$here/corpora.sh"

for n in $NS; do
  corpus="$out/corpus/$n"
  light_corpus "$n"
  echo "N=$n (load average: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  for run in $(seq 1 "$RUNS"); do
    measure build-site "$n" "$run" "$out/site-gen-$n" \
      "$gen_bin" --root "$corpus/gen" --out "$out/site-gen-$n" --base-url https://interpay.kz
    measure hugo "$n" "$run" "$out/site-hugo-$n" \
      hugo --source "$corpus/hugo" --destination "$out/site-hugo-$n" --quiet --ignoreCache
  done
  clean_out "$out/site-gen-$n"
  clean_out "$out/site-hugo-$n"
done

# The real-page corpus: N copies of the real privacy page per locale for build-site; Hugo
# builds its corpus of N policy-sized pages per locale (the light one) in the same runs.
for n in $REAL_NS; do
  rc="$out/real-corpus/$n"
  real_corpus "$n"
  light_corpus "$n"
  echo "real-page corpus N=$n (load average: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  for run in $(seq 1 "$RUNS"); do
    RAW_INTO="$real_corpus_raw" measure build-site "$n" "$run" "$out/site-real-$n" \
      "$gen_bin" --root "$rc/gen" --out "$out/site-real-$n" --base-url https://interpay.kz
    RAW_INTO="$real_corpus_raw" measure hugo "$n" "$run" "$out/site-hugo-$n" \
      hugo --source "$out/corpus/$n/hugo" --destination "$out/site-hugo-$n" --quiet --ignoreCache
    if [ -n "$base_bin" ]; then
      RAW_INTO="$real_corpus_raw" measure baseline "$n" "$run" "$out/site-base-$n" \
        "$base_bin" --root "$rc/gen" --out "$out/site-base-$n" --base-url https://interpay.kz
    fi
  done
  clean_out "$out/site-base-$n"
  clean_out "$out/site-real-$n"
  clean_out "$out/site-hugo-$n"
done

echo "real site: $REAL_RUNS runs" >&2
real="$out/real-site"
: > "$real_raw"
clean_out "$real"
if [ "$MODE" = rebuild ]; then (cd "$repo" && $NICE "$gen_bin" --out "$real" >/dev/null); fi
real_base_raw="$out/real-base-raw-$MODE.tsv"
: > "$real_base_raw"
real_base="$out/real-site-base"
clean_out "$real_base"
if [ "$MODE" = rebuild ] && [ -n "$base_bin" ]; then (cd "$repo" && $NICE "$base_bin" --out "$real_base" >/dev/null); fi
# real_run BINARY OUTDIR RAWFILE RUN
real_run() {
  [ "$MODE" = fresh ] && clean_out "$2"
  tf="$out/time.$$"
  t0=$(date +%s%N)
  (cd "$repo" && /usr/bin/time -v -o "$tf" $NICE "$1" --out "$2" >/dev/null)
  t1=$(date +%s%N)
  user=$(awk -F': ' '/User time/ {print $2}' "$tf")
  sys=$(awk -F': ' '/System time/ {print $2}' "$tf")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tf")
  printf '%s\t%s\t%s\t%s\n' "$4" "$(( (t1 - t0) / 1000000 ))" \
    "$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%d", (u + s) * 1000}')" "$rss" >> "$3"
  rm -f "$tf"
}
for run in $(seq 1 "$REAL_RUNS"); do
  real_run "$gen_bin" "$real" "$real_raw" "$run"
  if [ -n "$base_bin" ]; then real_run "$base_bin" "$real_base" "$real_base_raw" "$run"; fi
done
clean_out "$real_base"

# Gzip -9 weight of each real page: the HTML plus the stylesheet and script it links.
: > "$weights"
gz() { gzip -9 -c "$1" | wc -c; }
for f in $(cd "$real" && find . -name '*.html' | sed 's|^\./||' | sort); do
  html="$real/$f"
  css=$(grep -o 'href="/assets/[^"]*\.css"' "$html" | head -1 | sed 's/^href="//; s/"$//' || true)
  js=$(grep -o 'src="/assets/[^"]*\.js"' "$html" | head -1 | sed 's/^src="//; s/"$//' || true)
  hz=$(gz "$html"); cz=0; jz=0
  [ -n "$css" ] && cz=$(gz "$real$css")
  [ -n "$js" ] && jz=$(gz "$real$js")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "/$f" "$(wc -c < "$html")" "$hz" "$cz" "$jz" "$(( hz + cz + jz ))" >> "$weights"
done

echo "$(date -u '+%Y-%m-%d %H:%M UTC'); binary built from $built_from; $(nproc) CPUs; load average at the start $load_start, at the end $(cut -d' ' -f1-3 /proc/loadavg)" > "$meta"
fi

echo "<!-- $(cat "$meta") -->" | tee "$out/site-results-$MODE.md"
MODE=$MODE python3 - "$raw" "$real_raw" "$weights" "$RUNS" "$REAL_RUNS" "$real_corpus_raw" "$out/real-base-raw-$MODE.tsv" <<'PY' | tee -a "$out/site-results-$MODE.md"
import statistics as st, sys
raw, real_raw, weights, runs, real_runs, real_corpus_raw, real_base_raw = sys.argv[1:8]
rows = [l.rstrip("\n").split("\t") for l in open(raw) if l.strip()]
data = {}
for tool, n, run, wall, user, sys_, rss, files in rows:
    data.setdefault((tool, int(n)), []).append((int(wall), int(user) + int(sys_), int(rss), int(files), int(user), int(sys_)))
ns = sorted({n for _, n in data})
med = lambda xs: st.median(xs)
import os
mode = os.environ.get("MODE", "fresh")
print(f"### Generated corpus: N pages x 3 locales (+ the real pages for build-site, 3 stand-ins for Hugo), median of {runs} runs, {'fresh builds' if mode == 'fresh' else 'rebuilds'}\n")
print("| N | tool | files out | wall ms median (min–max) | user CPU ms | sys CPU ms | user+sys ms | peak RSS MiB | user+sys µs per page and locale |")
print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
summary = {}
for n in ns:
    for tool in ("build-site", "hugo"):
        if (tool, n) not in data:
            continue
        d = data[(tool, n)]
        walls = [x[0] for x in d]
        wall, cpu, rss = med(walls), med([x[1] for x in d]), med([x[2] for x in d])
        user, sys_ = med([x[4] for x in d]), med([x[5] for x in d])
        files = d[0][3]
        summary[(tool, n)] = (wall, cpu, rss, user)
        per = cpu * 1000 / (3 * (n + (4 if tool == "build-site" else 3)))
        print(f"| {n} | {tool} | {files} | {wall:.0f} ({min(walls)}–{max(walls)}) | {user:.0f} | {sys_:.0f} | {cpu:.0f} | {rss / 1024:.1f} | {per:.0f} |")
print()
print("### Linearity (least-squares fit of the medians: time = a + b·N)\n")
print("| tool | a: fixed wall ms | b: wall ms per page (3 locales) | b: user+sys CPU ms per page | b: user CPU ms per page | wall ratio, N ×10 | user+sys ratio | user ratio | RSS MiB per 1000 pages |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for tool in ("build-site", "hugo"):
    pts = [(n, *summary[(tool, n)]) for n in ns if (tool, n) in summary]
    if len(pts) < 2:
        continue
    def fit(idx):
        xs = [p[0] for p in pts]; ys = [p[idx] for p in pts]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
        return my - b * mx, b
    a, b = fit(1)
    _, bc = fit(2)
    _, br = fit(3)
    _, bu = fit(4)
    big, prev = pts[-1], pts[-2]
    ratio = lambda i: big[i] / prev[i] if prev[i] else float("nan")
    print(f"| {tool} | {a:.0f} | {b:.3f} | {bc:.3f} | {bu:.3f} | {ratio(1):.2f} (N {prev[0]}→{big[0]}) | {ratio(2):.2f} | {ratio(4):.2f} | {br * 1000 / 1024:.1f} |")
print()
# The real-page corpus: build-site builds N copies + the 4 real pages per locale, Hugo N + 3.
rows = [l.rstrip("\n").split("\t") for l in open(real_corpus_raw) if l.strip()] if os.path.exists(real_corpus_raw) else []
rdata = {}
for tool, n, run, wall, user, sys_, rss, files in rows:
    rdata.setdefault((tool, int(n)), []).append((int(wall), int(user), int(sys_), int(rss), int(files)))
rns = sorted({n for _, n in rdata})
if rns:
    print(f"### Real-page corpus: N copies of the real privacy page x 3 locales (+ the 4 real pages); Hugo: its corpus of N policy-sized pages x 3, median of {runs} runs, {'fresh builds' if mode == 'fresh' else 'rebuilds'}\n")
    print("| N | tool | pages | files out | wall ms median (min–max) | user CPU ms | sys CPU ms | peak RSS MiB | user+sys µs per page | wall µs per page |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    rsum = {}
    for n in rns:
        for tool in ("build-site", "baseline", "hugo"):
            if (tool, n) not in rdata:
                continue
            d = rdata[(tool, n)]
            walls = [x[0] for x in d]
            wall, user, sys_, rss = med(walls), med([x[1] for x in d]), med([x[2] for x in d]), med([x[3] for x in d])
            cpu = med([x[1] + x[2] for x in d])
            pages = 3 * (n + (3 if tool == "hugo" else 4))
            rsum[(tool, n)] = (wall, rss)
            print(f"| {n} | {tool} | {pages} | {d[0][4]} | {wall:.0f} ({min(walls)}–{max(walls)}) | {user:.0f} | {sys_:.0f} | {rss / 1024:.1f} | {cpu * 1000 / pages:.0f} | {wall * 1000 / pages:.0f} |")
    print()
    for n in rns:
        if ("build-site", n) in rsum and ("hugo", n) in rsum:
            (bw, br), (hw, hr) = rsum[("build-site", n)], rsum[("hugo", n)]
            print(f"- N = {n}: build-site / Hugo wall {bw / hw:.2f}, peak memory {br / hr:.2f}; build-site {bw / 1000:.2f} s, {br / 1024:.0f} MiB")
        if ("build-site", n) in rsum and ("baseline", n) in rsum:
            (bw, br), (aw, ar) = rsum[("build-site", n)], rsum[("baseline", n)]
            print(f"- N = {n}: build-site / baseline wall {bw / aw:.2f}, peak memory {br / ar:.2f}")
    print()
r = [l.split("\t") for l in open(real_raw) if l.strip()]
walls = [int(x[1]) for x in r]; cpus = [int(x[2]) for x in r]; rss = [int(x[3]) for x in r]
files = sum(1 for _ in open(weights))
print(f"### Real site (the pages of content/ x 3 locales; {files} HTML files), median of {real_runs} runs, {'fresh builds' if mode == 'fresh' else 'rebuilds'}\n")
print("| wall ms (median) | wall ms (min–max) | user+sys CPU ms (median) | peak RSS MiB (median) |")
print("|---:|---:|---:|---:|")
print(f"| {med(walls):.0f} | {min(walls)}–{max(walls)} | {med(cpus):.0f} | {med(rss) / 1024:.1f} |")
b = [l.split("\t") for l in open(real_base_raw) if l.strip()] if os.path.exists(real_base_raw) else []
if b:
    bw = [int(x[1]) for x in b]; bc = [int(x[2]) for x in b]; brss = [int(x[3]) for x in b]
    print(f"\nBaseline binary, same runs (alternating):\n")
    print("| wall ms (median) | wall ms (min–max) | user+sys CPU ms (median) | peak RSS MiB (median) |")
    print("|---:|---:|---:|---:|")
    print(f"| {med(bw):.0f} | {min(bw)}–{max(bw)} | {med(bc):.0f} | {med(brss) / 1024:.1f} |")
print()
print("### Real pages, gzip -9 bytes (HTML + the CSS and JS it links)\n")
print("| page | HTML bytes | HTML gz | CSS gz | JS gz | total gz |")
print("|---|---:|---:|---:|---:|---:|")
for l in open(weights):
    f, size, h, c, j, t = l.rstrip("\n").split("\t")
    print(f"| `{f}` | {size} | {h} | {c} | {j} | {t} |")
PY
