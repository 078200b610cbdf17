#!/usr/bin/python3
"""The hub console in a real browser (issue #16): headless Debian chromium through chromium-driver,
against a real learning-hub with real kiosks pushing (tests/console/console_harness.py).

What a user would notice: each role sees exactly its centres (403 for another centre's URL), a
check-in made on a kiosk appears on the open centre page without a reload, revoking a kiosk from the
page makes its next push fail, a bad catalogue shows the validator's path and a good one reaches the
kiosk (its preview naming the course with a character a kiosk cannot show), a POST without the CSRF token is refused, the cookie flags, the lockout, a CSV export read back
with Python's csv module, and screenshots of every page (zh/en, desktop/phone) under
test-artifacts/console/.
"""
import csv
import datetime
import io
import json
import os
import re
import sys
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console_harness as h  # noqa: E402

from selenium.webdriver.common.by import By  # noqa: E402

PASSWORD = "correct horse battery"
CENTRE_A, CENTRE_B, CENTRE_C = "bj-dongcheng-jdk", "bj-xicheng-sc", "bj-dongcheng-hpl"
DESKTOP, PHONE = (1366, 768), (390, 844)


# The moment every catalogue of this run is laid out around: relative times are made absolute from it once,
# so a catalogue uploaded later in the run is the same catalogue (the hub anchors relative times on the
# time of each import, rounded to 5 minutes).
LAID_OUT_AT = datetime.datetime.fromtimestamp(int(time.time()) // 60 * 60, datetime.timezone(datetime.timedelta(hours=8)))


def absolute_times(session):
    rel = session.pop("relative", None)
    if rel is None:
        return session
    if "from_load_minutes" in rel:
        start = LAID_OUT_AT + datetime.timedelta(minutes=rel["from_load_minutes"])
    else:
        day = LAID_OUT_AT.date() + datetime.timedelta(days=rel["day"])
        hours, minutes = (int(part) for part in rel["at"].split(":"))
        start = datetime.datetime(day.year, day.month, day.day, hours, minutes, tzinfo=LAID_OUT_AT.tzinfo)
    session["start"] = start.isoformat()
    session["end"] = (start + datetime.timedelta(minutes=rel["minutes"])).isoformat()
    return session


def demo_catalogue(centre_id, version, drop_last=0):
    with open(os.path.join(h.SOURCE_DIR, "assets/demo/catalog.json"), encoding="utf-8") as f:
        cat = json.load(f)
    cat["centre"]["id"] = centre_id
    cat["version"] = version
    if drop_last:
        cat["sessions"] = cat["sessions"][:-drop_last]
    # One session open all the time the test runs, so kiosks can always check in to it.
    cat["sessions"].append({"id": "s-open-now", "course": cat["courses"][0]["id"],
                            "relative": {"from_load_minutes": -60, "minutes": 12 * 60}, "capacity": 3})
    cat["sessions"] = [absolute_times(s) for s in cat["sessions"]]
    return cat


class ConsoleTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.hub = h.Hub()
        hub = cls.hub
        hub.cli("center", "add", "--id", CENTRE_A, "--name", "交道口社区学习中心", "--name-en", "Jiaodaokou",
                "--district", "东城区")
        hub.cli("center", "add", "--id", CENTRE_C, "--name", "和平里社区学习中心", "--name-en", "Hepingli",
                "--district", "东城区")
        hub.cli("center", "add", "--id", CENTRE_B, "--name", "什刹海社区学习中心", "--name-en", "Shichahai",
                "--district", "西城区")
        for centre in (CENTRE_A, CENTRE_B, CENTRE_C):
            path = hub.write_file(centre + ".json", json.dumps(demo_catalogue(centre, centre + "-v1")))
            hub.cli("import-catalog", "--center", centre, path)
        hub.cli("user", "add", "--login", "city-admin", "--role", "city", stdin=PASSWORD + "\n")
        hub.cli("user", "add", "--login", "dongcheng", "--role", "district", "--district", "东城区",
                stdin=PASSWORD + "\n")
        hub.cli("user", "add", "--login", "jdk", "--role", "centre", "--centre", CENTRE_A, stdin=PASSWORD + "\n")
        hub.cli("user", "add", "--login", "locked-out", "--role", "centre", "--centre", CENTRE_B,
                stdin=PASSWORD + "\n")
        hub.start()
        cls.kiosk_a = h.Kiosk(hub, CENTRE_A, "A")
        cls.kiosk_b = h.Kiosk(hub, CENTRE_B, "B")
        for i in range(2):
            cls.kiosk_a.checkin("L2026%04d" % i, "s-open-now")
        cls.kiosk_b.checkin("L20269999", "s-open-now")
        cls.kiosk_a.sync()
        cls.kiosk_b.sync()

    @classmethod
    def tearDownClass(cls):
        cls.hub.stop()

    # --- helpers --------------------------------------------------------------------------------------
    def login(self, driver, login, password=PASSWORD):
        driver.get(self.hub.url + "/console/login")
        driver.find_element(By.ID, "login").send_keys(login)
        driver.find_element(By.ID, "password").send_keys(password)
        driver.find_element(By.ID, "login-button").click()

    def logged_in(self, driver, login):
        self.login(driver, login)
        h.wait_for(driver, lambda d: d.find_elements(By.ID, "who"))
        # textContent: on a phone #who sits in the collapsed menu, and WebDriver's .text of a hidden element is "".
        self.assertIn(login, driver.find_element(By.ID, "who").get_attribute("textContent"))

    def session_cookie(self, driver):
        return "lk_session=" + driver.get_cookie("lk_session")["value"]

    def status_of(self, driver, path):
        return h.http("GET", self.hub.url + path, headers={"Cookie": self.session_cookie(driver)})[0]

    def centre_rows(self, driver):
        driver.get(self.hub.url + "/console/")
        return {tr.get_attribute("data-centre") for tr in driver.find_elements(By.CSS_SELECTOR, "#centres tbody tr")}

    # --- roles ----------------------------------------------------------------------------------------
    def test_each_role_sees_exactly_its_centres(self):
        expected = {"city-admin": {CENTRE_A, CENTRE_B, CENTRE_C}, "dongcheng": {CENTRE_A, CENTRE_C}, "jdk": {CENTRE_A}}
        for login, centres in expected.items():
            with h.browser(*DESKTOP) as driver:
                self.logged_in(driver, login)
                self.assertEqual(self.centre_rows(driver), centres, login)
                for centre in (CENTRE_A, CENTRE_B, CENTRE_C):
                    want = 200 if centre in centres else 403
                    self.assertEqual(self.status_of(driver, "/console/centre/" + centre), want, (login, centre))
                    csv_status = self.status_of(driver, "/console/export.csv?scope=centre:%s&from=2026-01-01&to=2026-01-02"
                                                % centre)
                    self.assertEqual(csv_status, want, ("export", login, centre))
                # Other tests enrol kiosks too, in any order: compare with the hub's own list at this moment.
                devices = {tr.get_attribute("data-device") for tr in self.devices_rows(driver)}
                self.assertEqual(devices, {d["device_id"] for d in self.hub.devices() if d["centre_id"] in centres},
                                 login)
                # The Devices page's centre filter: one visible centre's kiosks; another centre's is refused.
                for centre in (CENTRE_A, CENTRE_B):
                    path = "/console/devices?centre=" + centre
                    self.assertEqual(self.status_of(driver, path), 200 if centre in centres else 403, (login, path))
                driver.get(self.hub.url + "/console/devices?centre=" + CENTRE_A)
                only_a = {tr.get_attribute("data-device") for tr in driver.find_elements(By.CSS_SELECTOR, "#devices tbody tr")}
                self.assertEqual(only_a, {d["device_id"] for d in self.hub.devices() if d["centre_id"] == CENTRE_A}, login)
                self.assertEqual(self.status_of(driver, "/console/audit"), 200 if login == "city-admin" else 403)
                self.assertEqual(bool(driver.find_elements(By.LINK_TEXT, "操作记录")), login == "city-admin")

    def devices_rows(self, driver):
        driver.get(self.hub.url + "/console/devices")
        return driver.find_elements(By.CSS_SELECTOR, "#devices tbody tr")

    def test_without_a_login_every_page_goes_to_the_login_form(self):
        status, headers, _ = h.http("GET", self.hub.url + "/console/devices")
        self.assertEqual(status, 303)
        self.assertTrue(headers["location"][0].startswith("/console/login?next="))
        self.assertEqual(h.http("GET", self.hub.url + "/console/live/today")[0], 401)

    # --- live -----------------------------------------------------------------------------------------
    def test_a_checkin_on_a_kiosk_appears_on_the_centre_page_without_a_reload(self):
        with h.browser(*DESKTOP) as driver:
            self.logged_in(driver, "jdk")
            driver.get(self.hub.url + "/console/centre/" + CENTRE_A)
            count = lambda d: d.find_element(By.CSS_SELECTOR, "#sessions tr[data-session='s-open-now'] .session-count").text
            before = int(count(driver).split()[0])
            driver.execute_script("window.__same_page = true;")
            self.kiosk_a.checkin("L20260100", "s-open-now")
            self.kiosk_a.sync()
            h.wait_for(driver, lambda d: int(count(d).split()[0]) == before + 1, timeout=25)
            self.assertTrue(driver.execute_script("return window.__same_page === true;"), "the page was reloaded")
            h.screenshot(driver, "centre-live-zh-desktop")

    # --- devices --------------------------------------------------------------------------------------
    def test_revoking_a_kiosk_from_the_page_refuses_its_next_push(self):
        kiosk = h.Kiosk(self.hub, CENTRE_C, "C-revoke")
        with h.browser(*DESKTOP) as driver:
            self.logged_in(driver, "dongcheng")
            row = [r for r in self.devices_rows(driver) if r.get_attribute("data-device") == kiosk.device_id()][0]
            row.find_element(By.CSS_SELECTOR, "a.revoke").click()
            h.wait_for(driver, lambda d: d.find_elements(By.ID, "revoke-yes"))
            h.screenshot(driver, "revoke-confirm-zh-desktop")
            driver.find_element(By.ID, "revoke-yes").click()
            h.wait_for(driver, lambda d: d.find_elements(By.ID, "revoked-done"))
        kiosk.checkin("L20260200", "s-open-now")
        result = kiosk.sync(check=False)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("device_revoked", result.stdout + result.stderr)
        status, _, body = h.http("POST", self.hub.url + "/v1/heartbeat", body=b"{}",
                                 headers={"Authorization": "Bearer " + kiosk.token(), "X-Learning-Protocol": "1",
                                          "Content-Type": "application/json"})
        self.assertEqual(status, 403)
        self.assertIn(b"device_revoked", body)

    def test_an_enrolment_code_from_the_page_enrols_a_kiosk(self):
        with h.browser(*DESKTOP) as driver:
            self.logged_in(driver, "jdk")
            driver.get(self.hub.url + "/console/devices")
            driver.find_element(By.ID, "issue-code").click()
            h.wait_for(driver, lambda d: d.find_elements(By.ID, "enroll-code"))
            code = driver.find_element(By.ID, "enroll-code").text
            self.assertRegex(code, r"^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$")
            h.screenshot(driver, "enroll-code-zh-desktop")
        kiosk = h.Kiosk(self.hub, CENTRE_A, "A-new", code=code)
        self.assertTrue(kiosk.device_id())

    # --- catalogue ------------------------------------------------------------------------------------
    def test_a_bad_catalogue_shows_its_path_and_a_good_one_reaches_the_kiosk(self):
        bad = demo_catalogue(CENTRE_A, "bad")
        bad["sessions"][2]["course"] = "no-such-course"
        good = demo_catalogue(CENTRE_A, CENTRE_A + "-v2", drop_last=3)
        good["courses"][0]["title"]["zh"] = "书法入门（新版）"
        good["courses"][0]["teacher"]["zh"] = "𠮷老师"  # CJK Extension B: a kiosk draws a box
        unshowable_course = good["courses"][0]["id"]
        with h.browser(*DESKTOP) as driver:
            self.logged_in(driver, "jdk")
            driver.get(self.hub.url + "/console/catalogue")
            driver.find_element(By.ID, "catalogue-file").send_keys(self.hub.write_file("bad.json", json.dumps(bad)))
            h.wait_for(driver, lambda d: "no-such-course" in d.find_element(By.ID, "catalogue-text").get_attribute("value"))
            driver.find_element(By.ID, "preview").click()
            h.wait_for(driver, lambda d: d.find_elements(By.ID, "catalogue-error"))
            self.assertIn("sessions[2].course", driver.find_element(By.ID, "catalogue-error").text)
            h.screenshot(driver, "catalogue-error-zh-desktop")

            driver.get(self.hub.url + "/console/catalogue")
            driver.find_element(By.ID, "catalogue-file").send_keys(self.hub.write_file("good.json", json.dumps(good)))
            h.wait_for(driver, lambda d: "v2" in d.find_element(By.ID, "catalogue-text").get_attribute("value"))
            driver.find_element(By.ID, "preview").click()
            h.wait_for(driver, lambda d: d.find_elements(By.ID, "apply"))
            self.assertEqual(driver.find_element(By.ID, "removed-n").text, "3")
            self.assertEqual(driver.find_element(By.ID, "changed-n").text, "1")
            warning = driver.find_element(By.ID, "unshowable").text
            self.assertIn("课程 " + unshowable_course, warning, "the warning names the course")
            self.assertIn("教师", warning)
            self.assertIn("𠮷", warning)
            self.assertEqual(len(driver.find_elements(By.CSS_SELECTOR, "#unshowable li")), 1, "only that text")
            h.screenshot(driver, "catalogue-preview-zh-desktop")
            self.assertNotIn(CENTRE_A + "-v2", self.kiosk_a.status(), "the preview applied nothing")
            driver.find_element(By.ID, "apply").click()
            h.wait_for(driver, lambda d: d.find_elements(By.ID, "catalogue-applied"))
        self.kiosk_a.sync()
        self.assertIn(CENTRE_A + "-v2", self.kiosk_a.status())

    # --- security -------------------------------------------------------------------------------------
    def test_a_post_without_the_csrf_token_is_refused_and_cookies_are_strict(self):
        with h.browser(*DESKTOP) as driver:
            self.logged_in(driver, "city-admin")
            cookie = driver.get_cookie("lk_session")
            self.assertTrue(cookie["httpOnly"])
            self.assertEqual(cookie["sameSite"], "Strict")
            device = self.kiosk_b.device_id()
            for body in ({"device": device, "confirm": "yes"}, {"device": device, "confirm": "yes", "csrf": "forged"}):
                status, _, _ = h.http("POST", self.hub.url + "/console/devices/revoke",
                                      body=urllib.parse.urlencode(body).encode(),
                                      headers={"Cookie": self.session_cookie(driver),
                                               "Content-Type": "application/x-www-form-urlencoded"})
                self.assertEqual(status, 403, body)
            self.kiosk_b.checkin("L20269998", "s-open-now")
            self.assertEqual(self.kiosk_b.sync(check=False).returncode, 0, "the kiosk was revoked without a token")
        status, headers, _ = h.http("GET", self.hub.url + "/console/login")
        set_cookie = " ".join(headers["set-cookie"])
        for flag in ("HttpOnly", "SameSite=Strict", "Path=/console"):
            self.assertIn(flag, set_cookie)
        self.assertIn("frame-ancestors 'none'", headers["content-security-policy"][0])

    def test_wrong_passwords_lock_the_account(self):
        with h.browser(*DESKTOP) as driver:
            for attempt in range(1, 6):
                self.login(driver, "locked-out", "wrong password %d" % attempt)
                h.wait_for(driver, lambda d: d.find_elements(By.ID, "login-error") or d.find_elements(By.ID, "login-locked"))
            self.assertTrue(driver.find_elements(By.ID, "login-locked"), "five wrong passwords lock the account")
            h.screenshot(driver, "login-locked-zh-desktop")
            self.login(driver, "locked-out", PASSWORD)
            h.wait_for(driver, lambda d: d.find_elements(By.ID, "login-locked"))
            self.assertFalse(driver.get_cookie("lk_session"), "the right password does not open a locked account")

    # --- export ---------------------------------------------------------------------------------------
    def test_a_csv_export_reads_back_with_chinese_intact(self):
        with h.browser(*DESKTOP) as driver:
            self.logged_in(driver, "dongcheng")
            driver.get(self.hub.url + "/console/export")
            today = driver.find_element(By.ID, "to").get_attribute("value")
            status, headers, body = h.http(
                "GET", self.hub.url + "/console/export.csv?" + urllib.parse.urlencode(
                    {"scope": "district:东城区", "from": today, "to": today, "kind": "records"}),
                headers={"Cookie": self.session_cookie(driver)})
        self.assertEqual(status, 200)
        self.assertTrue(body.startswith(b"\xef\xbb\xbf"), "UTF-8 with a BOM")
        rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
        self.assertGreaterEqual(len(rows), 2)
        self.assertEqual({r["centre_id"] for r in rows}, {CENTRE_A})
        self.assertIn("交道口社区学习中心", {r["centre"] for r in rows})
        self.assertTrue(all(re.match(r"^L2026\d{4}$", r["learner_id"]) for r in rows))

    # --- screenshots ----------------------------------------------------------------------------------
    def test_every_page_in_both_languages_on_desktop_and_phone(self):
        pages = [("today", "/console/"), ("centre", "/console/centre/%s?session=s-open-now" % CENTRE_A),
                 ("devices", "/console/devices"), ("catalogue", "/console/catalogue"), ("export", "/console/export"),
                 ("audit", "/console/audit")]
        for lang in ("zh", "en"):
            for form, size in (("desktop", DESKTOP), ("phone", PHONE)):
                with h.browser(*size) as driver:
                    driver.get(self.hub.url + "/console/login?lang=" + lang)
                    h.screenshot(driver, "login-%s-%s" % (lang, form))
                    self.logged_in(driver, "city-admin")
                    for name, path in pages:
                        driver.get(self.hub.url + path)
                        h.wait_for(driver, lambda d: d.execute_script("return document.readyState") == "complete")
                        self.assertEqual(driver.find_element(By.TAG_NAME, "html").get_attribute("lang"),
                                         "zh-CN" if lang == "zh" else "en")
                        self.assertTrue(h.no_horizontal_scroll(driver), "%s scrolls sideways at %s" % (name, form))
                        h.screenshot(driver, "%s-%s-%s" % (name, lang, form))


if __name__ == "__main__":
    unittest.main(verbosity=2)
