# Shared helpers for dev/ scripts. Sourced, not executed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The region this script acts on (docs/crr.md, docs/local-stack.md): "local" is the stack on the suite's usual ports;
# a second region (FLK_REGION=us, started by dev/up --second-region) has its own broker, Redis, database and ports.
REGION="${FLK_REGION:-local}"
KAFKA_CP_FILE="$ROOT/.dev/kafka.classpath"
PG_PORT=5432
if [[ "$REGION" == local ]]; then
  STATE="$ROOT/.dev"            # git-ignored: logs, pids, Kafka data
  KAFKA_PORT="${FLK_KAFKA_PORT:-9092}"
  KAFKA_CONTROLLER_PORT="${FLK_KAFKA_CONTROLLER_PORT:-9093}"
  REDIS_PORT=6379
  PG_DB=flk
  PORT_OFFSET=0
else
  STATE="$ROOT/.dev/region-$REGION"
  KAFKA_PORT=19092
  KAFKA_CONTROLLER_PORT=19093
  REDIS_PORT=6380
  PG_DB="flk_$REGION"
  PORT_OFFSET=100
fi
PIDS="$STATE/pids"
LOGS="$STATE/logs"
mkdir -p "$PIDS" "$LOGS"

# service module, port (fixed local ports, docs/architecture.md / issue 2; a second region adds 100)
SERVICES=()
for _entry in "verifier-service 8080" "dedup-service 8081" "audit-service 8082" "hrs-service 8083" \
              "ensemble-service 8084" "cost-service 8085" "crr-shipper 8086"; do
  read -r _mod _port <<<"$_entry"
  SERVICES+=("$_mod $((_port + PORT_OFFSET))")
done
TOPICS=(pcs.verified.v1 pcs.risk.v1 pcs.decision.v1 cost.usage.v1 cost.budget.v1 audit.checkpoint.v1 policy.changes.v1)

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() { # port seconds what
  local i
  for ((i = 0; i < $2 * 10; i++)); do port_open "$1" && return 0; sleep 0.1; done
  return 1
}

pid_alive() { [[ -f "$PIDS/$1.pid" ]] && kill -0 "$(cat "$PIDS/$1.pid")" 2>/dev/null; }

mvnw() { "$ROOT/mvnw" -B -q "$@"; }

ensure_postgres() {
  if port_open "$PG_PORT"; then return 0; fi
  if ! command -v pg_ctlcluster >/dev/null; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
      log "installing PostgreSQL with apt-get"; apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
    else
      die "PostgreSQL is not running on 127.0.0.1:$PG_PORT and not installed (apt-get install postgresql)"
    fi
  fi
  log "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  wait_port "$PG_PORT" 30 || die "PostgreSQL did not open port $PG_PORT"
}

ensure_redis() {
  if port_open "$REDIS_PORT"; then return 0; fi
  if ! command -v redis-server >/dev/null; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
      log "installing Redis with apt-get"; apt-get update -qq && apt-get install -y -qq redis-server >/dev/null
    else
      die "Redis is not running on 127.0.0.1:$REDIS_PORT and not installed (apt-get install redis-server)"
    fi
  fi
  log "starting Redis on $REDIS_PORT"
  if [[ "$REGION" == local ]]; then
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no >/dev/null
  else   # a second region's Redis is dev/'s own: tracked by PID, stopped by dev/down
    nohup redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no </dev/null >"$LOGS/redis.log" 2>&1 &
    echo $! > "$PIDS/redis.pid"
  fi
  wait_port "$REDIS_PORT" 15 || die "Redis did not open port $REDIS_PORT"
}

ensure_apt_tool() { # command debian-package why [apt-get flags]: installs a test tool with apt-get when it is missing
  if command -v "$1" >/dev/null; then return 0; fi
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    log "installing $2 with apt-get ($3)"
    apt-get update -qq && apt-get install -y -qq "${@:4}" "$2" >/dev/null || die "could not install $2"
  else
    die "$1 is needed ($3) and not installed (apt-get install $2)"
  fi
}

# The cost-service's analyst page and the TypeScript SDK's browser build are tested in headless Chromium.
ensure_chromium() { ensure_apt_tool chromium chromium "headless Chromium for the browser tests"; }
# deploy/check unit-tests the alert rules with promtool (Debian package prometheus).
ensure_promtool() { ensure_apt_tool promtool prometheus "promtool, for the alert rule tests" --no-install-recommends; }
# The Go SDK (sdk/go) is built and tested with Debian's Go toolchain.
ensure_go() { ensure_apt_tool go golang-go "the Go SDK's build and tests" --no-install-recommends; }

