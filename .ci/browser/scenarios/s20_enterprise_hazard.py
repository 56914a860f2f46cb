"""An enterprise reports a hazard, attaches a photo, finishes and applies for closure; its department
(区应急管理局) reviews it on site and closes it. Then a major hazard's whole course: the enterprise
reports a 重大隐患 and files its 治理方案 with the plan's document; the department lists it for
supervision (挂牌督办); the enterprise rectifies, has it assessed and applies; the department reviews
and closes it. Both look at 隐患统计 and 隐患统计报告."""
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

        # 5. A major hazard: the enterprise reports it and files its plan with the plan's document.
        w.sign_in(desk, "qiye")
        desk.find_element(By.LINK_TEXT, "上报隐患").click()
        Select(desk.find_element(By.ID, "new-grade")).select_by_value("major")
        clause = Select(desk.find_element(By.ID, "new-standard_clause_id"))
        clause.select_by_index(4)  # HC-2017 第十二条: gas detection and alarms
        desk.find_element(By.ID, "new-description").send_keys("甲类车间可燃气体检测报警装置缺失")
        desk.find_element(By.ID, "new-state_and_cause").send_keys("车间改造后未恢复报警装置")
        desk.find_element(By.ID, "new-harm_and_difficulty").send_keys("可能引发火灾爆炸，需局部停产整改")
        w.page(desk, "hazard-major-new-qiye")
        w.submit(desk.find_element(By.CSS_SELECTOR, "form[action='/hazards/new']"))
        w.expect(desk, "隐患已登记", "major-registered")
        major = desk.current_url.split("?")[0]
        form = w.open_action(desk, "file-plan")
        for field, text in [("plan_goals", "恢复报警装置并与紧急切断联动"), ("plan_methods", "采购安装检测报警装置，联动调试"),
                            ("plan_funds", "落实专项资金5万元"), ("plan_responsible", "设备科 张工"),
                            ("plan_deadline_requirements", "30日内完成，验收合格"), ("plan_safety_measures", "停用甲类车间，专人值守，备足灭火器材")]:
            form.find_element(By.ID, "file-plan-" + field).send_keys(text)
        form.find_element(By.ID, "file-plan-file").send_keys(w.photo)
        w.page(desk, "hazard-major-plan-form-qiye")
        w.submit(form)
        if w.expect(desk, "治理方案备案已完成", "major-plan-filed"):
            w.page(desk, "hazard-major-plan-filed-qiye")
        w.expect(desk, "现场照片.png", "major-plan-attachment")
        w.sign_out(desk)

        # 6. The department lists it for supervision.
        w.sign_in(desk, "yjj")
        desk.get(major)
        form = w.open_action(desk, "list-for-supervision")
        form.find_element(By.ID, "list-for-supervision-level").send_keys("区级")
        form.find_element(By.ID, "list-for-supervision-notice_number").send_keys("区安委办督〔2024〕9号")
        form.find_element(By.ID, "list-for-supervision-supervising_body").send_keys("区安委办")
        w.submit(form)
        if w.expect(desk, "挂牌督办已完成", "major-listed"):
            w.page(desk, "hazard-major-listed-yjj")
        w.sign_out(desk)

        # 7. The enterprise rectifies, has it assessed and applies for closure.
        w.sign_in(desk, "qiye")
        desk.get(major)
        for verb, field, text in [("report-progress", "note", "已采购报警装置"), ("finish-rectification", "note", "已安装并完成联动测试"),
                                  ("submit-assessment", "assessment", "经专家评估，治理效果符合要求"), ("apply-review", None, None)]:
            form = w.open_action(desk, verb)
            if field:
                form.find_element(By.ID, f"{verb}-{field}").send_keys(text)
            w.submit(form)
            w.expect(desk, "已完成", "major-" + verb)
        w.page(desk, "hazard-major-applied-qiye")
        desk.find_element(By.LINK_TEXT, "隐患统计").click()
        w.page(desk, "dashboard-qiye")
        w.sign_out(desk)

        # 8. The department reviews on site and closes it; its dashboard and the reports.
        w.sign_in(desk, "yjj")
        desk.get(major)
        form = w.open_action(desk, "review")
        Select(form.find_element(By.ID, "review-passed")).select_by_value("true")
        w.submit(form)
        if w.expect(desk, "销号核查已完成", "major-reviewed"):
            w.page(desk, "hazard-major-closed-yjj")
        w.expect(desk, "区应急管理局 联络员", "major-history-names")
        desk.find_element(By.LINK_TEXT, "隐患统计").click()
        w.page(desk, "dashboard-yjj")
        desk.find_element(By.LINK_TEXT, "按行业领域").click()
        w.page(desk, "dashboard-sector-yjj")
        desk.find_element(By.LINK_TEXT, "隐患统计报告").click()
        w.page(desk, "reports-yjj")
        w.sign_out(desk)
    finally:
        desk.quit()
