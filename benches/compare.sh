#!/usr/bin/env bash
# Whole-process timings of Afterword against `rg -l` on the same generated
# journals (1,000 and 10,000 entries), and peak memory.
#
# Needs ripgrep and hyperfine (Debian: apt-get install ripgrep hyperfine).
# Writes the tables to target/bench-compare.md and prints them.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in rg hyperfine; do
    command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install ripgrep hyperfine)" >&2; exit 2; }
done
cargo build --release --quiet --example corpus
cargo build --release --quiet
bin=target/release/afterword
out=target/bench-compare.md
runs=${RUNS:-40}
word=${WORD:-grief}
: > "$out"
for n in 1000 10000; do
    dir=target/bench-corpus/$n
    [ -d "$dir/entries" ] || target/release/examples/corpus "$dir" "$n" >/dev/null
    export AFTERWORD_JOURNAL="$PWD/$dir" AFTERWORD_CONFIG="$PWD/target/bench-config"
    "$bin" list >/dev/null 2>&1 # a second start always finds the cache
    answers=$(mktemp)
    printf 'client = "BENCH-1"\n[answers]\nwhat-mattered = "A short answer."\n' > "$answers"
    echo "## $n entries ($(du -sh --apparent-size "$dir/entries" | cut -f1) of entries)" | tee -a "$out"
    hyperfine -N --warmup 5 --runs "$runs" --style none --export-markdown /tmp/afterword-bench.md \
        -n "rg -l $word (reference)" "rg -l $word $dir/entries" \
        -n "afterword search $word" "$bin search $word" \
        -n "afterword list" "$bin list" \
        -n "browser first frame" "$bin frame browser" \
        -n "new reflection first frame" "$bin frame new" \
        -n "save an entry (new --answers)" "$bin new --pack quick --session 1 --modality individual --answers $answers" \
        -n "save an entry, session from history" "$bin new --pack quick --answers $answers" \
        >/dev/null
    cat /tmp/afterword-bench.md | tee -a "$out"
    "$bin" search "$word" >/dev/null 2>&1 # the saves above changed the journal: warm again
    for what in "frame browser" "search $word" "frame new"; do
        # shellcheck disable=SC2086
        /usr/bin/time -f %M -o /tmp/afterword-peak "$bin" $what >/dev/null 2>&1
        kib=$(tail -1 /tmp/afterword-peak)
        mib=$(awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }')
        echo "peak memory, afterword $what: $mib MiB" | tee -a "$out"
    done
    # The entries the timing runs saved are removed again.
    find "$dir/entries" -newer "$answers" -name '*-quick*.md' -delete
    rm -f "$answers"
    echo | tee -a "$out"
done
