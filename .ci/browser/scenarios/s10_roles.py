"""Each role signs in and reads its 待办 and the register; the office filters the register, opens a
hazard, the tip-offs and the password page."""
import walklib as w
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select


def run():
    desk = w.browser(1366, 800)
    try:
        # 1. Each role signs in and sees its 待办 and the register.
        desk.get(w.BASE + "/login")
        w.page(desk, "login")
        for user in w.ROLES:
            w.sign_in(desk, user)
            if w.expect(desk, "<h1>我的待办</h1>", f"home-{user}"):
                w.page(desk, f"home-{user}")
            desk.find_element(By.LINK_TEXT, "隐患台账").click()
            w.expect(desk, "<h1>隐患台账</h1>", f"hazards-{user}")
            w.page(desk, f"hazards-{user}")
            w.sign_out(desk)
            w.expect(desk, "<h1>安委工作台</h1>", f"signed-out-{user}")

        # 2. The office filters the register and opens a hazard from its 待办.
        w.sign_in(desk, "anweiban")
        desk.get(w.BASE + "/hazards")
        Select(desk.find_element(By.ID, "filter-status")).select_by_value("open")
        Select(desk.find_element(By.ID, "filter-grade")).select_by_value("major")
        w.submit(desk.find_element(By.CSS_SELECTOR, "form.filters"))
        w.page(desk, "hazards-office-filtered")
        first = desk.find_elements(By.CSS_SELECTOR, "table.list tbody a")
        if first:
            first[0].click()
            w.page(desk, "hazard-office")
        desk.get(w.BASE + "/tipoffs")
        w.expect(desk, "<h1>举报线索</h1>", "tipoffs-office")
        w.page(desk, "tipoffs-office")
        desk.get(w.BASE + "/password")
        w.page(desk, "password")
        w.sign_out(desk)

    finally:
        desk.quit()
