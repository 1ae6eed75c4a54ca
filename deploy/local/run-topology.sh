#!/usr/bin/env bash
# The docker-compose.yml topology as plain processes on 127.0.0.1, without Docker:
#
#   nginx (round-robin, deploy/nginx/nginx.conf) -> N gateway replicas (default 2) -> simulator
#                                                    \-> one shared redis-server
#
# usage: deploy/local/run-topology.sh [run|start|stop|status|env|help] [options]
#
#   run      (default) start everything, print the addresses, stay in the foreground; Ctrl-C stops it all
#   start    start everything in the background, return once every part is ready
#   stop     stop what `start` started (the processes named in the state directory), TERM then KILL
#   status   print the state file and whether each recorded process still runs
#   env      print the environment a replica gets (secrets masked) and start nothing
#
# options (ports: a number, or 0 / absent for a free one):
#   --state-dir DIR          state, logs, generated nginx.conf (default: artifacts/topology in the checkout)
#   --publish DIR            build/publish.sh output: DIR/gateway, DIR/simulator (default: artifacts/publish)
#   --build CONFIG           use `dotnet build` output instead: src/<project>/bin/CONFIG/net10.0 (e.g. Debug)
#   --replicas N             gateway replicas (default 2, as in docker-compose.yml)
#   --lb-port N              nginx listener (compose publishes 8080)
#   --simulator-port N       --redis-port N
#   --gateway-ports N,N      public port of each replica    --management-ports N,N   management port of each
#   --timeout SECONDS        how long to wait for every part to be ready (default 90)
#
# Which binaries: --publish, else --build, else artifacts/publish when it holds both apps, else the Debug build
# output. Each app runs as `dotnet <app>.dll` from its own folder. Published, the gateway reads <app>/config;
# from build output (which has no config/), the checkout's config/ (TYPINGGATEWAY_CONFIG_DIR).
#
# Secrets: TYPINGGATEWAY_TICKET_KEY_DEV and TYPINGGATEWAY_DATAPROTECTION_KEY are taken from the environment when
# set (as compose does), else generated at random for this run; they are kept only in STATE_DIR/secrets.env and
# STATE_DIR/gateway-<i>.env (mode 600), which `stop` deletes.
#
# The state file STATE_DIR/topology.env has one KEY=VALUE per line, no quoting (values have no spaces):
#   LB_URL LB_PORT SIMULATOR_URL SIMULATOR_PORT SIMULATOR_PID REDIS_PORT REDIS_PID NGINX_PID REPLICAS
#   GATEWAY_<i>_PORT GATEWAY_<i>_MANAGEMENT_PORT GATEWAY_<i>_PID (i = 1..N) STATE_DIR LOG_DIR
# It is written once everything is ready, so its presence means "up". Logs: STATE_DIR/logs/<part>.log.
#
# Needs: bash, dotnet, redis-server and nginx (Debian: apt-get install redis-server nginx-light). nginx runs
# unprivileged from a config generated from deploy/nginx/nginx.conf: same upstream (round-robin, zone, keepalive),
# WebSocket upgrade map and proxy settings; static 127.0.0.1 upstreams, no `user`, no `resolver`; pid, logs and
# temp paths in STATE_DIR. Only 127.0.0.1 is listened on.
set -euo pipefail

repo_root="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)"

die() { echo "run-topology: $*" >&2; exit 1; }
say() { echo "run-topology: $*" >&2; }

usage() { sed -n '2,/^set -euo pipefail$/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }
case "${1:-}" in -h | --help | help) usage; exit 0 ;; esac

command_name=run
if [[ $# -gt 0 && "$1" != --* ]]; then command_name=$1; shift; fi

state_dir="$repo_root/artifacts/topology"
publish_dir=""
build_config=""
replicas=2
lb_port=0
simulator_port=0
redis_port=0
gateway_ports=""
management_ports=""
timeout_seconds=90

while [[ $# -gt 0 ]]; do
  [[ $# -ge 2 ]] || die "$1 needs a value"
  case "$1" in
    --state-dir) state_dir=$2 ;;
    --publish) publish_dir=$2 ;;
    --build) build_config=$2 ;;
    --replicas) replicas=$2 ;;
    --lb-port) lb_port=$2 ;;
    --simulator-port) simulator_port=$2 ;;
    --redis-port) redis_port=$2 ;;
    --gateway-ports) gateway_ports=$2 ;;
    --management-ports) management_ports=$2 ;;
    --timeout) timeout_seconds=$2 ;;
    *) die "unknown option $1 (see $0 --help)" ;;
  esac
  shift 2
