#!/usr/bin/env bash
# Provisions the interpreters (and host tools) that pyglass is tested against.
# Idempotent and cached under ${PYGLASS_CACHE:-~/.cache/pyglass}: the first run on a machine takes
# ~6.5 minutes (Debian sid root + a free-threaded 3.13t build), later runs return at once.
# Each part is optional: a failing part is reported loudly and the rest goes on; tests then list
# which interpreters they skipped. Usage: provision.sh [all|host|sid|ft|greenlet|otel|otlp|gunicorn]   (default: all;
# gunicorn is for a bench only)
set -uo pipefail
started=$(date +%s%N)
CACHE=${PYGLASS_CACHE:-$HOME/.cache/pyglass}
SID=$CACHE/sid-root
FT=$CACHE/python3.13t
MIRROR=${PYGLASS_DEBIAN_MIRROR:-$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n1)}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
mkdir -p "$CACHE"
# each line says how far into the run it is (a fresh machine's parts run side by side: see `all` below)
log() { echo "[pyglass provision] +$(( ($(date +%s%N) - started) / 1000000000 )) s: $*" >&2; }
fail() { log "FAILED: $*"; return 1; }
# apt inside the sid root (run as root there; a snapshot mirror's Release files may be past their date)
SID_APT="apt-get -o Acquire::Check-Valid-Until=false -o APT::Sandbox::User=root -y -qq"

# Only one provisioner at a time (test workers may call this concurrently).
exec 9>"$CACHE/.provision.lock"
flock 9

apt_updated=0
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ $apt_updated = 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || true; apt_updated=1; fi
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
}