kafka_classpath() {
  local cp="$KAFKA_CP_FILE"
  if [[ ! -s "$cp" ]]; then
    mvnw -f "$ROOT/dev/kafka/pom.xml" dependency:build-classpath -Dmdep.outputFile="$cp" >/dev/null
  fi
  cat "$cp"
}

ensure_kafka() {
  if port_open "$KAFKA_PORT"; then
    pid_alive kafka || log "Kafka already listens on $KAFKA_PORT (not started by dev/, left alone)"
    return 0
  fi
  # KAFKA_DIR: dev/test keeps its broker's data apart from the dev stack's, so test traffic never becomes a backlog
  # for the stack's consumers (and a demo's summary).
  local cp dir="${KAFKA_DIR:-$STATE/kafka}" props="${KAFKA_DIR:-$STATE/kafka}/server.properties"
  cp="$(kafka_classpath)"
  mkdir -p "$dir"
  cat > "$props" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/data
num.partitions=3
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
min.insync.replicas=1
default.replication.factor=1
auto.create.topics.enable=true
group.initial.rebalance.delay.ms=0
PROPS
  if [[ ! -f "$dir/data/meta.properties" ]]; then
    local id
    id="$(java -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)"
    java -cp "$cp" -Dlog4j2.configurationFile="$ROOT/dev/kafka/log4j2.properties" \
      kafka.tools.StorageTool format --config "$props" --cluster-id "$id" >"$LOGS/kafka-format.log" 2>&1 \
      || die "formatting Kafka storage failed, see $LOGS/kafka-format.log"
  fi
  log "starting Kafka broker (KRaft) on 127.0.0.1:$KAFKA_PORT"
  nohup java -Xmx512m -Xms256m -XX:+UseSerialGC -cp "$cp" \
    -Dlog4j2.configurationFile="$ROOT/dev/kafka/log4j2.properties" \
    kafka.Kafka "$props" </dev/null >"$LOGS/kafka.log" 2>&1 &
  echo $! > "$PIDS/kafka.pid"
  wait_port "$KAFKA_PORT" 60 || die "Kafka did not open port $KAFKA_PORT, see $LOGS/kafka.log"
}

create_topics() {
  local cp t existing
  cp="$(kafka_classpath)"
  existing="$(java -cp "$cp" -Dlog4j2.configurationFile="$ROOT/dev/kafka/log4j2.properties" \
    org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" --list 2>/dev/null || true)"
  for t in "${TOPICS[@]}"; do
    for name in "$t" "$t.dlq"; do
      grep -qx "$name" <<<"$existing" && continue
      java -cp "$cp" -Dlog4j2.configurationFile="$ROOT/dev/kafka/log4j2.properties" \
        org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" --create --if-not-exists \
        --topic "$name" --partitions 3 --replication-factor 1 >/dev/null 2>>"$LOGS/topics.log" \
        || die "creating topic $name failed, see $LOGS/topics.log"
    done
  done
}

ensure_database() { # the suite's database; each service owns a schema in it
  psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname='$PG_DB'" | grep -q 1 \
    || psql -h 127.0.0.1 -U postgres -qc "create database $PG_DB" >/dev/null
}

start_infra() {
  ensure_postgres
  ensure_redis
  ensure_database
  ensure_kafka
  create_topics
}

stop_pid() { # name
  stop_pids "$1"
}

stop_pids() { # name...: SIGTERM to all at once, then waits for each (a service recording an AOT cache writes it
  # while it exits: up to 90 s, the others 30 s), then SIGKILL; an AOT cache recorded by a clean exit is kept.
  local name pid i alive
  local -A pids=()
  for name in "$@"; do
    [[ -f "$PIDS/$name.pid" ]] || continue
    pid="$(cat "$PIDS/$name.pid")"
    if kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; pids[$name]=$pid; fi
  done
  for ((i = 0; i < 900; i++)); do
    alive=0
    for name in "${!pids[@]}"; do
      kill -0 "${pids[$name]}" 2>/dev/null || continue
      if ((i >= 300)) && [[ ! -f "$PIDS/$name.aot-recording" ]]; then
        log "$name (${pids[$name]}) did not stop in 30 s, killing"; kill -KILL "${pids[$name]}" 2>/dev/null || true
      fi
      alive=1
    done
    ((alive)) || break
    sleep 0.1
  done
  for name in "${!pids[@]}"; do
    if kill -0 "${pids[$name]}" 2>/dev/null; then log "$name (${pids[$name]}) did not stop in 90 s, killing"; kill -KILL "${pids[$name]}" 2>/dev/null || true; fi
    log "stopped $name (${pids[$name]})"
  done
  for name in "$@"; do
    aot_finish "$name"
    rm -f "$PIDS/$name.pid"
  done
}

