#!/usr/bin/env bash
# Adds every new public symbol of the shipped projects to their PublicAPI.Unshipped.txt (the RS0016 code fix),
# and removes entries for symbols that are gone (RS0017). Review the diff: it is the change to the public surface.
set -euo pipefail
cd "$(dirname "$0")/.."
for project in src/*/*.csproj; do
  dotnet format analyzers "$project" --diagnostics RS0016 RS0017 RS0037 --severity info
  file="$(dirname "$project")/PublicAPI.Unshipped.txt"
  { head -n1 "$file"; tail -n +2 "$file" | LC_ALL=C sort -u; } > "$file.tmp" && mv "$file.tmp" "$file"
done
