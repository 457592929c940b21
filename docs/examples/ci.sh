#!/usr/bin/env bash
# c8spot in a CI job: start the local GDN emulator, set up a spot fabric (safe to re-run),
# load and check data with JSON output and jq, then tear everything down.
# Needs c8spot and jq on PATH. Ports: C8SPOT_EMULATOR_PORT (default 8529; 0 = any free ports).
set -euo pipefail

port="${C8SPOT_EMULATOR_PORT:-8529}"
data_dir="$(mktemp -d)"
work_dir="$(mktemp -d)"

# 1. The emulator, in the background. It prints one READY line with its URLs; `start` also
#    points the built-in `local` profile at it, so later commands need no --url or key.
ready="$(c8spot emulator start --detach --port "$port" --data-dir "$data_dir")"
trap 'c8spot emulator stop --data-dir "$data_dir" >/dev/null; rm -rf "$data_dir" "$work_dir"' EXIT
url="$(printf '%s\n' "$ready" | sed 's/^READY //' | jq -r .url)"
echo "emulator at $url"

# 2. Set-up, idempotent: a second run reports created:false instead of failing
#    (exit 5 if the fabric exists with another spot region).
c8spot fabric create ci-demo --regions us-east,eu-west,ap-south --spot-dc us-east --if-not-exists -o json \
  | jq -e '.spotDc == "us-east"' >/dev/null
c8spot --fabric ci-demo collection create accounts --spot --if-not-exists -o json \
  | jq -e '.spot == true' >/dev/null

# 3. Load data. The summary is JSON; any failed document makes insert exit 7.
cat >"$work_dir/accounts.ndjson" <<'NDJSON'
{"_key":"alice","balance":250}
{"_key":"bob","balance":40}
{"_key":"carol","balance":120}
NDJSON
inserted="$(c8spot --fabric ci-demo insert accounts "$work_dir/accounts.ndjson" --on-duplicate replace -o json -q | jq .inserted)"
echo "inserted $inserted accounts"

# 4. Check results with jq: -e makes jq exit non-zero when the expression is false or null.
total="$(c8spot --fabric ci-demo query 'FOR a IN accounts COLLECT AGGREGATE t = SUM(a.balance) RETURN t' -o json -q | jq '.[0]')"
test "$total" -eq 410
c8spot --fabric ci-demo restql save rich 'FOR a IN accounts FILTER a.balance > @min RETURN a._key' \
  --param min:=100 --replace -o json -q >/dev/null
c8spot --fabric ci-demo restql run rich -o ndjson -q | jq -r . | sort | paste -sd, - | grep -qx 'alice,carol'

# 5. Every region returns the same answer: region-read --verify exits 6 when they disagree.
c8spot --fabric ci-demo region-read --restql rich --verify -o json -q | jq -r '.regions[] | "\(.region) \(.rows) rows \(.digest)"'

# 6. Expected failures are exit codes, with a JSON error envelope on stdout.
status=0
c8spot --fabric ci-demo doc get accounts nobody -o json -q >"$work_dir/error.json" || status=$?
test "$status" -eq 3                                    # 3 = not found
jq -e '.error.errorNum == 1202' "$work_dir/error.json" >/dev/null

# 7. Teardown: saved queries, collections, then the fabric. Running it again is a no-op.
c8spot teardown ci-demo --yes -o json -q | jq -r '.steps[] | "\(.status) \(.kind) \(.name)"'
c8spot teardown ci-demo --yes -o json -q | jq -e 'all(.steps[]; .status == "already gone")' >/dev/null
echo "ci example: ok"
