#!/usr/bin/env bash
# Container smoke test: builds the image from the work tree, runs docker-compose.yml under a throwaway
# project name and checks, against the real containers:
#   1. the image builds and the web service turns healthy (and ready)
#   2. the search page and the search API answer with the bundled sample papers
#   3. a file imported by the `import` service is found by the running site, without a restart
#   4. every paper is still there after `down` and `up -d` (the data volume persists)
#   5. the site runs as a non-root user and the image holds no .NET SDK
#   6. everything the test created is removed again (containers, network, volume, image tag)
#
# Usage: bash tests/container/smoke.sh
#   KEEP_IMAGE=1            keep the image it built (tag printed at the end)
#   SMOKE_HEALTH_TIMEOUT=N  seconds to wait for the site to turn healthy (default 180)
#   COMPOSE="docker-compose" the compose command (default: `docker compose` when present, else docker-compose)
# Needs a running Docker engine that has (or can pull) the mcr.microsoft.com/dotnet sdk and aspnet images.
# Talks only to 127.0.0.1: the site's port is published on the loopback address, on a port Docker picks.
# Ends with a line "smoke: N passed, M failed"; exit status 0 only when nothing failed.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
project=pbsmoke$(date +%s)$$
image=paperbrowser:smoke-$project
health_timeout=${SMOKE_HEALTH_TIMEOUT:-180}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pbsmoke.XXXXXX")
passed=0
failed=0
cleaned=

say() { printf '[smoke] %s\n' "$*"; }
pass() { passed=$((passed + 1)); printf 'PASS %s\n' "$*"; }
fail() { failed=$((failed + 1)); printf 'FAIL %s\n' "$*"; }
now() { date +%s; }

# ---- compose -----------------------------------------------------------------------------------------------
if [[ -n ${COMPOSE:-} ]]; then
  read -r -a compose_cmd <<<"$COMPOSE"
elif docker compose version >/dev/null 2>&1; then
  compose_cmd=(docker compose)
elif command -v docker-compose >/dev/null; then
  compose_cmd=(docker-compose)
else
  echo "FAIL no docker compose: install the compose plugin or docker-compose" >&2
  echo "smoke: 0 passed, 6 failed"
  exit 1
fi
# The compose file reads these; a user's own settings (or an .env file) must not leak into the test.
export PAPERBROWSER_IMAGE=$image
export PAPERBROWSER_PORT=127.0.0.1:   # "127.0.0.1::8080": loopback only, on a free port Docker picks
unset COMPOSE_PROFILES COMPOSE_FILE COMPOSE_PROJECT_NAME
compose() { "${compose_cmd[@]}" -p "$project" -f "$root/docker-compose.yml" "$@"; }

