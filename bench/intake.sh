#!/usr/bin/env bash
# Intake function benchmark: stripped binary size, process start to first Runtime API poll
# (median of STARTS starts), cold start to first response (median of STARTS starts, each
# answering one valid event against moto), CPU per invocation for N valid and N invalid
# events (p50 / p99, on-CPU time only: see bench/RESULTS.md), peak RSS.
#
#   bench/intake.sh                 # STARTS=20 N=500
#   BIN=path/to/intake bench/intake.sh   # measure that binary instead of building one
#   LAMBDA_RUSTFLAGS= bench/intake.sh    # build without the deploy build's flags (a PIE binary)
#
# Starts, on free loopback ports, and stops again: moto_server (DynamoDB), an aiosmtpd sink,
# and bench/runtime_api.py (a local Runtime API that spawns the binary). Python packages go to
# $VENV (default bench/out/venv; moto[server]==5.1.4, aiosmtpd==1.4.6). The binary is built in
# cargo's target directory ($CARGO_TARGET_DIR if set). Output: bench/out/intake-*.json and
# a Markdown summary on stdout and in bench/out/intake-results.md.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
out="$here/out"
STARTS=${STARTS:-20}
N=${N:-500}
mkdir -p "$out"
rm -f "$out"/intake-startup.log "$out"/intake-invoke.log "$out"/intake-cold.log \
  "$out"/intake-startup.json "$out"/intake-invoke.json "$out"/intake-cold.json

# Keep in step with deploy/deploy.sh (README, "Decisions": the non-PIE build).
LAMBDA_RUSTFLAGS=${LAMBDA_RUSTFLAGS-"-C relocation-model=static"}
mkdir -p "$out/bin"
if [ -n "${BIN:-}" ]; then
  cp "$BIN" "$out/bin/intake"
  built_from="$BIN"
