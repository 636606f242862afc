"""A small Chrome DevTools Protocol client over ``--remote-debugging-pipe`` (no websocket,
no third-party package): start headless Chromium, open a page, evaluate, screenshot.

A first start on a new machine does one-off work that later starts skip: fontconfig scans
every font when its cache is missing or stale (in each Chromium process that needs fonts),
and Chromium creates its config directory. Both are done before the browser's clock starts:
``fc-cache`` builds the font cache once, and Chromium gets its own empty profile and config
directories. Every error says what Chromium wrote on stderr.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--mute-audio",
    "--disable-dev-shm-usage",
    "--password-store=basic",  # no keyring lookup over D-Bus for the new profile's key
    "--remote-debugging-pipe",
)
# Containers have no D-Bus: Chromium logs each failed connection; harmless, and they would
# hide what matters in an error message.
NOISE = ("dbus/bus.cc", "dbus/object_proxy.cc")


def find_chromium() -> str | None:
    """The Chromium binary: ``$PRESSE_CHROMIUM``, else ``chromium`` or ``chromium-browser``."""
    explicit = os.environ.get("PRESSE_CHROMIUM")
    if explicit:
        return explicit
    return shutil.which("chromium") or shutil.which("chromium-browser")


def build_font_cache(env: dict[str, str]) -> str:
    """Run ``fc-cache`` (quick when the cache is current); what it said, for error messages."""
    fc_cache = shutil.which("fc-cache")
    if fc_cache is None:
        return "fc-cache not found: Chromium builds the font cache itself"
    try:
        done = subprocess.run([fc_cache], env=env, capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        return "fc-cache did not finish in 600 s"
    return f"fc-cache exited with {done.returncode}{': ' + done.stderr if done.stderr else ''}"


class Chromium:
    """One headless browser; :meth:`open` gives a :class:`Page`.

    ``workdir`` (empty) receives the profile, Chromium's config directory and its log.
    ``timeout`` bounds each protocol call; ``start_timeout`` the first answer after launch.
    """

    def __init__(
        self, binary: str, workdir: Path, timeout: float = 60.0, start_timeout: float = 120.0
    ) -> None:
        self.timeout = timeout
        env = {**os.environ, "XDG_CONFIG_HOME": str(workdir / "config")}
        self.fonts = build_font_cache(env)
        profile = workdir / "profile"
        profile.mkdir(parents=True)
        to_chrome_r, to_chrome_w = os.pipe()
        from_chrome_r, from_chrome_w = os.pipe()
        # Move the child's ends above 10 so that dup2 onto 3 and 4 cannot clobber them.
        child_in = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)
        child_out = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
        os.close(to_chrome_r)
        os.close(from_chrome_w)

        def wire() -> None:  # in the child: Chromium reads fd 3 and writes fd 4
            os.dup2(child_in, 3)
            os.dup2(child_out, 4)

        self.log = workdir / "chromium.log"
        self.stderr = self.log.open("wb")
        self.process = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self.stderr,
            stderr=self.stderr,
            pass_fds=(3, 4),
            preexec_fn=wire,
        )
        os.close(child_in)
        os.close(child_out)
        self.writer = os.fdopen(to_chrome_w, "wb", buffering=0)
        self.reader = os.fdopen(from_chrome_r, "rb", buffering=0)
        self.messages: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.events: list[dict[str, Any]] = []
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        try:
            self.version = self.call("Browser.getVersion", timeout=start_timeout)
        except (RuntimeError, TimeoutError, OSError) as exc:
            self.process.kill()
            self.process.wait()
            self.stderr.close()
            raise RuntimeError(f"{binary} did not start: {exc}") from None

    def said(self, lines: int = 40) -> str:
        """What Chromium wrote on stderr (its last lines, without D-Bus noise), and fc-cache."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        kept = [line for line in text.splitlines() if not any(n in line for n in NOISE)]
        dropped = len(text.splitlines()) - len(kept)
        head = f"--- chromium stderr ({dropped} D-Bus lines left out; {self.fonts}) ---"
        return "\n".join([head, *kept[-lines:]])

    def _read(self) -> None:
        buffer = b""
        while chunk := self.reader.read(65536):
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            for message in messages:
                self.messages.put(json.loads(message))
        self.messages.put(None)

    def call(
        self,
        method: str,
        params: dict | None = None,
        session: str | None = None,
        timeout: float | None = None,
    ) -> Any:
        """Send a command and wait for its result; events seen meanwhile go to ``events``."""
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        try:
            self.writer.write(json.dumps(message).encode() + b"\0")
        except OSError as exc:  # it exited before reading: say how, and what it said
            raise RuntimeError(f"Chromium {self._exit()} before {method}: {exc}") from None
        wait = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + wait
        while True:
            reply = self._next(deadline, method, wait)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_event(self, method: str, session: str, since: int = 0) -> dict[str, Any]:
        """Wait for an event (looking first at those already received from ``since``)."""
        deadline = time.monotonic() + self.timeout
        index = since
        while True:
            for event in self.events[index:]:
                if event.get("method") == method and event.get("sessionId") == session:
                    return event
            index = len(self.events)
            self.events.append(self._next(deadline, method, self.timeout))

    def _next(self, deadline: float, what: str, wait: float) -> dict[str, Any]:
        try:
            reply = self.messages.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            raise TimeoutError(
                f"Chromium did not answer {what} in {wait}s\n{self.said()}"
            ) from None
        if reply is None:
            raise RuntimeError(f"Chromium {self._exit()} during {what}")
        return reply

    def _exit(self) -> str:
        """How the process ended (waiting a little for it), and what it said."""
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
        code = self.process.poll()
        how = "closed its pipe but is still running" if code is None else f"exited (code {code})"
        return f"{how}\n{self.said()}"

    def open(self, url: str, width: int = 1280, height: int = 1000) -> Page:
        """A new tab showing ``url``, loaded and with its scripts run."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        page = Page(self, session)
        for domain in ("Network", "Page", "Runtime", "Log"):
            self.call(f"{domain}.enable", session=session)
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
            session=session,
        )
        page.since = len(self.events)
        self.call("Page.navigate", {"url": url}, session=session)
        self.wait_event("Page.loadEventFired", session, page.since)
        return page

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, TimeoutError, OSError):
            self.call("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.stderr.close()


class Page:
    """A tab attached through a flat session."""

    def __init__(self, browser: Chromium, session: str) -> None:
        self.browser = browser
        self.session = session
        self.since = 0

    def evaluate(self, expression: str) -> Any:
        """Run JavaScript in the page; the value, as JSON."""
        result = self.browser.call(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
            session=self.session,
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"page script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def events(self, method: str) -> list[dict[str, Any]]:
        """Events of this tab with this method, received so far."""
        return [
            e["params"]
            for e in self.browser.events[self.since :]
            if e.get("method") == method and e.get("sessionId") == self.session
        ]

    def screenshot(self, path: Path, max_height: int = 8000) -> None:
        """A PNG of the whole page (up to ``max_height`` CSS pixels)."""
        metrics = self.browser.call("Page.getLayoutMetrics", session=self.session)
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        clip = {
            "x": 0,
            "y": 0,
            "width": size["width"],
            "height": min(size["height"], max_height),
            "scale": 1,
        }
        shot = self.browser.call(
            "Page.captureScreenshot",
            {"format": "png", "clip": clip, "captureBeyondViewport": True},
            session=self.session,
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))
