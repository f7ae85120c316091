#!/usr/bin/env bash
# Builds the project's real Dockerfile and runs the image, without Docker:
#   1. installs podman, runc, debootstrap (apt-get, as root) and writes a
#      containers.conf this machine needs (runc, cgroupfs, no default ulimits);
#   2. makes the base images the Dockerfile's FROM lines name, locally:
#        debian:bookworm-slim  a debootstrap'd bookworm minbase, `podman import`ed;
#        rust:1.95-bookworm    that plus gcc/libc6-dev, with the official rust
#                              image's paths and environment (RUSTUP_HOME=/usr/local/rustup,
#                              CARGO_HOME=/usr/local/cargo, PATH); the toolchain itself
#                              is this machine's, bind-mounted at build time (`podman build -v`);
#   3. builds the Dockerfile unchanged (`podman build --network=host --format docker`);
#   4. runs the image with its default command, as its non-root user, against
#      scripts/test-publisher.py on loopback (host network): checks the posts
#      and mirrored images written on the mounted archive, their owner, the
#      health check and /metrics, `newsclip verify` in the image, then a
#      `docker stop`-style SIGTERM (10 s grace) must end it with exit code 0.
# Reports the image size, start-to-first-post time and SIGTERM exit time.
# Re-runnable: existing base images are reused (CLEAN=1 removes them and the
# test image first, to measure a build from scratch). Cleans up its container,
# publisher and temporary files.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
script_start=$(date +%s.%N)

log() { printf '[container-test] %s\n' "$*" >&2; }
die() { log "FAIL: $*"; exit 1; }
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$(date +%s.%N)"; }

[ "$(id -u)" = 0 ] || die "needs root (podman runs rootful here)"

slim_tag=docker.io/library/debian:bookworm-slim
rust_tag=docker.io/library/rust:1.95-bookworm
image=localhost/newsclip:container-test
container=newsclip-container-test
state=/var/tmp/newsclip-container-test
grace=10   # docker stop's default
mkdir -p "$state"

# The Dockerfile must still name the images made here.
grep -q '^FROM rust:1.95-bookworm AS builder' Dockerfile || die "Dockerfile's builder FROM changed: update rust_tag here"
grep -q '^FROM debian:bookworm-slim' Dockerfile || die "Dockerfile's runtime FROM changed: update slim_tag here"

# --- 1. tools and configuration ----------------------------------------------
need=()
command -v podman >/dev/null || need+=(podman)
command -v runc >/dev/null || need+=(runc)
command -v debootstrap >/dev/null || need+=(debootstrap)
command -v curl >/dev/null || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
    log "installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" uidmap fuse-overlayfs >/dev/null
fi
cat >"$state/containers.conf" <<'EOF'
# podman settings this machine needs (no systemd, no ulimit changes allowed).
[containers]
default_ulimits = []
log_driver = "k8s-file"
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
export CONTAINERS_CONF=$state/containers.conf
log "$(podman --version), $(runc --version | head -1)"

if [ "${CLEAN:-0}" = 1 ]; then
    log "CLEAN=1: removing the test image and the local base images"
    podman rm -f "$container" >/dev/null 2>&1 || true
    podman rmi -f "$image" "$rust_tag" "$slim_tag" >/dev/null 2>&1 || true
    podman image prune -f >/dev/null 2>&1 || true
fi

# --- 2. base images ------------------------------------------------------------
if ! podman image exists "$slim_tag"; then
    t=$(date +%s.%N)
    log "debootstrap bookworm minbase -> $slim_tag"
    root=$state/rootfs
    remove_rootfs() {
        # A debootstrap cut short leaves proc/sys mounted inside: unmount first.
        findmnt -rn -o TARGET | grep "^$root/" | sort -r | xargs -r -n 1 umount -l || true
        rm -rf --one-file-system "$root"
    }
    remove_rootfs
    debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >"$state/debootstrap.log" 2>&1 \
        || { tail -n 20 "$state/debootstrap.log" >&2; die "debootstrap failed"; }
    cat >"$root/etc/apt/sources.list" <<'EOF'
deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
    # Like the official slim image: no caches, docs or manuals.
    printf 'path-exclude /usr/share/doc/*\npath-exclude /usr/share/man/*\npath-exclude /usr/share/info/*\n' \
        >"$root/etc/dpkg/dpkg.cfg.d/excludes"
    printf 'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/*.bin || true"; };\n' \
        >"$root/etc/apt/apt.conf.d/docker-clean"
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/cache/apt/*.bin "$root"/var/lib/apt/lists/* \
        "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/var/log/*.log
    tar --numeric-owner -C "$root" -cf - . \
        | podman import --change 'CMD ["bash"]' - "$slim_tag" >/dev/null 2>&1
    remove_rootfs
    log "$slim_tag made in $(elapsed "$t")s"
fi

# The toolchain the Rust image stands for: this machine's, version from the tag.
rust_version=$(sed -n 's/^FROM rust:\([0-9.]*\)-bookworm.*/\1/p' Dockerfile)
rustup_home=${RUSTUP_HOME:-$HOME/.rustup}
cargo_home=${CARGO_HOME:-$HOME/.cargo}
toolchain=$(ls "$rustup_home/toolchains" | grep -E "^${rust_version//./\\.}(\.[0-9]+)?-x86_64-unknown-linux-gnu$" | sort -V | tail -n 1 || true)
if [ -z "$toolchain" ]; then
    host_version=$(rustc --version | awk '{print $2}')
    case $host_version in
        "$rust_version" | "$rust_version".*) toolchain=$(rustup show active-toolchain | awk '{print $1}') ;;
        *) die "no Rust $rust_version toolchain here (rustc is $host_version): the Dockerfile's FROM names rust:$rust_version" ;;
    esac
fi
# A toolchain name may be a symlink to another toolchain (1.95.0 -> stable):
# use the real directory's name, since the link's target does not exist in the mount.
real=$(readlink -f "$rustup_home/toolchains/$toolchain")
case $real in
    "$(readlink -f "$rustup_home/toolchains")"/*) toolchain=$(basename "$real") ;;
    *) die "toolchain $toolchain points outside $rustup_home: $real" ;;
esac
"$real/bin/rustc" --version | grep -q "^rustc $rust_version" || die "$real is not Rust $rust_version"
[ -x "$cargo_home/bin/cargo" ] || die "no cargo at $cargo_home/bin/cargo"
# cargo in the builder trusts what this machine trusts (its egress proxy's CA
# among them): the host's bundle is mounted at build time, never copied.
host_ca=${CARGO_HTTP_CAINFO:-${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}}
[ -f "$host_ca" ] || die "no CA bundle at $host_ca"
mkdir -p "$state/rust-image"
cat >"$state/rust-image/Containerfile" <<EOF
FROM $slim_tag
RUN apt-get update \\
    && apt-get install -y --no-install-recommends ca-certificates gcc libc6-dev make pkg-config git curl \\
    && rm -rf /var/lib/apt/lists/* \\
    && mkdir -p /usr/local/rustup /usr/local/cargo/bin
ENV RUSTUP_HOME=/usr/local/rustup \\
    CARGO_HOME=/usr/local/cargo \\
    PATH=/usr/local/cargo/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \\
    RUST_VERSION=$rust_version \\
    RUSTUP_TOOLCHAIN=$toolchain \\
    CARGO_HTTP_CAINFO=/usr/local/share/host-ca-bundle.crt
EOF
recipe=$(sha256sum "$state/rust-image/Containerfile" | cut -c1-16)
echo "LABEL newsclip.recipe=$recipe" >>"$state/rust-image/Containerfile"
if [ "$(podman image inspect --format '{{index .Labels "newsclip.recipe"}}' "$rust_tag" 2>/dev/null)" != "$recipe" ]; then
    t=$(date +%s.%N)
    log "making $rust_tag (toolchain $toolchain, bind-mounted at build time)"
    podman build --network=host --format docker --pull=never -t "$rust_tag" "$state/rust-image" >"$state/rust-image.log" 2>&1 \
        || { tail -n 30 "$state/rust-image.log" >&2; die "building $rust_tag failed"; }
    log "$rust_tag made in $(elapsed "$t")s"
fi

# --- 3. the project's Dockerfile, unchanged --------------------------------------
t=$(date +%s.%N)
log "podman build of the Dockerfile -> $image (log: $state/build.log)"
if ! podman build --network=host --format docker --pull=never \
        -v "$rustup_home:/usr/local/rustup:ro" \
        -v "$cargo_home/bin:/usr/local/cargo/bin:ro" \
        -v "$host_ca:/usr/local/share/host-ca-bundle.crt:ro" \
        -t "$image" . >"$state/build.log" 2>&1; then
    tail -n 40 "$state/build.log" >&2
    die "podman build failed"
fi
build_time=$(elapsed "$t")
size_bytes=$(podman image inspect --format '{{.Size}}' "$image")
size_mb=$(python3 -c "print(f'{$size_bytes / 1e6:.1f}')")
log "built in ${build_time}s; image size ${size_mb} MB"
podman image inspect --format '{{json .Config.Healthcheck}}' "$image" | grep -q healthz \
    || die "the image has no HEALTHCHECK (was it built with --format docker?)"
uid=$(podman image inspect --format '{{.Config.User}}' "$image")
case $uid in 0 | 0:* | root | root:* | "") die "the image runs as root ($uid)";; esac

# --- 4. run it against a loopback publisher -------------------------------------
work=$(mktemp -d /tmp/newsclip-container.XXXXXX)
pub_pid=
cleanup() {
    podman rm -f -t 0 "$container" >/dev/null 2>&1 || true
    if [ -n "$pub_pid" ]; then kill "$pub_pid" 2>/dev/null || true; wait "$pub_pid" 2>/dev/null || true; fi
    if [ "${KEEP:-0}" = 1 ]; then log "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
podman rm -f -t 0 "$container" >/dev/null 2>&1 || true
if curl -s -o /dev/null --max-time 2 http://127.0.0.1:9090/; then
    die "port 9090 is taken on this host; the image's default command serves metrics there (host network)"
fi

python3 scripts/test-publisher.py --port 0 --port-file "$work/port" &
pub_pid=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || die "the test publisher did not start"
base="http://127.0.0.1:$(cat "$work/port")"
mkdir -p "$work/config" "$work/archive"
{
    sed -e '/^feeds:/,$d' -e 's/^rate_per_host: .*/rate_per_host: 50/' config/feeds.yaml
    cat <<EOF