# A venv under $CACHE with one pip package, from the machine's own package index when it has one
# (the public one may be unreachable). The venv's Python is `python` (default: python3).
pip_venv() { # name package executable [python]
  local venv="$CACHE/$1" python=${4:-python3}
  [ -x "$venv/bin/$3" ] && return 0
  log "pip install $2 (into $venv)"
  "$python" -m venv "$venv" >&2 || { fail "$python -m venv $venv"; return 1; }
  { [ -d /opt/pypi/simple ] && "$venv/bin/pip" install -q --retries 1 --index-url file:///opt/pypi/simple "$2" >&2; } \
    || "$venv/bin/pip" install -q --retries 1 "$2" >&2 || fail "pip install $2"
}

host_tools() {
  # llvm: llvm-addr2line settles the DWARF 5 cases where binutils' addr2line is wrong (unwinder tests)
  apt_install debootstrap gdb tmux golang-go libc6-dbg python3.11-dev gcc g++ binutils llvm || fail "host packages (debootstrap gdb tmux golang-go libc6-dbg python3.11-dev gcc g++ binutils llvm)"
  command -v py-spy >/dev/null 2>&1 || pip_venv py-spy-venv py-spy py-spy || true
  # Cython, to build a real Cython extension for the native source-map tests
  pip_venv cython-venv cython cython || true
  # zsh and fish, to load the scripts of `pyglass completions` in the shells they are for
  apt_install zsh fish || fail "zsh fish (completion tests)"
  # Chromium, to open the HTML report and diff pages in a real browser (puppeteer-core drives it)
  apt_install chromium || fail "chromium (HTML report tests)"
  numpy_venvs || true
  uvloop_venv || true
}

# numpy for the numpy-scalar locals tests: the machine's index has numpy wheels for 3.11 only, so
# one venv of pyenv's 3.11 and one of Debian's /usr/bin/python3.11 (f2py marks a finished install).
numpy_venvs() {
  local pyenv_py
  pyenv_py=$(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.11.*/bin/python3.11 2>/dev/null | sort -V | tail -n1)
  local rc=0
  if [ -n "$pyenv_py" ]; then pip_venv numpy-venv-3.11 numpy f2py "$pyenv_py" || rc=1; else log "no pyenv 3.11: numpy venv skipped"; fi
  if [ -x /usr/bin/python3.11 ]; then pip_venv numpy-venv-3.11-debian numpy f2py /usr/bin/python3.11 || rc=1; fi
  return $rc
}

# uvloop for the asyncio tests (`dump --async` under uvloop): the machine's index has 3.11 wheels
# only, so a venv of pyenv's 3.11 (else Debian's). Complete when uvloop imports.
uvloop_venv() {
  local venv="$CACHE/uvloop-venv" py
  [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import uvloop' 2>/dev/null && return 0
  py=$(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.11.*/bin/python3.11 2>/dev/null | sort -V | tail -n1)
  [ -n "$py" ] || py=/usr/bin/python3.11
  [ -x "$py" ] || { log "no python3.11: uvloop venv skipped"; return 0; }
  rm -rf "$venv"
  pip_venv uvloop-venv uvloop python "$py" && "$venv/bin/python" -c 'import uvloop' || fail "uvloop in $venv"
}

# gunicorn and Flask for bench/process-tree.mjs (a pre-fork server under load), pyenv's 3.11 like the
# issue's figures; bench only, not part of `all`. Complete when both import.
gunicorn_venv() {
  local venv="$CACHE/gunicorn-venv" py
  [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import gunicorn, flask' 2>/dev/null && return 0
  py=$(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.11.*/bin/python3.11 2>/dev/null | sort -V | tail -n1)
  [ -n "$py" ] || { log "no pyenv 3.11: gunicorn venv skipped"; return 1; }
  rm -rf "$venv"
  pip_venv gunicorn-venv flask flask "$py" && pip_venv gunicorn-venv gunicorn gunicorn "$py" \
    && "$venv/bin/python" -c 'import gunicorn, flask' || fail "gunicorn and flask in $venv"
}

# The sid root with its apt sources and lists, before any package beyond debootstrap's (3.13t's
# build needs only its apt to fetch the sources). Once per run.
sid_based=0
sid_base() {
  [ $sid_based = 1 ] && return 0
  command -v debootstrap >/dev/null || apt_install debootstrap || { fail "debootstrap missing"; return 1; }
  if [ ! -x "$SID/usr/bin/python3.14" ]; then
    log "debootstrap sid into $SID (about 2 minutes)"
    rm -rf "$SID"
    debootstrap --variant=minbase --include=python3.14,python3.14-dev sid "$SID" "$MIRROR" >&2 \
      || { fail "debootstrap sid"; return 1; }
  fi
  cat > "$SID/etc/apt/sources.list" <<SRC
deb $MIRROR sid main
deb-src $MIRROR sid main
deb $MIRROR experimental main
SRC
  cp /etc/resolv.conf "$SID/etc/resolv.conf" 2>/dev/null || true
  chroot "$SID" $SID_APT update >&2 || { fail "apt-get update in sid root"; return 1; }
  sid_based=1
}

sid_root() {
  if [ -f "$SID/.pyglass-complete" ]; then return 0; fi
  sid_base || return 1
  DEBIAN_FRONTEND=noninteractive chroot "$SID" $SID_APT install python3.13 python3.13-dev python3.14-dbg >&2 \
    || fail "python3.13 / python3.14-dbg in sid root"
  DEBIAN_FRONTEND=noninteractive chroot "$SID" $SID_APT -t experimental install python3.15 python3.15-dev >&2 \
    || fail "python3.15 (experimental) in sid root"
  if [ -x "$SID/usr/bin/python3.13" ] && [ -x "$SID/usr/bin/python3.14d" ] && [ -x "$SID/usr/bin/python3.15" ]; then
    touch "$SID/.pyglass-complete"
  fi
}

# greenlet for the --greenlets tests: wheels of the machine's index (3.11 only) in a venv of pyenv's
# 3.11 and one of Debian's 3.11; Debian's python3-greenlet, python3-gevent and python3-eventlet in the
# sid root (for its default Python, 3.14).
greenlets() {
  local py311 name python
  py311=$(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.11.*/bin/python3.11 2>/dev/null | sort -V | tail -n1)
  for name in greenlet-venv-3.11:$py311 greenlet-venv-debian-3.11:/usr/bin/python3.11; do
    python=${name#*:} name=${name%%:*}
    [ -x "$python" ] || continue
    # pip_venv looks for an executable; greenlet has none, so a venv that cannot import it is redone
    "$CACHE/$name/bin/python" -c 'import greenlet' 2>/dev/null || { rm -rf "${CACHE:?}/$name"; pip_venv "$name" greenlet python "$python" || true; }
  done
  sid_root || true
  [ -f "$SID/.pyglass-complete" ] || { fail "python3-greenlet needs the sid root"; return 1; }
  if [ ! -f "$SID/.pyglass-greenlets" ]; then
    log "apt-get install python3-greenlet python3-gevent python3-eventlet (sid root)"
    DEBIAN_FRONTEND=noninteractive chroot "$SID" $SID_APT \
      install python3-greenlet python3-gevent python3-eventlet >&2 && touch "$SID/.pyglass-greenlets" || fail "python3-greenlet in sid root"
  fi
}

# The OpenTelemetry SDK for the span-linking tests: Debian's python3-opentelemetry-{api,sdk,
# semantic-conventions} (pure Python; the machine's Python index lacks semantic-conventions) installed
# in the sid root, and the same packages (plus typing-extensions) extracted into $OTEL_HOST for the
# host's 3.10+ interpreters, which the tests put on PYTHONPATH.
OTEL_HOST=$CACHE/otel-host
otel() {
  sid_root || true
  [ -d "$SID/etc" ] || { fail "the OpenTelemetry SDK comes from the sid root"; return 1; }
  if [ ! -f "$SID/.pyglass-otel" ]; then
    log "apt-get install python3-opentelemetry-sdk (sid root)"
    DEBIAN_FRONTEND=noninteractive chroot "$SID" $SID_APT install python3-opentelemetry-sdk >&2 && touch "$SID/.pyglass-otel" \
      || { fail "python3-opentelemetry-sdk in sid root"; return 1; }
  fi
  if [ ! -d "$OTEL_HOST/usr/lib/python3/dist-packages/opentelemetry/sdk" ]; then
    log "apt-get download + dpkg -x python3-opentelemetry-{api,sdk,semantic-conventions} into $OTEL_HOST"
    rm -rf "$SID/tmp/otel-debs" "$OTEL_HOST" && mkdir -p "$SID/tmp/otel-debs" "$OTEL_HOST"
    chroot "$SID" sh -c "cd /tmp/otel-debs && apt-get -o APT::Sandbox::User=root -qq download python3-opentelemetry-api python3-opentelemetry-sdk python3-opentelemetry-semantic-conventions python3-typing-extensions" >&2 \
      || { fail "apt-get download python3-opentelemetry-*"; return 1; }
    for deb in "$SID"/tmp/otel-debs/*.deb; do dpkg -x "$deb" "$OTEL_HOST" || { fail "dpkg -x $deb"; return 1; }; done
  fi
}

# The official OTLP bindings for the OTLP export tests: opentelemetry-proto 1.45.0 (the revision of the
# profiles signal pyglass sends) and protobuf from the machine's index, in a venv of python3. Complete
# when its profiles_service_pb2 imports.
OTLP_PROTO_VENV=$CACHE/otlp-proto-venv
otlp_proto() {
  local check='from opentelemetry.proto.collector.profiles.v1development import profiles_service_pb2'
  "$OTLP_PROTO_VENV/bin/python" -c "$check" 2>/dev/null && return 0
  rm -rf "$OTLP_PROTO_VENV"
  pip_venv otlp-proto-venv opentelemetry-proto==1.45.0 python && "$OTLP_PROTO_VENV/bin/python" -c "$check" || fail "opentelemetry-proto in $OTLP_PROTO_VENV"
}

free_threaded() { free_threaded_source && free_threaded_build; }

# The sources of Debian's 3.13 (through the sid root's apt, like its other packages).
free_threaded_source() {
  if [ -x "$FT/bin/python3.13t" ]; then return 0; fi
  sid_base || true
  [ -d "$SID/etc" ] || { fail "3.13t needs the sid root for the source package"; return 1; }
  local src=$CACHE/src-3.13
  mkdir -p "$src"
  if ! ls "$src"/python3.13_*.orig.tar.* >/dev/null 2>&1; then
    log "apt-get source python3.13 (sid)"
    mkdir -p "$SID/tmp/pysrc" && rm -rf "$SID/tmp/pysrc"/*
    # The mirror may lack the newest source upload: try every version the index lists, newest first.
    local v ok=0
    for v in $(chroot "$SID" apt-cache showsrc python3.13 2>/dev/null | sed -n 's/^Version: //p' | sort -rV); do
      if chroot "$SID" sh -c "cd /tmp/pysrc && apt-get -o Acquire::Check-Valid-Until=false -o APT::Sandbox::User=root -qq source --download-only python3.13=$v" >&2; then ok=1; break; fi
    done
    [ $ok = 1 ] || { fail "apt-get source python3.13"; return 1; }
    cp "$SID"/tmp/pysrc/python3.13_*.orig.tar.* "$src/"
  fi
}

free_threaded_build() {
  if [ -x "$FT/bin/python3.13t" ]; then return 0; fi
  local src=$CACHE/src-3.13
  log "building free-threaded 3.13t into $FT (about 6 minutes)"
  rm -rf "$src/build" && mkdir -p "$src/build"
  tar -xf "$src"/python3.13_*.orig.tar.* -C "$src/build" --strip-components=1 || { fail "unpack"; return 1; }
  ( cd "$src/build" && ./configure --prefix="$FT" --disable-gil --without-ensurepip >/dev/null \
      && make -j"$(nproc)" >/dev/null 2>&1 && make install >/dev/null 2>&1 ) \
    || { fail "build 3.13t"; return 1; }
  rm -rf "$src/build"
}

what=${1:-all}
rc=0
case "$what" in
  host) host_tools || rc=1 ;;
  sid) sid_root || rc=1 ;;
  ft) free_threaded || rc=1 ;;
  greenlet) greenlets || rc=1 ;;
  otel) otel || rc=1 ;;
  otlp) otlp_proto || rc=1 ;;
  gunicorn) gunicorn_venv || rc=1 ;;
  all)
    # Side by side, so that a fresh machine waits mostly for 3.13t's build (CPU) and the rest fits
    # beside it: the host's packages; the bare sid root, 3.13t's sources, then its build beside the
    # sid root's packages; the OTLP venv. One apt at a time per root: the host's apt runs only in
    # host_tools (debootstrap is installed first), the sid root's only in this shell.
    command -v debootstrap >/dev/null || apt_install debootstrap || fail "debootstrap"
    host_tools & host=$!
    otlp_proto & otlp=$!
    ft=
    if free_threaded_source; then free_threaded_build & ft=$!; else rc=1; fi
    sid_root || rc=1
    greenlets || rc=1
    otel || rc=1
    for job in $host $otlp $ft; do wait "$job" || rc=1; done ;;
  *) echo "usage: provision.sh [all|host|sid|ft|greenlet|otel|otlp|gunicorn]" >&2; exit 2 ;;
esac
# its own duration: seconds when cached, ~6.5 minutes on a fresh 2-CPU machine
ms=$(( ($(date +%s%N) - started) / 1000000 ))
log "$what: $([ $rc = 0 ] && echo done || echo 'done, with failures') in $((ms / 1000)).$(( (ms % 1000) / 100 )) s"
exit $rc
