"""安全培训 and 风险会商: the office opens training compliance, a red enterprise's shortfalls, the
certificates expiring and the bans; it reads the generated agenda, records the quarter's risk
consultation with 东城镇 attending, records a risk and a decision 东城镇 leads. The town (dongcheng)
opens the meeting it attended, its decision and the quarterly compliance (the API lets only the office
record such a meeting and read the agenda: the town gets the 403 page for the form). The enterprise
(qiye) sees its own compliance and its page."""
import walklib as w
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select


def run():
    desk = w.browser(1366, 800)
    try:
        # The office: compliance, an enterprise's shortfalls, certificates expiring, bans.
        w.sign_in(desk, "anweiban")
        desk.get(w.BASE + "/training/compliance")
        w.expect(desk, "无有效的特种作业操作证", "training-compliance")
        w.page(desk, "training-compliance-office")
        desk.get(w.BASE + "/training/compliance?by=shortfall")
        w.page(desk, "training-shortfalls-office")
        desk.get(w.BASE + "/training/enterprises/3")
        w.expect(desk, "初次安全培训仅 0 学时", "training-enterprise")
        w.page(desk, "training-enterprise-office")
        desk.find_element(By.LINK_TEXT, "特种作业证书").click()
        desk.find_element(By.LINK_TEXT, "到期预警（待复审）").click()
        w.expect(desk, "到期预警", "training-certificates-expiring")
        w.page(desk, "training-certificates-expiring")
        rows = desk.find_elements(By.CSS_SELECTOR, "table.list tbody tr a[href^='/training/certificates/']")
        if rows:
            rows[0].click()
            w.page(desk, "training-certificate-office")
        desk.get(w.BASE + "/training/bans")
        w.page(desk, "training-bans-office")
        bans = desk.find_elements(By.CSS_SELECTOR, "table.list tbody tr a[href^='/training/bans/']")
        if bans:
            bans[0].click()
            w.page(desk, "training-ban-office")
        desk.get(w.BASE + "/training/bans/new")
        w.page(desk, "training-ban-form-office")
        desk.get(w.BASE + "/training/import")
        w.page(desk, "training-import-office")

        # The office reads the agenda, records the meeting with 东城镇 attending, a risk and a decision.
        desk.find_element(By.LINK_TEXT, "生成议程").click()
        w.expect(desk, "下次会议议程", "consultation-agenda")
        w.page(desk, "consultation-agenda-office")
        desk.find_element(By.LINK_TEXT, "按此议程录入会议").click()
        w.expect(desk, "议程已按生成的议程填入", "consultation-new")
        form = desk.find_element(By.CSS_SELECTOR, "form[action='/consultations/meetings/new']")
        desk.execute_script("document.getElementById('meeting-held_on').value = '2024-06-14'")
        form.find_element(By.ID, "meeting-convener").send_keys("区安委办主任 王建国")
        form.find_element(By.ID, "meeting-venue").send_keys("区应急指挥中心")
        Select(form.find_element(By.ID, "meeting-territories")).select_by_visible_text("东城镇")
        Select(form.find_element(By.ID, "meeting-units")).select_by_visible_text("区应急管理局")
        form.find_element(By.ID, "meeting-people").send_keys("李四 记录")
        w.page(desk, "consultation-new-office")
        w.submit(form)
        if w.expect(desk, "会议已录入", "consultation-recorded"):
            w.page(desk, "consultation-meeting-recorded")
        meeting = desk.current_url.split("?")[0]
        form = desk.find_element(By.CSS_SELECTOR, "form[action$='/risks']")
        form.find_element(By.XPATH, "./ancestor::details").find_element(By.TAG_NAME, "summary").click()
        form.find_element(By.ID, "risk-area").send_keys("防汛防台")
        Select(form.find_element(By.ID, "risk-level")).select_by_value("large")
        form.find_element(By.ID, "risk-description").send_keys("汛期强降雨可能引发城市内涝")
        form.find_element(By.ID, "risk-measures").send_keys("落实防汛责任人和预警叫应机制")
        Select(form.find_element(By.ID, "risk-territories")).select_by_visible_text("东城镇")
        w.submit(form)
        w.expect(desk, "风险已记录", "consultation-risk")
        form = desk.find_element(By.CSS_SELECTOR, "form[action$='/decisions']")
        form.find_element(By.XPATH, "./ancestor::details").find_element(By.TAG_NAME, "summary").click()
        form.find_element(By.ID, "decision-text").send_keys("排查整治低洼地带积水点")
        Select(form.find_element(By.ID, "decision-lead_territory_id")).select_by_visible_text("东城镇")
        desk.execute_script("document.getElementById('decision-deadline').value = '2024-07-15'")
        w.page(desk, "consultation-decision-form")
        w.submit(form)
        if w.expect(desk, "决定事项已记录", "consultation-decision"):
            w.page(desk, "consultation-meeting-office")
        desk.get(w.BASE + "/consultations/compliance")
        w.page(desk, "consultation-compliance-office")
        desk.get(w.BASE + "/consultations/kinds")
        w.page(desk, "consultation-kinds-office")
        w.sign_out(desk)

        # The town: the meeting it attended, its decision, compliance; no form to record one.
        w.sign_in(desk, "dongcheng")
        desk.find_element(By.LINK_TEXT, "会商会议").click()
        w.page(desk, "consultation-meetings-dongcheng")
        desk.get(meeting)
        w.expect(desk, "排查整治低洼地带积水点", "consultation-meeting-town")
        w.page(desk, "consultation-meeting-dongcheng")
        desk.get(w.BASE + "/consultations/decisions?lead_territory_id=1")
        w.page(desk, "consultation-decisions-dongcheng")
        links = desk.find_elements(By.CSS_SELECTOR, "table.list tbody tr a[href^='/consultations/decisions/']")
        if links:
            links[-1].click()
            w.page(desk, "consultation-decision-dongcheng")
        desk.get(w.BASE + "/consultations/meetings/new")
        w.expect(desk, "无权使用此页面", "consultation-new-town-403")
        w.page(desk, "consultation-new-dongcheng-403")
        desk.get(w.BASE + "/training/compliance")
        w.page(desk, "training-compliance-dongcheng")
        w.sign_out(desk)

        # The enterprise: its own compliance and page.
        w.sign_in(desk, "qiye")
        desk.find_element(By.LINK_TEXT, "培训达标情况").click()
        w.expect(desk, "东城鑫源化工第4分公司", "training-compliance-qiye")
        w.page(desk, "training-compliance-qiye")
        desk.find_element(By.LINK_TEXT, "东城鑫源化工第4分公司").click()
        w.page(desk, "training-enterprise-qiye")
        desk.get(w.BASE + "/training/people")
        w.page(desk, "training-people-qiye")
        w.sign_out(desk)
    finally:
        desk.quit()
