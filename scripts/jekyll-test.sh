#!/usr/bin/env bash
# The archive as a site, checked with real Jekyll (Debian's `jekyll` package):
#   1. installs jekyll with apt-get if it is missing (needs root then);
#   2. builds the release binary;
#   3. starts scripts/test-publisher.py on loopback and crawls it with the
#      shipped config/feeds.yaml (its feeds swapped for the publisher's, a
#      faster per-host rate) into a temporary archive;
#   4. runs `jekyll build --strict-front-matter` on the archive: it must exit 0
#      and print no error or warning;
#   5. checks every post became a page that shows its title and its mirrored
#      images (which must exist in the built site), that Liquid-looking article
#      text is shown as written, and that the index lists every post.
# Prints the Jekyll build time. Re-runnable; cleans up after itself.
#   KEEP=1 scripts/jekyll-test.sh   keeps the temporary directory.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

log() { printf '[jekyll-test] %s\n' "$*" >&2; }
die() { log "FAIL: $*"; exit 1; }

if ! command -v jekyll >/dev/null 2>&1; then
    [ "$(id -u)" = 0 ] || die "jekyll is not installed and we are not root: apt-get install jekyll"
    log "installing Debian's jekyll"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends jekyll >/dev/null
fi
log "$(jekyll --version)"

log "building the release binary"
cargo build --release --locked --quiet
target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
bin=$target_dir/release/newsclip
[ -x "$bin" ] || die "no binary at $bin"

work=$(mktemp -d /tmp/newsclip-jekyll.XXXXXX)
pub_pid=
cleanup() {
    if [ -n "$pub_pid" ]; then kill "$pub_pid" 2>/dev/null || true; wait "$pub_pid" 2>/dev/null || true; fi
    if [ "${KEEP:-0}" = 1 ]; then log "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

python3 scripts/test-publisher.py --port 0 --port-file "$work/port" &
pub_pid=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || die "the test publisher did not start"
base="http://127.0.0.1:$(cat "$work/port")"

# The shipped config, feeds replaced by the loopback publisher's.
{
    sed -e '/^feeds:/,$d' -e 's/^rate_per_host: .*/rate_per_host: 50/' config/feeds.yaml
    cat <<EOF
feeds:
  - name: loopback-world
    url: $base/feeds/world.xml
    category: WORLD
    language: en
  - name: loopback-business
    url: $base/feeds/business.xml
    category: BUSINESS
    language: en
EOF
} >"$work/feeds.yaml"

log "crawling $base into $work/archive"
(cd "$work" && "$bin" crawl --config feeds.yaml) 2>"$work/crawl.log" || {
    cat "$work/crawl.log" >&2
    die "newsclip crawl failed"
}
tail -n 1 "$work/crawl.log" >&2
for f in _config.yml _layouts/post.html index.html; do
    [ -f "$work/archive/$f" ] || die "the archive has no $f (site scaffold)"
done

log "jekyll build"
start=$(date +%s.%N)
if ! jekyll build --strict-front-matter --source "$work/archive" --destination "$work/_site" \
        >"$work/jekyll.log" 2>&1; then
    cat "$work/jekyll.log" >&2
    die "jekyll build failed"
fi
end=$(date +%s.%N)
cat "$work/jekyll.log" >&2
if grep -Eiq 'error|warn|exception|deprecat' "$work/jekyll.log"; then
    die "jekyll build printed errors or warnings"
fi
build_time=$(python3 -c "print(f'{$end - $start:.2f}')")

python3 - "$work/archive" "$work/_site" <<'EOF'
import html, pathlib, re, sys
archive, site = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
expected = {}
sys.path.insert(0, "scripts")
import importlib.util
spec = importlib.util.spec_from_file_location("publisher", "scripts/test-publisher.py")
pub = importlib.util.module_from_spec(spec); spec.loader.exec_module(pub)
titles = {t for _, _, t, _ in pub.ARTICLES}
posts = sorted((archive / "_posts").rglob("*.md"))
assert len(posts) == len(titles), f"{len(posts)} posts for {len(titles)} articles"
pages = {p.stem.lower(): p for p in site.rglob("*.html")}
index = (site / "index.html").read_text()
seen = set()
for post in posts:
    text = post.read_text()
    front = text.split("\n---\n", 1)[0]
    title = re.search(r'^title: "(.*)"$', front, re.M).group(1).encode().decode("unicode_escape")
    image = re.search(r'^image: "(.*)"$', front, re.M).group(1)
    code = re.search(r'^code: "(.*)"$', front, re.M).group(1)
    assert title in titles, f"{post}: unexpected title {title!r}"
    seen.add(title)
    page = pages.get(code.lower())
    assert page, f"no page for {post.name} in _site"
    out = page.read_text()
    assert html.escape(title, quote=False) in out or title in out, f"{page}: title missing"
    assert image.startswith("/assets/img/"), f"{post}: lead image not mirrored: {image}"
    shown = re.findall(r'<img[^>]*src="(/assets/img/[^"]+)"', out)
    assert image in shown, f"{page}: lead image {image} not shown ({shown})"
    assert len(shown) >= 2, f"{page}: in-body figure not shown ({shown})"
    for src in shown:
        assert (site / src.lstrip("/")).is_file(), f"{page}: {src} missing from _site"
    assert "<h1" in out and out.count("<h1") == 1, f"{page}: title shown {out.count('<h1')} times"
    assert html.escape(title, quote=False) in index or title in index, f"index lacks {title!r}"
    if "{{" in title:
        # Liquid is off for posts: the braces are printed, not evaluated.
        assert "{{ site.title }}" in out and "{% raw %}" in out, f"{page}: Liquid ran on the post"
assert seen == titles, f"missing posts: {titles - seen}"
print(f"[jekyll-test] {len(posts)} posts -> pages with titles and mirrored images "
      f"({sum(1 for _ in (site / 'assets/img').rglob('*.png'))} images in _site)", file=sys.stderr)
EOF

log "OK: jekyll build of the crawled test archive took ${build_time}s"