done

[[ "$replicas" =~ ^[1-9]$ ]] || die "--replicas must be 1..9"
[[ "$timeout_seconds" =~ ^[0-9]+$ ]] || die "--timeout must be whole seconds"
mkdir -p -- "$state_dir"
state_dir="$(cd -- "$state_dir" && pwd)"
[[ "$state_dir" =~ ^[A-Za-z0-9_./+-]+$ ]] || die "the state directory path must not contain spaces or shell characters: $state_dir"
state_file="$state_dir/topology.env"
pids_file="$state_dir/pids"
log_dir="$state_dir/logs"

# ------------------------------------------------------------------------------------------------
# processes: every one we start is recorded as "name pid starttime" so that `stop` never signals a
# process that merely reuses a recorded pid.
# ------------------------------------------------------------------------------------------------
# Field N (numbered as in proc(5)) of /proc/PID/stat, read after the ")" that ends the command name, which may
# hold spaces.
stat_field() { local stat; stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0; stat=${stat##*) }; awk -v n="$2" '{print $(n - 2)}' <<< "$stat"; }

start_time_of() { stat_field "$1" 22; }

# Running and not a zombie (a killed child of a foreground run stays a zombie until reaped).
alive() { local state; state=$(stat_field "$1" 3); [[ -n "$state" && "$state" != Z ]]; }

is_ours() { [[ -n "$2" && "$(start_time_of "$1")" == "$2" ]]; }

# Stops the recorded processes in tiers: nginx (no new traffic), the replicas together, the simulator, Redis. Each
# tier gets SIGTERM and 10 s, then SIGKILL: a replica with guest sockets open takes the host's shutdown timeout
# (30 s) to exit on SIGTERM until the graceful drain (issue 13 item 2) lands.
stop_recorded() {
  [[ -f "$pids_file" ]] || return 0
  local tier name pid start waiting
  for tier in 'nginx' 'gateway-*' 'simulator' 'redis'; do
    waiting=()
    while read -r name pid start; do
      # shellcheck disable=SC2254 # $tier is a pattern
      case "$name" in $tier) ;; *) continue ;; esac
      if is_ours "$pid" "$start" && alive "$pid"; then kill -TERM "$pid" 2>/dev/null || true; waiting+=("$name:$pid"); fi
    done < "$pids_file"
    for _ in $(seq 1 100); do
      local still=()
      for entry in "${waiting[@]}"; do alive "${entry#*:}" && still+=("$entry"); done
      waiting=("${still[@]}")
      [[ ${#waiting[@]} -gt 0 ]] || break
      sleep 0.1
    done
    for entry in "${waiting[@]}"; do
      say "${entry%%:*} (${entry#*:}) did not stop within 10 s of SIGTERM: SIGKILL"
      kill -KILL "${entry#*:}" 2>/dev/null || true
    done
  done
  wait 2>/dev/null || true # reap our own children (foreground run)
  rm -f -- "$pids_file" "$state_file" "$state_dir/secrets.env" "$state_dir"/gateway-*.env
}

# start NAME WORKDIR COMMAND...: in its own session (so a terminal's SIGINT/SIGHUP reaches only this script,
# which stops everything in order), output to logs/NAME.log, recorded in the pids file. Sets $started_pid.
start_process() {
  local name=$1 workdir=$2; shift 2
  (cd -- "$workdir" && exec setsid "$@" > "$log_dir/$name.log" 2>&1 < /dev/null) &
  started_pid=$!
  local start=""
  for _ in $(seq 1 50); do start=$(start_time_of "$started_pid"); [[ -n "$start" ]] && break; sleep 0.02; done
  echo "$name $started_pid $start" >> "$pids_file"
}

# ------------------------------------------------------------------------------------------------
# ports
# ------------------------------------------------------------------------------------------------
taken_ports=" "
gateway_port=() management_port=() gateway_pid=()

# Any socket with this local port, in any state (listening, connected, TIME_WAIT), counts as taken.
port_in_use() {
  local hex
  hex=$(printf '%04X' "$1")
  awk -v hex="$hex" 'NR > 1 { split($2, a, ":"); if (a[2] == hex) found = 1 } END { exit !found }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# claim_port VAR VALUE: sets VAR to VALUE when it is a port (> 0), else to a free port below Linux's ephemeral range
# (32768+), so that no outgoing connection takes it meanwhile. A port is never handed out twice.
claim_port() {
  local port=$2
  if [[ "$port" =~ ^[0-9]+$ && "$port" -gt 0 ]]; then
    [[ "$port" -le 65535 ]] || die "port $port is out of range"
  else
    port=""
    for _ in $(seq 1 200); do
      local candidate=$((20000 + RANDOM % 12000))
      if [[ "$taken_ports" != *" $candidate "* ]] && ! port_in_use "$candidate"; then port=$candidate; break; fi
    done
    [[ -n "$port" ]] || die "no free port found in 200 tries"
  fi
  [[ "$taken_ports" != *" $port "* ]] || die "port $port is given twice"
  taken_ports+="$port "
  printf -v "$1" '%s' "$port"
}

claim_ports() {
  claim_port lb_port "$lb_port"
  claim_port simulator_port "$simulator_port"
  claim_port redis_port "$redis_port"
  local given_gateway=() given_management=() i
  IFS=, read -r -a given_gateway <<< "$gateway_ports"
  IFS=, read -r -a given_management <<< "$management_ports"
  for ((i = 1; i <= replicas; i++)); do
    claim_port "gateway_port[$i]" "${given_gateway[i - 1]:-0}"
    claim_port "management_port[$i]" "${given_management[i - 1]:-0}"
  done
}

# ------------------------------------------------------------------------------------------------
# binaries
# ------------------------------------------------------------------------------------------------
resolve_binaries() {
  if [[ -z "$publish_dir" && -z "$build_config" ]]; then
    if [[ -f "$repo_root/artifacts/publish/gateway/TypingGateway.dll" && -f "$repo_root/artifacts/publish/simulator/TypingGateway.Simulator.dll" ]]; then
      publish_dir="$repo_root/artifacts/publish"
    else
      build_config=Debug
    fi
  fi

  if [[ -n "$publish_dir" ]]; then
    publish_dir="$(cd -- "$publish_dir" 2>/dev/null && pwd)" || die "--publish: no such directory"
    gateway_dir="$publish_dir/gateway"
    simulator_dir="$publish_dir/simulator"
    config_dir="$gateway_dir/config"
    binaries="published, $publish_dir"
    local hint="run: bash build/publish.sh $publish_dir"
  else
    gateway_dir="$repo_root/src/TypingGateway/bin/$build_config/net10.0"
    simulator_dir="$repo_root/src/TypingGateway.Simulator/bin/$build_config/net10.0"
    config_dir="$repo_root/config"
    binaries="dotnet build output ($build_config), config from $config_dir"
    local hint="run: dotnet build -c $build_config TypingGateway.sln (or bash build/publish.sh artifacts/publish)"
  fi

  [[ -f "$gateway_dir/TypingGateway.dll" ]] || die "no gateway at $gateway_dir/TypingGateway.dll; $hint"
  [[ -f "$simulator_dir/TypingGateway.Simulator.dll" ]] || die "no simulator at $simulator_dir/TypingGateway.Simulator.dll; $hint"
  [[ -d "$config_dir" ]] || die "no config directory $config_dir; $hint"
}

find_program() {
  command -v "$1" 2>/dev/null && return 0
  local dir
  for dir in /usr/sbin /sbin /usr/local/sbin; do [[ -x "$dir/$1" ]] && { echo "$dir/$1"; return 0; }; done
  return 1
}

# ------------------------------------------------------------------------------------------------
# the replicas' environment: docker-compose.yml's x-gateway `environment`, with 127.0.0.1 addresses and this
# run's ports. TopologyScriptTests checks that every key compose sets is set here too.
# ------------------------------------------------------------------------------------------------
secret() { head -c 32 /dev/urandom | base64; }

load_secrets() {
  local secrets_file="$state_dir/secrets.env"
  (umask 077; {
    echo "TYPINGGATEWAY_TICKET_KEY_DEV=${TYPINGGATEWAY_TICKET_KEY_DEV:-$(secret)}"
    echo "TYPINGGATEWAY_DATAPROTECTION_KEY=${TYPINGGATEWAY_DATAPROTECTION_KEY:-$(secret)}"
  } > "$secrets_file")
  ticket_key=$(sed -n 's/^TYPINGGATEWAY_TICKET_KEY_DEV=//p' "$secrets_file")
  data_protection_key=$(sed -n 's/^TYPINGGATEWAY_DATAPROTECTION_KEY=//p' "$secrets_file")
}

# replica_env PUBLIC_PORT MANAGEMENT_PORT: KEY=VALUE lines.
replica_env() {
  local sim="http://127.0.0.1:$simulator_port/"
  cat <<EOF
ASPNETCORE_URLS=http://127.0.0.1:$1
ASPNETCORE_HTTP_PORTS=
TYPINGGATEWAY_CONFIG_DIR=$config_dir
TYPINGGATEWAY__Management__Port=$2
TYPINGGATEWAY__Redis__Configuration=127.0.0.1:$redis_port
TYPINGGATEWAY__RateLimits__InstanceCount=$replicas
TYPINGGATEWAY__ReverseProxy__Clusters__genesys__Destinations__sim__Address=$sim
TYPINGGATEWAY__ReverseProxy__Clusters__cxone__Destinations__sim__Address=$sim
TYPINGGATEWAY__ReverseProxy__Clusters__genesysRest__Destinations__sim__Address=$sim
TYPINGGATEWAY__ReverseProxy__Clusters__echo__Destinations__sim__Address=$sim
TYPINGGATEWAY__Upstreams__genesys__TokenUrl=${sim}oauth/token
TYPINGGATEWAY_GENESYS_CLIENT_SECRET=${client_secret:-${TYPINGGATEWAY_GENESYS_CLIENT_SECRET:-sim-example-secret}}
TYPINGGATEWAY_TICKET_KEY_DEV=$ticket_key
TYPINGGATEWAY__DataProtection__KeyEncryptionSecretEnv=TYPINGGATEWAY_DATAPROTECTION_KEY
TYPINGGATEWAY_DATAPROTECTION_KEY=$data_protection_key
EOF
}

# ------------------------------------------------------------------------------------------------
# nginx.conf from deploy/nginx/nginx.conf: the same file with the container-only lines swapped. Every swap must
# match, so a reshaped source file fails here rather than running something else.
# ------------------------------------------------------------------------------------------------
write_nginx_conf() {
  local source="$repo_root/deploy/nginx/nginx.conf" target="$state_dir/nginx/nginx.conf" servers="" i
  for ((i = 1; i <= replicas; i++)); do servers+="        server 127.0.0.1:${gateway_port[i]};"$'\n'; done
  mkdir -p -- "$state_dir/nginx/temp"
  echo "# Generated by deploy/local/run-topology.sh from deploy/nginx/nginx.conf; edit that file, not this one." > "$target"
  awk -v servers="$servers" -v lb="$lb_port" -v dir="$state_dir/nginx" -v access="$log_dir/nginx-access.log" '
    function swapped(what) { seen[what]++ }
    /^[[:space:]]*user[[:space:]]/ { swapped("user"); next }                      # unprivileged: no user switch
    /^[[:space:]]*resolver[[:space:]]/ { swapped("resolver"); next }              # static upstreams: no DNS
    /^[[:space:]]*server[[:space:]]+gateway-[0-9]+:/ {                            # gateway-N:8080 resolve
      if (!seen["upstream"]) printf "%s", servers
      swapped("upstream"); next
    }
    /^[[:space:]]*listen[[:space:]]+80;/ { sub(/listen[[:space:]]+80;/, "listen 127.0.0.1:" lb ";"); swapped("listen") }
    /^[[:space:]]*access_log[[:space:]]/ { sub(/access_log[[:space:]]+[^[:space:]]+/, "access_log " access); swapped("access_log") }
    /^[[:space:]]*proxy_pass[[:space:]]/ {
      print
      # Test aid (not in the compose file): which replica took the request, visible on the 101 of an upgrade.
      match($0, /^[[:space:]]*/); print substr($0, 1, RLENGTH) "add_header X-Upstream-Addr $upstream_addr always;"
      swapped("proxy_pass"); next
    }
    /^http[[:space:]]*\{/ {
      print
      print "    client_body_temp_path " dir "/temp/body;"
      print "    proxy_temp_path " dir "/temp/proxy;"
      print "    fastcgi_temp_path " dir "/temp/fastcgi;"
      print "    uwsgi_temp_path " dir "/temp/uwsgi;"
      print "    scgi_temp_path " dir "/temp/scgi;"
      swapped("http"); next
    }
    { print }
    END {
      split("user resolver upstream listen access_log proxy_pass http", want, " ")
      for (k in want) if (!seen[want[k]]) { print "deploy/nginx/nginx.conf has no " want[k] " line to adapt" > "/dev/stderr"; failed = 1 }
      exit failed
    }' "$source" >> "$target" || die "cannot adapt $source"
  nginx_conf=$target
}

# ------------------------------------------------------------------------------------------------
# readiness, without curl: bash's /dev/tcp speaks HTTP/1.0 (as compose's healthcheck does)
# ------------------------------------------------------------------------------------------------
http_status() { # http_status PORT PATH -> the status code, or nothing
  local line
  # shellcheck disable=SC2016 # $0 and $1 expand in the inner bash
  line=$(timeout 3 bash -c 'exec 3<>/dev/tcp/127.0.0.1/$0 && printf "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" "$1" >&3 && head -n 1 <&3' "$1" "$2" 2>/dev/null) || true
  [[ "$line" =~ ^HTTP/[0-9.]+\ ([0-9]{3}) ]] && echo "${BASH_REMATCH[1]}"
}

# shellcheck disable=SC2016 # $0 expands in the inner bash
redis_pong() { timeout 3 bash -c 'exec 3<>/dev/tcp/127.0.0.1/$0 && printf "PING\r\n" >&3 && head -n 1 <&3' "$1" 2>/dev/null | grep -q PONG; }

# wait_until NAME PID CHECK...: until CHECK succeeds; fails at once when the process is gone.
wait_until() {
  local name=$1 pid=$2; shift 2
  while ! "$@"; do
    if ! alive "$pid"; then
      say "$name exited while starting; the end of $log_dir/$name.log:"; tail -n 30 "$log_dir/$name.log" >&2 || true
      return 1
    fi
    if ((SECONDS >= deadline)); then
      say "$name was not ready within $timeout_seconds s; the end of $log_dir/$name.log:"; tail -n 30 "$log_dir/$name.log" >&2 || true
      return 1
    fi
    sleep 0.2
  done
}

ready_200() { [[ "$(http_status "$1" "$2")" == 200 ]]; }
answers() { [[ -n "$(http_status "$1" "$2")" ]]; }

# ------------------------------------------------------------------------------------------------
ready=""

# `start` leaves a ready topology running; a failed start, and `run` when it ends, stop what was started.
on_exit() {
  local status=$?
  if [[ -z "$ready" ]]; then say "failed (exit $status); stopping what was started"; stop_recorded
  elif [[ "$command_name" == run ]]; then echo >&2; say "stopping"; stop_recorded; say "stopped"
  fi
}

start_topology() {
  if [[ -f "$pids_file" ]]; then
    local name pid start running=""
    while read -r name pid start; do is_ours "$pid" "$start" && alive "$pid" && running+=" $name($pid)"; done < "$pids_file"
    [[ -z "$running" ]] || die "already running from $state_dir:$running; run: $0 stop --state-dir $state_dir"
    rm -f -- "$pids_file" "$state_file"
  fi

  local dotnet redis_server nginx
  dotnet=$(find_program dotnet) || die "dotnet is not on PATH"
  redis_server=$(find_program redis-server) || die "redis-server is not installed (Debian: apt-get install redis-server)"
  nginx=$(find_program nginx) || die "nginx is not installed (Debian: apt-get install nginx-light)"
  resolve_binaries

  claim_ports

  rm -rf -- "$log_dir" "$state_dir/nginx"
  mkdir -p -- "$log_dir"
  # Started as root, nginx runs its workers as `nobody`: they must be able to pass through to their temp paths.
  [[ $EUID -ne 0 ]] || chmod o+x -- "$state_dir"
  load_secrets
  write_nginx_conf
  : > "$pids_file"
  trap on_exit EXIT
  deadline=$((SECONDS + timeout_seconds))

  start_process redis "$state_dir" "$redis_server" --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no --dir "$state_dir"
  local redis_pid=$started_pid
  start_process simulator "$simulator_dir" env ASPNETCORE_URLS="http://127.0.0.1:$simulator_port" ASPNETCORE_HTTP_PORTS= \
    "$dotnet" TypingGateway.Simulator.dll
  local simulator_pid=$started_pid
  for ((i = 1; i <= replicas; i++)); do
    local env_file="$state_dir/gateway-$i.env"
    (umask 077; replica_env "${gateway_port[i]}" "${management_port[i]}" > "$env_file")
    local assignments=()
    mapfile -t assignments < "$env_file"
    start_process "gateway-$i" "$gateway_dir" env "${assignments[@]}" "$dotnet" TypingGateway.dll
    gateway_pid[i]=$started_pid
  done

  wait_until redis "$redis_pid" redis_pong "$redis_port"
  wait_until simulator "$simulator_pid" ready_200 "$simulator_port" /_sim/counts
  for ((i = 1; i <= replicas; i++)); do
    wait_until "gateway-$i" "${gateway_pid[i]}" ready_200 "${management_port[i]}" /health/ready
  done

  "$nginx" -t -q -p "$state_dir/nginx/" -c "$nginx_conf" -e stderr -g "pid $state_dir/nginx/nginx.pid;" 2> "$log_dir/nginx-test.log" \
    || { cat "$log_dir/nginx-test.log" >&2; die "the generated $nginx_conf does not pass nginx -t"; }
  start_process nginx "$state_dir" "$nginx" -p "$state_dir/nginx/" -c "$nginx_conf" -e stderr -g "daemon off; pid $state_dir/nginx/nginx.pid;"
  local nginx_pid=$started_pid
  # Through nginx to a replica: any status (an unrouted path is the gateway's 404) proves the path works.
  wait_until nginx "$nginx_pid" answers "$lb_port" /

  ready=1
  {
    echo "LB_URL=http://127.0.0.1:$lb_port/"
    echo "LB_PORT=$lb_port"
    echo "SIMULATOR_URL=http://127.0.0.1:$simulator_port/"
    echo "SIMULATOR_PORT=$simulator_port"
    echo "SIMULATOR_PID=$simulator_pid"
    echo "REDIS_PORT=$redis_port"
    echo "REDIS_PID=$redis_pid"
    echo "NGINX_PID=$nginx_pid"
    echo "REPLICAS=$replicas"
    for ((i = 1; i <= replicas; i++)); do
      echo "GATEWAY_${i}_PORT=${gateway_port[i]}"
      echo "GATEWAY_${i}_MANAGEMENT_PORT=${management_port[i]}"
      echo "GATEWAY_${i}_PID=${gateway_pid[i]}"
    done
    echo "STATE_DIR=$state_dir"
    echo "LOG_DIR=$log_dir"
  } > "$state_file.tmp"
  mv -- "$state_file.tmp" "$state_file"

  say "ready in $SECONDS s ($binaries)"
  say "  chat through nginx:  http://127.0.0.1:$lb_port/   (ws://127.0.0.1:$lb_port/genesys/v1?deploymentId=demo)"
  say "  simulator:           http://127.0.0.1:$simulator_port/_sim/records"
  for ((i = 1; i <= replicas; i++)); do
    say "  gateway-$i:           http://127.0.0.1:${gateway_port[i]}/ (pid ${gateway_pid[i]}), http://127.0.0.1:${management_port[i]}/health/ready"
  done
  say "  redis:               127.0.0.1:$redis_port    state: $state_file    logs: $log_dir"
}

case "$command_name" in
  start)
    start_topology
    ;;
  run)
    trap 'exit 130' INT TERM
    trap 'exit 129' HUP
    start_topology
    say "running in the foreground; Ctrl-C stops everything"
    # Report a part that exits (a replica killed on purpose, say) and keep the rest running.
    declare -A reported=()
    while sleep 1; do
      while read -r name pid start; do
        if [[ -z "${reported[$name]:-}" ]] && ! alive "$pid"; then say "$name ($pid) exited"; reported[$name]=1; fi
      done < "$pids_file"
    done
    ;;
  stop)
    [[ -f "$pids_file" ]] || { say "nothing recorded in $state_dir"; exit 0; }
    stop_recorded
    say "stopped"
    ;;
  status)
    if [[ -f "$state_file" ]]; then cat "$state_file"; else say "no $state_file (not started, or not ready yet)"; fi
    if [[ -f "$pids_file" ]]; then
      while read -r name pid start; do
        if is_ours "$pid" "$start" && alive "$pid"; then echo "$name $pid running"; else echo "$name $pid gone"; fi
      done < "$pids_file"
    fi
    ;;
  env)
    resolve_binaries
    claim_ports
    ticket_key='<secret>' data_protection_key='<secret>' client_secret='<secret>'
    replica_env "${gateway_port[1]}" "${management_port[1]}"
    ;;
  *)
    die "unknown command $command_name: run, start, stop, status or env"
    ;;
esac
