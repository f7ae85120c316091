#!/bin/sh
# Extraction benchmark: quality (score.py) and speed/memory of
# `newsclip extract --batch` over the shared dev corpus.
#
#   bench/extract.sh            build release, score once, then time 3 runs
#                               on all cores and 3 on one core (taskset -c 0)
#   SKIP_BUILD=1 RUNS=9 bench/extract.sh
#
# Needs ../shared/bench (corpus + score.py) next to the repository; without
# it the script says so and exits 0, so it is safe to call anywhere.
# Prints score.py's full output, then pages/s and peak RSS (max of the
# process, from /usr/bin/time -v) as medians of the timed runs.
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-"$repo/../shared"}
corpus="$shared/bench/corpus"
score="$shared/bench/score.py"
runs=${RUNS:-3}

if [ ! -f "$score" ] || [ ! -d "$corpus" ]; then
    echo "bench/extract.sh: no $shared/bench (corpus + score.py); nothing to do"
    exit 0
fi

cd "$repo"
if [ -z "${SKIP_BUILD:-}" ]; then
    cargo build --release --quiet
fi
bin="$repo/target/release/newsclip"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== score.py"
python3 "$score" "$corpus" --cmd "$bin extract --batch {manifest}" \
    --per-case "$work/per-case.jsonl" --json "$work/score.json"

# The manifest score.py would write, so timing covers the extractor alone.
python3 - "$corpus" "$work/manifest.jsonl" <<'PY'
import json, sys
from pathlib import Path
corpus, out = Path(sys.argv[1]), sys.argv[2]
with open(out, "w") as f:
    for line in open(corpus / "truth.jsonl"):
        c = json.loads(line)
        f.write(json.dumps({"id": c["id"], "path": str((corpus / c["html"]).resolve()),
                            "url": c["url"]}) + "\n")
PY
pages=$(wc -l < "$work/manifest.jsonl")

# time_runs FILE [CMD-PREFIX...]: $runs timed runs, one line per run in FILE.
time_runs() {
    file=$1
    shift
    i=0
    while [ "$i" -lt "$runs" ]; do
        i=$((i + 1))
        /usr/bin/time -v "$@" "$bin" extract --batch "$work/manifest.jsonl" \
            > /dev/null 2> "$work/time.$i"
        wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.$i")
        cpu_user=$(sed -n 's/.*User time (seconds): //p' "$work/time.$i")
        cpu_sys=$(sed -n 's/.*System time (seconds): //p' "$work/time.$i")
        rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.$i")
        echo "$wall $cpu_user $cpu_sys $rss" >> "$file"
    done
}

echo "== timing: $runs runs of $pages pages (batch, all workers)"
time_runs "$work/runs"
one_core=""
if command -v taskset > /dev/null; then
    # One worker on one core: the batch sizes its workers to the CPUs it may use.
    time_runs "$work/runs-one" taskset -c 0
    one_core="$work/runs-one"
fi

python3 - "$pages" "$work/runs" $one_core <<'PY'
import statistics, sys

def medians(path):
    rows = []
    for line in open(path):
        wall, user, sys_, rss = line.split()
        parts = [float(p) for p in wall.split(":")]
        secs = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
        rows.append((secs, float(user) + float(sys_), int(rss)))
    return (len(rows), *(statistics.median(r[k] for r in rows) for k in range(3)))

pages = int(sys.argv[1])
n, wall, cpu, rss = medians(sys.argv[2])
print(f"runs                 {n} (median reported)")
print(f"wall_s               {wall:.3f}")
print(f"pages_per_s          {pages / wall:.1f}   (whole batch, all workers)")
print(f"pages_per_cpu_s      {pages / cpu:.1f}   (pages per CPU-second)")
print(f"peak_rss_mb          {rss / 1024:.1f}")
if len(sys.argv) > 3:
    n, wall, cpu, rss = medians(sys.argv[3])
    print(f"one_core_pages_per_s {pages / wall:.1f}   (taskset -c 0: one worker, wall clock)")
    print(f"one_core_peak_rss_mb {rss / 1024:.1f}")
PY