# ---- cleanup (also on failure or interrupt) ------------------------------------------------------------------
cleanup() {
  [[ -n $cleaned ]] && return 0
  cleaned=1
  compose --profile import down -v --remove-orphans >"$tmp/down.log" 2>&1 || compose down -v --remove-orphans >>"$tmp/down.log" 2>&1 || true
  if [[ -z ${KEEP_IMAGE:-} ]]; then docker image rm "$image" >/dev/null 2>&1 || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- HTTP to 127.0.0.1 only: curl when present, else bash's /dev/tcp ------------------------------------------
port=
status=
body=
http_get() { # http_get PATH: sets status and body
  status=000
  body=
  local url="http://127.0.0.1:$port$1"
  if command -v curl >/dev/null; then
    local out
    out=$(curl -sS -g --noproxy '*' --max-time 10 -w '\n%{http_code}' "$url" 2>/dev/null) || true
    status=${out##*$'\n'}
    body=${out%$'\n'*}
    [[ $status =~ ^[0-9]{3}$ ]] || status=000
  else
    local fd response=
    { exec {fd}<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || return 0
    printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\nAccept: */*\r\nConnection: close\r\n\r\n' "$1" "$port" >&"$fd"
    IFS= read -r -d '' -t 10 response <&"$fd" || true
    exec {fd}<&-
    local first=${response%%$'\r\n'*}
    [[ $first =~ ^HTTP/[0-9.]+\ ([0-9]{3}) ]] && status=${BASH_REMATCH[1]}
    body=${response#*$'\r\n\r\n'}
  fi
}
json_number() { # json_number NAME: the first "NAME": <number> in $body
  grep -o "\"$1\"[[:space:]]*:[[:space:]]*[0-9]\\+" <<<"$body" | head -n 1 | grep -o '[0-9]\+$' || true
}
json_first_id() { # the first "id" of $body, number or string
  grep -o '"id"[[:space:]]*:[[:space:]]*"\?[A-Za-z0-9_-]\+' <<<"$body" | head -n 1 | sed 's/.*:[[:space:]]*"\{0,1\}//' || true
}
total=
search() { # search WORD: sets status, body and total (the API's, empty when it did not answer 200)
  total=
  http_get "/api/search?q=$1"
  if [[ $status == 200 ]]; then total=$(json_number total); fi
}

web_container() { compose ps -q web 2>/dev/null | head -n 1; }
find_port() {
  local mapped
  mapped=$(compose port web 8080 2>/dev/null | tail -n 1) || true
  port=${mapped##*:}
  [[ $port =~ ^[0-9]+$ ]]
}
# Waits for Docker's health status "healthy", then for /readyz (database open, index loaded).
wait_ready() {
  local cid state deadline=$(($(now) + health_timeout))
  cid=$(web_container)
  [[ -n $cid ]] || { say "no web container"; return 1; }
  while :; do
    state=$(docker inspect -f '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}no-healthcheck{{end}}' "$cid" 2>/dev/null || echo gone)
    case $state in
      "running healthy") break ;;
      *unhealthy | exited* | dead* | gone | *no-healthcheck) say "web container is $state"; return 1 ;;
    esac
    (($(now) < deadline)) || { say "web container still '$state' after ${health_timeout}s"; return 1; }
    sleep 1
  done
  find_port || { say "web publishes no port for 8080"; return 1; }
  while :; do
    http_get /readyz
    [[ $status == 200 ]] && return 0
    (($(now) < deadline)) || { say "/readyz still answers $status after ${health_timeout}s"; return 1; }
    sleep 1
  done
}
show_logs() {
  say "last lines of the web container's log:"
  compose logs --no-color --tail=40 web 2>&1 | sed 's/^/    /' || true
}

# ---- 1. build and start ---------------------------------------------------------------------------------------
say "project $project, image $image, compose: ${compose_cmd[*]}"
started=false
t0=$(now)
if ! compose build web >"$tmp/build.log" 2>&1; then
  tail -n 40 "$tmp/build.log" | sed 's/^/    /'
  fail "1 build: the image does not build (see above)"
else
  say "image built in $(($(now) - t0)) s"
  t1=$(now)
  if ! compose up -d >"$tmp/up.log" 2>&1; then
    sed 's/^/    /' "$tmp/up.log"
    fail "1 start: compose up -d failed"
  elif ! wait_ready; then
    show_logs
    fail "1 start: the web service did not turn healthy and ready"
  else
    started=true
    pass "1 start: image builds, web is healthy and ready after $(($(now) - t1)) s (http://127.0.0.1:$port)"
  fi
fi

# ---- 2. sample papers through the page and the API ------------------------------------------------------------
check_samples() {
  http_get "/?q=diffusion"
  [[ $status == 200 ]] || { say "GET /?q=diffusion answered $status"; return 1; }
  grep -qi 'diffusion' <<<"$body" || { say "the search page for 'diffusion' names no paper about diffusion"; return 1; }
  http_get "/api/search?q=diffusion"
  [[ $status == 200 ]] || { say "GET /api/search?q=diffusion answered $status"; return 1; }
  local total
  total=$(json_number total)
  [[ -n $total && $total -gt 0 ]] || { say "the API's total for 'diffusion' is '${total}', expected > 0"; return 1; }
  if ! grep -q '"hits"' <<<"$body" || ! grep -q '"title"' <<<"$body"; then say "the API answer has no hits with titles"; return 1; fi
  say "'diffusion': page 200, API total $total"
}
if ! $started; then
  fail "2 samples: skipped, the site never started"
elif check_samples; then
  pass "2 samples: /?q=diffusion and /api/search?q=diffusion list the sample papers"
else
  fail "2 samples: the sample papers are not served"
fi

# ---- 3. import through the import service, seen by the running site ------------------------------------------
# A made-up title with a word no sample contains (letters only, so no analyzer splits it).
letters=abcdefghijklmnopqrstuvwxyz
word=zq
for _ in 1 2 3 4 5 6 7 8; do word+=${letters:RANDOM%26:1}; done
word+=x
title="Smoke Testing the ${word^} Method for Containerised Paper Search"
new_id=
check_import() {
  local cid_before restarts_before
  cid_before=$(web_container)
  restarts_before=$(docker inspect -f '{{.RestartCount}} {{.State.StartedAt}}' "$cid_before")
  mkdir -p "$tmp/import"
  cat >"$tmp/import/smoke-capture.txt" <<EOF
Daily Papers

$title

We present the ${word} method, a made-up technique that exists only to test that a paper imported by a second container reaches the running search site. The ${word} method adds one paper to the library through the import service. The site must find it by its unusual name within seconds, without being restarted.
EOF
  # The container's user is not root: let it read the folder.
  chmod 755 "$tmp/import"
  chmod 644 "$tmp/import/smoke-capture.txt"
  # Mounted beside the service's own /import (a second mount on the same path is not reliably the one
  # that wins), and named on the command line.
  if ! compose run --rm -v "$tmp/import:/smoke-import:ro" import import /smoke-import >"$tmp/import.log" 2>&1; then
    sed 's/^/    /' "$tmp/import.log"
    say "the import service failed"
    return 1
  fi
  say "import: $(grep -m 1 -E "^[0-9]+ file" "$tmp/import.log" || echo '(no summary line)')"
  local deadline=$(($(now) + 15)) since
  since=$(date +%s%N)
  while :; do
    search "$word"
    [[ -n $total && $total -ge 1 ]] && grep -qF "$title" <<<"$body" && break
    if (($(now) >= deadline)); then
      say "after 15 s /api/search?q=$word answers $status, total '${total}', no hit titled '$title': ${body:0:300}"
      return 1
    fi
    sleep 0.5
  done
  new_id=$(json_first_id)
  [[ -n $new_id ]] || { say "the hit for '$word' has no id"; return 1; }
  http_get "/api/papers/$new_id"
  [[ $status == 200 ]] || { say "GET /api/papers/$new_id answered $status"; return 1; }
  grep -qF "$title" <<<"$body" || { say "/api/papers/$new_id does not carry the title: ${body:0:400}"; return 1; }
  [[ $(web_container) == "$cid_before" && $(docker inspect -f '{{.RestartCount}} {{.State.StartedAt}}' "$cid_before") == "$restarts_before" ]] \
    || { say "the web container was restarted or replaced"; return 1; }
  say "'$word' found after $((($(date +%s%N) - since) / 1000000)) ms: paper $new_id"
}
if ! $started; then
  fail "3 import: skipped, the site never started"
elif check_import; then
  pass "3 import: the import service added '$title' and the running site found it without a restart"
else
  fail "3 import: the imported paper did not reach the running site"
fi

# ---- 4. the data survives down / up ----------------------------------------------------------------------------
queries=(diffusion learning neural language "$word")
totals() { local q out=; for q in "${queries[@]}"; do search "$q"; out+="$q=$total "; done; echo "${out% }"; }
check_persistence() {
  local before after
  before=$(totals)
  say "before: $before"
  compose down >"$tmp/down1.log" 2>&1 || { sed 's/^/    /' "$tmp/down1.log"; say "compose down failed"; return 1; }
  [[ -z $(web_container) ]] || { say "the web container is still there after down"; return 1; }
  compose up -d >"$tmp/up2.log" 2>&1 || { sed 's/^/    /' "$tmp/up2.log"; say "compose up -d failed"; return 1; }
  wait_ready || { show_logs; return 1; }
  after=$(totals)
  say "after:  $after"
  [[ $before == "$after" ]] || { say "the totals changed"; return 1; }
  [[ $before != *"= "* && $before != *"=" ]] || { say "some query got no total from the API"; return 1; }
  if [[ -n $new_id ]]; then
    http_get "/api/papers/$new_id"
    [[ $status == 200 ]] || { say "GET /api/papers/$new_id answered $status after the restart"; return 1; }
  fi
}
if ! $started; then
  fail "4 persistence: skipped, the site never started"
elif check_persistence; then
  pass "4 persistence: after down and up -d every query finds the same papers as before"
else
  fail "4 persistence: papers changed or the site did not come back"
fi

# ---- 5. non-root, no SDK ---------------------------------------------------------------------------------------
check_hardening() {
  local user uid cid sdks
  user=$(docker image inspect -f '{{.Config.User}}' "$image" 2>/dev/null) || { say "no image $image"; return 1; }
  [[ -n $user && ${user%%:*} != 0 && ${user%%:*} != root ]] || { say "the image's user is '${user}' (root)"; return 1; }
  cid=$(web_container)
  if [[ -n $cid ]] && uid=$(docker exec "$cid" cat /proc/1/status 2>/dev/null | awk '$1 == "Uid:" {print $2}') && [[ -n $uid ]]; then
    [[ $uid != 0 ]] || { say "the site's process runs as uid 0"; return 1; }
    say "image user '$user', the site's process runs as uid $uid"
  else
    say "image user '$user' (could not read /proc/1/status in the container: no cat, or not running)"
  fi
  sdks=$(docker run --rm --entrypoint dotnet "$image" --list-sdks 2>&1) || { say "dotnet --list-sdks failed: $sdks"; return 1; }
  [[ -z ${sdks//[[:space:]]/} ]] || { say "the image holds an SDK: $sdks"; return 1; }
}
if check_hardening; then
  pass "5 hardening: runs as a non-root user, no .NET SDK in the image"
else
  fail "5 hardening: runs as root or carries the SDK"
fi

# ---- 6. cleanup --------------------------------------------------------------------------------------------
((failed == 0)) || show_logs
cleanup
leftovers=
for kind in container volume network; do
  case $kind in
    container) found=$(docker ps -aq --filter "label=com.docker.compose.project=$project") ;;
    *) found=$(docker "$kind" ls -q --filter "label=com.docker.compose.project=$project") ;;
  esac
  [[ -z $found ]] || leftovers+="$kind(s): ${found//$'\n'/ } "
done
if [[ -z ${KEEP_IMAGE:-} ]] && docker image inspect "$image" >/dev/null 2>&1; then leftovers+="image $image"; fi
if [[ -z $leftovers ]]; then
  pass "6 cleanup: no container, network or volume of project $project left${KEEP_IMAGE:+ (image $image kept)}"
else
  fail "6 cleanup: left behind: $leftovers"
fi

echo "smoke: $passed passed, $failed failed"
((failed == 0))
