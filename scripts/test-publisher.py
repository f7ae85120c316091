#!/usr/bin/env python3
"""A tiny loopback news publisher for the end-to-end checks (container, Jekyll).

Serves two RSS feeds (/feeds/world.xml, /feeds/business.xml), their article
pages (each with a lead image and an in-body figure, PNGs made here), and a
robots.txt that allows everything. One article's text holds Liquid-looking
markup ({{ ... }}, {% ... %}) to prove the site does not run it as a template.
Standard library only.

    scripts/test-publisher.py --port 0 --port-file /tmp/port
        listens on 127.0.0.1 (an ephemeral port when 0), writes the port to the
        file once listening, serves until SIGTERM/SIGINT.
    scripts/test-publisher.py --list
        prints one JSON line per article (feed, path, title, image paths).
"""

import argparse
import html
import json
import signal
import struct
import sys
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FEEDS = {
    "world": "WORLD",
    "business": "BUSINESS",
}

ARTICLES = [
    ("world", 101, "Harbour city reopens its old lighthouse", "2024-11-14T08:30:00+00:00"),
    ("world", 102, "Rains return to the northern valleys after a dry year", "2024-11-15T12:05:00+00:00"),
    ("world", 103, "Template braces {{ site.title }} and {% raw %} survive archiving", "2024-11-16T18:56:11+07:00"),
    ("business", 201, "Small bakeries band together to buy flour", "2024-11-13T06:00:00+00:00"),
    ("business", 202, "Ferry operator orders three electric boats", "2024-11-16T09:45:00+00:00"),
]


def png(seed: int, size: int = 8) -> bytes:
    """A valid RGB PNG, different for every seed."""
    r, g, b = (seed * 37) % 256, (seed * 91) % 256, (seed * 173) % 256
    row = b"\x00" + bytes([r, g, b]) * size
    raw = row * size

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    ihdr = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def article_path(feed: str, num: int) -> str:
    return f"/{feed}/{num}/story-{num}"


def lead_path(num: int) -> str:
    return f"/media/lead-{num}.png"


def figure_path(num: int) -> str:
    return f"/media/figure-{num}.png"


def article_page(base: str, feed: str, num: int, title: str, date: str) -> str:
    t = html.escape(title)
    url = base + article_path(feed, num)
    paragraphs = [
        f"{t}: the first paragraph of story {num} says what happened, where and when, "
        "in enough words that any reader knows the gist after one sentence.",
        "The second paragraph adds the context: who was involved, what they said, and "
        "why it matters to the people who live and work nearby.",
        "Officials said the work would continue through the winter, and that residents "
        "would be consulted before the next stage begins in the spring.",
        "A spokesperson declined to give a figure for the total cost, but said the "
        "budget had been approved by the council last month.",
    ]
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs[:2])
    body += (f'\n<figure><img src="{figure_path(num)}" alt="A detail of story {num}">'
             f"<figcaption>A detail of story {num}. (Photo: Test Agency)</figcaption></figure>\n")
    body += "\n".join(f"<p>{p}</p>" for p in paragraphs[2:])
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{t} | Loopback Post</title>
<link rel="canonical" href="{url}">
<meta property="og:title" content="{t}">
<meta property="og:description" content="Story {num} in brief: {t}.">
<meta property="og:image" content="{base}{lead_path(num)}">
<meta property="article:published_time" content="{date}">
</head>
<body>
<header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<main>
<article>
<h1>{t}</h1>
<figure class="lead"><img src="{lead_path(num)}" alt="Lead picture of story {num}">
<figcaption>The lead picture of story {num}. (Photo: Test Agency)</figcaption></figure>
<div class="article-body">
{body}
</div>
</article>
</main>
<footer><p>Loopback Post</p></footer>
</body>
</html>
"""


def feed_xml(base: str, feed: str) -> str:
    items = []
    for f, num, title, date in ARTICLES:
        if f != feed:
            continue
        items.append(f"""<item><title>{html.escape(title)}</title>
<link>{base}{article_path(f, num)}</link><guid>{base}{article_path(f, num)}</guid></item>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Loopback Post: {feed}</title><link>{base}/</link>
<description>Test feed</description>
{chr(10).join(items)}
</channel></rss>
"""


class Handler(BaseHTTPRequestHandler):
    server_version = "LoopbackPost/1"

    def log_message(self, fmt, *args):  # quiet unless asked
        if self.server.verbose:
            sys.stderr.write("publisher: " + (fmt % args) + "\n")

    def do_GET(self):
        base = f"http://{self.headers.get('Host', '127.0.0.1')}"
        path = self.path.split("?", 1)[0]
        if path == "/robots.txt":
            return self.reply(200, "text/plain", b"User-agent: *\nAllow: /\n")
        for feed in FEEDS:
            if path == f"/feeds/{feed}.xml":
                return self.reply(200, "application/rss+xml; charset=utf-8",
                                  feed_xml(base, feed).encode())
        for feed, num, title, date in ARTICLES:
            if path == article_path(feed, num):
                return self.reply(200, "text/html; charset=utf-8",
                                  article_page(base, feed, num, title, date).encode())
            if path == lead_path(num):
                return self.reply(200, "image/png", png(num))
            if path == figure_path(num):
                return self.reply(200, "image/png", png(num + 1000))
        self.reply(404, "text/plain", b"not found\n")

    def reply(self, status, ctype, body):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args()
    if args.list:
        for feed, num, title, date in ARTICLES:
            print(json.dumps({"feed": feed, "category": FEEDS[feed], "path": article_path(feed, num),
                              "title": title, "date": date,
                              "lead": lead_path(num), "figure": figure_path(num)}))
        return
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.verbose = args.verbose
    port = server.server_address[1]
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as f:
            f.write(f"{port}\n")
        import os
        os.replace(args.port_file + ".tmp", args.port_file)
    print(f"publisher listening on http://127.0.0.1:{port}", file=sys.stderr, flush=True)

    def stop(*_):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    server.serve_forever()


if __name__ == "__main__":
    main()
