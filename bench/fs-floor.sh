#!/usr/bin/env bash
# What the site at scale costs apart from rendering: the file system's share of a build.
#
# For each N (copies of the real privacy page per locale, the real-page corpus of site.sh):
#   build    a fresh build-site into a new directory (the whole cost)
#   hugo     Hugo on its corpus of N policy-sized pages per locale (site.sh's), into a new
#            directory: the reference of the targets, measured in the same conditions
#   check    `build-site --check`: every page rendered and link-checked, nothing written
#   copy-1   that build's output tree copied into a new directory (`cp`): the same
#            directories, files and hard links, with no rendering at all, one stream
#   copy-2   the same tree in two streams (two halves of its entries, in parallel): the
#            floor on this machine's two CPUs for any generator that writes this URL layout
# FLOOR_RUNS rounds (default 3) of these steps in this order, each into a new directory; the
# median of each step is reported. The corpora are read once before the first round (warm
# caches, as for every later round). Each step starts after `sync`; nothing is deleted
# between the steps (on this ext4, files deleted in the last minutes make every new inode
# slower, see bench/RESULTS.md), so run it a few minutes after any large deletion. A round at
# N = 10,000 writes about 6 GiB (three trees of 1.7 GiB and Hugo's). The outputs are deleted
# at the end (DELETE=0 keeps them).
#
#   bench/fs-floor.sh                                   # N = 1000 10000, 3 rounds
#   FLOOR_NS=1000 bench/fs-floor.sh
#   FLOOR_NS=10000 FLOOR_RUNS=1 bench/fs-floor.sh
#
# Needs: cargo, python3, Debian `hugo`, GNU time and coreutils. Writes under bench/out/floor/ (git-ignored);
# the table goes to stdout and to bench/out/floor-results.md.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
out="$here/out"
FLOOR_NS=${FLOOR_NS-"1000 10000"}
FLOOR_RUNS=${FLOOR_RUNS:-3}
DELETE=${DELETE:-1}
for tool in /usr/bin/time hugo; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install time hugo)" >&2; exit 2; }
done

