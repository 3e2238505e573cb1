# A private single-node Slurm (munged, slurmctld, slurmd) that lives in one directory and touches nothing
# of a system Slurm or MUNGE: its own MUNGE key and socket, its own slurm.conf with free TCP ports, state,
# spool, pid and log files, all under that directory. Sourced by the tests; needs root (slurmd runs the
# jobs as their submitter) and the Debian packages slurm-wlm and munge (scripts/deps).
#
#   private_slurm_start DIR   start it; exports SLURM_CONF, so that sbatch, sinfo, ... talk to it. munged
#                             insists that every directory above its socket is searchable by everyone:
#                             DIR must not sit in a mode-700 directory (mktemp -d makes one: chmod 711 it)
#   private_slurm_stop        stop every daemon it started (safe to call twice, and after a failed start)
#
# Plugins are chosen to work in a container without systemd or cgroups: proctrack/linuxproc follows a job's
# processes through /proc, task/none binds nothing, no accounting.

private_slurm_dir=""
private_slurm_pids=()

private_slurm_log() { echo "private-slurm: $*" >&2; }

# A TCP port nobody listens on now (the kernel picks it), so that a system Slurm on 6817/6818 is left alone.
private_slurm_free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Prints the tail of every log, so that a failed start says why.
private_slurm_dump_logs() {
  local f
  for f in "$private_slurm_dir"/log/*.log; do
    [ -f "$f" ] || continue
    echo "----- $f (last 30 lines)" >&2
    tail -n 30 "$f" >&2
  done
}

private_slurm_start() {
  private_slurm_dir=$1
  local d=$private_slurm_dir
  mkdir -p "$d"/munge-key "$d"/munge-socket "$d"/state "$d"/spool "$d"/log "$d"/run
  # munged wants its key readable by its user alone, and its socket's directory searchable by everyone
  # (any user's client must reach it) but writable by its user alone.
  chmod 711 "$d" "$d"/munge-socket
  chmod 700 "$d"/munge-key
  mungekey --create --keyfile="$d/munge-key/munge.key" --bits=1024
  chmod 400 "$d/munge-key/munge.key"
  munged --socket="$d/munge-socket/munge.socket" --key-file="$d/munge-key/munge.key" \
         --seed-file="$d/munge-key/munged.seed" --pid-file="$d/run/munged.pid" --log-file="$d/log/munged.log" \
    || { private_slurm_log "munged did not start"; private_slurm_dump_logs; return 1; }
  private_slurm_pids+=("$(cat "$d/run/munged.pid")")

  # The controller is localhost and the node has a name of its own with slurmd -N: nothing depends on
  # this machine's hostname resolving.
  local host=qmac-node cpus mem ctld_port slurmd_port
  cpus=$(nproc)
  # slurmd drains a node whose configured memory is more than it finds: MemTotal in MiB is what it finds.
  mem=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)
  ctld_port=$(private_slurm_free_port)
  slurmd_port=$(private_slurm_free_port)
  cat >"$d/slurm.conf" <<EOF
# Written by tests/regress/private_slurm.bash for one test run; removed afterwards.
ClusterName=qmac-test
SlurmctldHost=localhost
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$d/munge-socket/munge.socket
StateSaveLocation=$d/state
SlurmdSpoolDir=$d/spool
SlurmctldPidFile=$d/run/slurmctld.pid
SlurmdPidFile=$d/run/slurmd.pid
SlurmctldLogFile=$d/log/slurmctld.log
SlurmdLogFile=$d/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MailProg=/bin/true
SlurmdTimeout=30
InactiveLimit=0
MinJobAge=300
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF=$d/slurm.conf

  # -D: in the foreground, so that these shells' children are the daemons and their pids are known.
  slurmctld -D -f "$SLURM_CONF" >"$d/log/slurmctld.out" 2>&1 &
  private_slurm_pids+=("$!")
  slurmd -D -f "$SLURM_CONF" -N "$host" >"$d/log/slurmd.out" 2>&1 &
  private_slurm_pids+=("$!")

  # The node is usable once the controller has heard from slurmd and lists it idle. Each client call is
  # bounded: a client that cannot authenticate retries for minutes.
  local start=$SECONDS state=""
  while [ $((SECONDS - start)) -lt 60 ]; do
    state=$(timeout 5 sinfo -h -N -n "$host" -o %T 2>/dev/null || true)
    if [ "$state" = "idle" ]; then
      private_slurm_log "node $host idle ($cpus CPUs, $mem MiB) after $((SECONDS - start)) s, SLURM_CONF=$SLURM_CONF"
      return 0
    fi
    sleep 1
  done
  private_slurm_log "node $host not idle after 60 s (state '${state}')"
  private_slurm_dump_logs
  return 1
}

private_slurm_stop() {
  [ -n "$private_slurm_dir" ] || return 0
  # Jobs first, while the controller still runs; then the daemons, newest first, each by its own pid.
  timeout 10 scancel --full --quiet --user=root 2>/dev/null || true
  local i pid
  for ((i = ${#private_slurm_pids[@]} - 1; i >= 0; i--)); do
    pid=${private_slurm_pids[i]}
    kill -TERM "$pid" 2>/dev/null || continue
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -KILL "$pid" 2>/dev/null || true
  done
  private_slurm_pids=()
  unset SLURM_CONF
}
