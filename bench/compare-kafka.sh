#!/usr/bin/env bash
# Side-by-side benchmark of Runnel against Apache Kafka 4.4.0 on this machine (see docs/benchmarks.md).
# Same as `./runnel bench compare`; pass --quick for a short smoke run, --help for every option.
# Kafka's broker jars are fetched with Maven into ~/.cache/runnel-bench (or $RUNNEL_BENCH_CACHE), never the repo.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
exec "$root/runnel" bench compare "$@"