# ---- The JDK and JVM mode of the services (docs/local-stack.md "JDK and JVM mode") -----------------------------
# FLK_JDK   auto (default): a JDK 25 or newer if one is found (FLK_JDK25_HOME, then /usr/lib/jvm/*), else `java` on
#           the PATH; default or 17: `java` on the PATH; 25: a JDK 25+ (or `java` with a warning); a JDK home or a
#           java binary: that one.
# FLK_AOT   auto (default): on JDK 25+ each service uses its ahead-of-time cache (JEP 483/514/515) for exactly this
#           build, JDK and flags if there is one, else records one during this run (written when dev/down stops it);
#           off: never.
# FLK_JAVA_OPTS replaces the JVM flags below (the AOT flags are still added unless FLK_AOT=off).
java_major() { # java binary -> its feature version (17, 25, ...), empty if it does not run
  "$1" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2; exit}' || true
}

find_jdk25() { # the java binary of a JDK 25+, if this machine has one
  local home m
  for home in ${FLK_JDK25_HOME:+"$FLK_JDK25_HOME"} /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    [[ -x "$home/bin/java" ]] || continue
    m="$(java_major "$home/bin/java")"
    if [[ "$m" =~ ^[0-9]+$ ]] && ((m >= 25)); then echo "$home/bin/java"; return 0; fi
  done
  return 1
}

service_java() { # the java binary the services run on (FLK_JDK)
  local default
  default="$(command -v java)" || die "no java on the PATH"
  case "${FLK_JDK:-auto}" in
    auto) find_jdk25 || echo "$default" ;;
    default | 17) echo "$default" ;;
    25) find_jdk25 || { log "FLK_JDK=25 but no JDK 25+ found (set FLK_JDK25_HOME); using $default"; echo "$default"; } ;;
    *) if [[ -x "$FLK_JDK/bin/java" ]]; then echo "$FLK_JDK/bin/java"
       elif [[ -f "$FLK_JDK" && -x "$FLK_JDK" ]]; then echo "$FLK_JDK"
       else die "FLK_JDK=$FLK_JDK is neither auto, default, 17, 25, a JDK home nor a java binary"; fi ;;
  esac
}

# JVM flags per service (measured: docs/benchmarks.md "Footprint and start-up"). Common to all: the heap starts small
# and gives memory back (SerialGC shrinks to MaxHeapFreeRatio after a collection), C1 only (the dev stack's services
# are mostly idle; the verifier benchmark runs its own flags), a small code cache and thread stacks. On JDK 25+
# compact object headers (JEP 519) make every object 4 bytes smaller. glibc's per-thread malloc arenas are capped
# (MALLOC_ARENA_MAX, set by start_service).
service_heap_mb() { # module -> -Xmx in MiB
  case "$1" in
    verifier-service) echo 128 ;;
    hrs-service | ensemble-service) echo 128 ;;
    *) echo 96 ;;
  esac
}
service_java_opts() { # module jdk-major
  if [[ -n "${FLK_JAVA_OPTS:-}" ]]; then echo "$FLK_JAVA_OPTS"; return 0; fi
  local opts="-Xms16m -Xmx$(service_heap_mb "$1")m -XX:+UseSerialGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"
  opts+=" -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=128m -Xss512k"
  [[ "$2" =~ ^[0-9]+$ ]] && (($2 >= 25)) && opts+=" -XX:+UseCompactObjectHeaders"
  echo "$opts"
}
MALLOC_ARENAS="${MALLOC_ARENA_MAX:-2}"

