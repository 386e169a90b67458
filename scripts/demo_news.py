"""A small made-up news world for trying Parallax without network: one article, and four other
outlets' feeds (the same story in English and French, another report of it with other numbers,
and a background report from nine days before). Dates are written relative to now, so the
reports fall inside the index's search windows whenever this is run.

    uv run python scripts/demo_news.py /tmp/parallax-demo     # then the commands it prints

Everything here is fictional and local: the outlets' addresses are under `.example` (reserved,
RFC 2606: no such site exists), so related coverage can list them but nothing can fetch them,
and the reports corroboration would read are named in the panel as "could not be read". Keep
the demo's index apart from your own with its own `PARALLAX_HOME` (the printed commands do).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import html
import http.server
import io
import json
import os
import socket
import stat
import sys
import threading
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import NamedTuple

ARTICLE_URL = "https://www.lyon-courier.example/news/tram-derails.html"
ARTICLE_PATH = Path("site/lyon-courier/tram-derails.html")


class Report(NamedTuple):
    feed: str
    outlet: str
    host: str
    path: str
    language: str
    title: str
    teaser: str
    hours_ago: float


ARTICLE_PARAGRAPHS = (
    "Police in Lyon said 12 people were injured when a tram derailed on Monday morning near the "
    "city's central station.",
    "Mayor Grégory Doucet visited the scene and thanked the emergency services for their quick "
    "work.",
    "The tram line will stay closed until Friday, the operator Keolis said in a short statement.",
    "Investigators are examining the brakes of the vehicle and the state of the old track.",
    "Passengers described a loud bang and said the second car tipped onto its side as the tram "
    "left the stop.",
    "Replacement buses run every ten minutes between Part-Dieu and Perrache while the line is "
    "closed.",
)

REPORTS = (
    Report(
        "rhone-post.xml", "Rhone Post", "www.rhone-post.example", "/2026/tram-lyon.html", "en",
        "Twelve hurt as tram derails in Lyon",
        "Police in Lyon said 12 people were injured when a tram derailed on Monday morning near "
        "the central station.",
        3,
    ),
    Report(
        "valley-herald.xml", "Valley Herald", "www.valley-herald.example",
        "/local/lyon-tram-crash.html", "en",
        "Lyon tram crash: 14 injured, line closed until Friday",
        "Police in Lyon said 14 people were injured when a tram derailed on Monday morning near "
        "the central station.",
        4,
    ),
    Report(
        "journal-du-rhone.xml", "Journal du Rhône", "www.journal-du-rhone.example",
        "/faits-divers/tramway-lyon.html", "fr",
        "Lyon : un tramway déraille près de la gare, 12 blessés",
        "La police de Lyon a indiqué que 12 personnes ont été blessées lundi matin lors du "
        "déraillement d'un tramway près de la gare centrale.",
        3,
    ),
    Report(
        "transit-weekly.xml", "Transit Weekly", "www.transit-weekly.example",
        "/lyon-brake-inspection.html", "en",
        "Lyon orders brake inspection of older trams",
        "Lyon's transport authority Sytral ordered an inspection of the brakes of its older trams "
        "last month.",
        24 * 9,
    ),
)  # fmt: skip


def article_page(published: datetime) -> str:
    """The Lyon Courier's article, as a news site serves it (JSON-LD, a byline, navigation)."""
    title = "Tram derails near Lyon's central station, 12 injured"
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "datePublished": published.isoformat(),
        "url": ARTICLE_URL,
        "publisher": {"@type": "Organization", "name": "Lyon Courier"},
    }
    body = "".join(f"<p>{html.escape(p)}</p>" for p in ARTICLE_PARAGRAPHS)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)} | Lyon Courier</title>"
        f'<link rel="canonical" href="{ARTICLE_URL}">'
        '<meta property="og:site_name" content="Lyon Courier">'
        f'<script type="application/ld+json">{json.dumps(ld)}</script></head><body>'
        '<header><nav><a href="/">Home</a> <a href="/news/">News</a></nav></header>'
        f'<main><article><h1>{html.escape(title)}</h1><p class="byline">By Staff reporter</p>'
        f"{body}</article></main><footer>&copy; Lyon Courier (a made-up outlet)</footer>"
        "</body></html>\n"
    )


