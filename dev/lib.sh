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
  local f="$PIDS/$1.pid" pid i
  [[ -f "$f" ]] || return 0
  pid="$(cat "$f")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 300; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then log "$1 ($pid) did not stop in 30 s, killing"; kill -KILL "$pid" 2>/dev/null || true; fi
    log "stopped $1 ($pid)"
  fi
  rm -f "$f"
}

JAVA_SERVICE_OPTS="${FLK_JAVA_OPTS:--Xmx160m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=48m -XX:MaxMetaspaceSize=128m -Xss512k}"

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
  local mod="$1" port="$2" jar="$ROOT/$1/target/quarkus-app/quarkus-run.jar"
  if pid_alive "$mod"; then return 0; fi
  [[ -f "$jar" ]] || die "$jar missing: build first (./mvnw -DskipTests package)"
  if port_open "$port"; then die "port $port is taken by another process; $mod cannot start"; fi
  ensure_issuer
  # shellcheck disable=SC2086
  # The java process itself is backgrounded (so its PID is recorded) with no inherited stdio.
  (cd "$STATE" || exit 1
   nohup java $JAVA_SERVICE_OPTS -Dquarkus.profile="${FLK_PROFILE:-dev}" \
     -Dflk.verifier.wal.dir="$STATE/wal/$mod" $(issuer_props) $(region_props "$mod" "$port") -jar "$jar" </dev/null >"$LOGS/$mod.log" 2>&1 &
   echo $! > "$PIDS/$mod.pid")
}

# What a running service runs on, read from its process: the JDK (the java binary's own version) and the mode (JVM
# jar; its JIT and AOT-cache flags), for dev/up's table.
service_runtime() { # module
  local pid exe ver mode cmd
  pid="$(cat "$PIDS/$1.pid" 2>/dev/null)" || { echo "-"; return; }
  exe="$(readlink "/proc/$pid/exe" 2>/dev/null)" || { echo "-"; return; }
  ver="$("$exe" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/ {print $2; exit}')"
  cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline")"
  mode="JVM"
  [[ "$cmd" == *TieredStopAtLevel=1* ]] && mode="$mode, C1 JIT only"
  [[ "$cmd" == *-XX:AOTCache=* ]] && mode="$mode, AOT cache"
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