feeds:
  - name: loopback-world
    url: $base/feeds/world.xml
    category: WORLD
  - name: loopback-business
    url: $base/feeds/business.xml
    category: BUSINESS
EOF
} >"$work/config/feeds.yaml"
chown "${uid%%:*}" "$work/archive"
expected=$(python3 scripts/test-publisher.py --list | wc -l)

log "podman run (default command) against $base"
t0=$(date +%s.%N)
# --no-healthcheck: podman times health checks with systemd, which this
# machine lacks; the image's HEALTHCHECK command is run by hand below instead. --read-only --tmpfs /tmp: as in deploy/ (newsclip writes
# only to the archive).
podman run -d --name "$container" --network=host --no-healthcheck \
    --read-only --tmpfs /tmp \
    -v "$work/config:/data/config:ro" -v "$work/archive:/data/archive" \
    "$image" >/dev/null
first=
for _ in $(seq 1200); do
    if [ -z "$first" ] && [ -n "$( (find "$work/archive/_posts" -name '*.md' 2>/dev/null || true) | head -n 1)" ]; then
        first=$(elapsed "$t0")
    fi
    n=$( (find "$work/archive/_posts" -name '*.md' 2>/dev/null || true) | wc -l)
    [ "$n" -ge "$expected" ] && break
    [ "$(podman inspect --format '{{.State.Running}}' "$container")" = true ] || {
        podman logs "$container" >&2; die "the container exited"; }
    sleep 0.1
done
all=$(elapsed "$t0")
[ -n "$first" ] || { podman logs "$container" >&2; die "no post written"; }
[ "$n" -eq "$expected" ] || { podman logs "$container" >&2; die "$n posts written, $expected expected"; }
log "start to first post: ${first}s; all $n posts: ${all}s"

