"""The README's journeys in a real browser: Debian's chromium driven by Selenium, headless.

    python3 scripts/browser/journeys.py --base http://127.0.0.1:PORT --mail DIR --out DIR \
        --pass NAME --window 390x844 [--no-javascript] [--axe axe.min.js]

One pass walks every journey once against a freshly seeded instance. With JavaScript, every page
is checked with axe-core (WCAG 2.0/2.1 A and AA); without it, the journeys must still complete.
Every page must weigh under 100 KB, and every step leaves a screenshot in --out.
"""
import argparse
import base64
import glob
import json
import os
import re
import sys
import time
import urllib.parse
from datetime import date, timedelta

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait

PASSWORD = "Sister-Cities-2020"
PAGE_LIMIT = 100 * 1024
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TAICHUNG, NEW_TAIPEI, MILAN, CINCINNATI = 1668399, 12908892, 3173435, 4508722


class JourneyFailed(Exception):
    pass


class Browser:
    """One headless chromium, with the checks every page must pass."""

    def __init__(self, args):
        options = Options()
        options.binary_location = args.chromium
        width, height = args.window.split("x")
        for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     f"--window-size={width},{height}", "--lang=en-GB", "--force-device-scale-factor=1"]:
            options.add_argument(flag)
        options.add_experimental_option("prefs", {
            "intl.accept_languages": "en-GB,en",
            "profile.managed_default_content_settings.javascript": 2 if args.no_javascript else 1,
        })
        self.driver = webdriver.Chrome(service=Service(args.chromedriver), options=options)
        self.driver.set_page_load_timeout(30)
        if int(width) < 600:
            # Headless windows are never narrower than about 500 pixels, so a phone's screen is emulated.
            # (ChromeDriver's mobileEmulation would also turn clicks into taps, which hang without JavaScript.)
            self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                        {"width": int(width), "height": int(height), "deviceScaleFactor": 1, "mobile": True})
        self.base, self.out, self.javascript = args.base.rstrip("/"), args.out, not args.no_javascript
        self.axe = open(args.axe).read() if self.javascript else None
        self.step, self.journey, self.pages, self.violations = 0, "start", 0, []
        os.makedirs(self.out, exist_ok=True)
        # A pass without JavaScript must really have none: a page's script would set its title.
        self.driver.get("data:text/html,<title></title><script>document.title = 'ran'</script>")
        if (self.driver.title == "ran") != self.javascript:
            raise SystemExit(f"browser: JavaScript is {'on' if self.driver.title == 'ran' else 'off'}, not as the pass asks")

    # Navigation

    def open(self, path):
        self.driver.get(self.base + path)
        return self.checked(path)

    def click(self, css, text=None):
        """Clicks the first element matching `css` (and holding `text`), then checks the page it leads to."""
        self.leave(self.find(css, text).click)
        return self.checked(f"{css} {text or ''}".strip())

    def submit(self, form_action, fields=None, button=None):
        """Fills the form posting to `form_action` and presses its submit button."""
        form = self.find(f'form[action="{form_action}"]')
        for name, value in (fields or {}).items():
            self.fill(form, name, value)
        self.leave((form.find_element(By.CSS_SELECTOR, button) if button else form.find_element(By.CSS_SELECTOR, 'button[type="submit"]')).click)
        return self.checked(f"submit {form_action}")

    def leave(self, act):
        """Acts, then waits until the browser has left the page (a click does not wait for the next one)."""
        page = self.driver.find_element(By.TAG_NAME, "html")
        act()

        def gone(_):
            try:
                page.is_enabled()
                return False
            except StaleElementReferenceException:
                return True
            except WebDriverException as error:
                if "does not belong to the document" in str(error):
                    return True
                raise
        WebDriverWait(self.driver, 30).until(gone)
        WebDriverWait(self.driver, 30).until(lambda d: d.find_elements(By.TAG_NAME, "footer"))

    def fill(self, form, name, value):
        field = form.find_element(By.NAME, name)
        kind = (field.get_attribute("type") or field.tag_name).lower()
        if field.tag_name == "select":
            for option in field.find_elements(By.TAG_NAME, "option"):
                if option.get_attribute("value") == str(value) or option.text.strip() == str(value):
                    option.click()
                    return
            raise JourneyFailed(f"{name}: no option {value!r}")
        if kind == "radio":
            form.find_element(By.CSS_SELECTOR, f'input[name="{name}"][value="{value}"]').click()
            return
        if kind == "date":
            # A date field is typed in the order the browser's locale shows it, whichever that is.
            for order in ("%m%d%Y", "%d%m%Y", "%Y%m%d"):
                field.clear()
                field.send_keys(date.fromisoformat(value).strftime(order))
                if field.get_attribute("value") == value:
                    return
            raise JourneyFailed(f"{name}: the date field would not take {value}")
        field.clear()
        field.send_keys(str(value))

    def find(self, css, text=None):
        for element in self.driver.find_elements(By.CSS_SELECTOR, css):
            if text is None or text in element.text:
                return element
        raise JourneyFailed(f"no {css!r}{' holding ' + repr(text) if text else ''} on {self.driver.current_url}")

    def text(self):
        return self.driver.find_element(By.TAG_NAME, "body").text

    def expect(self, *words):
        body = self.text()
        for word in words:
            if word not in body:
                raise JourneyFailed(f"{self.driver.current_url} does not say {word!r}")

    # The checks of every page

    def checked(self, what):
        self.step += 1
        self.pages += 1
        url = self.driver.current_url
        name = re.sub(r"[^A-Za-z0-9]+", "-", f"{self.journey}-{what}")[:80].strip("-")
        self.screenshot(os.path.join(self.out, f"{self.step:03d}-{name}.png"))
        source = self.driver.page_source
        size = len(source.encode("utf-8"))
        if size >= PAGE_LIMIT:
            raise JourneyFailed(f"{url} weighs {size} bytes, over {PAGE_LIMIT}")
        if "<h1>Something went wrong" in source or "Internal Server Error" in source:
            raise JourneyFailed(f"{url}: server error page")
        if self.axe:
            # axe is loaded and run in one script: a page that reloads itself (a plan being made
            # refreshes every 3 s) could otherwise drop it between the two. A reload during the run
            # ends the script; the page that replaced it is then checked instead.
            script = self.axe + (
                ";\nconst done = arguments[arguments.length - 1];"
                "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
                ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))))"
                ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));")
            for attempt in range(3):
                try:
                    found = self.driver.execute_async_script(script, AXE_TAGS)
                    break
                except WebDriverException:
                    if attempt == 2:
                        raise
                    time.sleep(0.5)
                    url = self.driver.current_url
            for violation in found:
                self.violations.append({"url": url, **violation})
                print(f"  axe: {url}: {violation['id']} ({violation['impact']}): {violation['help']} {violation['nodes']}", flush=True)
        return self

    def screenshot(self, path):
        """The whole page, not only the window: a step's result is often below the fold on a phone."""
        try:
            size = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
            shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {
                "format": "png", "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 8000), "scale": 1}})
            with open(path, "wb") as f:
                f.write(base64.b64decode(shot["data"]))
        except Exception:
            self.driver.save_screenshot(path)

    # Accounts

    def sign_in(self, email, password=PASSWORD):
        self.open("/sign-in")
        self.submit("/sign-in", {"email": email, "password": password})
        self.expect("Sign out")

    def sign_out(self):
        self.submit("/sign-out")
        self.expect("Sign in")

    def path(self):
        return urllib.parse.urlparse(self.driver.current_url).path


def mail_link(mail_dir, address, pattern, seen):
    """The first link matching `pattern` in a mail to `address` not read before (development mail is a file a message)."""
    for _ in range(100):
        for name in sorted(glob.glob(os.path.join(mail_dir, "*"))):
            if name in seen:
                continue
            text = open(name, encoding="utf-8", errors="replace").read()
            if address not in text:
                continue
            match = re.search(pattern, text.replace("=\n", ""))
            if match:
                seen.add(name)
                return match.group(0)
        time.sleep(0.1)
    raise JourneyFailed(f"no mail to {address} with {pattern}")


def journeys(b, mail_dir, tag):
    newcomer = f"officer.{tag}@milano.example"
    seen = set()

    b.journey = "find-city"
    b.open("/")
    b.submit("/", {"q": "臺中"})
    b.click(f'a[href="/cities/{TAICHUNG}"]')
    b.expect("Taichung", "CityNet")

    b.journey = "sign-up"
    b.click('a[href="/sign-up"]')
    b.submit("/sign-up", {"email": newcomer, "displayName": f"Comune di Milano ({tag})", "password": "short"})
    if not b.driver.find_elements(By.ID, "password-error"):
        raise JourneyFailed("a weak password was not refused beside its field")
    b.submit("/sign-up", {"email": newcomer, "displayName": f"Comune di Milano ({tag})", "password": "Milano-Lombardia-2020"})
    link = mail_link(mail_dir, newcomer, r"https?://[^\s\"<>]+/confirm-address\?token=[A-Za-z0-9_\-]+", seen)
    b.driver.get(link)
    b.checked("confirm-link")
    b.submit("/confirm-address")
    b.sign_in(newcomer, "Milano-Lombardia-2020") if "Sign out" not in b.text() else None
    b.open("/account")
    b.expect(newcomer)

    b.journey = "act-for-city"
    b.open(f"/cities/{MILAN}")
    b.click(f'a[href="/account/role-requests/new?city={MILAN}"]')
    b.submit("/account/role-requests", {"title": "International relations office", "message": "I answer for Milan's twinning."})
    b.expect("International relations office")
    b.sign_out()
    b.sign_in("admin@amity.example")
    b.click('a[href="/requests"]')
    row = b.find("li, tr, .card", f"Comune di Milano ({tag})")
    action = row.find_element(By.CSS_SELECTOR, 'form[action$="/verify"]').get_attribute("action")
    b.submit(urllib.parse.urlparse(action).path)
    b.sign_out()
    b.sign_in(newcomer, "Milano-Lombardia-2020")
    b.open(f"/cities/{MILAN}")
    b.find(f'a[href="/cities/{MILAN}/partnerships/new"]')

    b.journey = "partnership"
    b.click(f'a[href="/cities/{MILAN}/partnerships/new"]')
    b.submit(f"/cities/{MILAN}/partnerships", {"partner": "台中", "signedOn": "2020-05"})
    if b.driver.find_elements(By.CSS_SELECTOR, 'input[name="partnerId"]'):
        b.submit(f"/cities/{MILAN}/partnerships", {"partnerId": TAICHUNG, "signedOn": "2020-05"})
    partnership = b.path()
    if not partnership.startswith("/partnerships/"):
        raise JourneyFailed(f"recording the partnership led to {partnership}")
    b.expect("Taichung")
    b.sign_out()
    b.sign_in("officer@taichung.example")
    b.open(partnership)
    b.submit(partnership + "/confirm")
    b.expect("Milan")
    b.sign_out()

    b.journey = "aid"
    b.sign_in("officer@newtaipei.example")
    b.click('a[href="/aid"]')
    b.click('a[href="/rules"]')
    b.expect("Taiwan's central government controls the distribution of masks")
    b.open("/aid")
    b.submit("/aid/needs", {"cityId": NEW_TAIPEI, "item": "sanitised-water", "quantity": "500", "urgency": "4", "deliveryNote": "City hall, Banqiao"})
    b.sign_out()
    b.sign_in("officer@taichung.example")
    b.open("/aid")
    b.submit("/aid/plans", {"host": f"city:{TAICHUNG}", "mode": "max-min-fair"})
    for _ in range(40):
        if b.path().startswith("/plans/"):
            break
        time.sleep(1)
        if not b.javascript:
            b.driver.refresh()
        b.checked("plan-waiting")
    plan = b.path()
    if not plan.startswith("/plans/"):
        raise JourneyFailed(f"the plan did not arrive: {b.driver.current_url}")
    line = b.find(".card", "New Taipei")
    accept = urllib.parse.urlparse(line.find_element(By.CSS_SELECTOR, 'form[action$="/accept"]').get_attribute("action")).path
    b.submit(accept)
    b.sign_out()
    b.sign_in("officer@newtaipei.example")
    b.open(plan)
    b.submit(accept)
    b.click('a[href^="/pledges/"]')
    pledge = b.path()
    b.expect("Confirmed", "Sanitised water")  # both sides accepted the plan's line, so the pledge starts confirmed
    b.sign_out()
    b.sign_in("officer@taichung.example")
    b.open(pledge)
    b.submit(pledge + "/ship", {"mode": "road", "waybill": f"TXG-{tag}"})
    b.sign_out()
    b.sign_in("officer@newtaipei.example")
    b.open(pledge)
    b.submit(pledge + "/deliver", {"received": "500"})
    b.expect("500 / 500")
    b.sign_out()

    b.journey = "gifts"
    b.sign_in("officer@newtaipei.example")
    b.open("/aid")
    b.submit("/aid/campaigns", {"cityId": NEW_TAIPEI, "beneficiaryCityId": CINCINNATI, "title": f"PPE for Cincinnati ({tag})",
                                "target": "100,000", "currency": "TWD"})
    campaign = b.path()
    if not campaign.startswith("/campaigns/"):
        raise JourneyFailed(f"opening the campaign led to {campaign}")
    b.submit(campaign + "/gifts", {"amount": "30,000", "giver": "A family of Banqiao"})
    b.expect("30,000 of 100,000 TWD raised (30%).", "A giver who asked not to be named")
    b.open("/ledger")
    b.expect("Gifts of money", "TWD")
    b.open("/plans/1")  # the demo's plan: CityNet's members as of 15 April 2020
    b.expect("Seoul is nearer", "Taichung sends instead")
    b.sign_out()

    b.journey = "analysis"
    b.open("/analysis/triangle")
    b.expect("2 of the three arms carry exchange", "no exchange on record")
    b.open("/analysis/graph")
    b.sign_in("officer@taichung.example")
    b.open(f"/cities/{TAICHUNG}/indicators")
    b.submit(f"/cities/{TAICHUNG}/indicators", {"indicator": "cases-per-100k", "name": f"Confirmed cases per 100,000 ({tag})", "unit": "cases",
                                                "better": "lower", "value": "4.2", "measuredOn": "2020-05-31", "target": "0", "source": "Taichung health bureau"})
    b.expect("The value is recorded.", "Confirmed cases per 100,000")
    b.sign_out()

    b.journey = "statement"
    b.sign_in(newcomer, "Milano-Lombardia-2020")
    b.click('a[href="/statements"]')
    b.submit("/statements", {"host": f"city:{MILAN}", "title": f"Milan and Taichung stand together ({tag})",
                              "text": "Our cities share what works: masks, water and advice reach those who need them."})
    statement = b.path()
    closes = (date.today() + timedelta(days=14)).isoformat()
    b.submit(statement + "/open", {"closesOn": closes})
    b.sign_out()
    b.sign_in("officer@taichung.example")
    b.open(statement)
    b.submit(statement + "/signatures", {"cityId": TAICHUNG, "title": "Mayor of Taichung"})
    b.expect("Mayor of Taichung")
    b.sign_out()

    b.journey = "assembly"
    b.sign_in(newcomer, "Milano-Lombardia-2020")
    b.click('a[href="/assemblies"]')
    b.click('a[href^="/assemblies/"]', "Virtual Parliament")
    assembly = b.path()
    b.submit(assembly + "/motions", {"cityId": MILAN, "title": f"Open our sittings to every member city ({tag})",
                                     "text": "Sittings are held online, so that every member city can speak."})
    motion = b.path()
    b.sign_out()
    b.sign_in("admin@amity.example")
    b.open(motion)
    b.submit(motion + "/vote/open", {"closesOn": (date.today() + timedelta(days=7)).isoformat()})
    b.sign_out()
    b.sign_in(newcomer, "Milano-Lombardia-2020")
    b.open(motion)
    b.submit(motion + "/votes", {"cityId": MILAN, "choice": "yes"})
    b.expect("Milan")
    b.sign_out()

    b.journey = "rationing"
    b.open("/rationing")
    b.click('a[href^="/rationing/"]', "口罩實名制")
    programme = b.path()
    b.click(f'a[href="{programme}/entitlement"]')
    b.submit(f"{programme}/entitlement", {"document": "A123456784", "birth": "1976-05-13"})
    if not b.driver.find_elements(By.ID, "document-error"):
        raise JourneyFailed("a birth date that does not match the registration was not refused beside the field")
    b.submit(f"{programme}/entitlement", {"document": "A123456784", "birth": "1976-05-14"})
    b.expect("What you may still buy", "Days you may buy on this week:")
    if "A123456784" in b.driver.page_source:
        raise JourneyFailed("the entitlement page showed the document number back")
    b.sign_in("manager@masks.example")
    b.open(f"{programme}/counter")
    card = {"outlet": "0101090501 臺北市示範藥局 1 (sample pharmacy)",  # a sample pharmacy with its delivery confirmed
            "doc0": "A123456784", "class0": "adult", "qty0": "10", "doc1": "B123456786", "class1": "child", "qty1": "10"}
    b.submit(f"{programme}/counter", card, button='button[value="check"]')
    b.expect("Allowed:")
    b.submit(f"{programme}/counter", button='button[value="sell"]')
    b.expect("Sold:")
    # The same cards again at once: the quota is spent, and the counter says why.
    b.submit(f"{programme}/counter", card, button='button[value="check"]')
    b.expect("Not allowed")
    b.sign_out()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--mail", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--pass", dest="name", required=True)
    parser.add_argument("--window", default="1280x900")
    parser.add_argument("--no-javascript", action="store_true")
    parser.add_argument("--axe")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    args = parser.parse_args()
    if not args.no_javascript and not args.axe:
        parser.error("--axe is needed with JavaScript")
    b = Browser(args)
    started = time.time()
    try:
        journeys(b, args.mail, args.name)
    except (JourneyFailed, WebDriverException) as failure:
        b.driver.save_screenshot(os.path.join(args.out, "failed.png"))
        print(f"browser {args.name}: FAILED in journey {b.journey}: {failure}".splitlines()[0], flush=True)
        print(b.text()[:1500], flush=True)
        sys.exit(1)
    finally:
        b.driver.quit()
    with open(os.path.join(args.out, "violations.json"), "w") as f:
        json.dump(b.violations, f, indent=1)
    print(f"browser {args.name}: {b.pages} pages in {time.time() - started:.0f} s, "
          f"{len(b.violations)} accessibility violations", flush=True)
    sys.exit(1 if b.violations else 0)


if __name__ == "__main__":
    main()
