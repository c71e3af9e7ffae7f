#!/usr/bin/env bash
# Load script (not a test): 1,000 distinct requests at concurrency 50 to `serve`, backed by
# moto's DynamoDB (one request at a time, as in the tests) and an aiosmtpd SMTP server.
# Usage: bench/load.sh [N] [C]     Output: one JSON line (throughput, p50/p99 latency).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}; C=${2:-50}
VENV=tests/.venv
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check -r tests/requirements.txt
cargo build --release --quiet -p serve --bin serve --example load
TARGET=${CARGO_TARGET_DIR:-target}
WORK=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
port() { "$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
MOTO=$(port); SMTP=$(port)
"$VENV/bin/python" tests/support/moto_server.py 127.0.0.1 "$MOTO" >/dev/null 2>&1 & pids+=($!)
sleep 100000 | "$VENV/bin/python" tests/support/smtp_sink.py "$WORK/mail" "$SMTP" >/dev/null 2>&1 & pids+=($!)
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
export AWS_ENDPOINT_URL_DYNAMODB="http://127.0.0.1:$MOTO"
for _ in $(seq 1 150); do (echo > "/dev/tcp/127.0.0.1/$MOTO") 2>/dev/null && break; sleep 0.2; done
AWS_DEFAULT_REGION=us-east-1 "$VENV/bin/python" - "$MOTO" <<'PY'
import sys, boto3
boto3.client("dynamodb", endpoint_url=f"http://127.0.0.1:{sys.argv[1]}").create_table(
    TableName="requests", BillingMode="PAY_PER_REQUEST",
    AttributeDefinitions=[{"AttributeName": a, "AttributeType": "S"} for a in ("pk", "open", "due", "owed", "received_at")],
    KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
    # The sparse indexes of deploy/template.yaml.
    GlobalSecondaryIndexes=[
        {"IndexName": name, "Projection": {"ProjectionType": "ALL"},
         "KeySchema": [{"AttributeName": h, "KeyType": "HASH"}, {"AttributeName": r, "KeyType": "RANGE"}]}
        for name, h, r in (("open-by-deadline", "open", "due"), ("mail-owed", "owed", "received_at"))])
PY
REQUESTS_TABLE=requests SMTP_URL="smtp://127.0.0.1:$SMTP" MAIL_FROM=no-reply@interpay.kz \
OPERATOR_EMAIL=support@interpay.kz SITE_URL=https://interpay.kz ALLOWED_ORIGINS=https://interpay.kz \
STORE_TIMEOUT_MS=60000 RUST_LOG=warn SOURCE_REQUESTS_PER_HOUR=1000000 OPERATOR_NOTICES_PER_HOUR=1000000 \
  "$TARGET/release/serve" --port 0 --data-dir "$WORK/data" >"$WORK/serve.log" 2>&1 & pids+=($!)
for _ in $(seq 1 300); do grep -q 'listening on' "$WORK/serve.log" 2>/dev/null && break; sleep 0.1; done
ORIGIN=$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/serve.log" | head -1)
"$TARGET/release/examples/load" "$ORIGIN" "$N" "$C"
echo "mails received: $(ls "$WORK/mail"/*.json 2>/dev/null | wc -l) (expected $((2 * N)))"
