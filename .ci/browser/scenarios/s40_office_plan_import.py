"""The office imports next year's (2025) work plan, one clause of which names "区安委会有关成员单位": it
pastes the text, reads the preview (the sections, tasks and clauses, with the 待明确 warning),
confirms, then designates the clause's units (区应急管理局, 东城镇) and sees their ledger lines."""
import walklib as w
from selenium.webdriver.common.by import By

YEAR = 2025  # the demo's day is 2024-06-15: next year's plan
PLAN = f"""区安全生产委员会{YEAR}年工作要点
一、强化责任落实
(一)开展燃气安全专项检查。年底前完成全区燃气安全隐患排查整治。(责任单位:区发改局牵头,区安委会有关成员单位协同)
(二)做好汛期值班值守。12月底前修订防汛应急预案。(责任单位:区应急管理局)
二、强化风险防控
(三)开展校园安全隐患排查。每季度开展一次校园周边安全检查。(责任单位:区教育局牵头,区公安分局、各镇(景区、开发区)分工负责)
"""


def tick(desk, name):
    label = desk.find_element(By.XPATH, f"//ul[@class='checks']//label[normalize-space()='{name}']")
    desk.find_element(By.ID, label.get_attribute("for")).click()


def run():
    desk = w.browser(1366, 800)
    try:
        w.sign_in(desk, "anweiban")
        desk.find_element(By.LINK_TEXT, "工作要点").click()
        desk.find_element(By.LINK_TEXT, "导入工作要点").click()
        w.page(desk, "plan-import-form")
        desk.find_element(By.ID, "plan-year").send_keys(str(YEAR))
        desk.find_element(By.ID, "plan-text").send_keys(PLAN)
        w.submit(desk.find_element(By.CSS_SELECTOR, "form[action='/responsibilities/plans/import']"))
        w.expect(desk, "预览（未写入）", "plan-preview")
        w.expect(desk, "待明确", "plan-preview-warning")
        w.page(desk, "plan-preview")
        w.submit(desk.find_element(By.CSS_SELECTOR, "form.confirm"))
        w.page(desk, "plan-imported")
        w.expect(desk, "工作要点已导入", "plan-imported")

        desk.find_element(By.LINK_TEXT, "待明确单位").click()
        w.page(desk, "designations-office")
        desk.find_element(By.XPATH, "//tr[contains(., '开展燃气安全专项检查') and contains(., '待明确')]//a[contains(@href, '/responsibilities/designations/')]").click()
        w.page(desk, "designation-form")
        tick(desk, "区应急管理局")
        tick(desk, "东城镇")
        desk.find_element(By.ID, "designate-note").send_keys("经主任会议研究确定")
        w.submit(desk.find_element(By.CSS_SELECTOR, "form[action^='/responsibilities/designations/']"))
        if w.expect(desk, "已明确有关单位", "designated"):
            w.page(desk, "designated-task-lines")
        w.expect(desk, "区应急管理局", "designated-unit-line")
        w.expect(desk, "东城镇", "designated-town-line")
        w.sign_out(desk)

        # The department now has the line in its ledger.
        w.sign_in(desk, "yjj")
        desk.get(w.BASE + "/responsibilities/tasks")
        w.page(desk, "tasks-yjj")
        w.sign_out(desk)
    finally:
        desk.quit()
