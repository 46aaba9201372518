"""The web chat in a real browser: `shoppulse run` without a token, driven by headless Chromium.

The browser is Debian's `chromium` with its `chromium-driver`, named by path so that Selenium
never looks for (or downloads) one of its own. `make test` installs both when it runs as root.
Set SHOPPULSE_SCREENSHOTS=docs to refresh the README's pictures from this test.
"""

from __future__ import annotations

import csv
import datetime as dtm
import io
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bot.local_bot_api import LocalBotApi
from bot.local_bot_api import web_chat as web_chat_module
from bot.local_bot_api.web_chat import PAGE_WORDS, WEB_USER_ID, WebChat
from tests.helpers.english_left import english_left
from tests.helpers.shop import generic_orders_csv

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
PHONE = (412, 915)
ANALYSIS_SECONDS = 180  # a year of a small shop, on a loaded 2-core machine
REPLY_SECONDS = 60


@pytest.fixture
def web_chat(tmp_path):
    """`shoppulse run` with no token and no .env: the URL from its one line, then the process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SHOPPULSE_"))}
    env.update(SHOPPULSE_WEB_PORT="0", SHOPPULSE_DB=str(tmp_path / "data" / "shop.db"))
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=tmp_path, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    try:
        first = lines.get(timeout=60)
    except queue.Empty:
        process.kill()
        pytest.fail(f"shoppulse run printed nothing within 60 s: {process.communicate()[1][-2000:]}")
    url = re.search(r"http://\S+", first)
    assert url and url[0].startswith("http://127.0.0.1:"), first
    yield url[0], process
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr[-3000:]
    assert lines.empty(), "shoppulse run printed more than its one line"


@pytest.fixture
def browser(tmp_path):
    driver = _chromium(tmp_path, "en-GB")
    yield driver
    driver.quit()


@pytest.fixture
def chinese_browser(tmp_path):
    driver = _chromium(tmp_path, "zh-CN")
    yield driver
    driver.quit()


def _chromium(tmp_path, language: str):
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not os.path.exists(path)]
    if missing:
        pytest.fail(f"{' and '.join(missing)} missing: the browser test needs Debian's packages "
                    "`chromium` and `chromium-driver` (apt-get install chromium chromium-driver; "
                    "`make test` installs them when it runs as root).")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--no-proxy-server", f"--window-size={PHONE[0]},{PHONE[1]}", f"--lang={language}"):
        options.add_argument(argument)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False,
                                              "intl.accept_languages": language})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    return driver


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_web_chat_walks_the_whole_flow_in_a_browser(web_chat, browser, tmp_path):
    from selenium.webdriver.common.by import By

    url, _ = web_chat
    page = Page(browser, tmp_path / "screenshots")
    browser.get(url)
    page.wait(lambda: "bot is running" in browser.find_element(By.ID, "status").text, "the page to reach the bot")

    # The demo shop: one zip with a Shopify store, Etsy orders and items, and Judge.me reviews.
    browser.find_element(By.ID, "demo").click()
    status_id = page.bot_message_id(lambda text: "demo-shop.zip" in text)
    reply = page.wait(lambda: _analysed(page, status_id), "the analysis of the demo shop", ANALYSIS_SECONDS)
    assert "Etsy" in reply.text and "Shopify" in reply.text and "Reviews" in reply.text
    assert "<b>" not in reply.text and reply.find_element(By.TAG_NAME, "b").text == "demo-shop.zip"
    assert len(browser.find_elements(By.CSS_SELECTOR, f'[data-message-id="{status_id}"]')) == 1, "edited in place"
    page.screenshot("web-chat-upload-reply.png", reply)

    # /segments: the chart as a loaded picture, then the text with one export button per segment.
    page.send("/segments")
    chart = page.wait(lambda: _loaded_image(browser), "the segments chart to load")
    buttons = page.wait(lambda: [b for b in browser.find_elements(By.CSS_SELECTOR, ".msg.bot .keyboard button")
                                 if b.text.startswith("⬇️ Champions")], "the export buttons")
    page.screenshot("web-chat-segments.png", chart)
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth"), \
        "the page is wider than a phone"

    # An export button gives a CSV that downloads, with as many customers as the button says.
    wanted = int(re.search(r"\(([\d,]+)\)", buttons[-1].text)[1].replace(",", ""))
    buttons[-1].click()
    link = page.wait(lambda: browser.find_elements(By.CSS_SELECTOR, ".msg.bot a.doc"), "the CSV file")[0]
    assert "shoppulse-champions.csv" in link.text
    link.click()
    saved = page.wait(lambda: [p for p in browser.downloads.glob("*.csv")], "the download")[0]
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert len(rows) == wanted
    emails = [next((v for k, v in row.items() if k.lower() == "email"), "") or "" for row in rows]
    assert sum(email.endswith("@example.com") for email in emails) >= len(rows) / 2, emails[:3]

    # /schedule by buttons: a day, then a time, in the same message.
    page.send("/schedule")
    question_id = page.bot_message_id(lambda text: "digest arrives" in text and "Fri" in text)
    page.click(question_id, "Fri")
    page.wait(lambda: "Friday: at what time" in page.message(question_id).text, "the time buttons")
    page.click(question_id, "18:00")
    page.wait(lambda: "Fridays at 18:00" in page.message(question_id).text, "the new schedule")

    # The weekly digest arrives on its own: schedule it for the next minute and carry on.
    now = dtm.datetime.now(dtm.UTC)
    soon = now + dtm.timedelta(minutes=1 if now.second < 30 else 2)  # the slot is 30 to 90 s ahead
    page.send(f"/schedule {soon:%a} {soon:%H:%M} UTC")
    page.bot_bubble(lambda text: f"arrives on {soon:%A}s at {soon:%H:%M}" in text)

    # A file by the file input: a plain orders CSV with new customers, added to the history.
    orders = tmp_path / "more-orders.csv"
    orders.write_bytes(generic_orders_csv(30, seed=5))
    page.mark()
    browser.find_element(By.ID, "file").send_keys(str(orders))
    page.bot_bubble(lambda text: "more-orders.csv" in text and "new orders added" in text and "Send /segments" in text,
                    ANALYSIS_SECONDS)

    # /help from the command menu that setMyCommands filled.
    browser.find_element(By.ID, "menu-button").click()
    page.wait(lambda: browser.find_element(By.ID, "menu").is_displayed(), "the command menu")
    browser.find_element(By.XPATH, "//nav[@id='menu']//button[b[text()='/help']]").click()
    page.bot_bubble(lambda text: "What I can do" in text and "/segments" in text)

    # A file dropped on the page (the browser's own drop event, with a File in its DataTransfer).
    page.mark()
    browser.execute_script("""
        const data = new DataTransfer();
        data.items.add(new File(["just some notes\\n"], "notes.csv", {type: "text/csv"}));
        window.dispatchEvent(new DragEvent("drop", {dataTransfer: data, bubbles: true, cancelable: true}));
    """)
    page.bot_bubble(lambda text: "notes.csv" in text and ("don't recognise" in text or "Nothing from this file" in text))

    page.mark(0)  # it may have come while the file was read
    digest = page.bot_bubble(lambda text: "Your weekly ShopPulse digest" in text, 180)
    assert "<b>" not in digest.text
    page.screenshot("web-chat-digest.png", digest)


@pytest.mark.timeout(300)
def test_the_page_speaks_the_browsers_chinese_and_follows_language(web_chat, chinese_browser, tmp_path):
    """A browser in Chinese: the page's own words and the bot's replies are Chinese; /language
    English turns the page's words English too."""
    from selenium.webdriver.common.by import By

    url, _ = web_chat
    browser = chinese_browser
    page = Page(browser, tmp_path / "screenshots")
    browser.get(url)
    page.wait(lambda: browser.find_element(By.ID, "status").text == "机器人运行中", "the page's words in Chinese")
    assert browser.find_element(By.ID, "start").text == "开始"
    assert browser.find_element(By.ID, "text").get_attribute("placeholder") == "输入消息或 /命令"
    assert english_left(browser.find_element(By.TAG_NAME, "header").text + browser.find_element(By.ID, "intro").text) == []
    page.mark()
    browser.find_element(By.ID, "start").click()
    welcome = page.bot_bubble(lambda text: "ShopPulse" in text)
    assert english_left(welcome.text) == [], welcome.text
    page.send("/language")
    question_id = page.bot_message_id(lambda text: "English" in text or "简体中文" in text)
    page.click(question_id, "English")
    page.wait(lambda: browser.find_element(By.ID, "start").text == "Start", "the page's words in English")
    assert browser.find_element(By.ID, "status").text == "bot is running"


