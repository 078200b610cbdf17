#!/usr/bin/python3
"""The console test harness itself (console_harness.py), against the real hub, kioskctl and Chromium: a
kiosk's check-in reaches the hub, the browser opens the hub and the console's login page, screenshots cover
the whole page, Chinese text renders as glyphs, and the helpers report what they claim to.
Run by ctest (console_harness_selftest); by hand: see tests/console/README.md."""

import datetime
import http.server
import json
import os
import sys
import threading
import time
import unittest
import urllib.parse
import zoneinfo

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console_harness as h  # noqa: E402


def data_url(html):
    return "data:text/html;charset=utf-8," + urllib.parse.quote(html)


class KioskToHub(unittest.TestCase):
    """One hub without the console, one enrolled kiosk: the sync path the console pages will show."""

    @classmethod
    def setUpClass(cls):
        cls.hub = h.Hub()
        cls.hub.add_centre(h.DEMO_CENTRE, "交道口社区学习中心", "Jiaodaokou", district="东城区")
        cls.hub.import_catalog(h.DEMO_CENTRE)
        cls.hub.start(console=False)
        cls.kiosk = h.Kiosk(cls.hub, h.DEMO_CENTRE, "front-desk")

    @classmethod
    def tearDownClass(cls):
        cls.kiosk.__exit__()
        cls.hub.__exit__()

    def test_a_check_in_reaches_the_hub_report_and_devices(self):
        self.assertIn("demo-1", self.kiosk.status(), "enrolling pulled the catalogue")
        session = self.kiosk.open_sessions()[0]["id"]
        record = self.kiosk.checkin("L0000001", session)
        pushed = json.loads(self.kiosk.sync().stdout)
        self.assertEqual((pushed["acknowledged"], pushed["pending"]), (1, 0))

        today = datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai")).date().isoformat()
        report = self.hub.cli("report", "--center", h.DEMO_CENTRE, "--date", today, "--format", "json").stdout
        self.assertIn(record, report)
        [device] = self.hub.devices()
        self.assertEqual((device["device_id"], device["centre_id"], device["name"], device["queue_depth"]),
                         (self.kiosk.device_id(), h.DEMO_CENTRE, "front-desk", 0))
        self.assertIsNotNone(device["last_heartbeat_at"])

    def test_no_console_means_no_console_routes(self):
        self.assertEqual(h.http("GET", self.hub.url + "/console/login").status, 404)
        self.assertEqual(h.http("GET", self.hub.url + "/healthz").status, 200)

    def test_the_browser_opens_the_hub(self):
        with h.browser(800, 600, lang="en") as driver:
            driver.get(self.hub.url + "/healthz")
            self.assertIn('"status":"ok"', driver.find_element(By.TAG_NAME, "body").text)
            path = h.screenshot(driver, "selftest-healthz")
            self.assertGreater(h.pixel_variance(path), 0)


class ConsoleLogin(unittest.TestCase):
    def test_the_login_page_renders_on_a_phone_in_chinese(self):
        with h.Hub() as hub:
            hub.start()
            with h.browser(375, 740, lang="zh-CN") as driver:
                driver.get(hub.url + "/console/login")
                h.wait_for(driver, lambda d: d.find_element(By.ID, "password").is_displayed())
                self.assertEqual(driver.execute_script("return document.documentElement.lang"), "zh-CN")
                self.assertTrue(h.no_horizontal_scroll(driver))
                self.assertGreater(h.pixel_variance(h.screenshot(driver, "selftest-login-zh-phone")), 0)
            status, headers, _ = h.http("GET", hub.url + "/console/login")
            self.assertEqual(status, 200)
            cookies = headers["set-cookie"]
            self.assertTrue(any(c.startswith("lk_login_csrf=") for c in cookies), cookies)


class BrowserHelpers(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        started = time.monotonic()
        cls.context = h.browser(600, 400, lang="zh-CN")
        cls.driver = cls.context.__enter__()
        print(f"\nchromium headless start: {time.monotonic() - started:.2f} s", flush=True)

    @classmethod
    def tearDownClass(cls):
        cls.context.__exit__(None, None, None)

    def test_chinese_text_renders_as_distinct_glyphs(self):
        # Missing CJK fonts draw every character as the same empty box: 中文 and 汉字 would then look alike.
        shots = []
        for i, words in enumerate(["中文", "汉字"]):
            self.driver.get(data_url(f'<body style="margin:0"><span id="t" style="font-size:64px">{words}</span>'))
            path = os.path.join(h.artifacts_dir(), f"selftest-cjk-{i}.png")
            self.driver.find_element(By.ID, "t").screenshot(path)
            self.assertGreater(h.pixel_variance(path), 100, words)
            shots.append(h.png_pixels(path)[3])
        self.assertNotEqual(shots[0], shots[1])

    def test_a_blank_page_has_no_variance(self):
        self.driver.get(data_url('<body style="background:#fff"></body>'))
        self.assertEqual(h.pixel_variance(h.screenshot(self.driver, "selftest-blank")), 0)

    def test_screenshots_cover_the_full_page_height(self):
        self.driver.get(data_url('<body style="margin:0"><div style="height:2500px;background:'
                                 'linear-gradient(#fff,#000)"></div></body>'))
        width, height, _, _ = h.png_pixels(h.screenshot(self.driver, "selftest-tall"))
        self.assertEqual((width, height), (600, 2500))

    def test_no_horizontal_scroll_sees_a_page_too_wide(self):
        self.driver.get(data_url("<p>窄</p>"))
        self.assertTrue(h.no_horizontal_scroll(self.driver))
        self.driver.get(data_url('<div style="width:601px">宽</div>'))
        self.assertFalse(h.no_horizontal_scroll(self.driver))

    def test_wait_for_waits_for_the_page_and_gives_up_in_time(self):
        self.driver.get(data_url("<script>setTimeout(() => document.body.append(Object.assign("
                                 "document.createElement('p'), {id: 'late'})), 300)</script>"))
        self.assertEqual(h.wait_for(self.driver, lambda d: d.find_elements(By.ID, "late"))[0].tag_name, "p")
        with self.assertRaises(TimeoutException):
            h.wait_for(self.driver, lambda d: d.find_elements(By.ID, "never"), timeout=0.5)


class PlainHttp(unittest.TestCase):
    """http() against a local server whose answers are known: every cookie, no redirects, form bodies."""

    @classmethod
    def setUpClass(cls):
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                self.send_response(303)
                self.send_header("Location", "/elsewhere")
                self.send_header("Set-Cookie", "a=1; HttpOnly")
                self.send_header("Set-Cookie", "b=2; SameSite=Strict")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        cls.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()

    def test_every_set_cookie_and_the_redirect_itself(self):
        status, headers, body = h.http("POST", f"http://127.0.0.1:{self.server.server_port}/login",
                                       {"login": "王", "x": "1"})
        self.assertEqual(status, 303)
        self.assertEqual(headers["location"], ["/elsewhere"])
        self.assertEqual(headers["set-cookie"], ["a=1; HttpOnly", "b=2; SameSite=Strict"])
        self.assertEqual(body, b"login=%E7%8E%8B&x=1")


if __name__ == "__main__":
    unittest.main(verbosity=2)
