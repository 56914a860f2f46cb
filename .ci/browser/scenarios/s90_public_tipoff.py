"""A member of the public, in a phone-sized window, submits a tip-off with a photo and follows it
with its key (which never appears in a URL)."""
import walklib as w
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select


def run():
    phone = w.browser(390, 844)
    try:
        phone.get(w.BASE + "/login")
        phone.find_element(By.LINK_TEXT, "群众举报").click()
        w.expect(phone, "<h1>举报安全隐患</h1>", "tipoff-form")
        w.page(phone, "tipoff-form-phone")
        phone.find_element(By.ID, "tip-text").send_keys("小区地下车库堆放大量液化气钢瓶，有气味")
        phone.find_element(By.ID, "tip-place").send_keys("东城镇幸福小区地下车库")
        phone.find_element(By.ID, "tip-territory_id").send_keys("东城镇")
        phone.find_element(By.ID, "tip-photo").send_keys(w.photo)
        w.submit(phone.find_element(By.CSS_SELECTOR, "form[action='/tipoff']"))
        key = ""
        if w.expect(phone, "举报已受理", "tipoff-receipt"):
            w.page(phone, "tipoff-receipt-phone")
            key = phone.find_element(By.ID, "receipt-key").text.strip()
        phone.find_element(By.LINK_TEXT, "查看办理进度").click()
        w.expect(phone, "已受理", "tipoff-progress")
        w.page(phone, "tipoff-progress-phone")
        # Later, on a fresh browser, with the key typed in.
        phone.delete_all_cookies()
        phone.get(w.BASE + "/tipoff")
        phone.find_element(By.ID, "follow-key").send_keys(key)
        w.submit(phone.find_element(By.CSS_SELECTOR, "form[action='/tipoff/follow']"))
        if w.expect(phone, "东城镇幸福小区地下车库", "tipoff-followed"):
            w.page(phone, "tipoff-followed-phone")
        if "receipt" in phone.current_url or key and key in phone.current_url:
            w.violations.append("the receipt key appeared in a URL")
        phone.delete_all_cookies()
        phone.get(w.BASE + "/login")
        w.page(phone, "login-phone")

    finally:
        phone.quit()