else
  echo "building intake (release)" >&2
  # The deploy build's code generation (deploy/deploy.sh gives cargo lambda the same flags as
  # RUSTFLAGS): a non-PIE executable. `cargo rustc` passes them to the binary's own crate only,
  # which with fat LTO generates all the code, so nothing else is rebuilt and `cargo test`'s
  # artifacts are untouched.
  # The deploy build's profile too (`lambda`, the root Cargo.toml: opt-level z, panic abort).
  (cd "$repo" && nice -n 10 cargo rustc --profile lambda --bin intake -p intake -q -- $LAMBDA_RUSTFLAGS)
  target_dir=$(cd "$repo" && cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
  # A private copy: the target directory is shared (see site.sh).
  cp "$target_dir/lambda/intake" "$out/bin/intake"
  built_from="commit $(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet HEAD -- . ':!bench' || echo ' + uncommitted changes')"
fi
bin="$out/bin/intake"

venv="${VENV:-$out/venv}"
if [ ! -x "$venv/bin/moto_server" ] || [ ! -x "$venv/bin/aiosmtpd" ]; then
  echo "creating $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q 'moto[server]==5.1.4' 'aiosmtpd==1.4.6'
fi
py="$venv/bin/python"

free_port() { "$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
moto_port=$(free_port)
smtp_port=$(free_port)

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

"$venv/bin/moto_server" -H 127.0.0.1 -p "$moto_port" >"$out/moto.log" 2>&1 &
pids+=($!)
"$py" -m aiosmtpd -n -l "127.0.0.1:$smtp_port" >"$out/smtp.log" 2>&1 &
pids+=($!)

wait_port() {
  for _ in $(seq 1 100); do
    if "$py" -c "import socket,sys; socket.create_connection(('127.0.0.1', $1), 0.2)" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "nothing listening on port $1" >&2
  return 1
}
wait_port "$moto_port"
wait_port "$smtp_port"

table=bench-requests
"$py" - "$moto_port" "$table" <<'PY'
import sys, boto3
port, table = sys.argv[1], sys.argv[2]
client = boto3.client("dynamodb", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                      aws_access_key_id="test", aws_secret_access_key="test")
client.create_table(TableName=table, AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                    KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST")
PY

ca_bundle=
for f in /etc/ssl/certs/ca-certificates.crt /etc/pki/tls/certs/ca-bundle.crt; do
  if [ -f "$f" ]; then ca_bundle=$f; break; fi
done
[ -n "$ca_bundle" ] || { echo "no CA bundle found (Debian or Amazon Linux path)" >&2; exit 1; }
envs=(
  --env AWS_LAMBDA_FUNCTION_NAME=intake
  --env AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128
  --env AWS_LAMBDA_FUNCTION_VERSION=1
  --env AWS_LAMBDA_LOG_FORMAT=Text
  --env "REQUESTS_TABLE=$table"
  --env "SMTP_URL=smtp://127.0.0.1:$smtp_port"
  --env MAIL_FROM=no-reply@interpay.kz
  --env OPERATOR_EMAIL=support@interpay.kz
  --env SITE_URL=https://interpay.kz
  --env ALLOWED_ORIGINS=https://interpay.kz
  --env AWS_ACCESS_KEY_ID=test
  --env AWS_SECRET_ACCESS_KEY=test
  --env AWS_REGION=us-east-1
  --env AWS_EC2_METADATA_DISABLED=true
  # As deploy/template.yaml sets it: the TLS clients read this machine's one CA bundle.
  --env "SSL_CERT_FILE=$ca_bundle"
  --env "AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:$moto_port"
  # Every invocation comes from one address and is notified: lift the abuse limits.
  --env SOURCE_REQUESTS_PER_HOUR=1000000
  --env OPERATOR_NOTICES_PER_HOUR=1000000
)

size=$(stat -c %s "$bin")
file_info=$(file -b "$bin" 2>/dev/null || echo "?")
echo "binary: $size bytes ($file_info)" >&2

echo "start to first poll: $STARTS starts" >&2
"$py" "$here/runtime_api.py" startup --bin "$bin" --runs "$STARTS" --log "$out/intake-startup.log" "${envs[@]}" \
  > "$out/intake-startup.json"
echo "cold start to first response: $STARTS starts" >&2
"$py" "$here/runtime_api.py" coldstart --bin "$bin" --runs "$STARTS" --log "$out/intake-cold.log" "${envs[@]}" \
  > "$out/intake-cold.json"
echo "invocations: $N valid + $N invalid" >&2
"$py" "$here/runtime_api.py" invoke --bin "$bin" --n "$N" --log "$out/intake-invoke.log" "${envs[@]}" \
  > "$out/intake-invoke.json"

echo "<!-- $(date -u '+%Y-%m-%d %H:%M UTC'); binary built from $built_from; $(nproc) CPUs; load average $(cut -d' ' -f1-3 /proc/loadavg) -->" | tee "$out/intake-results.md"
"$py" - "$size" "$file_info" "$out/intake-startup.json" "$out/intake-invoke.json" "$out/intake-cold.json" <<'PY' | tee -a "$out/intake-results.md"
import json, sys
size, info, s_path, i_path, c_path = sys.argv[1:6]
s = json.load(open(s_path)); r = json.load(open(i_path)); c = json.load(open(c_path))
sp = s["start_to_first_poll_ms"]
cr = c["start_to_first_response_ms"]; cc = c["cpu_ms_to_first_response"]
print("| measure | value |")
print("|---|---:|")
print(f"| binary size (`lambda` profile, LTO, stripped) | {int(size):,} bytes ({int(size) / 1048576:.2f} MiB) |")
print(f"| start → first Runtime API poll, median of {s['runs']} (incl. DynamoDB GetItem on local moto) | {sp['median']:.1f} ms (min {sp['min']:.1f}, p90 {sp['p90']:.1f}, max {sp['max']:.1f}) |")
if s.get("cpu_ms_to_first_poll"):
    ic = s["cpu_ms_to_first_poll"]
    print(f"| CPU from start to the first poll (init, schedstat), median | {ic['median']:.1f} ms (min {ic['min']:.1f}, max {ic['max']:.1f}) |")
print(f"| cold start → first response posted, median of {c['runs']} (one valid request: moto + 2 e-mails; {', '.join(f'{k} × {v}' for k, v in sorted(c['statuses'].items()))}) | {cr['median']:.1f} ms (min {cr['min']:.1f}, p90 {cr['p90']:.1f}, max {cr['max']:.1f}) |")
if cc:
    print(f"| CPU from start to the first response (init + first request, schedstat), median | {cc['median']:.1f} ms (min {cc['min']:.1f}, max {cc['max']:.1f}) |")
for name, label in (("invalid", "invalid (422, no I/O)"), ("valid", "valid (201: DynamoDB + 2 e-mails)")):
    b = r[name]; c = b["cpu_ms_per_invocation_schedstat"]; rt = b["round_trip_ms"]
    print(f"| {label}: statuses | {', '.join(f'{k} × {v}' for k, v in sorted(b['statuses'].items()))} |")
    print(f"| {label}: CPU per invocation, /proc/pid/stat mean ({b['cpu_ticks_total']} ticks / {r['n_per_batch']}) | {b['cpu_ms_per_invocation_proc_stat_mean']:.3f} ms |")
    print(f"| {label}: CPU per invocation, schedstat p50 / p99 / max (mean) | {c['p50']:.3f} / {c['p99']:.3f} / {c['max']:.3f} ms ({c['mean']:.3f}) |")
    print(f"| {label}: Runtime API round trip p50 / p99 / max | {rt['p50']:.3f} / {rt['p99']:.3f} / {rt['max']:.3f} ms |")
    print(f"| {label}: VmHWM after the batch | {b['vm_hwm_kib_after_batch'] / 1024:.1f} MiB |")
PY