AOT_DIR="$STATE/aot"
# The AOT cache flags of a service for this java binary and these flags: -XX:AOTCache=… when a cache of exactly this
# build (content hash of quarkus-app/), JDK build and flags exists, else -XX:AOTCacheOutput=… (the JVM records this
# run and writes the cache when it exits; aot_finish keeps it). Nothing below JDK 25 or with FLK_AOT=off.
aot_opts() { # module java major opts
  local mod="$1" java="$2" major="$3" opts="$4" key app="$ROOT/$1/target/quarkus-app"
  [[ "${FLK_AOT:-auto}" == off ]] && return 0
  [[ "$major" =~ ^[0-9]+$ ]] && ((major >= 25)) || return 0
  mkdir -p "$AOT_DIR"
  key="$( { "$java" -version 2>&1; echo "$opts"; (cd "$app" && find . -type f | LC_ALL=C sort | xargs md5sum); } | md5sum | cut -c1-16)"
  if [[ -s "$AOT_DIR/$mod-$key.aot" ]]; then
    echo "-XX:AOTCache=$AOT_DIR/$mod-$key.aot"
  else
    rm -f "$AOT_DIR/$mod"-*.aot "$AOT_DIR/$mod"-*.aot.rec "$AOT_DIR/$mod"-*.aot.rec.config   # stale builds
    echo "$AOT_DIR/$mod-$key.aot" > "$PIDS/$mod.aot-recording"
    echo "-XX:AOTCacheOutput=$AOT_DIR/$mod-$key.aot.rec"
  fi
}
aot_finish() { # module: after the process exited, keeps the cache it recorded if its JVM wrote it completely
  local f="$PIDS/$1.aot-recording" cache
  [[ -f "$f" ]] || return 0
  cache="$(cat "$f")"; rm -f "$f"
  if [[ -s "$cache.rec" && ! -e "$cache.rec.config" ]]; then
    mv -f "$cache.rec" "$cache"
    log "$1: AOT cache written ($(($(stat -c %s "$cache") / 1048576)) MiB), used from its next start"
  else
    rm -f "$cache.rec" "$cache.rec.config"
    log "$1: no AOT cache written (the JVM did not exit cleanly); recording again on its next start"
  fi
}

# The -D flags that put a service into this region (its ports, broker, Redis, database) and, for the crr-shipper,
# point it at the peer region named by FLK_PEER. Nothing for the local region without a peer: its defaults fit.
region_props() { # module port
  local mod="$1" port="$2" schema="${1%-service}" peer_offset
  if [[ "$REGION" != local ]]; then
    echo "-Dquarkus.http.port=$port -Dquarkus.management.port=$((port + 1000)) -Dkafka.bootstrap.servers=127.0.0.1:$KAFKA_PORT"
    echo "-Dquarkus.redis.hosts=redis://127.0.0.1:$REDIS_PORT -Dflk.verifier.region=$REGION"
    echo "-Dflk.verifier.dedup.durable-url=http://127.0.0.1:$((8081 + PORT_OFFSET))"
    [[ "$mod" == crr-shipper ]] && schema=crr
    [[ "$mod" != verifier-service ]] && echo "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:$PG_PORT/$PG_DB?currentSchema=$schema"
  fi
  if [[ "$mod" == crr-shipper && -n "${FLK_PEER:-}" ]]; then
    peer_offset=0; [[ "$FLK_PEER" != local ]] && peer_offset=100
    echo "-Dflk.crr.region=$REGION -Dflk.crr.local-verifier-url=http://127.0.0.1:$((8080 + PORT_OFFSET))"
    echo "-Dflk.crr.local-dedup-url=http://127.0.0.1:$((8081 + PORT_OFFSET))"
    echo "-Dflk.crr.peers.$FLK_PEER.verifier-url=http://127.0.0.1:$((8080 + peer_offset))"
    echo "-Dflk.crr.peers.$FLK_PEER.dedup-url=http://127.0.0.1:$((8081 + peer_offset))"
    echo "-Dflk.crr.peers.$FLK_PEER.shipper-url=http://127.0.0.1:$((8086 + peer_offset))"
    echo "-Dflk.crr.local-audit-url=http://127.0.0.1:$((8082 + PORT_OFFSET))"
    echo "-Dflk.crr.peers.$FLK_PEER.audit-url=http://127.0.0.1:$((8082 + peer_offset))"
  fi
}

