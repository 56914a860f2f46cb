"""督导考核: the office opens the year's assessment, opens a town's deductions and follows one to the
record it comes from; it visits the coverage matrix, plans a sealed 四不两直 draw (the envelope is
shown once), records the visit, reveals the draw with the envelope and verifies it; it opens a
proposal, a notice, an instrument and a finding. A department (fgj) and a town (dongcheng) see
their own result and the ranking; an inspector sees its group's draws; an enterprise is refused
the matrix."""
import walklib as w
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select


def visit(desk, path, name, heading=None):
    desk.get(w.BASE + path)
    if heading is None or w.expect(desk, heading, name):
        w.page(desk, name)


def run():
    desk = w.browser(1366, 800)
    try:
        w.sign_in(desk, "anweiban")
        # The assessment: the ranking, a town's deductions, one followed to its source record.
        desk.find_element(By.LINK_TEXT, "年度考核").click()
        w.expect(desk, "年度安全生产考核", "assessment-office")
        w.page(desk, "assessment-office")
        desk.find_element(By.CSS_SELECTOR, "a[href^='/supervision/assessment/territory/1?']").click()
        w.expect(desk, "扣分和加分明细", "assessment-dongcheng-office")
        w.page(desk, "assessment-dongcheng-office")
        sources = desk.find_elements(By.CSS_SELECTOR, "main table a[href^='/hazards/']")
        if not sources:
            w.violations.append("assessment-source: no deduction links to a hazard's page")
        else:
            sources[0].click()
            w.expect(desk, "隐患 YH-", "assessment-source-hazard")
            w.page(desk, "assessment-source-hazard")

        # A department's deductions too (区应急管理局), one followed to its record.
        desk.find_element(By.LINK_TEXT, "年度考核").click()
        row = desk.find_element(By.XPATH, "//tr[th[normalize-space()='区应急管理局']]")
        row.find_element(By.TAG_NAME, "a").click()
        w.expect(desk, "扣分和加分明细", "assessment-unit-office")
        w.page(desk, "assessment-unit-office")
        sources = desk.find_elements(By.CSS_SELECTOR, "main table a[href^='/hazards/'], main table a[href^='/supervision/']")
        if sources:
            sources[0].click()
            w.page(desk, "assessment-unit-source")

        # Coverage, groups, inspections, findings.
        desk.find_element(By.LINK_TEXT, "督导覆盖矩阵").click()
        w.expect(desk, "督导覆盖矩阵", "coverage")
        w.page(desk, "coverage")
        visit(desk, "/supervision/groups", "groups", "第一督导组")
        visit(desk, "/supervision/inspections", "inspections", "<h1>督导检查</h1>")
        desk.find_element(By.CSS_SELECTOR, "table.list tbody a").click()
        w.page(desk, "inspection")
        visit(desk, "/supervision/findings?status=open", "findings-open", "<h1>整改问题清单</h1>")
        desk.find_element(By.CSS_SELECTOR, "table.list tbody a").click()
        w.open_action(desk, "progress")
        w.page(desk, "finding-office")

        # A sealed draw: plan it, keep the envelope, record the visit, reveal, verify.
        desk.find_element(By.LINK_TEXT, "四不两直抽签").click()
        w.page(desk, "draws")
        desk.find_element(By.LINK_TEXT, "密封抽签").click()
        Select(desk.find_element(By.ID, "draw-group_id")).select_by_visible_text("第二督导组")
        w.page(desk, "draw-plan")
        w.submit(desk.find_element(By.CSS_SELECTOR, "form[action='/supervision/draws/new']"))
        if not w.expect(desk, "密封信封", "draw-envelope"):
            return
        w.page(desk, "draw-envelope")
        envelope = desk.find_element(By.ID, "envelope-text").get_attribute("value")
        desk.find_element(By.LINK_TEXT, "登记依据本抽签的四不两直检查").click()
        Select(desk.find_element(By.ID, "insp-group_id")).select_by_visible_text("第二督导组")
        desk.execute_script("document.getElementById('insp-date').value = '2024-06-15'")  # the draw's day: a visit follows its draw
        desk.find_element(By.ID, "insp-summary").send_keys("四不两直暗查，直奔现场")
        w.page(desk, "draw-inspection-form")
        w.submit(desk.find_element(By.CSS_SELECTOR, "form[action='/supervision/inspections/new']"))
        w.expect(desk, "督导检查已登记", "draw-inspection")
        draw_link = desk.find_element(By.CSS_SELECTOR, "a[href^='/supervision/draws/']")
        draw_link.click()
        form = desk.find_element(By.CSS_SELECTOR, "form[action$='/reveal']")
        form.find_element(By.XPATH, "./ancestor::details").find_element(By.TAG_NAME, "summary").click()
        form.find_element(By.ID, "reveal-envelope").send_keys(envelope)
        w.page(desk, "draw-reveal-form")
        w.submit(form)
        if w.expect(desk, "抽签已揭晓", "draw-revealed"):
            w.page(desk, "draw-revealed")
        desk.find_element(By.LINK_TEXT, "核验抽签").click()
        if w.expect(desk, "核验通过", "draw-verified"):
            w.page(desk, "draw-verified")

        # A proposal, a notice, an instrument, the rules and the manual items.
        visit(desk, "/supervision/proposals", "proposals", "<h1>升级建议</h1>")
        desk.find_element(By.CSS_SELECTOR, "table.list tbody a").click()
        desk.find_elements(By.CSS_SELECTOR, "details.action summary")[0].click()
        w.page(desk, "proposal")
        visit(desk, "/supervision/notices", "notices", "<h1>整改通知书</h1>")
        desk.find_element(By.CSS_SELECTOR, "table.list tbody a").click()
        w.expect(desk, "/print/notices/", "notice")
        w.page(desk, "notice")
        visit(desk, "/supervision/notices/new", "notice-new", "下发整改通知书")
        visit(desk, "/supervision/instruments", "instruments", "<h1>督办问责文书</h1>")
        desk.find_element(By.CSS_SELECTOR, "table.list tbody a").click()
        w.page(desk, "instrument")
        visit(desk, "/supervision/instruments/new", "instrument-new", "签发督办问责文书")
        visit(desk, "/supervision/rules", "rules", "<h1>升级规则</h1>")
        visit(desk, "/supervision/assessment/items?year=2024", "assessment-items", "考核加减分项")
        w.sign_out(desk)

        # A department and a town: their own result and the ranking.
        w.sign_in(desk, "fgj")
        visit(desk, "/supervision/assessment", "assessment-fgj", "（本单位）")
        desk.find_element(By.CSS_SELECTOR, "tr.own a").click()
        w.page(desk, "assessment-own-fgj")
        w.sign_out(desk)
        w.sign_in(desk, "dongcheng")
        visit(desk, "/supervision/assessment", "assessment-dongcheng", "（本单位）")
        desk.find_element(By.CSS_SELECTOR, "tr.own a").click()
        w.expect(desk, "扣分和加分明细", "assessment-own-dongcheng")
        w.page(desk, "assessment-own-dongcheng")
        visit(desk, "/supervision/coverage", "coverage-dongcheng", "督导覆盖矩阵")
        visit(desk, "/supervision/findings", "findings-dongcheng", "<h1>整改问题清单</h1>")
        w.sign_out(desk)

        # An inspector: its group's draws; an enterprise: no matrix.
        w.sign_in(desk, "inspector1")
        visit(desk, "/supervision/draws", "draws-inspector", "<h1>四不两直抽签</h1>")
        visit(desk, "/supervision/inspections/new", "inspection-new-inspector", "登记督导检查")
        w.sign_out(desk)
        w.sign_in(desk, "qiye")
        visit(desk, "/supervision/coverage", "coverage-qiye-refused", "无权使用此页面")
        desk.get(w.BASE + "/")  # the 403 page's sign-out form carries no CSRF token (WebSite.serve)
        w.sign_out(desk)
    finally:
        desk.quit()
