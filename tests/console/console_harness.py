"""console_harness: real processes and a real browser for the hub web console's tests.

What: a learning-hub (`Hub`: its database, admin commands, `serve`), kiosk data directories driven by the
real kioskctl (`Kiosk`: enrol, check in, sync), headless Chromium through Selenium (`browser`,
`screenshot`, `wait_for`, `no_horizontal_scroll`), plain HTTP without a browser (`http`), and a PNG reader
(`png_pixels`, `pixel_variance`) to tell a rendered page from a blank one.

Where things come from: the environment ctest sets (tests/console/CMakeLists.txt): LK_HUB_BIN,
LK_KIOSKCTL_BIN, LK_SOURCE_DIR, LK_ARTIFACTS_DIR (screenshots), and LK_HUB_DB_URI (optional: a
postgresql:// URI of an empty database the hub uses instead of a temporary SQLite file).

Ownership: `Hub` and `Kiosk` own a temporary directory each, removed when they are (or on `with` exit, or
at interpreter exit); the hub and Chromium die with the test process (PR_SET_PDEATHSIG), so a test killed by ctest's timeout
leaves nothing behind. Not thread-safe: one test thread. Standard library and Selenium only; run with
/usr/bin/python3 (Debian's python3-selenium).
"""

import base64
import contextlib
import ctypes
import json
import os
import re
import selectors
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
import weakref
from typing import NamedTuple

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM = "/usr/bin/chromium"
DEMO_CENTRE = "bj-dongcheng-jdk"  # the centre of assets/demo/catalog.json


def _env_path(name):
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"{name} is not set: run this through ctest (tests/console/CMakeLists.txt)")
    return value


SOURCE_DIR = os.environ.get("LK_SOURCE_DIR") or os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))  # this file is <source>/tests/console/console_harness.py


def artifacts_dir():
    """LK_ARTIFACTS_DIR, else <build>/test-artifacts/console next to the hub binary's bin/; created."""
    path = os.environ.get("LK_ARTIFACTS_DIR")
    if not path:
        path = os.path.join(os.path.dirname(os.path.dirname(_env_path("LK_HUB_BIN"))), "test-artifacts", "console")
    os.makedirs(path, exist_ok=True)
    return path


def _die_with_parent():
    # In the child, before exec: SIGKILL it when the test process dies, however it dies.
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


class CommandFailed(RuntimeError):
    pass


def run(argv, stdin=None, env=None, check=True, timeout=60):
    """Runs argv to completion: a CompletedProcess with text stdout/stderr; CommandFailed on a non-zero exit."""
    full_env = dict(os.environ, **(env or {}))
    r = subprocess.run(argv, input=stdin if stdin is not None else "", capture_output=True, text=True,
                       env=full_env, timeout=timeout, preexec_fn=_die_with_parent)
    if check and r.returncode != 0:
        raise CommandFailed(f"{' '.join(argv)} exited {r.returncode}:\n{r.stderr}{r.stdout}")
    return r


