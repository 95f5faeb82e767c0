#!/usr/bin/env bash
# Brings every shipped project's PublicAPI.Unshipped.txt in step with its code: adds each new public symbol the analyzer
# reports (RS0016) and removes each entry whose symbol is gone (RS0017). Review the diff: it is the change to the public surface.
set -euo pipefail
cd "$(dirname "$0")/.."
for project in src/*/*.csproj; do
  dir="$(dirname "$project")"
  file="$dir/PublicAPI.Unshipped.txt"
  for _ in 1 2 3; do
    log="$(dotnet build "$project" --no-incremental -p:TreatWarningsAsErrors=false 2>&1 || true)"
    added="$(grep -oP "RS0016: Symbol '\K.*(?=' is not part of the declared public API)" <<<"$log" | grep -v "^$" | sort -u || true)"
    removed="$(grep -oP "RS0017: Symbol '\K.*(?=' is part of the declared API, but)" <<<"$log" | sort -u || true)"
    [ -z "$added$removed" ] && break
    { head -n1 "$file"
      { tail -n +2 "$file" | grep -vxF -f <(printf '%s\n' "$removed" | grep -v '^$' || echo '@@none@@') || true
        [ -n "$added" ] && printf '%s\n' "$added"
      } | LC_ALL=C sort -u
    } > "$file.tmp"
    mv "$file.tmp" "$file"
  done
done
