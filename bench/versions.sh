#!/usr/bin/env bash
# Build time with many policy versions: a copy of the real project with V versions (V-1
# frozen in content/versions/, each with one retention period changed, made with the
# documented editor step: `build-site freeze`, bump the version and dates, add the change-log
# entry), built RUNS times by the release build-site. Every version is 3 pages x 3 languages
# at its permanent URL, plus a comparison per page and language for each version after the
# first.
#
#   bench/versions.sh              # V = 50, 5 runs
#   V=10 RUNS=3 bench/versions.sh
#
# Prints wall time (median, min, max) and peak RSS (max) and writes bench/out/versions-V.md.
# Needs: cargo, python3, GNU time (apt-get install time when missing).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
V=${V:-50}
RUNS=${RUNS:-5}
out="$here/out"
project="$out/versions-$V"
mkdir -p "$out"
[ -x /usr/bin/time ] || apt-get install -y time >/dev/null

(cd "$repo" && cargo build --release --bin build-site -q)
bin="$out/bin-versions/build-site"
mkdir -p "$(dirname "$bin")"
# The binary is taken from $CARGO_TARGET_DIR when it is set (else target/), as in site.sh.
target_dir=${CARGO_TARGET_DIR:-$repo/target}
case $target_dir in /*) ;; *) target_dir="$repo/$target_dir" ;; esac
cp "$target_dir/release/build-site" "$bin"

rm -rf "$project"
mkdir -p "$project/site"
cp -r "$repo/content" "$repo/locales" "$project/"
cp -r "$repo/site/templates" "$repo/site/assets" "$project/site/"
for i in $(seq 1 $((V - 1))); do
  "$bin" --root "$project" freeze >/dev/null
  python3 - "$project/content/facts.toml" "$i" <<'PY'
import re, sys, datetime
path, i = sys.argv[1], int(sys.argv[2])
text = open(path, encoding="utf-8").read()
version = f"1.{i}"
day = (datetime.date(2026, 6, 13) + datetime.timedelta(days=7 * i)).isoformat()
text = re.sub(r'^version = "[^"]*"', f'version = "{version}"', text, count=1, flags=re.M)
text = re.sub(r"^effective_date = .*$", f"effective_date = {day}", text, count=1, flags=re.M)
text = re.sub(r"^last_updated = .*$", f"last_updated = {day}", text, count=1, flags=re.M)
# One retention period changes in each version (5, 6, 7, ... years).
text = re.sub(r'(id = "whatsapp"\nsource = "policy §6"\nyears = )\d+', lambda m: m.group(1) + str(5 + i), text, count=1)
entry = (f'\n[[changelog]]\nsource = "operator: benchmark"\nversion = "{version}"\ndate = {day}\n'
         f'summary.ru = "Версия {version}."\nsummary.kk = "{version} редакциясы."\nsummary.en = "Version {version}."\n')
text = text.rstrip("\n") + "\n" + entry
open(path, "w", encoding="utf-8").write(text)
PY
done

walls=()
peak=0
for r in $(seq 1 "$RUNS"); do
  rm -rf "$project/public" "$project/.public.prev" "$project/.public.next"
  tf=$(mktemp)
  start=$(date +%s%N)
  /usr/bin/time -v -o "$tf" "$bin" --root "$project" --out "$project/public" >/dev/null
  end=$(date +%s%N)
  walls+=($(( (end - start) / 1000000 )))
  rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print $2}' "$tf")
  [ "$rss" -gt "$peak" ] && peak=$rss
  rm -f "$tf"
done
sorted=$(printf '%s\n' "${walls[@]}" | sort -n)
median=$(echo "$sorted" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
min=$(echo "$sorted" | head -1)
max=$(echo "$sorted" | tail -1)
files=$(find "$project/public" -type f | wc -l)
report="$out/versions-$V.md"
{
  echo "| versions | files | wall median (min-max) | peak RSS |"
  echo "|---:|---:|---:|---:|"
  echo "| $V | $files | ${median} ms (${min}-${max}) | $((peak / 1024)) MiB |"
} | tee "$report"