def feed(report: Report, now: datetime) -> str:
    """One outlet's RSS feed with its one report."""
    url = f"https://{report.host}{report.path}"
    published = format_datetime(now - timedelta(hours=report.hours_ago))
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{html.escape(report.outlet)}</title><link>https://{report.host}/</link>"
        f"<language>{report.language}</language><item><title>{html.escape(report.title)}</title>"
        f"<link>{url}</link><guid>{url}</guid>"
        f"<description>{html.escape(report.teaser)}</description>"
        f"<pubDate>{published}</pubDate></item></channel></rss>\n"
    )


def write(out: Path, now: datetime) -> None:
    (out / "feeds").mkdir(parents=True, exist_ok=True)
    for report in REPORTS:
        (out / "feeds" / report.feed).write_text(feed(report, now), encoding="utf-8")
    page = out / ARTICLE_PATH
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(article_page(now - timedelta(hours=2)), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="example: python scripts/demo_news.py /tmp/parallax-demo   (or `make demo`: "
        "the same with --serve)",
    )
    parser.add_argument("out", type=Path, help="directory to write feeds/ and site/ into")
    parser.add_argument(
        "--serve",
        action="store_true",
        help="then, in this one process until Ctrl-C: index the feeds, serve the article's page "
        "on 127.0.0.1:--site-port and the backend (`parallax serve`, PARALLAX_PORT or 8787)",
    )
    parser.add_argument(
        "--site-port", type=int, default=8080, help="the page's port with --serve (0: any free)"
    )
    args = parser.parse_args(argv)
    shared = _shared_with_others(args.out)
    if shared is not None:
        print(
            f"demo: {shared} may be changed by other users of this machine; not writing there "
            "(another directory: make demo DEMO_DIR=$HOME/parallax-demo)",
            file=sys.stderr,
        )
        return 1
    out: Path = args.out.resolve()
    write(out, datetime.now(UTC).replace(microsecond=0))
    home = out / "home"
    if args.serve:
        return _serve(out, home, args.site_port)
    print(
        f"Wrote a made-up news world to {out}. Try it (no network needed):\n\n"
        f"  export PARALLAX_HOME={home} PARALLAX_PROVIDERS=index PARALLAX_INGEST_INTERVAL_S=0\n"
        f"  uv run parallax ingest --once --from-dir {out / 'feeds'}\n"
        f"  uv run parallax brief {ARTICLE_URL} --html {out / ARTICLE_PATH}\n\n"
        "With the extension: in that terminal, `uv run parallax serve`; in another,\n"
        f"  python3 -m http.server --bind 127.0.0.1 --directory {out / 'site'} 8080\n"
        "and open http://127.0.0.1:8080/lyon-courier/tram-derails.html, then click Parallax\n"
        "(or all of it in one terminal: `make demo`).\n"
        "Related coverage lists the other outlets' reports; their addresses are made up, so\n"
        "opening them fails and the panel names them as reports that could not be read.",
        file=sys.stderr,
    )
    return 0


