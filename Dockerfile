# newsclip container: release binary built in a Rust image, run as a non-root
# user in a slim Debian with CA certificates and time zones.
#
#   docker build -t newsclip .
#   docker run --rm -v "$PWD/config:/data/config:ro" -v "$PWD/archive:/data/archive" newsclip
#
# The shipped config/feeds.yaml says `archive: archive`, which resolves to the
# /data/archive volume because the working directory is /data.

FROM rust:1.95-bookworm AS builder
WORKDIR /src
# Dependencies first, in their own layer, so code changes do not rebuild them.
COPY Cargo.toml Cargo.lock ./
RUN mkdir src && echo 'fn main() {}' > src/main.rs && touch src/lib.rs \
    && cargo build --release --locked \
    && rm -rf src target/release/.fingerprint/newsclip-*
COPY src ./src
RUN cargo build --release --locked && strip target/release/newsclip

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin newsclip \
    && mkdir -p /data/config /data/archive && chown -R newsclip /data
COPY --from=builder /src/target/release/newsclip /usr/local/bin/newsclip
USER newsclip
WORKDIR /data
VOLUME ["/data/config", "/data/archive"]
ENTRYPOINT ["newsclip"]
CMD ["run", "--config", "/data/config/feeds.yaml"]
