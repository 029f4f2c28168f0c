#!/usr/bin/python3
"""The console as a person uses it, in a real headless Chromium.

Starts `dso-server demo` on a free port in a temporary folder, attaches alice's and claire's
replicas and makes them edit the same contact (a conflict), then signs in as claire and opens
every page, checking that the browser logged no error (a Content-Security-Policy violation is
one). It uploads an items file with a bad line and sees it reported, moves a customer to another
collector, resolves the conflict, and signs out. A screenshot of each page goes to the output
folder (first argument, default .build/browser-test).

Needs Debian's chromium, chromium-driver and python3-selenium, and a debug build
(`swift build`). Exit code 0 when every check passed.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.join(ROOT, ".build", "debug")
OUT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "browser-test"))
checks = 0


def check(condition, what):
    global checks
    checks += 1
    if not condition:
        raise AssertionError(what)


def dso(replica, *args):
    result = subprocess.run([os.path.join(BIN, "dso"), *args, "--replica", replica], capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise AssertionError(f"dso {' '.join(args)}: {result.stderr.strip()}")
    return result.stdout


def start_demo(work):
    process = subprocess.Popen(
        [os.path.join(BIN, "dso-server"), "demo", "--data", os.path.join(work, "data"), "--port", "0",
         "--fixtures", os.path.join(ROOT, "Fixtures"), "--log-level", "error"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=work)
    url, ca, tokens = None, None, {}
    deadline = time.time() + 120
    while time.time() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        found = re.search(r"listening on (https://[0-9.:]+)", line)
        if found:
            url = found.group(1)
        attach = re.search(r"--token (\S+) --ca (\S+) --replica \S+/(\w+)\.sqlite", line)
        if attach:
            tokens[attach.group(3)] = attach.group(1)
            ca = attach.group(2)
        if "Stop with Ctrl-C" in line:
            return process, url, ca, tokens
    process.kill()
    raise AssertionError("the demo server did not start")


def browser():
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--ignore-certificate-errors",
                     "--window-size=1360,1000", "--lang=en-US"]:
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def main():
    os.makedirs(OUT, exist_ok=True)
    work = tempfile.mkdtemp(prefix="dso-browser-")
    server, url, ca, tokens = start_demo(work)
    driver = None
    try:
        check(url and {"alice", "claire"} <= tokens.keys(), f"demo banner gave url {url} and tokens {sorted(tokens)}")
        # Two people change the same contact's phone from the same version: a conflict for alice.
        replicas = {login: os.path.join(work, f"{login}.sqlite") for login in ["alice", "claire"]}
        for login, replica in replicas.items():
            dso(replica, "init", "--server", url, "--token", tokens[login], "--ca", ca)
        contact = json.loads(dso(replicas["alice"], "contacts", "C0001", "--json"))[0]["id"]
        dso(replicas["alice"], "contact", "set", contact, "--phone", "+33 6 11 22 33 44")
        dso(replicas["claire"], "contact", "set", contact, "--phone", "+33 6 55 66 77 88")
        dso(replicas["claire"], "sync")
        dso(replicas["alice"], "sync")

        driver = browser()
        console_errors = []

        def click_and_wait(selector):
            """Clicks a button that sends a form, and waits for the next page to replace this one
            (a mark left on this page's window is gone once the new page has loaded)."""
            driver.execute_script("window.dsoLeaving = true")
            driver.find_element(By.CSS_SELECTOR, selector).click()

            def arrived(d):
                return d.execute_script("return window.dsoLeaving === undefined && document.readyState === 'complete'")

            WebDriverWait(driver, 30, ignored_exceptions=(WebDriverException,)).until(arrived)

        def visit(path, name, expect):
            driver.get(url + path)
            check(expect in driver.page_source, f"{path}: '{expect}' on the page")
            shoot(name)

        def shoot(name, expected_status=None):
            for entry in driver.get_log("browser"):
                message = entry["message"]
                # A refused form answers its page with its status (422): Chromium logs that, the page is right.
                if expected_status and f"status of {expected_status}" in message:
                    continue
                if entry["level"] in ("SEVERE", "ERROR"):
                    console_errors.append(f"{name}: {message}")
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.set_window_size(1360, min(max(int(height), 900), 5000))
            driver.save_screenshot(os.path.join(OUT, f"{name}.png"))
            driver.set_window_size(1360, 1000)

        # Signed out, the console asks for a token first, then comes back to the page asked for.
        driver.get(url + "/console")
        check("/console/sign-in" in driver.current_url, "a signed-out visit goes to the sign-in page")
        shoot("00-sign-in")
        driver.find_element(By.ID, "token").send_keys(tokens["claire"])
        click_and_wait("form button[type=submit]")
        check(driver.current_url.rstrip("/").endswith("/console"), f"back on the overview, not {driver.current_url}")
        check("Claire" in driver.page_source, "signed in as claire")
        driver.set_window_size(1360, 900)
        driver.save_screenshot(os.path.join(OUT, "01-overview-top.png"))  # the README's picture
        shoot("01-overview")

        visit("/console/collectors", "02-collectors", "Last sync")
        visit("/console/customers", "03-customers", "the most overdue first")
        visit("/console/customers?q=C0001", "03b-customers-search", "/console/customers/C0001")
        visit("/console/customers/C0001", "04-customer", "Items")
        visit("/console/reports", "05-reports", "Cash forecast")
        for report in ["aging", "status", "dso", "cei", "receipts", "trend", "payment-profile", "disputes", "promises",
                       "forecast", "activity"]:
            visit(f"/console/reports/{report}", f"06-report-{report}", "Download CSV")
        visit("/console/conflicts", "07-conflicts", "contact field")
        visit("/console/imports", "08-imports", "Import a CSV file")
        visit("/console/users", "09-users", "Move a customer")
        visit("/console/settings", "10-settings", "Collection settings")

        # An items file with a bad line: reported with its number, nothing written.
        bad = os.path.join(work, "items-bad.csv")
        with open(bad, "w") as f:
            f.write("customer,number,issue_date,due_date,amount,currency\n"
                    "C0001,INV-WEB-1,2026-11-01,2026-12-01,120.00,EUR\n"
                    "C0001,INV-WEB-2,2026-11-31,2026-12-01,80.00,EUR\n")
        driver.get(url + "/console/imports")
        Select(driver.find_element(By.NAME, "kind")).select_by_value("items")
        driver.find_element(By.NAME, "file").send_keys(bad)
        click_and_wait("form[action='/console/imports'] button")
        check("Nothing was written" in driver.page_source, "the bad file is refused as a whole")
        check(re.search(r'<td class="num">3</td>', driver.page_source), "line 3 is named")
        shoot("11-import-refused", expected_status=422)

        # Move a customer to bruno.
        driver.get(url + "/console/users")
        driver.find_element(By.NAME, "customer").send_keys("C0003")
        Select(driver.find_element(By.NAME, "collector")).select_by_value("bruno")
        click_and_wait("form[action='/console/assign'] button")
        check("C0003" in driver.page_source and "bruno" in driver.page_source and "next sync" in driver.page_source,
              "the move is confirmed")
        shoot("12-assigned")

        # Resolve alice's conflict: keep the winner, with a comment.
        driver.get(url + "/console/conflicts?open=1")
        click_and_wait("a[href^='/console/conflicts/']")
        shoot("13-conflict")
        driver.find_element(By.NAME, "comment").send_keys("Claire called Sarah: the 55 66 number is right")
        click_and_wait("button[value=keep_theirs]")
        check("Decision recorded" in driver.page_source, "the decision is recorded")
        shoot("14-conflict-resolved")
        dso(replicas["alice"], "sync")
        check("kept theirs" in dso(replicas["alice"], "conflicts"), "alice's replica shows the decision")

        click_and_wait("form.who button")
        check("/console/sign-in" in driver.current_url, "signed out")
        driver.get(url + "/console/users")
        check("/console/sign-in" in driver.current_url, "the console is closed after sign-out")

        check(not console_errors, "no browser console error: " + "; ".join(console_errors))
        print(f"console browser test: {checks} checks passed; screenshots in {OUT}")
    except AssertionError:
        if driver:
            driver.save_screenshot(os.path.join(OUT, "failure.png"))
            with open(os.path.join(OUT, "failure.html"), "w") as f:
                f.write(driver.page_source)
        raise
    finally:
        if driver:
            driver.quit()
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    try:
        main()
    except AssertionError as error:
        print(f"console browser test failed after {checks} checks: {error}", file=sys.stderr)
        sys.exit(1)
