#!/usr/bin/env bash
# Sums jest's per-package "Tests:" lines from a turbo log into one closing line:
# "tests: N passed, N failed" (plus skipped), so a reader of CI output sees the whole count.
set -euo pipefail
log=${1:?usage: test-summary.sh LOG}
awk '
  /Tests:/ {
    for (i = 1; i <= NF; i++) {
      n = $(i - 1) + 0
      if ($i ~ /^passed/) passed += n
      if ($i ~ /^failed/) failed += n
      if ($i ~ /^skipped/) skipped += n
      if ($i ~ /^todo/) skipped += n
    }
    suites++
  }
  END {
    if (suites == 0) { print "tests: no jest summary found"; exit 1 }
    line = sprintf("tests: %d passed, %d failed", passed, failed)
    if (skipped > 0) line = line sprintf(", %d skipped", skipped)
    print line
  }' "$log"