def _analysed(page, status_id: str):
    bubble = page.message(status_id)
    return bubble if bubble is not None and "Send /segments" in bubble.text else None


def _loaded_image(browser):
    from selenium.webdriver.common.by import By

    images = browser.find_elements(By.CSS_SELECTOR, ".msg.bot img")
    return next((img for img in images if browser.execute_script(
        "return arguments[0].complete && arguments[0].naturalWidth > 0", img)), None)


class Page:
    """Waiting for what the bot says, as a person watching the chat would."""

    def __init__(self, browser, screenshots: Path) -> None:
        self.browser = browser
        self.screenshots = screenshots
        self.since = 0
        screenshots.mkdir(parents=True, exist_ok=True)

    def mark(self, since: int | None = None) -> None:
        """Look for replies only after the messages shown now (or after the first `since`)."""
        self.since = len(self._bubbles()) if since is None else since

    def wait(self, condition, what: str, timeout: float = REPLY_SECONDS):
        from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                found = condition()
            except (StaleElementReferenceException, NoSuchElementException):
                found = None  # the message was redrawn (edited) while we looked, or not yet; look again
            if found:
                return found
            time.sleep(0.2)
        self.browser.save_screenshot(str(self.screenshots / "failure.png"))
        shown = [b.text[:120] for b in self._bubbles()]
        pytest.fail(f"waited {timeout:.0f} s for {what}; the chat shows {shown}")

    def _bubbles(self):
        from selenium.webdriver.common.by import By

        return self.browser.find_elements(By.CSS_SELECTOR, ".msg")

    def message(self, message_id: str):
        from selenium.webdriver.common.by import By

        found = self.browser.find_elements(By.CSS_SELECTOR, f'[data-message-id="{message_id}"]')
        return found[0] if found else None

    def bot_bubble(self, matches, timeout: float = REPLY_SECONDS, *, quiet: bool = False):
        from selenium.webdriver.common.by import By

        def newest():
            after = self.browser.find_elements(By.CSS_SELECTOR, ".msg")[self.since:]
            return next((b for b in reversed(after) if "bot" in b.get_attribute("class") and matches(b.text)), None)

        if quiet:
            return newest()
        return self.wait(newest, "a reply from the bot", timeout)

    def bot_message_id(self, matches, timeout: float = REPLY_SECONDS) -> str:
        """The id of the newest bot message whose text matches: it stays when the message is edited."""
        return self.wait(lambda: (found := self.bot_bubble(matches, 0.01, quiet=True)) is not None
                         and found.get_attribute("data-message-id"), "a reply from the bot", timeout)

    def click(self, message_id: str, button: str) -> None:
        """Press a button of a message, looking it up afresh (the message may be redrawn meanwhile)."""
        from selenium.webdriver.common.by import By

        self.wait(lambda: (message := self.message(message_id)) is not None
                  and (message.find_element(By.XPATH, f".//button[text()='{button}']").click() or True),
                  f"the button {button}")

    def send(self, text: str) -> None:
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.keys import Keys

        self.mark()
        box = self.browser.find_element(By.ID, "text")
        box.send_keys(text)
        box.send_keys(Keys.ENTER)

    def screenshot(self, name: str, element) -> None:
        """Scroll `element` to the top of the chat, save the page, and copy it where SHOPPULSE_SCREENSHOTS says."""
        self.browser.execute_script("arguments[0].scrollIntoView({block: 'start'})", element)
        time.sleep(0.3)
        path = self.screenshots / name
        assert self.browser.save_screenshot(str(path)), f"no screenshot {name}"
        if target := os.environ.get("SHOPPULSE_SCREENSHOTS"):
            Path(target).mkdir(parents=True, exist_ok=True)
            shutil.copy(path, Path(target) / name)


