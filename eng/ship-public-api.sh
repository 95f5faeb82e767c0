#!/usr/bin/env bash
# At a release: moves every project's PublicAPI.Unshipped.txt entries into PublicAPI.Shipped.txt, so that the analyzer
# (RS0016/RS0017, warnings as errors) guards the released surface from then on. Run it with the version bump, then build.
set -euo pipefail
cd "$(dirname "$0")/.."
for dir in src/*/; do
  shipped="$dir/PublicAPI.Shipped.txt"
  unshipped="$dir/PublicAPI.Unshipped.txt"
  [ -f "$unshipped" ] || continue
  { echo '#nullable enable'
    { tail -n +2 "$shipped"; tail -n +2 "$unshipped"; } | { grep -v '^$' || true; } | LC_ALL=C sort -u
  } > "$shipped.tmp"
  mv "$shipped.tmp" "$shipped"
  echo '#nullable enable' > "$unshipped"
done
