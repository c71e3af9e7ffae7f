# Sourced by site.sh and fs-floor.sh: the benchmark corpora, each made once and reused while
# its generator is unchanged; the project files copied into it are refreshed on every use, so
# that they match the binary under test. Needs $here (bench/), $repo and $out (bench/out).

# make_corpus GENERATOR DIR N
make_corpus() {
  local generator=$1 dir=$2 n=$3
  if [ ! -f "$dir/.done" ] || [ "$here/$generator" -nt "$dir/.done" ]; then
    echo "generating $dir (N=$n)" >&2
    nice -n 10 python3 "$here/$generator" --repo "$repo" --n "$n" --out "$dir"
    touch "$dir/.done"
  else
    python3 "$here/$generator" --repo "$repo" --n "$n" --out "$dir" --project-only
  fi
}

# The light corpus of N pages per locale (both tools; Hugo's in every comparison).
light_corpus() { make_corpus gen_corpus.py "$out/corpus/$1" "$1"; }

# N copies of the real privacy page per locale (build-site).
real_corpus() { make_corpus gen_real_corpus.py "$out/real-corpus/$1" "$1"; }
