"""The office triages the demo's tip-offs: links one to an existing hazard by its code, dismisses
another with a reason; then looks at 隐患统计 in each dimension, follows a count to the register,
and reads 隐患统计报告."""
import walklib as w
from selenium.webdriver.common.by import By


def run():
    desk = w.browser(1366, 800)
    try:
        w.sign_in(desk, "anweiban")
        desk.find_element(By.LINK_TEXT, "举报线索").click()
        w.page(desk, "tipoffs-office")
        todo = [a.get_attribute("href") for a in desk.find_elements(By.LINK_TEXT, "办理")]
        if len(todo) < 2:
            w.violations.append(f"office-triage: expected two tip-offs to triage, found {len(todo)}")
            return
        # A code of an open hazard, to link the first tip-off to.
        desk.get(w.BASE + "/hazards?status=open")
        desk.find_element(By.CSS_SELECTOR, "table.list tbody a").click()
        code = w.h1(desk).replace("隐患", "").strip()

        desk.get(todo[0])
        w.page(desk, "tipoff-triage-office")
        form = w.open_action(desk, "link")
        form.find_element(By.ID, "link-hazard_id").send_keys(code)
        w.submit(form)
        if w.expect(desk, "并入已有隐患已完成", "tipoff-linked"):
            w.page(desk, "tipoff-linked-office")
        form = w.open_action(desk, "reward")
        form.find_element(By.ID, "reward-decision").send_keys("举报属实，给予奖励")
        form.find_element(By.ID, "reward-amount").send_keys("500")
        w.submit(form)
        w.expect(desk, "登记奖励决定已完成", "tipoff-rewarded")

        desk.get(todo[1])
        form = w.open_action(desk, "dismiss")
        form.find_element(By.ID, "dismiss-reason").send_keys("经现场核查，塔吊作业已配备专职指挥人员")
        w.submit(form)
        if w.expect(desk, "不予立案已完成", "tipoff-dismissed"):
            w.page(desk, "tipoff-dismissed-office")

        desk.find_element(By.LINK_TEXT, "隐患统计").click()
        w.page(desk, "dashboard-office")
        for tab in ["按行业领域", "按监管部门"]:
            desk.find_element(By.LINK_TEXT, tab).click()
            w.page(desk, "dashboard-office-" + ("sector" if "行业" in tab else "unit"))
        desk.find_element(By.CSS_SELECTOR, "table.stats tbody td.num a").click()
        w.expect(desk, "<h1>隐患台账</h1>", "dashboard-count-to-register")
        w.page(desk, "dashboard-count-register-office")
        desk.find_element(By.LINK_TEXT, "隐患统计报告").click()
        w.page(desk, "reports-office")
        w.sign_out(desk)
    finally:
        desk.quit()
