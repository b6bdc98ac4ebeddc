#!/usr/bin/env bash
# PaperBrowser benchmarks. Usage: bash bench/run.sh [search] [web] [scale] [--count N] [--other options]
#   no benchmark named: search and web. scale runs only when named (it is long).
#   Options after the names go to every benchmark named (see bench/README.md).
# Results: bench/results/<name>.md. Only 127.0.0.1 is ever sent traffic.
set -euo pipefail
cd "$(dirname "$0")/.."

benches=()
while [[ $# -gt 0 && "$1" != --* ]]; do
  case "$1" in
    search|web|scale) benches+=("$1") ;;
    *) echo "unknown benchmark: $1 (search, web, scale)" >&2; exit 2 ;;
  esac
  shift
done
[[ ${#benches[@]} -eq 0 ]] && benches=(search web)
options=("$@")

needs_app=0
for b in "${benches[@]}"; do [[ $b != search ]] && needs_app=1; done
if [[ $needs_app == 1 ]] && ! command -v wrk >/dev/null; then
  echo "wrk is missing: installing it" >&2
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi

echo "== building the benchmarks (Release)"
dotnet build bench/PaperBrowser.Bench/PaperBrowser.Bench.csproj -c Release -nologo -v q -clp:ErrorsOnly
bench_dll=bench/PaperBrowser.Bench/bin/Release/net10.0/PaperBrowser.Bench.dll

if [[ $needs_app == 1 ]]; then
  # A folder of this run's own, so runs side by side never replace each other's app.
  if [[ -n "${PB_BENCH_APP:-}" ]]; then
    app_dir="$PB_BENCH_APP"
    rm -rf "$app_dir"
  else
    app_dir="$(mktemp -d "${TMPDIR:-/tmp}/pb-bench-app.XXXXXX")"
    trap 'rm -rf "$app_dir"' EXIT
  fi
  echo "== publishing the app (Release) to $app_dir"
  dotnet publish src/PaperBrowser.Web/PaperBrowser.Web.csproj -c Release -o "$app_dir" -nologo -v q -clp:ErrorsOnly
fi

status=0
for b in "${benches[@]}"; do
  echo "== benchmark: $b"
  case "$b" in
    search) dotnet "$bench_dll" search "${options[@]}" || status=1 ;;
    *) dotnet "$bench_dll" "$b" --app "$app_dir" "${options[@]}" || status=1 ;;
  esac
done
exit $status
