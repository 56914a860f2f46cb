"""An enterprise reports a hazard, attaches a photo, finishes and applies for closure; its department
(区应急管理局) reviews it on site and closes it."""
import walklib as w
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select


def run():
    desk = w.browser(1366, 800)
    try:
        # 3. The enterprise reports a hazard, attaches a photo, finishes and applies for closure.
        w.sign_in(desk, "qiye")
        desk.find_element(By.LINK_TEXT, "上报隐患").click()
        w.page(desk, "hazard-new-qiye")
        Select(desk.find_element(By.ID, "new-grade")).select_by_value("general")
        desk.find_element(By.ID, "new-description").send_keys("配电房灭火器过期，未按期检验")
        w.submit(desk.find_element(By.CSS_SELECTOR, "form[action='/hazards/new']"))
        if w.expect(desk, "隐患已登记", "hazard-registered"):
            w.page(desk, "hazard-registered")
        hazard = desk.current_url.split("?")[0]
        desk.find_element(By.CSS_SELECTOR, "details.action:last-of-type summary").click()
        desk.find_element(By.ID, "attach-file").send_keys(w.photo)
        w.submit(desk.find_element(By.CSS_SELECTOR, "form[action$='/attachments']"))
        w.expect(desk, "附件已上传", "hazard-attached")
        form = w.open_action(desk, "finish-rectification")
        form.find_element(By.ID, "finish-rectification-note").send_keys("已更换全部过期灭火器")
        w.submit(form)
        w.expect(desk, "整改完成已完成", "hazard-finished")
        form = w.open_action(desk, "apply-review")
        w.submit(form)
        if w.expect(desk, "申请销号已完成", "hazard-applied"):
            w.page(desk, "hazard-applied-qiye")
        w.sign_out(desk)

        # 4. Its department (区应急管理局) reviews it on site and closes it.
        w.sign_in(desk, "yjj")
        desk.get(hazard)
        form = w.open_action(desk, "review")
        w.page(desk, "hazard-review-yjj")
        Select(form.find_element(By.ID, "review-passed")).select_by_value("true")
        w.submit(form)
        if w.expect(desk, "销号核查已完成", "hazard-reviewed"):
            w.page(desk, "hazard-closed-yjj")
        w.expect(desk, "已销号", "hazard-closed-state")
        w.sign_out(desk)
    finally:
        desk.quit()
