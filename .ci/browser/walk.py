#!/usr/bin/env python3
"""The browser walk of 安委工作台: headless Chromium (selenium + chromedriver) against a running
`anwei serve --demo`. Signs in as each demo role and reads its 待办; an enterprise reports a hazard,
files progress with a photo, applies for closure, and its department reviews it; a member of the
public, in a phone-sized window, submits a tip-off with a photo and follows it with its key.

Every page visited is saved as a PNG in the screenshot folder and checked in the browser (labels,
contrast >= 4.5:1, no request to another origin). Exits 1 on any violation or failed step.

Usage: walk.py BASE_URL SCREENSHOT_DIR
"""
import base64
import os
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE = sys.argv[1].rstrip("/")
OUT = sys.argv[2]
PASSWORD = "anwei-demo-2024"
ROLES = ["admin", "anweiban", "fgj", "yjj", "dongcheng", "xiling", "inspector1", "qiye"]
CHECKS = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "checks.js"), encoding="utf-8").read()
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")

os.makedirs(OUT, exist_ok=True)
violations = []
visited = 0
photo = os.path.join(tempfile.mkdtemp(), "现场照片.png")
with open(photo, "wb") as f:
    f.write(PNG)


def browser(width, height):
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=zh-CN",
                     f"--window-size={width},{height}", "--force-device-scale-factor=1"]:
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.implicitly_wait(2)
    driver.size = (width, height)
    return driver


def page(driver, name):
    """Checks the page now shown and saves its screenshot (the whole page's height)."""
    global visited
    visited += 1
    for problem in driver.execute_script(CHECKS):
        violations.append(f"{name} ({driver.current_url}): {problem}")
    width, height = driver.size
    full = driver.execute_script("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")
    driver.set_window_size(width, min(max(height, full + 20), 6000))
    driver.save_screenshot(os.path.join(OUT, f"{visited:02d}-{name}.png"))
    driver.set_window_size(width, height)


def expect(driver, text, name):
    if text not in driver.page_source:
        violations.append(f"{name}: expected '{text}' on {driver.current_url}; h1 is '{h1(driver)}'")
        return False
    return True


def h1(driver):
    found = driver.find_elements(By.TAG_NAME, "h1")
    return found[0].text if found else ""


def sign_in(driver, user):
    driver.delete_all_cookies()
    driver.get(BASE + "/login")
    driver.find_element(By.ID, "username").send_keys(user)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: "/login" not in d.current_url)


def sign_out(driver):
    driver.find_element(By.CSS_SELECTOR, "form[action='/logout'] button").click()
    WebDriverWait(driver, 10).until(lambda d: "/login" in d.current_url)


def submit(form):
    """Submits a form by its button and waits for the next page."""
    driver = form.parent
    old = driver.find_element(By.TAG_NAME, "html")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.TAG_NAME, "html") != old)


def open_action(driver, verb):
    """Opens the <details> of an action on a hazard's page; returns its form."""
    form = driver.find_element(By.CSS_SELECTOR, f"form[action$='/actions/{verb}']")
    details = form.find_element(By.XPATH, "./ancestor::details")
    details.find_element(By.TAG_NAME, "summary").click()
    return form


