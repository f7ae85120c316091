#!/usr/bin/env bash
# The whole fault suite from one command: the quick part (cargo test: faults
# from publishers, hostile input, SSRF, 20 kill -9 rounds), the full-disk test
# (needs root), a long kill -9 loop, and every fuzz target for a while.
#
#   scripts/fault-suite.sh                 # defaults: 200 kill rounds, 300 s per fuzz target
#   CRASH_ROUNDS=1000 FUZZ_SECONDS=3600 scripts/fault-suite.sh
#
# Fuzzing needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`);
# without them that part is reported as skipped. Crashes found by the fuzzers
# land in fuzz/artifacts/<target>/ and make the suite fail.
set -euo pipefail
cd "$(dirname "$0")/.."

crash_rounds=${CRASH_ROUNDS:-200}
fuzz_seconds=${FUZZ_SECONDS:-300}

echo "== quick part: cargo test"
cargo test --locked

if [ "$(id -u)" = 0 ]; then
    echo "== full disk (tmpfs)"
    cargo test --locked --test full_disk -- --ignored
else
    echo "== full disk: skipped (needs root to mount a tmpfs)"
fi

echo "== kill -9 loop: $crash_rounds rounds"
NEWSCLIP_CRASH_ROUNDS=$crash_rounds cargo test --locked --release --test crash -- --nocapture 2>&1 | grep -E "kill -9 rounds|test result"

if cargo +nightly fuzz --version >/dev/null 2>&1; then
    for target in extract feed front_matter config; do
        echo "== fuzz $target for ${fuzz_seconds}s"
        mkdir -p "fuzz/corpus/$target"
        (cd fuzz && cargo +nightly fuzz run "$target" "corpus/$target" -- \
            -max_total_time="$fuzz_seconds" -timeout=10 -rss_limit_mb=2048 2>&1 | grep -E "^Done|SUMMARY|panicked" || true)
        if [ -n "$(ls -A "fuzz/artifacts/$target" 2>/dev/null)" ]; then
            echo "fuzz $target found crashes: fuzz/artifacts/$target" >&2
            exit 1
        fi
    done
else
    echo "== fuzzing: skipped (needs nightly and cargo-fuzz)"
fi
echo "fault suite passed"
