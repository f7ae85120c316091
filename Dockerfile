# newsclip container: release binary built in the official Rust image, run as
# a non-root user in a slim Debian with CA certificates, time zones and curl
# (for the health check).
#
#   docker build -t newsclip .
#   docker run -d --name newsclip \
#       -v "$PWD/config:/data/config:ro" -v newsclip-archive:/data/archive newsclip
#
# The shipped config/feeds.yaml says `archive: archive`, which resolves to the
# /data/archive volume because the working directory is /data. A bind-mounted
# archive directory must be writable by uid 10001.
# Proven without Docker by scripts/container-test.sh (podman, local base images).

FROM rust:1.95-bookworm AS builder
WORKDIR /src
# Dependencies first, in their own layer, so code changes do not rebuild them:
# a dummy lib and main with the real Cargo.toml and Cargo.lock.
COPY Cargo.toml Cargo.lock ./
RUN mkdir src && echo 'fn main() {}' > src/main.rs && touch src/lib.rs \
    && cargo build --release --locked \
    && rm -rf src target/release/.fingerprint/newsclip-* target/release/deps/newsclip-* \
       target/release/deps/libnewsclip-* target/release/newsclip
COPY src ./src
RUN cargo build --release --locked && strip target/release/newsclip \
    && ./target/release/newsclip --version

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates tzdata curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 newsclip \
    && useradd --system --uid 10001 --gid 10001 --home-dir /data --shell /usr/sbin/nologin newsclip \
    && mkdir -p /data/config /data/archive && chown -R newsclip:newsclip /data
COPY --from=builder /src/target/release/newsclip /usr/local/bin/newsclip
USER 10001:10001
WORKDIR /data
ENV TZ=UTC
VOLUME ["/data/config", "/data/archive"]
# Prometheus metrics at /metrics, health at /healthz (503 when the scheduler is stuck).
EXPOSE 9090
# newsclip is PID 1 and handles SIGTERM itself: in-flight articles get
# `shutdown_grace` (30s by default) to finish, so give `docker stop` at least
# that long (`docker stop -t 40`, Kubernetes terminationGracePeriodSeconds: 40).
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:9090/healthz || exit 1
ENTRYPOINT ["newsclip"]
CMD ["run", "--config", "/data/config/feeds.yaml", "--metrics-addr", "0.0.0.0:9090"]
