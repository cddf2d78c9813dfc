#!/usr/bin/env python3
"""Clicks an element of a page in headless Chromium, as a user would, and reports the page after.

usage: scripts/browser-click.py URL CLICK_SELECTOR WAIT_SELECTOR SCREENSHOT.png [SHOT_SELECTOR]

Starts Chromium with the DevTools protocol on a loopback port, loads URL, waits for an element
matching CLICK_SELECTOR, presses and releases the mouse at its centre (Input.dispatchMouseEvent:
the browser's own hit testing decides what is clicked), waits for WAIT_SELECTOR, saves a
screenshot (of the element matching SHOT_SELECTOR when given, else of the viewport) and prints
the page's DOM on stdout. Exit status 1 when an element never appears. A CLICK_SELECTOR of
"-" clicks nothing (a screenshot of an element); SHOT_SCALE=0.6 in the environment shrinks the
screenshot.

Only the standard library: the WebSocket client below speaks just what the DevTools protocol
needs (text frames, masked from the client, unfragmented or continued).
"""
import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request


class DevTools:
    def __init__(self, ws_url):
        rest = ws_url.split("://", 1)[1]
        host, path = rest.split("/", 1)
        hostname, port = host.split(":")
        self.sock = socket.create_connection((hostname, int(port)), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            (f"GET /{path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n"
             f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise ConnectionError("DevTools closed during the handshake")
            head += chunk
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise ConnectionError(head.decode(errors="replace"))
        self.next_id = 0

    def _exact(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise ConnectionError("DevTools closed the connection")
            data += chunk
        return data

    def _send(self, text):
        payload = text.encode()
        mask = os.urandom(4)
        n = len(payload)
        if n < 126:
            header = struct.pack("!BB", 0x81, 0x80 | n)
        elif n < 1 << 16:
            header = struct.pack("!BBH", 0x81, 0x80 | 126, n)
        else:
            header = struct.pack("!BBQ", 0x81, 0x80 | 127, n)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def _receive(self):
        message = b""
        while True:
            first, second = self._exact(2)
            n = second & 0x7F
            if n == 126:
                n = struct.unpack("!H", self._exact(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", self._exact(8))[0]
            data = self._exact(n)
            opcode = first & 0x0F
            if opcode in (0x1, 0x0):
                message += data
                if first & 0x80:
                    return json.loads(message)
            # Pings and other control frames carry nothing the protocol needs.

    def call(self, method, **params):
        self.next_id += 1
        self._send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            reply = self._receive()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        return result.get("result", {}).get("value")

    def wait_for(self, selector, seconds=15):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.evaluate(f"!!document.querySelector({json.dumps(selector)})"):
                return True
            time.sleep(0.1)
        return False


def main():
    if len(sys.argv) not in (5, 6):
        sys.exit(__doc__)
    url, click, wait, shot = sys.argv[1:5]
    shot_selector = sys.argv[5] if len(sys.argv) == 6 else None
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    profile = tempfile.mkdtemp()
    chromium = subprocess.Popen(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--remote-allow-origins=*", f"--remote-debugging-port={port}", f"--user-data-dir={profile}",
         "--window-size=1280,1000", url],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        pages = []
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=2) as r:
                    pages = [t for t in json.load(r) if t.get("type") == "page"]
                if pages:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        if not pages:
            sys.exit("browser-click: Chromium's DevTools did not answer")
        tools = DevTools(pages[0]["webSocketDebuggerUrl"])
        if click != "-":
            press(tools, click)
        found = tools.wait_for(wait)
        # At the top the sticky header sits above the page, not over the shot.
        tools.evaluate("window.scrollTo(0, 0)")
        width = tools.evaluate("document.documentElement.scrollWidth")
        time.sleep(0.3)
        scale = float(os.environ.get("SHOT_SCALE", "1"))
        clip = None
        if shot_selector:
            rect = tools.evaluate(
                f"(() => {{ const el = document.querySelector({json.dumps(shot_selector)});"
                " if (!el) return null;"
                " const r = el.getBoundingClientRect();"
                " return [r.left + scrollX, r.top + scrollY, r.width, r.height]; })()")
            if rect:
                # The page's full width: the element's own left edge is not reliable
                # once the capture lays the page out beyond the viewport.
                clip = {"x": 0, "y": rect[1], "width": width, "height": rect[3], "scale": scale}
        params = {"format": "png", "captureBeyondViewport": True}
        if clip:
            params["clip"] = clip
        image = tools.call("Page.captureScreenshot", **params)["data"]
        with open(shot, "wb") as f:
            f.write(base64.b64decode(image))
        print(tools.evaluate("document.documentElement.outerHTML"))
        if not found:
            sys.exit(f"browser-click: nothing matches {wait}")
    finally:
        chromium.terminate()
        try:
            chromium.wait(timeout=10)
        except subprocess.TimeoutExpired:
            chromium.kill()
        shutil.rmtree(profile, ignore_errors=True)


def press(tools, click):
    """A left click at the centre of the first element matching `click`, once it exists."""
    if not tools.wait_for(click):
        print(tools.evaluate("document.documentElement.outerHTML"))
        sys.exit(f"browser-click: nothing matches {click}")
    box = tools.evaluate(
        f"(() => {{ const el = document.querySelector({json.dumps(click)});"
        " el.scrollIntoView({block: 'center'}); const r = el.getBoundingClientRect();"
        " return [r.left + r.width / 2, r.top + r.height / 2]; })()")
    x, y = box
    for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
        tools.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left",
                   clickCount=0 if kind == "mouseMoved" else 1)


if __name__ == "__main__":
    main()
