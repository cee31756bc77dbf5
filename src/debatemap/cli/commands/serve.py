"""``debatemap serve``: the map in the browser, live, with editing; alone or with a class."""

from __future__ import annotations

import argparse
import ipaddress
import socket
import sys
import threading
import webbrowser
from pathlib import Path
from typing import Any

from debatemap.cli.commands._common import add_map_dir, map_dir_or_usage_error

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "serve",
        help="explore and edit the map in the browser, live (alone, or a class with --class)",
        description="Serve the interactive map with editing on this machine. The first line starting "
        "with http is the address to open; it carries this run's token, without which nothing can be "
        "changed. Changes made in any browser, by the command line or in a text editor appear in every "
        "open page. --class lets a classroom join from other machines with a short code.",
    )
    add_map_dir(parser)
    parser.add_argument("--host", default=None, help="address to listen on (default 127.0.0.1; "
                        "another address, e.g. 0.0.0.0, needs --class)")  # fmt: skip
    parser.add_argument("--port", type=_port, default=8765, help="port (default 8765; 0 picks a free one)")
    parser.add_argument("--read-only", action="store_true", help="serve the live map with no editing")
    parser.add_argument("--open", action="store_true", help="open the map in the default browser "
                        "(by a one-time address: the token never appears on a command line)")  # fmt: skip
    parser.add_argument(
        "--class", dest="classroom", action="store_true",
        help="classroom: listen on every address (unless --host says otherwise) and let browsers join "
        "with a short code; each gives a name, recorded with what it adds, and changes only its own "
        "claims; the teacher's page has a join screen to project",
    )  # fmt: skip
    parser.add_argument("--sources-dir", metavar="DIR", help="source texts for the quote picker "
                        "(default: DIR/sources)")  # fmt: skip
    parser.add_argument("--title", default="Debate map", help="the page's title")
    parser.set_defaults(run=run)


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}")
    return int(text)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def run(args: argparse.Namespace) -> int:
    root = map_dir_or_usage_error(args.directory)
    if root is None:
        return 2
    host = args.host or ("0.0.0.0" if args.classroom else "127.0.0.1")
    if not args.classroom and not _is_loopback(host):
        print(f"debatemap serve: error: --host {host} would let other machines in; "
              "add --class for a classroom (they then need the join code)", file=sys.stderr)  # fmt: skip
        return 2
    try:
        sock = _bind(host, args.port)
    except OSError as error:
        print(f"debatemap serve: error: cannot listen on {host}:{args.port}: {error.strerror or error}"
              " (try another --port, or --port 0 for any free one)", file=sys.stderr)  # fmt: skip
        return 1
    from debatemap.serve.app import ServeConfig, create_app
    from debatemap.serve.security import Guard, lan_address, machine_names

    port = sock.getsockname()[1]
    sources = Path(args.sources_dir) if args.sources_dir else root / "sources"
    extra = machine_names() if args.classroom else frozenset()
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    shown = f"[{shown}]" if ":" in shown else shown
    join_base = f"http://{lan_address() if host in ('0.0.0.0', '::') else shown}:{port}"
    config = ServeConfig(root.resolve(), sources.resolve(), port, args.title, args.read_only,
                         args.classroom, extra, join_base=join_base if args.classroom else "")  # fmt: skip
    guard = Guard(port, args.classroom, args.read_only, extra_hosts=extra)
    app = create_app(config, guard)  # the join code may be the last run's (sessions survive)
    address = f"http://{shown}:{port}/?token={guard.token}"
    print(address, flush=True)
    if args.classroom:
        _print_join(join_base, guard.join_code)
    print(f"Serving {root}{' read-only' if args.read_only else ''}; Ctrl+C stops.", flush=True)
    if args.open:
        # Not the token: a browser's command line is visible to every user of the machine (ps).
        # A one-time address, usable once within two minutes, is exchanged for the cookie instead.
        once = f"http://{shown}:{port}/open/{guard.once()}"
        threading.Timer(0.8, webbrowser.open, (once,)).start()
    try:
        serve_forever(app, sock)
    except KeyboardInterrupt:  # uvicorn stops cleanly first, then passes Ctrl+C on: that is the way out
        pass
    print("stopped", flush=True)
    return 0


def _print_join(base: str, code: str) -> None:
    import segno

    print(f"Class: open {base}/join and type the code {code}", flush=True)
    print("or scan this with a phone's camera:", flush=True)
    segno.make(f"{base}/join?code={code}", error="m").terminal(out=sys.stdout, compact=True, border=2)
    sys.stdout.flush()


def make_server(app: Any, sock: socket.socket | None = None, host: str = "127.0.0.1", port: int = 0) -> Any:
    """A uvicorn server for ``app`` (no access log: addresses could carry secrets)."""
    import uvicorn

    config = uvicorn.Config(
        app, host=host, port=port, log_level="warning", access_log=False, lifespan="on",
        timeout_graceful_shutdown=1, ws="none", server_header=False,
        proxy_headers=False,  # ignore X-Forwarded-*: the join limit counts the real address
    )  # fmt: skip

    class Server(uvicorn.Server):
        async def shutdown(self, sockets: Any = None) -> None:
            app.state.live.close()  # end the pages' event streams, or shutdown waits for them
            await super().shutdown(sockets)

    return Server(config)


def serve_forever(app: Any, sock: socket.socket) -> None:
    make_server(app).run(sockets=[sock])
