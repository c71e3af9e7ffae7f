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
# Each step starts after `sync`; nothing is deleted between the steps (on this ext4, files
# deleted in the last minutes make every new inode slower, see bench/RESULTS.md), so run it
# a few minutes after any large deletion. The outputs are deleted at the end (DELETE=0 keeps
# them).
#
#   bench/fs-floor.sh                  # N = 1000 10000
#   FLOOR_NS=1000 bench/fs-floor.sh
#
# Needs: cargo, python3, Debian `hugo`, GNU time and coreutils. Writes under bench/out/floor/ (git-ignored);
# the table goes to stdout and to bench/out/floor-results.md.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
out="$here/out"
FLOOR_NS=${FLOOR_NS-"1000 10000"}
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
rows=()

# timed LABEL N CMD...: one run; wall from a nanosecond clock, user/sys from GNU time.
timed() {
  local label=$1 n=$2; shift 2
  local tf="$work/time" t0 t1
  sync
  t0=$(date +%s%N)
  /usr/bin/time -f '%U %S %M' -o "$tf" "$@" >/dev/null
  t1=$(date +%s%N)
  read -r user sys rss < "$tf"
  local row
  row=$(printf '| %s | %s | %d | %d | %d | %.1f |' "$n" "$label" "$(( (t1 - t0) / 1000000 ))" \
    "$(awk -v u="$user" 'BEGIN {printf "%d", u * 1000}')" \
    "$(awk -v s="$sys" 'BEGIN {printf "%d", s * 1000}')" \
    "$(awk -v r="$rss" 'BEGIN {printf "%.1f", r / 1024}')")
  rows+=("$row")
  echo "$row" >&2
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

for n in $FLOOR_NS; do
  rc="$out/real-corpus/$n"
  if [ ! -f "$rc/.done" ] || [ "$here/gen_real_corpus.py" -nt "$rc/.done" ]; then
    echo "generating the real-page corpus N=$n" >&2
    python3 "$here/gen_real_corpus.py" --repo "$repo" --n "$n" --out "$rc"
    touch "$rc/.done"
  else
    python3 "$here/gen_real_corpus.py" --repo "$repo" --n "$n" --out "$rc" --project-only
  fi
  corpus="$out/corpus/$n"
  if [ ! -f "$corpus/.done" ] || [ "$here/gen_corpus.py" -nt "$corpus/.done" ]; then
    echo "generating the light corpus N=$n (Hugo's)" >&2
    python3 "$here/gen_corpus.py" --repo "$repo" --n "$n" --out "$corpus"
    touch "$corpus/.done"
  fi
  site="$work/site-$n"
  args=(--root "$rc/gen" --base-url https://interpay.kz)
  timed build "$n" "$bin" "${args[@]}" --out "$site"
  timed hugo "$n" hugo --source "$corpus/hugo" --destination "$work/hugo-$n" --quiet --ignoreCache
  timed "check (render, no writes)" "$n" "$bin" "${args[@]}" --check
  files=$(find "$site" -type f | wc -l)
  dirs=$(find "$site" -type d | wc -l)
  bytes=$(du -sb "$site" | cut -f1)
  inodes=$(find "$site" -printf '%i\n' | sort -u | wc -l)
  timed "copy-1 ($files names, $dirs dirs, $inodes inodes, $((bytes / 1048576)) MiB)" "$n" \
    bash -c "copy_streams '$site' '$work/copy1-$n' 1"
  timed "copy-2" "$n" bash -c "copy_streams '$site' '$work/copy2-$n' 2"
  # The copies must be the same tree (a short copy would flatter the floor).
  for c in copy1 copy2; do
    if ! diff -rq "$site" "$work/$c-$n" >/dev/null; then
      echo "$c of N=$n differs from the build's output" >&2
      exit 1
    fi
  done
done

{
  echo "File-system floor, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$repo" rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| N | step | wall ms | user CPU ms | sys CPU ms | peak RSS MiB |"
  echo "|---:|---|---:|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
} | tee "$results"

if [ "$DELETE" = 1 ]; then
  echo "deleting $work (slow on this disk)" >&2
  rm -rf "$work"
fi
