"""What every scenario of the browser walk uses: a headless Chromium, signing in and out, submitting
a form, and `page()`, which checks the page now shown (labels, contrast >= 4.5:1, no request to
another origin) and saves its screenshot. Violations are collected here; walk.py reports them.
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

BASE = ""
OUT = ""
PASSWORD = "anwei-demo-2024"
ROLES = ["admin", "anweiban", "fgj", "yjj", "dongcheng", "xiling", "inspector1", "qiye"]
CHECKS = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "checks.js"), encoding="utf-8").read()
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")

violations = []
visited = 0
prefix = ""
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
    driver.save_screenshot(os.path.join(OUT, f"{visited:03d}-{prefix}{name}.png"))
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