echo "building build-site (release)" >&2
(cd "$repo" && cargo build --release --bin build-site -q)
target_dir=${CARGO_TARGET_DIR:-$repo/target}
case $target_dir in /*) ;; *) target_dir="$repo/$target_dir" ;; esac
mkdir -p "$out/bin"
bin="$out/bin/build-site-floor"
cp "$target_dir/release/build-site" "$bin"

work="$out/floor/$(date +%s)"
mkdir -p "$work"
results="$out/floor-results.md"
trees=()

# timed STEP N CMD...: one run; wall from a nanosecond clock, user/sys CPU and peak RSS from
# GNU time; a raw row in $raw.
raw="$work/raw.tsv"
: > "$raw"
timed() {
  local step=$1 n=$2; shift 2
  local tf="$work/time" t0 t1 user sys rss
  sync
  t0=$(date +%s%N)
  /usr/bin/time -f '%U %S %M' -o "$tf" "$@" >/dev/null
  t1=$(date +%s%N)
  read -r user sys rss < "$tf"
  printf '%s\t%s\t%d\t%d\t%d\t%d\n' "$n" "$step" "$(( (t1 - t0) / 1000000 ))" \
    "$(awk -v u="$user" 'BEGIN {printf "%d", u * 1000}')" \
    "$(awk -v s="$sys" 'BEGIN {printf "%d", s * 1000}')" "$rss" >> "$raw"
  echo "  N=$n $step: $(( (t1 - t0) / 1000000 )) ms wall, cpu $user + $sys s, $rss KiB" >&2
}

# copy_streams SRC DST K: the tree of SRC recreated at DST by K parallel streams, each given
# every K-th entry two levels down (the pages' directories), after the top-level
# directories and files. A file with several names (the build's aliases are hard links to
# the Russian pages) is linked, not copied, as the build does: the same inodes as the build.
copy_streams() {
  local src=$1 dst=$2 k=$3
  mkdir -p "$dst"
  (cd "$src" && find . -mindepth 1 -maxdepth 1 -type d -printf '%P\0') | (cd "$dst" && xargs -0 -r mkdir -p)
  (cd "$src" && find . -mindepth 1 -maxdepth 1 -type f -printf '%P\0') | (cd "$src" && xargs -0 -r cp -t "$dst")
  (cd "$src" && find . -mindepth 2 -maxdepth 2 \( -type d -o -links 1 \) -printf '%P\n') > "$dst.copy"
  (cd "$src" && find . -mindepth 2 -maxdepth 2 -type f -links +1 -printf '%P\n') > "$dst.link"
  local i pids=()
  for ((i = 0; i < k; i++)); do
    (
      cd "$src"
      awk -v k="$k" -v i="$i" 'NR % k == i' "$dst.copy" | tr '\n' '\0' | xargs -0 -r -n 256 cp -r --parents -t "$dst"
      awk -v k="$k" -v i="$i" 'NR % k == i' "$dst.link" | tr '\n' '\0' | xargs -0 -r -n 256 cp -l --parents -t "$dst"
    ) &
    pids+=($!)
  done
  local status=0
  for p in "${pids[@]}"; do wait "$p" || status=1; done
  rm -f "$dst.copy" "$dst.link"
  return $status
}
export -f copy_streams

# shellcheck source=bench/corpora.sh
. "$here/corpora.sh"

for n in $FLOOR_NS; do
  rc="$out/real-corpus/$n"
  corpus="$out/corpus/$n"
  real_corpus "$n"
  light_corpus "$n"
  echo "N=$n: reading the corpora once (warm caches)" >&2
  find "$rc/gen" "$corpus/hugo" -type f -exec cat {} + > /dev/null
  args=(--root "$rc/gen" --base-url https://interpay.kz)
  for run in $(seq 1 "$FLOOR_RUNS"); do
    site="$work/site-$n-$run"
    timed build "$n" "$bin" "${args[@]}" --out "$site"
    timed hugo "$n" hugo --source "$corpus/hugo" --destination "$work/hugo-$n-$run" --quiet --ignoreCache
    timed check "$n" "$bin" "${args[@]}" --check
    timed copy-1 "$n" bash -c "copy_streams '$site' '$work/copy1-$n-$run' 1"
    timed copy-2 "$n" bash -c "copy_streams '$site' '$work/copy2-$n-$run' 2"
    # The copies must be the same tree (a short copy would flatter the floor).
    for c in copy1 copy2; do
      if ! diff -rq "$site" "$work/$c-$n-$run" >/dev/null; then
        echo "$c of N=$n differs from the build's output" >&2
        exit 1
      fi
    done
  done
  trees+=("| $n | $(find "$site" -type f | wc -l) | $(find "$site" -type d | wc -l) | $(find "$site" -printf '%i\n' | sort -u | wc -l) | $(( $(du -sb "$site" | cut -f1) / 1048576 )) |")
done

# The median of each step (the middle run; the lower middle of an even count).
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
{
  echo "File-system floor, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$repo" rev-parse --short HEAD), $FLOOR_RUNS round(s), load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| N | build-site output: names | directories | inodes | MiB |"
  echo "|---:|---:|---:|---:|---:|"
  printf '%s\n' "${trees[@]}"
  echo
  echo "| N | step | wall ms median (min–max) | user CPU ms | sys CPU ms | peak RSS MiB |"
  echo "|---:|---|---:|---:|---:|---:|"
  for n in $FLOOR_NS; do
    for step in build hugo check copy-1 copy-2; do
      col() { awk -F'\t' -v n="$n" -v s="$step" -v c="$1" '$1 == n && $2 == s {print $c}' "$raw"; }
      printf '| %s | %s | %s (%s–%s) | %s | %s | %.1f |\n' "$n" "$step" \
        "$(col 3 | median)" "$(col 3 | sort -n | head -1)" "$(col 3 | sort -n | tail -1)" \
        "$(col 4 | median)" "$(col 5 | median)" "$(col 6 | median | awk '{print $1 / 1024}')"
    done
  done
} | tee "$results"

if [ "$DELETE" = 1 ]; then
  echo "deleting $work (slow on this disk)" >&2
  rm -rf "$work"
fi