# -- what the page's server lets through (no browser needed) ------------------------------------------


def _request(url: str, *, method: str = "GET", body: bytes | None = None, headers: dict | None = None):
    """(status, body) of one request, proxies ignored."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture
def page_server():
    with LocalBotApi(web=WebChat()) as api:
        yield api


def test_the_page_answers_only_to_its_loopback_names(page_server):
    assert _request(f"{page_server.origin}/")[0] == 200
    assert _request(f"{page_server.origin}/", headers={"Host": f"localhost:{page_server.port}"})[0] == 200
    status, _ = _request(f"{page_server.origin}/", headers={"Host": f"attacker.example:{page_server.port}"})
    assert status == 421  # a page elsewhere that rebinds its name to 127.0.0.1 gets nothing


def test_a_refused_browser_reads_why_in_its_own_language(page_server):
    wrong_host = {"Host": f"attacker.example:{page_server.port}"}
    assert _request(f"{page_server.origin}/", headers=wrong_host)[1].decode() == \
        "This address is not the one ShopPulse printed."
    status, body = _request(f"{page_server.origin}/", headers={**wrong_host, "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"})
    assert status == 421 and body.decode() == "这个地址不是 ShopPulse 打印出来的那个。"
    status, body = _request(f"{page_server.origin}/api/text", method="POST", body=b'{"text": "/stats"}',
                            headers={"Content-Type": "application/json", "Accept-Language": "zh-TW"})
    assert status == 403 and body.decode() == "请在页面上和机器人对话。"


def test_another_site_cannot_type_into_the_chat(page_server):
    status, _ = _request(f"{page_server.origin}/api/text", method="POST", body=b'{"text": "/forget"}',
                         headers={"Content-Type": "application/json"})
    assert status == 403
    assert page_server.events(WEB_USER_ID) == []
    status, _ = _request(f"{page_server.origin}/api/text", method="POST", body=b'{"text": "/stats"}',
                         headers={"Content-Type": "application/json", "X-ShopPulse": "chat"})
    assert status == 200
    assert [e["payload"]["text"] for e in page_server.events(WEB_USER_ID)] == ["/stats"]


def test_the_page_shows_and_serves_only_its_own_chat(page_server):
    """What the bot sends to another chat is neither listed nor downloadable from the page."""
    page_server.call("sendDocument", {"chat_id": "2002"}, {"document": ("other.csv", b"email\nbob@example.com\n")})
    page_server.call("sendDocument", {"chat_id": str(WEB_USER_ID)}, {"document": ("mine.csv", b"email\n")})
    status, body = _request(f"{page_server.origin}/api/events?after=0")
    events = json.loads(body)["events"]
    assert status == 200 and [e["payload"]["document"]["file_name"] for e in events] == ["mine.csv"]
    mine = events[0]["payload"]["document"]["file_id"]
    assert _request(f"{page_server.origin}/api/files/{mine}") == (200, b"email\n")
    other = f"D{int(mine[1:]) - 1}"
    assert _request(f"{page_server.origin}/api/files/{other}")[0] == 404


def test_a_button_that_was_never_sent_cannot_be_pressed(page_server):
    markup = json.dumps({"inline_keyboard": [[{"text": "Yes", "callback_data": "forget:yes"}]]})
    sent = page_server.call("sendMessage", {"chat_id": str(WEB_USER_ID), "text": "Sure?", "reply_markup": markup}, {})
    headers = {"Content-Type": "application/json", "X-ShopPulse": "chat"}
    forged = json.dumps({"message_id": sent["message_id"], "data": "undo:yes"}).encode()
    assert _request(f"{page_server.origin}/api/press", method="POST", body=forged, headers=headers)[0] == 409
    real = json.dumps({"message_id": sent["message_id"], "data": "forget:yes"}).encode()
    assert _request(f"{page_server.origin}/api/press", method="POST", body=real, headers=headers)[0] == 200
    updates = page_server.call("getUpdates", {"timeout": "0"}, {})
    assert [u["callback_query"]["data"] for u in updates if "callback_query" in u] == ["forget:yes"]


@pytest.mark.slow
def test_another_address_needs_the_key_from_the_printed_url(tmp_path):
    """SHOPPULSE_WEB_HOST set to anything but loopback's names: the printed URL carries a key, and
    nothing is served without it. --web opens the web chat although a token is set."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SHOPPULSE_"))}
    env.update(SHOPPULSE_WEB_HOST="127.0.0.2", SHOPPULSE_WEB_PORT="0", SHOPPULSE_DB=str(tmp_path / "shop.db"),
               TELEGRAM_BOT_TOKEN="123456789:AAFakeTokenForTheWebChatTest000000000")
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", "run", "--web"], cwd=tmp_path, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        url = re.search(r"http://127\.0\.0\.2:\d+/\?key=([\w-]{16,})", line)
        assert url, line
        base = url[0].split("/?")[0]
        assert _request(url[0])[0] == 200
        assert _request(f"{base}/")[0] == 403
        assert _request(f"{base}/?key=wrong")[0] == 403
        assert _request(f"{base}/api/events?after=0")[0] == 403
        keyed = {"X-ShopPulse-Key": url[1]}
        assert _request(f"{base}/api/events?after=0", headers=keyed)[0] == 200
        # With the key the chat works end to end: /help typed on the page is answered there.
        typed = {**keyed, "Content-Type": "application/json", "X-ShopPulse": "chat"}
        assert _request(f"{base}/api/text", method="POST", body=b'{"text": "/help"}', headers=typed)[0] == 200
        deadline = time.monotonic() + 90
        while "What I can do" not in _request(f"{base}/api/events?after=0&wait=5", headers=keyed)[1].decode():
            assert time.monotonic() < deadline, "the bot never answered /help through the keyed page"
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr[-3000:]
    assert "AAFakeToken" not in stderr