class Hub:
    """A learning-hub database and, after start(), a `serve` process on 127.0.0.1 and a free port."""

    LISTENING = re.compile(r"learning-hub listening on (\S+):(\d+)\n")

    def __init__(self):
        self.binary = _env_path("LK_HUB_BIN")
        self.dir = tempfile.mkdtemp(prefix="lk-console-hub-")
        self._remove_dir = weakref.finalize(self, shutil.rmtree, self.dir, True)
        self.db = os.environ.get("LK_HUB_DB_URI") or os.path.join(self.dir, "hub.db")
        self.log_path = os.path.join(self.dir, "serve.log")
        self.process = None
        self.port = None
        self._drain = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        self._remove_dir()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def cli(self, *args, stdin=None, check=True):
        """`learning-hub ARGS... --db DB`: a CompletedProcess (CommandFailed on a non-zero exit)."""
        return run([self.binary, *args, "--db", self.db], stdin=stdin, check=check)

    def add_centre(self, centre_id, name, name_en=None, district=None):
        args = ["center", "add", "--id", centre_id, "--name", name]
        if name_en:
            args += ["--name-en", name_en]
        if district:
            args += ["--district", district]
        self.cli(*args)

    def import_catalog(self, centre_id, path=None):
        path = path or os.path.join(SOURCE_DIR, "assets/demo/catalog.json")
        self.cli("import-catalog", "--center", centre_id, path)

    def enroll_code(self, centre_id):
        return self.cli("enroll-code", "--center", centre_id).stdout.strip()

    def add_user(self, login, role, password, district=None, centre=None):
        """A console account; role is city, district or centre."""
        args = ["user", "add", "--login", login, "--role", role]
        if district:
            args += ["--district", district]
        if centre:
            args += ["--centre", centre]
        self.cli(*args, stdin=password + "\n")

    def write_file(self, name, text):
        """A file in the hub's temporary directory (a catalogue to import or upload): its path."""
        path = os.path.join(self.dir, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def devices(self):
        """`devices --json`: one dict per kiosk (device_id, centre_id, name, queue_depth, last_heartbeat_at...)."""
        return json.loads(self.cli("devices", "--json").stdout)

    def serve_args(self, console=True):
        args = [self.binary, "serve", "--db", self.db, "--listen", "127.0.0.1:0"]
        if console:
            return args + ["--console-dir", os.path.join(SOURCE_DIR, "sync/hub/console")]
        return args + ["--no-console"]

    def start(self, extra_args=(), console=True, timeout=15):
        """Starts `serve` (with the console from the source tree, or --no-console) and waits for its port."""
        if self.process:
            raise RuntimeError("the hub is already running")
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen([*self.serve_args(console), *extra_args], stdout=subprocess.PIPE,
                                        stderr=log, stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent)
        log.close()
        out = self.process.stdout
        text = b""
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as sel:
            sel.register(out, selectors.EVENT_READ)
            while not (m := self.LISTENING.search(text.decode(errors="replace"))):
                left = deadline - time.monotonic()
                chunk = os.read(out.fileno(), 4096) if left > 0 and sel.select(left) else None
                if not chunk:
                    self.stop()
                    raise RuntimeError(f"learning-hub did not start listening (stdout: {text!r}):\n{self.log()}")
                text += chunk
        self.port = int(m.group(2))
        # serve prints nothing else on stdout today; keep draining it so that a later line cannot block it.
        self._drain = threading.Thread(target=out.read, daemon=True)
        self._drain.start()
        return self

    def log(self):
        """What serve wrote to stderr so far."""
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def stop(self):
        """SIGTERM, SIGKILL after 5 s: the exit status (None when it was not running)."""
        if not self.process:
            return None
        p, drain, self.process, self.port, self._drain = self.process, self._drain, None, None, None
        p.terminate()
        try:
            status = p.wait(5)
        except subprocess.TimeoutExpired:
            p.kill()
            status = p.wait()
        if drain:
            drain.join()
        p.stdout.close()
        return status


class Kiosk:
    """A kiosk enrolled with `hub` for `centre_id`, with the centre's catalogue pulled, ready to check in:
    a data directory and its config file ([sync] section), driven through the real kioskctl."""

    def __init__(self, hub, centre_id, name="kiosk", code=None, env=None):
        """Enrols over plain HTTP (allowed on 127.0.0.1 only) with `code`, else a fresh one-time code of the
        centre, then syncs once. env: extra environment of every kioskctl command (e.g. LK_FAKE_NOW)."""
        self.hub = hub
        self.centre_id = centre_id
        self.name = name
        self.env = dict(env or {})
        self.binary = _env_path("LK_KIOSKCTL_BIN")
        self.dir = tempfile.mkdtemp(prefix="lk-console-kiosk-")
        self._remove_dir = weakref.finalize(self, shutil.rmtree, self.dir, True)
        self.data_dir = os.path.join(self.dir, "kiosk")
        self.config_path = os.path.join(self.dir, "kiosk.toml")
        # As tests/sync/sync_test_env.cc: short timeouts, for a hub on this machine.
        with open(self.config_path, "w") as f:
            f.write("[sync]\nconnect_timeout_seconds = 2\ntransfer_timeout_seconds = 5\nheartbeat_seconds = 10\n")
        self.ctl("enroll", "--hub", hub.url, "--code", code or hub.enroll_code(centre_id), "--name", name)
        self.sync()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._remove_dir()

    def ctl(self, *args, check=True):
        """`kioskctl --data-dir D --config C ARGS...`: a CompletedProcess (CommandFailed on a non-zero exit)."""
        return run([self.binary, "--data-dir", self.data_dir, "--config", self.config_path, *args], env=self.env,
                   check=check)

    def sync(self, check=True):
        """`sync --once --json`: the CompletedProcess; json.loads(its stdout) is the summary (records_sent,
        acknowledged, pending, push_error, catalog_version...). check=False: a refused push is no exception."""
        return self.ctl("sync", "--once", "--json", check=check)

    def checkin(self, learner, session):
        """A check-in as the keypad would make it (the session must be open now): the record id."""
        return self.ctl("checkin", "--learner", learner, "--session", session).stdout.strip()

    def open_sessions(self):
        """Today's sessions accepting check-in now."""
        return json.loads(self.ctl("sessions", "--open", "--json").stdout)

    def status(self):
        """`kioskctl status`, as an operator reads it (pending records, catalogue version, sync state)."""
        return self.ctl("status").stdout

    def _credentials(self):
        with open(os.path.join(self.data_dir, "device.json")) as f:  # sync/client/enrollment.h
            return json.load(f)

    def device_id(self):
        return self._credentials()["device_id"]

    def token(self):
        """The bearer token the hub gave this kiosk at enrolment."""
        return self._credentials()["token"]


@contextlib.contextmanager
def browser(width=1280, height=800, lang="zh-CN"):
    """Headless Chromium at width x height whose UI and Accept-Language are `lang` (zh-CN or en); quit on exit."""
    profile = tempfile.mkdtemp(prefix="lk-console-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    # --hide-scrollbars: the page gets the whole width, as on a phone, and screenshots are exactly `width` wide.
    for arg in ("--headless=new", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-extensions", "--disable-background-networking", "--hide-scrollbars",
                f"--lang={lang}", f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(arg)
    if os.geteuid() == 0:
        options.add_argument("--no-sandbox")  # Chromium refuses to start as root with its sandbox
    options.add_experimental_option("prefs", {"intl.accept_languages": lang})
    service = Service(CHROMEDRIVER, log_path=os.path.join(profile, "chromedriver.log"),
                      popen_kw={"preexec_fn": _die_with_parent})
    driver = webdriver.Chrome(service=service, options=options)
    try:
        # --window-size sizes the window; the page must get exactly width x height.
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def screenshot(driver, name):
    """The whole page, its full height, as <artifacts>/<name>.png: the path."""
    path = os.path.join(artifacts_dir(), re.sub(r"[^A-Za-z0-9._-]+", "_", name) + ".png")
    size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}})
    with open(path, "wb") as f:
        f.write(base64.b64decode(shot["data"]))
    return path