# The dev stack's token issuer (docs/security.md), shared by both regions: .dev/issuer/{issuer.private.jwk.json,jwks.json}.
# Every service trusts its public JWKS and, in dev only, signs its own calls to other services with its private key.
ISSUER_DIR="$ROOT/.dev/issuer"
ensure_issuer() {
  [[ -f "$ISSUER_DIR/issuer.private.jwk.json" ]] && return 0
  [[ -f "$ROOT/pcs-sdk/target/pcs.jar" ]] || die "pcs-sdk/target/pcs.jar missing: build first (./mvnw -DskipTests package)"
  java -jar "$ROOT/pcs-sdk/target/pcs.jar" token keygen --out "$ISSUER_DIR" --kid "dev-$(date +%Y%m%d%H%M%S)" >/dev/null
}
issuer_props() {
  echo "-Dmp.jwt.verify.publickey.location=file:$ISSUER_DIR/jwks.json -Dflk.security.client.key-file=$ISSUER_DIR/issuer.private.jwk.json"
}

start_service() { # module port
  local mod="$1" port="$2" jar="$ROOT/$1/target/quarkus-app/quarkus-run.jar" opts
  if pid_alive "$mod"; then return 0; fi
  [[ -f "$jar" ]] || die "$jar missing: build first (./mvnw -DskipTests package)"
  if port_open "$port"; then die "port $port is taken by another process; $mod cannot start"; fi
  ensure_issuer
  : "${SERVICE_JAVA:=$(service_java)}"
  : "${SERVICE_JAVA_MAJOR:=$(java_major "$SERVICE_JAVA")}"
  opts="$(service_java_opts "$mod" "$SERVICE_JAVA_MAJOR")"
  opts+=" $(aot_opts "$mod" "$SERVICE_JAVA" "$SERVICE_JAVA_MAJOR" "$opts")"
  # shellcheck disable=SC2086
  # The java process itself is backgrounded (so its PID is recorded) with no inherited stdio.
  (cd "$STATE" || exit 1
   MALLOC_ARENA_MAX="$MALLOC_ARENAS" nohup "$SERVICE_JAVA" $opts -Dquarkus.profile="${FLK_PROFILE:-dev}" \
     -Dflk.verifier.wal.dir="$STATE/wal/$mod" $(issuer_props) $(region_props "$mod" "$port") -jar "$jar" </dev/null >"$LOGS/$mod.log" 2>&1 &
   echo $! > "$PIDS/$mod.pid")
}

aot_check() { # module: an AOT cache the running JVM could not use is deleted, so the next start records a new one
  local pid cmd f
  pid="$(cat "$PIDS/$1.pid" 2>/dev/null)" || return 0
  cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 0
  [[ "$cmd" == *-XX:AOTCache=* ]] || return 0
  if grep -q -E "Unable to use AOT cache|error has occurred while processing the AOT cache" "$LOGS/$1.log" 2>/dev/null; then
    f="${cmd##*-XX:AOTCache=}"; f="${f%% *}"
    rm -f "$f"
    log "$1 could not use its AOT cache (see $LOGS/$1.log) and runs without it; deleted, its next start records a new one"
  fi
}

# What a running service runs on, read from its process: the JDK (the java binary's own version) and the mode (JVM
# jar; its JIT and AOT-cache flags; an AOT cache the JVM could not use says so in the log), for dev/up's table.
service_runtime() { # module
  local pid exe ver mode cmd
  pid="$(cat "$PIDS/$1.pid" 2>/dev/null)" || { echo "-"; return; }
  exe="$(readlink "/proc/$pid/exe" 2>/dev/null)" || { echo "-"; return; }
  ver="$("$exe" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/ {print $2; exit}')"
  cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline")"
  mode="JVM"
  [[ "$cmd" == *TieredStopAtLevel=1* ]] && mode="$mode, C1"
  if [[ "$cmd" == *-XX:AOTCache=* ]]; then
    if grep -q -E "Unable to use AOT cache|error has occurred while processing the AOT cache" "$LOGS/$1.log" 2>/dev/null; then
      mode="$mode, AOT cache NOT used (see log)"
    else mode="$mode, AOT cache"; fi
  fi
  [[ "$cmd" == *-XX:AOTCacheOutput=* ]] && mode="$mode, recording AOT cache"
  echo "JDK ${ver:-?} ($mode)"
}

wait_ready() { # module port
  local i
  for ((i = 0; i < 900; i++)); do
    if curl -fsS "http://127.0.0.1:$(($2 + 1000))/q/health/ready" >/dev/null 2>&1; then return 0; fi
    pid_alive "$1" || die "$1 exited during start-up, see $LOGS/$1.log"
    sleep 0.1
  done
  die "$1 not ready after 90 s, see $LOGS/$1.log"
}