def test_an_edit_replaces_the_message_and_drops_buttons_it_no_longer_has(page_server):
    """As in Telegram: editMessageText without reply_markup removes the keyboard."""
    markup = json.dumps({"inline_keyboard": [[{"text": "Fri", "callback_data": "sched:day:4"}]]})
    sent = page_server.call("sendMessage", {"chat_id": str(WEB_USER_ID), "text": "Which day?", "reply_markup": markup}, {})
    page_server.call("editMessageText", {"chat_id": str(WEB_USER_ID), "message_id": str(sent["message_id"]),
                                         "text": "📅 Fridays at 18:00"}, {})
    shown = [e["payload"] for e in json.loads(_request(f"{page_server.origin}/api/events?after=0")[1])["events"]]
    assert [(m["message_id"], m["text"]) for m in shown] == [(sent["message_id"], "Which day?"),
                                                             (sent["message_id"], "📅 Fridays at 18:00")]
    assert "reply_markup" in shown[0] and "reply_markup" not in shown[1] and "edit_date" in shown[1]


def _events(page_server, lang: str):
    status, body = _request(f"{page_server.origin}/api/events?after=0&wait=0&lang={lang}")
    assert status == 200
    return json.loads(body)


def test_the_pages_own_words_come_in_the_browsers_language(page_server):
    chinese = _events(page_server, "zh-CN")
    assert chinese["language"] == "zh_Hans" and chinese["words"]["start"] == "开始"
    command = ("make run",)  # what the owner types in a terminal
    assert [english_left(text, command) for text in chinese["words"].values() if english_left(text, command)] == []
    assert page_server.language_codes[WEB_USER_ID] == "zh-CN"  # the web user's updates say so, as Telegram's would
    english = _events(page_server, "en-GB")
    assert english["language"] == "en" and english["words"] == PAGE_WORDS


