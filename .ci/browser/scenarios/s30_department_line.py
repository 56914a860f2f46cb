"""A department (区应急管理局, yjj: it has lines waiting to be signed in the demo) opens its ledger,
signs a line, reports progress with a photo and reports it complete; the office (anweiban) finds it
in the ledger and verifies it (核验办结). Then each role's view of the ledger and the lists: the
office's filters, tasks, plans, leaders' lists, unit lists, chains; a town's ledger; a unit's unit
lists; the inspector and the enterprise have no 责任体系 menu."""
import walklib as w
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select


def run():
    desk = w.browser(1366, 800)
    try:
        # 1. The department signs a line, reports progress with a photo, reports it complete.
        w.sign_in(desk, "yjj")
        w.expect(desk, "待签收：", "home-yjj-lines-to-sign")
        w.page(desk, "home-yjj")
        desk.find_element(By.LINK_TEXT, "任务台账").click()
        w.expect(desk, "<h1>任务台账</h1>", "ledger-yjj")
        w.page(desk, "ledger-yjj")
        Select(desk.find_element(By.ID, "filter-status")).select_by_value("assigned")
        w.submit(desk.find_element(By.CSS_SELECTOR, "form.filters"))
        w.page(desk, "ledger-yjj-to-sign")
        desk.find_element(By.CSS_SELECTOR, "table.list tbody td a[href^='/responsibilities/ledger/']").click()
        line = desk.current_url.split("?")[0]
        w.page(desk, "line-yjj-assigned")
        w.submit(w.open_action(desk, "sign"))
        w.expect(desk, "签收已完成", "line-signed")
        form = w.open_action(desk, "progress")
        form.find_element(By.ID, "progress-percent").send_keys("60")
        form.find_element(By.ID, "progress-text").send_keys("已召开专题部署会，完成辖区排查六成")
        form.find_element(By.ID, "progress-file").send_keys(w.photo)
        w.page(desk, "line-yjj-progress-form")
        w.submit(form)
        if w.expect(desk, "报送进展已完成", "line-progress"):
            w.page(desk, "line-yjj-progress")
        w.expect(desk, "现场照片.png", "line-attachment-listed")
        form = w.open_action(desk, "complete")
        form.find_element(By.ID, "complete-text").send_keys("已全部完成，整改报告已上传")
        w.submit(form)
        if w.expect(desk, "报送完成已完成", "line-complete"):
            w.page(desk, "line-yjj-reported")
        w.sign_out(desk)

        # 2. The office verifies it.
        w.sign_in(desk, "anweiban")
        w.expect(desk, "待核验办结：", "home-office-line-to-verify")
        desk.get(line)
        w.page(desk, "line-office-to-verify")
        w.submit(w.open_action(desk, "verify"))
        if w.expect(desk, "核验办结已完成", "line-verified"):
            w.page(desk, "line-office-closed")
        w.expect(desk, "已办结", "line-closed-state")

        # 3. The office's ledger filtered, export link, tasks, plans, lists and chains.
        desk.get(w.BASE + "/responsibilities/ledger")
        Select(desk.find_element(By.ID, "filter-colour")).select_by_value("red")
        w.submit(desk.find_element(By.CSS_SELECTOR, "form.filters"))
        w.page(desk, "ledger-office-red")
        nxt = desk.find_elements(By.CSS_SELECTOR, "a[rel=next]")
        if nxt:
            nxt[0].click()
            w.page(desk, "ledger-office-red-page2")
        for path, name in [("/responsibilities/tasks", "tasks-office"), ("/responsibilities/plans", "plans-office"),
                           ("/responsibilities/leader-lists?year=2024", "leader-lists-office"), ("/responsibilities/unit-lists", "unit-lists-office"),
                           ("/responsibilities/chains", "chains-office"), ("/responsibilities/chains/check", "chains-check-office")]:
            desk.get(w.BASE + path)
            w.page(desk, name)
        desk.get(w.BASE + "/responsibilities/tasks")
        desk.find_element(By.CSS_SELECTOR, "table.list tbody a[href^='/responsibilities/tasks/']").click()
        w.page(desk, "task-office")
        desk.get(w.BASE + "/responsibilities/plans")
        desk.find_element(By.CSS_SELECTOR, "table.list tbody a[href^='/responsibilities/plans/']").click()
        w.page(desk, "plan-office")
        desk.get(w.BASE + "/responsibilities/chains")
        links = [a.get_attribute("href") for a in desk.find_elements(By.CSS_SELECTOR, "table.list tbody a")]
        if links:
            desk.get(links[0])
            w.page(desk, "chain-office")
        desk.get(w.BASE + "/responsibilities/unit-lists")
        diffs = [a.get_attribute("href") for a in desk.find_elements(By.LINK_TEXT, "与上一版比较")]
        if diffs:
            desk.get(diffs[0])
            w.page(desk, "unit-list-diff-office")
        w.sign_out(desk)

        # 4. A town's ledger and a unit's lists; the inspector and the enterprise have no such menu.
        w.sign_in(desk, "dongcheng")
        desk.find_element(By.LINK_TEXT, "任务台账").click()
        w.page(desk, "ledger-dongcheng")
        w.sign_out(desk)
        w.sign_in(desk, "fgj")
        desk.find_element(By.LINK_TEXT, "部门责任清单").click()
        w.page(desk, "unit-lists-fgj")
        desk.find_element(By.LINK_TEXT, "任务台账").click()
        w.page(desk, "ledger-fgj")
        w.sign_out(desk)
        for user in ["inspector1", "qiye"]:
            w.sign_in(desk, user)
            if "/responsibilities/" in desk.page_source:
                w.violations.append(f"{user}: a 责任体系 entry in the menu")
            desk.get(w.BASE + "/responsibilities/ledger")
            w.expect(desk, "无权使用此页面", f"ledger-refused-{user}")
            w.page(desk, f"ledger-refused-{user}")
            desk.get(w.BASE + "/")  # the 403 page's sign-out form carries no CSRF token (see the report)
            w.sign_out(desk)
    finally:
        desk.quit()
