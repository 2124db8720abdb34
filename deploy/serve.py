"""Serve the site in production shape: nginx in front of gunicorn.

    make serve                      # or: .venv/bin/python deploy/serve.py --help

Writes deploy/nginx/atlas.conf.template out for this machine (ports, paths) into a runtime
folder, starts gunicorn on a loopback port and nginx in front of it, and stops both when
either stops or on Ctrl-C. nginx serves /static/ from STATIC_ROOT itself, buffers requests
and responses, and caches what the application marks public (README "Deploy").
"""

import argparse
import getpass
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from string import Template

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx" / "atlas.conf.template"
MIME_TYPES = Path("/etc/nginx/mime.types")
NGINX_MISSING = "nginx is not installed: apt-get install nginx (Debian's package)"


class ConfigTemplate(Template):
    """Fills ${UPPER_CASE} placeholders only; nginx's own $variables stay as they are."""

    idpattern = r"(?!)"
    braceidpattern = r"[A-Z_]+"


def nginx_binary():
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx",) if Path(path).exists()), None
    )


def free_port(host="127.0.0.1"):
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def render_config(*, runtime, listen, upstreams, static_root, session_cookie="sessionid"):
    """The nginx configuration for these values, written to runtime/nginx.conf."""
    runtime = Path(runtime)
    cache_dir = runtime / "cache"
    runtime.mkdir(parents=True, exist_ok=True)
    text = ConfigTemplate(TEMPLATE.read_text()).safe_substitute(
        RUNTIME=runtime,
        CACHE_DIR=cache_dir,
        LISTEN=listen,
        UPSTREAM_SERVERS="\n        ".join(f"server {address};" for address in upstreams),
        STATIC_ROOT=Path(static_root).resolve(),
        MIME_TYPES=MIME_TYPES,
        SESSION_COOKIE=session_cookie,
        WORKER_USER=getpass.getuser(),
    )
    if missing := sorted(set(re.findall(r"\$\{([A-Z_]+)\}", text))):
        raise ValueError(f"no value for {', '.join(missing)} in {TEMPLATE}")
    path = runtime / "nginx.conf"
    path.write_text(text)
    return path


def wait_for_port(host, port, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing answers on {host}:{port} after {seconds} s")


def start_gunicorn(*, bind, workers, env, log=None):
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "atlas.wsgi",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)  # noqa: S603


def start_nginx(config):
    nginx = nginx_binary()
    if nginx is None:
        raise RuntimeError(NGINX_MISSING)
    runtime = str(config.parent)
    check = [nginx, "-t", "-q", "-p", runtime, "-c", str(config), "-e", "stderr"]
    subprocess.run(check, check=True)  # noqa: S603
    command = [nginx, "-p", runtime, "-c", str(config), "-e", "stderr", "-g", "daemon off;"]
    return subprocess.Popen(command)  # noqa: S603


def app_env(base=None):
    """gunicorn's environment: nginx is the one proxy in front, and sets X-Forwarded-For."""
    env = dict(os.environ if base is None else base)
    env.setdefault("API_NUM_PROXIES", "1")
    return env


@contextmanager
def serving(
    *,
    runtime,
    host="127.0.0.1",
    port=None,
    workers=2,
    env=None,
    static_root=None,
    upstreams=None,
    log=None,
):
    """nginx on host:port in front of gunicorn instance(s); yields (port, [gunicorns], nginx).

    With `upstreams` (addresses of gunicorns already running), starts none of its own."""
    port = port or free_port(host)
    env = app_env(env)
    gunicorns = []
    if upstreams is None:
        app_port = free_port()
        gunicorns.append(
            start_gunicorn(bind=f"127.0.0.1:{app_port}", workers=workers, env=env, log=log)
        )
        upstreams = [f"127.0.0.1:{app_port}"]
    config = render_config(
        runtime=runtime,
        listen=f"{host}:{port}",
        upstreams=upstreams,
        static_root=static_root or env.get("STATIC_ROOT") or ROOT / "staticfiles",
        session_cookie=env.get("SESSION_COOKIE_NAME", "sessionid"),
    )
    nginx = None
    try:
        for upstream in upstreams:
            if not upstream.startswith("unix:"):
                upstream_host, upstream_port = upstream.rsplit(":", 1)
                wait_for_port(upstream_host, int(upstream_port))
        nginx = start_nginx(config)
        wait_for_port(host, port)
        yield port, gunicorns, nginx
    finally:
        for process in (nginx, *gunicorns):
            if process is not None and process.poll() is None:
                process.terminate()
        for process in (nginx, *gunicorns):
            if process is not None:
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3")))
    parser.add_argument(
        "--runtime",
        type=Path,
        default=Path(os.environ.get("ATLAS_RUNTIME_DIR", ROOT / "var" / "serve")),
        help="folder for nginx's configuration, logs, temporary files and cache",
    )
    return parser.parse_args()


def main():
    args = parse_args()
    if nginx_binary() is None:
        sys.exit(NGINX_MISSING)
    stopping = []

    def stop(signum, frame):
        stopping.append(signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    with serving(runtime=args.runtime, host=args.host, port=args.port, workers=args.workers) as (
        port,
        gunicorns,
        nginx,
    ):
        print(
            f"serving http://{args.host}:{port}/ (nginx, config {args.runtime}/nginx.conf; "
            f"gunicorn, {args.workers} workers)",
            flush=True,
        )
        while (
            not stopping
            and nginx.poll() is None
            and all(process.poll() is None for process in gunicorns)
        ):
            time.sleep(0.5)


if __name__ == "__main__":
    main()