def test_the_pages_words_in_its_html_are_the_catalogues_english():
    html = (Path(web_chat_module.__file__).with_name("web") / "index.html").read_text(encoding="utf-8")
    used = set(re.findall(r'data-word(?:-title|-aria|-placeholder)?="([a-z_]+)"', html))
    assert used <= set(PAGE_WORDS), used - set(PAGE_WORDS)
    for name in re.findall(r'data-word="([a-z_]+)"[^>]*>([^<]+)<', html):
        assert " ".join(name[1].split()) == PAGE_WORDS[name[0]], name


def test_the_chats_language_choice_outranks_the_browsers():
    with LocalBotApi(web=WebChat(language_of=lambda browser: "zh_Hans")) as api:
        answer = _events(api, "en-GB")
    assert answer["language"] == "zh_Hans" and answer["words"]["drop"] == "松开鼠标即可发送导出文件"


def test_the_pages_refusals_speak_the_chats_language(page_server):
    _events(page_server, "zh-CN")
    status, body = _request(f"{page_server.origin}/api/press", method="POST", body=b'{"message_id": 999, "data": "x"}',
                            headers={"Content-Type": "application/json", "X-ShopPulse": "chat"})
    assert (status, body.decode()) == (409, "这个按钮已经没有了：消息已经变了。")
