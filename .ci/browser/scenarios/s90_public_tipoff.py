"""A member of the public, in a phone-sized window, submits a tip-off with a photo and follows it
with its key (which never appears in a URL). The office registers a hazard from it and has it
rectified, the department (区应急管理局) closes it; the reporter says "not fixed" with the key and
the hazard reopens; the office sees it on the tip-off's page."""
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

        # The office registers a hazard from it; it is rectified and the department closes it.
        desk = w.browser(1366, 800)
        try:
            w.sign_in(desk, "anweiban")
            desk.get(w.BASE + "/tipoffs?status=received")
            row = desk.find_element(By.XPATH, "//tr[td[contains(., '东城镇幸福小区地下车库')]]")
            row.find_element(By.LINK_TEXT, "办理").click()
            tipoff = desk.current_url.split("?")[0]
            form = w.open_action(desk, "create-hazard")
            Select(form.find_element(By.ID, "create-hazard-grade")).select_by_value("general")
            Select(form.find_element(By.ID, "create-hazard-sector")).select_by_visible_text("燃气")
            Select(form.find_element(By.ID, "create-hazard-supervising_unit_id")).select_by_visible_text("区应急管理局")
            w.page(desk, "tipoff-create-hazard-office")
            w.submit(form)
            w.expect(desk, "立为隐患已完成", "tipoff-hazard-created")
            desk.find_element(By.LINK_TEXT, "查看隐患").click()
            hazard = desk.current_url.split("?")[0]
            w.expect(desk, "由群众举报立案", "tipoff-hazard-origin")
            form = w.open_action(desk, "finish-rectification")
            form.find_element(By.ID, "finish-rectification-note").send_keys("钢瓶已全部清运")
            w.submit(form)
            w.submit(w.open_action(desk, "apply-review"))
            w.sign_out(desk)
            w.sign_in(desk, "yjj")
            desk.get(hazard)
            form = w.open_action(desk, "review")
            Select(form.find_element(By.ID, "review-passed")).select_by_value("true")
            w.submit(form)
            w.expect(desk, "销号核查已完成", "tipoff-hazard-closed")
            w.sign_out(desk)

            # The reporter, with the key, says it is not fixed: the hazard reopens.
            phone.get(w.BASE + "/tipoff/progress")
            if w.expect(phone, "隐患未整改", "tipoff-can-say-not-fixed"):
                w.page(phone, "tipoff-closed-phone")
                phone.find_element(By.ID, "nf-note").send_keys("钢瓶又堆回来了")
                w.submit(phone.find_element(By.CSS_SELECTOR, "form[action='/tipoff/not-fixed']"))
                if w.expect(phone, "隐患已重新打开", "tipoff-not-fixed"):
                    w.page(phone, "tipoff-not-fixed-phone")

            w.sign_in(desk, "anweiban")
            desk.get(tipoff)
            if w.expect(desk, "举报人称未整改", "tipoff-not-fixed-office"):
                w.page(desk, "tipoff-not-fixed-office")
            desk.get(hazard)
            w.expect(desk, "重新打开", "hazard-reopened")
            w.page(desk, "hazard-reopened-office")
        finally:
            desk.quit()
        phone.delete_all_cookies()
        phone.get(w.BASE + "/login")
        w.page(phone, "login-phone")

    finally:
        phone.quit()
