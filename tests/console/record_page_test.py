#!/usr/bin/python3
"""The learner's record page (/me/TOKEN, issue #17) on a phone: headless Chromium at 390x844 against a
real learning-hub (`serve --public-url`) with real kiosks of two centres pushing (console_harness.py).

What a resident would notice: the page fits the phone's width (no horizontal scroll), its text is large
enough to read (no text under 16 px, the total at least 32 px), Chinese first, this year's hours per
centre and per course and the attendances; an altered link shows the plain expired page. Screenshots
under test-artifacts/console/ (record-page-phone.png, record-page-expired-phone.png).
"""
import json
import os
import sys
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console_harness as h  # noqa: E402

from selenium.webdriver.common.by import By  # noqa: E402

PHONE = (390, 844)
CENTRE_A, CENTRE_B = "bj-dongcheng-jdk", "bj-xicheng-sc"
LEARNER = "110101195001011234"
PUBLIC_URL = "https://credit.example.cn"


def demo_catalogue(centre_id):
    with open(os.path.join(h.SOURCE_DIR, "assets/demo/catalog.json"), encoding="utf-8") as f:
        cat = json.load(f)
    cat["centre"]["id"] = centre_id
    cat["sessions"].append({"id": "s-open-now", "course": cat["courses"][0]["id"],
                            "relative": {"from_load_minutes": -60, "minutes": 12 * 60}, "capacity": 30})
    return cat, cat["courses"][0]


class RecordPageTest(unittest.TestCase):
    def test_the_page_fits_a_phone_and_shows_the_years_hours(self):
        with h.Hub() as hub:
            hub.cli("center", "add", "--id", CENTRE_A, "--name", "交道口社区学习中心", "--name-en", "Jiaodaokou")
            hub.cli("center", "add", "--id", CENTRE_B, "--name", "什刹海社区学习中心", "--name-en", "Shichahai")
            for centre in (CENTRE_A, CENTRE_B):
                cat, course = demo_catalogue(centre)
                hub.cli("import-catalog", "--center", centre, hub.write_file(centre + ".json", json.dumps(cat)))
            hub.start(["--public-url", PUBLIC_URL])
            with h.Kiosk(hub, CENTRE_A, "a") as a, h.Kiosk(hub, CENTRE_B, "b") as b:
                for kiosk in (a, b):
                    kiosk.checkin(LEARNER, "s-open-now")
                    self.assertEqual(json.loads(kiosk.sync().stdout)["pending"], 0)
                reply = h.http("GET", f"{hub.url}/v1/learners/{LEARNER}/summary",
                               headers={"X-Learning-Protocol": "1", "Authorization": "Bearer " + a.token()})
            self.assertEqual(reply.status, 200, reply.body)
            summary = json.loads(reply.body)
            hours = summary["credit_hours"]
            self.assertEqual(hours, 2 * course["credit_hours"])
            url = summary["record_url"]
            self.assertTrue(url.startswith(PUBLIC_URL + "/me/"), url)
            path = urllib.parse.urlsplit(url).path

            with h.browser(*PHONE) as driver:
                driver.get(hub.url + path)
                self.assertEqual(driver.find_element(By.TAG_NAME, "html").get_attribute("lang"), "zh-CN")
                total = driver.find_element(By.ID, "year-hours")
                self.assertEqual(total.text, f"{hours:g} 学时")
                self.assertGreaterEqual(float(total.value_of_css_property("font-size").rstrip("px")), 32)
                centres = driver.find_element(By.ID, "centres").text
                self.assertIn("交道口社区学习中心", centres)
                self.assertIn("什刹海社区学习中心", centres)
                self.assertIn(course["title"]["zh"], driver.find_element(By.ID, "courses").text)
                self.assertEqual(len(driver.find_elements(By.CSS_SELECTOR, "#recent li")), 2)
                self.assertTrue(h.no_horizontal_scroll(driver), "the page scrolls sideways on a phone")
                smallest = driver.execute_script(
                    "let m = 1e9; for (const e of document.querySelectorAll('body *')) {"
                    "  if (e.childNodes.length && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))"
                    "    m = Math.min(m, parseFloat(getComputedStyle(e).fontSize)); } return m;")
                self.assertGreaterEqual(smallest, 16, "text smaller than 16 px")
                self.assertNotIn(LEARNER, driver.page_source)
                h.screenshot(driver, "record-page-phone")

                token = path.rsplit("/", 1)[1]
                i = len(token) // 2
                altered = token[:i] + ("B" if token[i] == "A" else "A") + token[i + 1:]
                driver.get(hub.url + "/me/" + altered)
                self.assertIn("链接已过期", driver.find_element(By.ID, "expired").text)
                self.assertTrue(h.no_horizontal_scroll(driver))
                h.screenshot(driver, "record-page-expired-phone")


if __name__ == "__main__":
    unittest.main()
