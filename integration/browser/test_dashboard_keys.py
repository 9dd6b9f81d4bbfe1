"""The dashboard in headless Chromium against a server with API keys: it asks for a key, then shows data."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import ARTIFACTS

KEY_STORAGE = "agent-metrics.apiKey"


def seed(api):
    assert api.post("/api/v1/agents/keyed-bot/register", {"project": "vault"})[0] == 201
    assert api.post("/api/v1/agents/keyed-bot/versions", {"version": "3.1.0"})[0] == 201
    runs = [{"id": 1, "status": "completed", "time_taken": "2s", "cost": 0.5}]
    assert api.post("/api/v1/agents/keyed-bot/versions/3.1.0/runs", {"runs": runs})[0] == 201


def prompt_shown(driver):
    return driver.find_element(By.ID, "key-form").is_displayed()


def key_message(driver):
    return driver.find_element(By.ID, "key-message").text


def agents_in_table(driver):
    return driver.execute_script(
        'return [...document.querySelectorAll("#versions tbody td.name")].map((td) => td.textContent);')


def enter_key(driver, key):
    field = driver.find_element(By.ID, "key-input")
    field.clear()
    field.send_keys(key)
    driver.find_element(By.ID, "key-submit").click()


def test_dashboard_asks_for_a_read_key_then_shows_data_and_can_forget_it(keyed_server, browser):
    seed(keyed_server)
    wait = WebDriverWait(browser, 20, poll_frequency=0.1)
    browser.get(keyed_server.base + "/")
    assert browser.title == "Agent Metrics"

    # The page's own files load without a key; the first data call answers 401 and the page asks.
    wait.until(prompt_shown, message="the key form never appeared")
    assert "read scope" in key_message(browser)
    assert browser.find_element(By.ID, "status").text == "API key needed"
    assert not browser.find_element(By.ID, "forget-key").is_displayed()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "dashboard-key-prompt.png"))

    # A key that is in no file is refused and dropped; the form asks again and says so.
    enter_key(browser, "am_" + "x" * 43)
    wait.until(lambda d: prompt_shown(d) and "was refused" in key_message(d), message="unknown key not refused")
    assert browser.execute_script(f"return localStorage.getItem('{KEY_STORAGE}');") is None

    # An ingest key is valid but cannot read: 403, and the form says which scope is missing.
    enter_key(browser, keyed_server.keys["ingest"])
    wait.until(lambda d: prompt_shown(d) and "cannot read" in key_message(d), message="ingest key not refused")

    # A read key shows the data and is kept.
    enter_key(browser, keyed_server.keys["read"])
    wait.until(lambda d: not prompt_shown(d), message="the form stayed after a read key")
    wait.until(lambda d: agents_in_table(d) == ["keyed-bot"], message=lambda: f"table: {agents_in_table(browser)}")
    assert browser.execute_script(f"return localStorage.getItem('{KEY_STORAGE}');") == keyed_server.keys["read"]
    assert browser.find_element(By.ID, "forget-key").is_displayed()

    # A reload reuses the stored key without asking.
    browser.refresh()
    wait.until(lambda d: agents_in_table(d) == ["keyed-bot"], message="no data after reload with a stored key")
    wait.until(lambda d: d.find_element(By.ID, "status").text.startswith("Updated"), message="status not updated")
    assert not prompt_shown(browser)

    # "Forget API key" removes it, and the page asks again.
    browser.find_element(By.ID, "forget-key").click()
    wait.until(prompt_shown, message="the form did not come back after forgetting the key")
    assert browser.execute_script(f"return localStorage.getItem('{KEY_STORAGE}');") is None

    # The only console errors are the refused data calls themselves; the CSP was never violated.
    severe = [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    unexpected = [message for message in severe if "401" not in message and "403" not in message]
    assert unexpected == []
    log = keyed_server.log_path.read_text()
    for key in keyed_server.keys.values():
        assert key not in log