desk = browser(1366, 800)
try:
    # 1. Each role signs in and sees its 待办 and the register.
    desk.get(BASE + "/login")
    page(desk, "login")
    for user in ROLES:
        sign_in(desk, user)
        if expect(desk, "<h1>我的待办</h1>", f"home-{user}"):
            page(desk, f"home-{user}")
        desk.find_element(By.LINK_TEXT, "隐患台账").click()
        expect(desk, "<h1>隐患台账</h1>", f"hazards-{user}")
        page(desk, f"hazards-{user}")
        sign_out(desk)
        expect(desk, "<h1>安委工作台</h1>", f"signed-out-{user}")

    # 2. The office filters the register and opens a hazard from its 待办.
    sign_in(desk, "anweiban")
    desk.get(BASE + "/hazards")
    Select(desk.find_element(By.ID, "filter-status")).select_by_value("open")
    Select(desk.find_element(By.ID, "filter-grade")).select_by_value("major")
    submit(desk.find_element(By.CSS_SELECTOR, "form.filters"))
    page(desk, "hazards-office-filtered")
    first = desk.find_elements(By.CSS_SELECTOR, "table.list tbody a")
    if first:
        first[0].click()
        page(desk, "hazard-office")
    desk.get(BASE + "/tipoffs")
    expect(desk, "<h1>举报线索</h1>", "tipoffs-office")
    page(desk, "tipoffs-office")
    desk.get(BASE + "/password")
    page(desk, "password")
    sign_out(desk)

    # 3. The enterprise reports a hazard, attaches a photo, finishes and applies for closure.
    sign_in(desk, "qiye")
    desk.find_element(By.LINK_TEXT, "上报隐患").click()
    page(desk, "hazard-new-qiye")
    Select(desk.find_element(By.ID, "new-grade")).select_by_value("general")
    desk.find_element(By.ID, "new-description").send_keys("配电房灭火器过期，未按期检验")
    submit(desk.find_element(By.CSS_SELECTOR, "form[action='/hazards/new']"))
    if expect(desk, "隐患已登记", "hazard-registered"):
        page(desk, "hazard-registered")
    hazard = desk.current_url.split("?")[0]
    desk.find_element(By.CSS_SELECTOR, "details.action:last-of-type summary").click()
    desk.find_element(By.ID, "attach-file").send_keys(photo)
    submit(desk.find_element(By.CSS_SELECTOR, "form[action$='/attachments']"))
    expect(desk, "附件已上传", "hazard-attached")
    form = open_action(desk, "finish-rectification")
    form.find_element(By.ID, "finish-rectification-note").send_keys("已更换全部过期灭火器")
    submit(form)
    expect(desk, "整改完成已完成", "hazard-finished")
    form = open_action(desk, "apply-review")
    submit(form)
    if expect(desk, "申请销号已完成", "hazard-applied"):
        page(desk, "hazard-applied-qiye")
    sign_out(desk)

    # 4. Its department (区应急管理局) reviews it on site and closes it.
    sign_in(desk, "yjj")
    desk.get(hazard)
    form = open_action(desk, "review")
    page(desk, "hazard-review-yjj")
    Select(form.find_element(By.ID, "review-passed")).select_by_value("true")
    submit(form)
    if expect(desk, "销号核查已完成", "hazard-reviewed"):
        page(desk, "hazard-closed-yjj")
    expect(desk, "已销号", "hazard-closed-state")
    sign_out(desk)
finally:
    desk.quit()

# 5. A member of the public, on a phone.
phone = browser(390, 844)
try:
    phone.get(BASE + "/login")
    phone.find_element(By.LINK_TEXT, "群众举报").click()
    expect(phone, "<h1>举报安全隐患</h1>", "tipoff-form")
    page(phone, "tipoff-form-phone")
    phone.find_element(By.ID, "tip-text").send_keys("小区地下车库堆放大量液化气钢瓶，有气味")
    phone.find_element(By.ID, "tip-place").send_keys("东城镇幸福小区地下车库")
    phone.find_element(By.ID, "tip-territory_id").send_keys("东城镇")
    phone.find_element(By.ID, "tip-photo").send_keys(photo)
    submit(phone.find_element(By.CSS_SELECTOR, "form[action='/tipoff']"))
    key = ""
    if expect(phone, "举报已受理", "tipoff-receipt"):
        page(phone, "tipoff-receipt-phone")
        key = phone.find_element(By.ID, "receipt-key").text.strip()
    phone.find_element(By.LINK_TEXT, "查看办理进度").click()
    expect(phone, "已受理", "tipoff-progress")
    page(phone, "tipoff-progress-phone")
    # Later, on a fresh browser, with the key typed in.
    phone.delete_all_cookies()
    phone.get(BASE + "/tipoff")
    phone.find_element(By.ID, "follow-key").send_keys(key)
    submit(phone.find_element(By.CSS_SELECTOR, "form[action='/tipoff/follow']"))
    if expect(phone, "东城镇幸福小区地下车库", "tipoff-followed"):
        page(phone, "tipoff-followed-phone")
    if "receipt" in phone.current_url or key and key in phone.current_url:
        violations.append("the receipt key appeared in a URL")
    phone.delete_all_cookies()
    phone.get(BASE + "/login")
    page(phone, "login-phone")
finally:
    phone.quit()

print(f"browser walk: {visited} pages visited, screenshots in {OUT}")
for violation in violations:
    print("VIOLATION:", violation)
print(f"{visited - len(violations) if len(violations) < visited else 0} passed, {len(violations)} failed")
sys.exit(1 if violations else 0)
