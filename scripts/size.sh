#!/usr/bin/env bash
# What the browser downloads, per build: raw, gzip -9 and brotli -q 11 bytes of every file under
# www/pkg/<build>/ (except TypeScript .d.ts files, which no browser fetches; for the usdz build
# also www/ar/quicklook.js, which loads it, for the catalog build www/retailer.js), plus the shared
# viewer JS every build needs (www/roomfit-viewer.min.js, when it exists). The total of a build counts
# its own files and the shared JS.
#
# Usage: scripts/size.sh           table
#        scripts/size.sh --json    JSON: {"shared":[file...],"builds":[{"name","files":[file...],"total"}]}
#                                  with file = {"path","raw","gzip","brotli"}, total = {"raw","gzip","brotli"}
# `make size` builds first and then runs this.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

die() { printf 'size: ERROR: %s\n' "$*" >&2; exit 1; }

json=0
case "${1:-}" in
  "") ;;
  --json) json=1 ;;
  -h | --help) sed -n '2,11p' "$0"; exit 0 ;;
  *) die "unknown argument '$1' (expected --json)" ;;
esac

command -v gzip >/dev/null 2>&1 || die "gzip not found"
command -v brotli >/dev/null 2>&1 || die "brotli not found; run scripts/setup.sh"

# The minified element is what pages load (scripts/minify-element.mjs); the readable source
# only when no build has written the minified copy yet.
shared_candidates=(www/roomfit-viewer.min.js)
[ -f www/roomfit-viewer.min.js ] || shared_candidates=(www/roomfit-viewer.js)
shared=()
for f in "${shared_candidates[@]}"; do [ -f "$f" ] && shared+=("$f"); done

builds=()
for d in www/pkg/*/; do
  [ -d "$d" ] || continue
  name="$(basename "$d")"
  case "$name" in .*) continue ;; esac # temporary directories of a build in progress
  builds+=("$name")
done
# The first-frame build first, then the room build it loads on demand, the fallback, the rest.
ordered=()
for b in webgpu webgpu-room webgl; do
  for x in "${builds[@]}"; do [ "$x" = "$b" ] && ordered+=("$b"); done
done
for x in "${builds[@]}"; do case "$x" in webgpu | webgpu-room | webgl) ;; *) ordered+=("$x") ;; esac; done
builds=("${ordered[@]}")
[ ${#builds[@]} -gt 0 ] || die "no builds under www/pkg/; run make wasm (or scripts/build-wasm.sh) first"

# measure FILE -> "raw gzip brotli"
measure() {
  printf '%s %s %s\n' "$(wc -c <"$1")" "$(gzip -9 -c -n <"$1" | wc -c)" "$(brotli -q 11 -c <"$1" | wc -c)"
}

json_str() { # minimal JSON string escaping (paths here are plain, but be safe)
  local s="${1//\\/\\\\}"
  s="${s//\"/\\\"}"
  printf '"%s"' "$s"
}

declare -A raw gz br
measure_all() {
  local f r g b
  for f in "$@"; do
    [ -n "${raw[$f]:-}" ] && continue
    read -r r g b < <(measure "$f")
    raw[$f]=$r gz[$f]=$g br[$f]=$b
  done
}

measure_all "${shared[@]}"
# A build's own JS outside www/pkg/: the usdz build comes with www/ar/quicklook.js, which
# imports it (neither is fetched before Quick Look starts); the catalog build with the retailer
# page's www/retailer.js.
extra_for() {
  case "$1" in
    usdz) [ ! -f www/ar/quicklook.js ] || echo www/ar/quicklook.js ;;
    catalog) [ ! -f www/retailer.js ] || echo www/retailer.js ;;
  esac
}
declare -A build_files
for b in "${builds[@]}"; do
  mapfile -t files < <({ find "www/pkg/$b" -type f ! -name '*.d.ts'; extra_for "$b"; } | LC_ALL=C sort)
  measure_all "${files[@]}"
  build_files[$b]="$(printf '%s\n' "${files[@]}")"
done

if [ "$json" -eq 1 ]; then
  file_json() { printf '{"path":%s,"raw":%d,"gzip":%d,"brotli":%d}' "$(json_str "$1")" "${raw[$1]}" "${gz[$1]}" "${br[$1]}"; }
  printf '{"shared":['
  sep=""
  for f in "${shared[@]}"; do printf '%s%s' "$sep" "$(file_json "$f")"; sep=","; done
  printf '],"builds":['
  bsep=""
  for b in "${builds[@]}"; do
    printf '%s{"name":%s,"files":[' "$bsep" "$(json_str "$b")"
    bsep=","
    sep=""
    tr=0 tg=0 tb=0
    while IFS= read -r f; do
      [ -n "$f" ] || continue
      printf '%s%s' "$sep" "$(file_json "$f")"
      sep=","
      tr=$((tr + raw[$f])) tg=$((tg + gz[$f])) tb=$((tb + br[$f]))
    done <<<"${build_files[$b]}"
    for f in "${shared[@]}"; do tr=$((tr + raw[$f])) tg=$((tg + gz[$f])) tb=$((tb + br[$f])); done
    printf '],"total":{"raw":%d,"gzip":%d,"brotli":%d}}' "$tr" "$tg" "$tb"
  done
  printf ']}\n'
  exit 0
fi

rule() { printf '%s\n' "------------------------------------ ------------ ------------ ------------"; }
row() { printf '%-36s %12s %12s %12s\n' "$1" "$2" "$3" "$4"; }

for b in "${builds[@]}"; do
  printf '\nbuild %s\n' "$b"
  row file raw "gzip -9" "brotli -q 11"
  rule
  tr=0 tg=0 tb=0
  while IFS= read -r f; do
    [ -n "$f" ] || continue
    row "$f" "${raw[$f]}" "${gz[$f]}" "${br[$f]}"
    tr=$((tr + raw[$f])) tg=$((tg + gz[$f])) tb=$((tb + br[$f]))
  done <<<"${build_files[$b]}"
  for f in "${shared[@]}"; do
    row "$f (shared)" "${raw[$f]}" "${gz[$f]}" "${br[$f]}"
    tr=$((tr + raw[$f])) tg=$((tg + gz[$f])) tb=$((tb + br[$f]))
  done
  rule
  row "total $b" "$tr" "$tg" "$tb"
done
if [ ${#shared[@]} -eq 0 ]; then
  printf '\n(no shared JS counted: %s not found)\n' "${shared_candidates[*]}"
fi
echo "(bytes; .d.ts files are not downloaded and not counted)"