# Who wrote them, and what.
user_in=$(podman exec "$container" id -u)
[ "$user_in" = "${uid%%:*}" ] && [ "$user_in" != 0 ] || die "the container runs as uid $user_in"
pid1=$(podman exec "$container" cat /proc/1/comm)
[ "$pid1" = newsclip ] || die "PID 1 is $pid1, not newsclip"
bad_owner=$(find "$work/archive" ! -uid "$user_in" -print)
[ -z "$bad_owner" ] || die "files not owned by uid $user_in: $bad_owner"
images=$(find "$work/archive/assets/img" -type f | wc -l)
[ "$images" -ge "$expected" ] || die "only $images mirrored images"
for f in _config.yml _layouts/post.html; do [ -f "$work/archive/$f" ] || die "no $f in the archive"; done
python3 - "$work/archive" <<'EOF' || die "posts do not match the publisher's articles"
import json, pathlib, re, subprocess, sys
archive = pathlib.Path(sys.argv[1])
want = {a["title"]: a for a in map(json.loads, subprocess.check_output(
    ["python3", "scripts/test-publisher.py", "--list"], text=True).splitlines())}
for post in sorted((archive / "_posts").rglob("*.md")):
    text = post.read_text()
    assert text.startswith("---\nlayout: post\n"), post
    title = re.search(r'^title: "(.*)"$', text, re.M).group(1)
    category = re.search(r'^category: "(.*)"$', text, re.M).group(1)
    image = re.search(r'^image: "(.*)"$', text, re.M).group(1)
    a = want.pop(title)
    assert category == a["category"], (post, category)
    assert (archive / image.lstrip("/")).is_file(), (post, image)
    assert re.match(r"\d{4}/\d{2}/\d{4}-\d{2}-\d{2}-[A-Z0-9]+\.md$",
                    str(post.relative_to(archive / "_posts"))), post
assert not want, f"missing: {list(want)}"
EOF
log "posts OK: $n posts, $images images, owned by uid $user_in; PID 1 is newsclip"

# Health check and metrics (the daemon is idle now: feeds are due in 15m).
health_cmd=$(podman image inspect --format '{{json .Config.Healthcheck.Test}}' "$image" \
    | python3 -c 'import json,sys; t=json.load(sys.stdin); assert t[0]=="CMD-SHELL", t; print(t[1])')
if podman exec "$container" sh -c "$health_cmd" >"$work/health.out" 2>&1; then
    log "the image's HEALTHCHECK ($health_cmd) passes in the running container"
else
    die "health check failed: $(cat "$work/health.out")"
fi
curl -fsS http://127.0.0.1:9090/metrics >"$work/metrics.txt" || die "no /metrics on 127.0.0.1:9090"
grep -q '^newsclip_' "$work/metrics.txt" || die "/metrics has no newsclip_ series"

# The archive checks out offline with the image's own binary.
podman run --rm --network=none -v "$work/config:/data/config:ro" -v "$work/archive:/data/archive" \
    "$image" verify --config /data/config/feeds.yaml >"$work/verify.out" 2>&1 \
    || { cat "$work/verify.out" >&2; die "newsclip verify failed in the image"; }

# docker stop: SIGTERM, then SIGKILL after the grace period.
t=$(date +%s.%N)
podman stop -t "$grace" "$container" >/dev/null
stop_time=$(elapsed "$t")
code=$(podman inspect --format '{{.State.ExitCode}}' "$container")
podman logs "$container" >"$work/container.log" 2>&1 || true
[ "$code" = 0 ] || { tail -n 20 "$work/container.log" >&2; die "exit code $code after SIGTERM (137 = killed after the grace period)"; }
python3 -c "import sys; sys.exit(0 if float('$stop_time') < $grace else 1)" \
    || die "stop took ${stop_time}s, not within the ${grace}s grace period"
log "SIGTERM: exited with code 0 in ${stop_time}s (grace ${grace}s)"

log "OK: image $image ${size_mb} MB; build ${build_time}s; start to first post ${first}s; SIGTERM exit ${stop_time}s; script $(elapsed "$script_start")s"