def no_horizontal_scroll(driver):
    """True when the page is no wider than the window (nothing to scroll sideways)."""
    return driver.execute_script(
        "const d = document.documentElement; return Math.max(d.scrollWidth, document.body ? "
        "document.body.scrollWidth : 0) <= d.clientWidth;")


def wait_for(driver, condition, timeout=10):
    """Waits until condition(driver) is truthy (a callable or a selenium expected_conditions): its value."""
    return WebDriverWait(driver, timeout).until(condition)


class HttpReply(NamedTuple):
    status: int
    headers: dict  # lower-case name -> every value, in order: headers["set-cookie"] is each Set-Cookie
    body: bytes

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def http(method, url, body=None, headers=None, timeout=10):
    """One request, redirects not followed, no cookies kept: HttpReply(status, headers, body).
    body: bytes, str, or a dict sent as a form."""
    headers = dict(headers or {})
    if isinstance(body, dict):
        body = urllib.parse.urlencode(body)
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
    if isinstance(body, str):
        body = body.encode()
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        reply = _opener.open(request, timeout=timeout)
    except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx, 5xx: still a reply
        reply = error
    with reply:
        headers = {}
        for name, value in reply.headers.items():
            headers.setdefault(name.lower(), []).append(value)
        return HttpReply(reply.status, headers, reply.read())


def png_pixels(path):
    """(width, height, channels, rows): an 8-bit RGB/RGBA/grey PNG decoded with zlib, rows as bytearrays."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG")
    pos, idat, header = 8, [], None
    while pos < len(data):
        length = int.from_bytes(data[pos:pos + 4], "big")
        kind, chunk = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = chunk
        elif kind == b"IDAT":
            idat.append(chunk)
    width, height = int.from_bytes(header[0:4], "big"), int.from_bytes(header[4:8], "big")
    depth, colour, interlace = header[8], header[9], header[12]
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace:
        raise ValueError(f"{path}: only 8-bit, non-interlaced, non-palette PNGs are read here")
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        row = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if kind == 1:
            for i in range(channels, stride):
                row[i] = (row[i] + row[i - channels]) & 0xFF
        elif kind == 2:
            row = bytearray((a + b) & 0xFF for a, b in zip(row, previous))
        elif kind == 3:
            for i in range(stride):
                left = row[i - channels] if i >= channels else 0
                row[i] = (row[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = row[i - channels] if i >= channels else 0
                b, c = previous[i], previous[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(row)
        previous = row
    return width, height, channels, rows


def pixel_variance(path):
    """The variance of the PNG's grey levels (first three channels averaged): 0 for a blank page."""
    width, height, channels, rows = png_pixels(path)
    colour = min(channels, 3)
    total = total_sq = 0
    for row in rows:
        for x in range(0, len(row), channels):
            grey = sum(row[x:x + colour]) / colour
            total += grey
            total_sq += grey * grey
    n = width * height
    return total_sq / n - (total / n) ** 2
