"""系统管理 and the print views: the administrator adds a user, creates a token (its secret shown
once), opens the audit log and verifies its chain, opens the system check; the office prints a
整改通知书, a 督办 instrument, a meeting's 会议纪要 and the 考核通报, each screenshot at A4 size
(794×1123, 96 dpi). The documents' ids come from the API as the office reads them."""
import json
import urllib.request

import walklib as w
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select


def api(token, path):
    request = urllib.request.Request(w.BASE + path, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=10) as reply:
        return json.loads(reply.read().decode("utf-8"))


def token_of(user):
    body = json.dumps({"username": user, "password": w.PASSWORD, "label": "walk"}).encode("utf-8")
    request = urllib.request.Request(w.BASE + "/api/v1/session", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as reply:
        return json.loads(reply.read().decode("utf-8"))["token"]


def run():
    desk = w.browser(1366, 800)
    try:
        # 1. The administrator adds a user.
        w.sign_in(desk, "admin")
        desk.find_element(By.LINK_TEXT, "用户和角色").click()
        w.expect(desk, "<h1>用户和角色</h1>", "system-users")
        w.page(desk, "system-users")
        desk.find_element(By.ID, "new-username").send_keys("zjj-walk")
        desk.find_element(By.ID, "new-display_name").send_keys("区住建局 联络员")
        Select(desk.find_element(By.ID, "new-role")).select_by_value("office")
        desk.find_element(By.ID, "new-scope").send_keys("all")
        desk.find_element(By.ID, "new-password").send_keys("walk-password-2024")
        w.submit(desk.find_element(By.CSS_SELECTOR, "form[action='/system/users']"))
        if w.expect(desk, "用户已新增", "system-user-created"):
            w.page(desk, "system-user-created")

        # 2. A token for the new user: its secret shown this once.
        desk.find_element(By.LINK_TEXT, "访问令牌").click()
        w.page(desk, "system-tokens")
        chooser = Select(desk.find_element(By.ID, "token-user_id"))
        chosen = [o.get_attribute("value") for o in chooser.options if o.text.startswith("zjj-walk")]
        if not chosen:
            w.violations.append("system-tokens: the new user is not among the token form's users: " + ", ".join(o.text for o in chooser.options))
            return
        chooser.select_by_value(chosen[0])
        desk.find_element(By.ID, "token-days").send_keys("30")
        desk.find_element(By.ID, "token-label").send_keys("对接OA")
        w.submit(desk.find_element(By.CSS_SELECTOR, "form[action='/system/tokens']"))
        if w.expect(desk, "只显示这一次", "system-token-created"):
            w.page(desk, "system-token-created")
        secret = desk.find_element(By.ID, "token-secret").text
        desk.get(w.BASE + "/system/tokens")
        if secret and secret in desk.page_source:
            w.violations.append("system-tokens: the token's secret is shown again on the list")

        # 3. Webhooks, the audit log and its verification, the check.
        desk.find_element(By.LINK_TEXT, "外部推送").click()
        w.page(desk, "system-webhooks")
        desk.find_element(By.LINK_TEXT, "审计日志").click()
        w.page(desk, "system-audit")
        w.submit(desk.find_element(By.XPATH, "//button[text()='校验审计链']/ancestor::form"))
        if w.expect(desk, "审计链完整", "system-audit-verified"):
            w.page(desk, "system-audit-verified")
        desk.find_element(By.LINK_TEXT, "系统自检").click()
        if w.expect(desk, "项检查通过", "system-check"):
            w.page(desk, "system-check")
        w.sign_out(desk)
    finally:
        desk.quit()

    # 4. The office prints its documents, each on an A4-sized window.
    token = token_of("anweiban")
    notice = api(token, "/api/v1/supervision/notices?limit=1")["items"][0]["id"]
    instruments = api(token, "/api/v1/supervision/instruments?limit=50")["items"]
    listed = [i["id"] for i in instruments if i["kind"] in ("admonitoryInterview", "listedSupervision")]
    instrument = (listed or [instruments[0]["id"]])[0]
    meetings = api(token, "/api/v1/consultations/meetings?limit=50")["items"]
    meeting = max(meetings, key=lambda m: m.get("decision_count", 0))["id"]
    paper = w.browser(794, 1123)
    try:
        w.sign_in(paper, "anweiban")
        for path, name, text in [(f"/print/notices/{notice}", "print-notice", "整改问题清单"),
                                 (f"/print/instruments/{instrument}", "print-instrument", "区安全生产委员会办公室文件"),
                                 (f"/print/meetings/{meeting}/minutes", "print-minutes", "区安全生产委员会会议纪要"),
                                 ("/print/assessment?year=2024", "print-assessment", "考核结果的通报")]:
            paper.get(w.BASE + path)
            if w.expect(paper, text, name):
                w.page(paper, name)
    finally:
        paper.quit()