def _shared_with_others(out: Path) -> Path | None:
    """The first place on the way to ``out``, or in it, that another user of the machine could
    have prepared, or None. The demo writes fixed names under ``out`` (``make demo``: the
    predictable /tmp/parallax-demo), following links: in a directory someone else owns or may
    write into, a link planted as ``feeds/rhone-post.xml`` had the feed written over whatever
    file of the reader's it pointed to, and a planted ``home/`` gave the demo's backend an
    index of theirs. A directory open to all but sticky (/tmp) is fine on the way to ``out``:
    no one else can replace what is the reader's in it."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:
        return None  # no owners to tell apart (Windows)
    trusted = {getuid(), 0}
    inside = [out / "feeds", out / "site", out / ARTICLE_PATH.parent, out / "home"]
    # Lexically, not through links: each step as it is named (a link is checked for its owner).
    named = Path(os.path.normpath(out.absolute()))
    on_the_way = [*reversed(named.parents), out]
    for path in [*on_the_way, *inside]:
        try:
            st = path.lstat()
        except OSError:
            continue  # not there (yet), or not ours to look at: the write says so itself
        if st.st_uid not in trusted:
            return path
        if stat.S_ISLNK(st.st_mode):
            continue  # its owner is ours; where it points is checked as ``out``'s way
        # Writable by its group counts when that group has other users in it: a shared
        # project directory (2775, a team's group) let them plant links as /tmp's 777 did.
        open_to_all = bool(st.st_mode & stat.S_IWOTH) or bool(
            st.st_mode & stat.S_IWGRP and _group_has_others(st.st_gid, trusted)
        )
        if open_to_all and (path in (out, *inside) or not st.st_mode & stat.S_ISVTX):
            return path
    resolved = out.resolve()
    if resolved != named:
        return _shared_with_others(resolved)
    return None


def _group_has_others(gid: int, trusted: set[int]) -> bool:
    """Whether users other than ``trusted`` may be in group ``gid`` (listed as its members, or
    it is their primary group); a group the system does not name may have anyone."""
    import grp
    import pwd

    try:
        members = set(grp.getgrgid(gid).gr_mem)
    except KeyError:
        return True
    ours: set[str] = set()
    for uid in trusted:
        with contextlib.suppress(KeyError):
            ours.add(pwd.getpwuid(uid).pw_name)
    if members - ours:
        return True
    return any(user.pw_gid == gid and user.pw_uid not in trusted for user in pwd.getpwall())


class _QuietPage(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass  # the backend's lines are the ones worth reading


def _backend_port_taken(site_port: int) -> str | None:
    """Why the backend could not listen on its loopback port (PARALLAX_PORT, 8787), or None.
    Bound and let go at once, as the server will bind it (SO_REUSEADDR): a port another
    program listens on is refused, one in TIME_WAIT is not. The page's own port is taken by
    the demo itself a moment later. A setting that is no port is left to `parallax serve`,
    which says so.

    The port as serve reads it (``Settings``): read here with ``int()``, an empty PARALLAX_PORT
    (serve's 8787) or "8787.0" was no port, the check was skipped, and a taken port came back
    as serve's "cannot listen" under the page's line (attack16)."""
    from parallax.config import Settings, SettingsError

    try:
        port = Settings.from_env().port
    except SettingsError:
        return None
    if not 0 < port < 65536:
        return None
    if port == site_port:
        return f"demo: the page and the backend cannot both listen on 127.0.0.1:{port}"
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            return f"demo: the backend cannot listen on 127.0.0.1:{port}: {exc.strerror}"
    return None


def _serve(out: Path, home: Path, site_port: int) -> int:
    """The demo in one terminal (`make demo`): before, it took two, one of them for
    `http.server`. Its own home, the local index only, no poll, and the backend on loopback
    whatever PARALLAX_HOST said: nothing leaves the machine but what a configured model is sent
    (PARALLAX_LLM_PROVIDER: the made-up article, to be summarised)."""
    os.environ.update(
        PARALLAX_HOME=str(home),
        PARALLAX_PROVIDERS="index",
        PARALLAX_INGEST_INTERVAL_S="0",
        PARALLAX_HOST="127.0.0.1",
    )
    from parallax.cli import main as parallax  # after the environment: it reads it

    busy = _backend_port_taken(site_port)
    if busy is not None:
        # Checked before the page's line: it tells the reader to look at the backend's line
        # below it, which would have been this error.
        print(busy, file=sys.stderr)
        print(
            "  (another port: PARALLAX_PORT=8788 make demo, and that URL in the extension's options)",
            file=sys.stderr,
        )
        return 1
    with contextlib.redirect_stdout(io.StringIO()):  # its JSON report: not for this reader
        code = parallax(["ingest", "--once", "--from-dir", str(out / "feeds")])
    if code != 0:
        return code
    handler = functools.partial(_QuietPage, directory=str(out / "site"))
    try:
        site = http.server.ThreadingHTTPServer(("127.0.0.1", site_port), handler)
    except OSError as exc:
        print(
            f"demo: cannot serve the page on 127.0.0.1:{site_port}: {exc.strerror}", file=sys.stderr
        )
        print("  (another port: make demo DEMO_SITE_PORT=8081)", file=sys.stderr)
        return 1
    threading.Thread(target=site.serve_forever, daemon=True).start()
    print(
        f"Demo page: http://127.0.0.1:{site.server_address[1]}/{ARTICLE_PATH.relative_to('site').as_posix()}"
        " - open it and click Parallax (the extension's backend URL: the line below).",
        file=sys.stderr,
        flush=True,
    )
    try:
        return parallax(["serve"])
    finally:
        site.shutdown()
        site.server_close()


if __name__ == "__main__":
    sys.exit(main())
