"""The dashboard page in headless Chromium against the real server, worker and a throwaway database."""

import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import ARTIFACTS

# A project name that is also markup: the page must show it as text and run none of it.
HOSTILE_PROJECT = 'beta <img src=x onerror="document.title=\'pwned\'"> & co'

RUNS = {
    ("support-bot", "1.4.0"): [
        {"id": 1, "status": "completed", "time_taken": "2s", "cost": 0.10},
        {"id": 2, "status": "completed", "time_taken": "4s", "cost": 0.25},
        {"id": 3, "status": "failed", "time_taken": "6s", "cost": 0.05},
    ],
    ("triage-bot", "2.0.0"): [
        {"id": 1, "status": "completed", "time_taken": "3s", "cost": 0.50},
        {"id": 2, "status": "success", "time_taken": "5s", "cost": 0.75},
    ],
}
RUNS_BY_AGENT = {agent for agent, _ in RUNS}
PROJECTS = {"support-bot": "alpha", "triage-bot": HOSTILE_PROJECT}


def seed(api):
    for (agent, version), runs in RUNS.items():
        assert api.post(f"/api/v1/agents/{agent}/register", {"project": PROJECTS[agent]})[0] == 201
        status, _ = api.post(
            f"/api/v1/agents/{agent}/versions",
            {"version": version, "cluster": "eu-1", "tools": ["search"], "models": ["gpt-x"], "deployment": "prod"},
        )
        assert status == 201
        # No `created`: the runs are stamped now, so they fall in today's and this hour's cards.
        assert api.post(f"/api/v1/agents/{agent}/versions/{version}/runs", {"runs": runs}) == (
            201, {"inserted": len(runs), "duplicates": 0})


# Each read is one script, so a poll re-rendering the page between two element look-ups cannot make them stale.
def card_values(driver):
    return driver.execute_script("""
        return Object.fromEntries([...document.querySelectorAll("#cards .card")].map(
            (card) => [card.dataset.icon, card.querySelector(".value").textContent]));""")


def table(driver):
    """The versions table as {agent: {column key: cell text}}; {} while it shows the empty message."""
    return driver.execute_script("""
        const keys = [...document.querySelectorAll("#versions th")].map((th) => th.dataset.key);
        return Object.fromEntries([...document.querySelectorAll("#versions tbody tr[data-id]")].map((tr) => {
            const cells = [...tr.cells].map((td) => td.textContent);
            return [cells[0], Object.fromEntries(keys.map((key, i) => [key, cells[i]]))];
        }));""")


def agent_order(driver):
    return driver.execute_script(
        'return [...document.querySelectorAll("#versions tbody td.name")].map((td) => td.textContent);')


def test_dashboard_shows_live_data_filters_and_sorts(server, browser):
    started = time.monotonic()
    seed(server)
    browser.get(server.base + "/")
    assert browser.title == "Agent Metrics"
    wait = WebDriverWait(browser, 20, poll_frequency=0.1)

    # The worker (1 s interval) folds the runs in; the page's 5 s poll shows them.
    expected_cards = {"Bot": "2", "Activity": "5", "Clock": "4.0s", "DollarSign": "$1.65"}
    wait.until(lambda d: card_values(d) == expected_cards, message=lambda: f"cards: {card_values(browser)}")
    wait.until(lambda d: set(table(d)) == {"support-bot", "triage-bot"}
               and table(d)["support-bot"]["totalRuns"] == "3", message="versions table never filled")
    support = table(browser)["support-bot"]
    assert support["version"].startswith("1.4.0")
    assert support["project"] == "alpha"
    assert support["status"] == "active"
    assert support["successRate"] == "66.7%"
    assert support["failures"] == "1"
    assert support["avgRuntime"] == "4.00 s"
    assert support["spend"] == "$0.40"
    assert support["lastSeen"] == "just now"
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#activity li:not(.empty)")) == 5,
               message="recent activity never listed the 5 runs")
    newest = browser.execute_script('return document.querySelector("#activity li .what").textContent;')
    assert newest.split(" ")[0] in RUNS_BY_AGENT and (" completed run #" in newest or " failed run #" in newest)

    # API text is shown as text: the markup in the project name neither renders nor runs.
    assert table(browser)["triage-bot"]["project"] == HOSTILE_PROJECT
    assert browser.find_elements(By.CSS_SELECTOR, "#versions img") == []
    assert browser.title == "Agent Metrics"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "dashboard.png"))

    # Sorting: Runs sorts descending first, then ascending.
    runs_header = browser.find_element(By.CSS_SELECTOR, '#versions th[data-key="totalRuns"]')
    # The server sorts (agent_versions?sort=), so each click waits for the new page of rows.
    runs_header.click()
    wait.until(lambda d: agent_order(d) == ["support-bot", "triage-bot"], message="descending sort")
    assert runs_header.get_attribute("aria-sort") == "descending"
    assert "sort=-totalRuns" in browser.current_url
    runs_header.click()
    wait.until(lambda d: agent_order(d) == ["triage-bot", "support-bot"], message="ascending sort")

    # Filters narrow the table through the API and land in the URL.
    project = browser.find_element(By.ID, "filter-project")
    project.send_keys("alpha")
    wait.until(lambda d: set(table(d)) == {"support-bot"}, message="project filter did not narrow the table")
    assert "project=alpha" in browser.current_url
    Select(browser.find_element(By.ID, "filter-status")).select_by_value("idle")
    wait.until(lambda d: "No versions match" in d.find_element(By.CSS_SELECTOR, "#versions tbody").text,
               message="status filter did not empty the table")
    Select(browser.find_element(By.ID, "filter-status")).select_by_value("")
    project.clear()
    project.send_keys(HOSTILE_PROJECT)
    wait.until(lambda d: set(table(d)) == {"triage-bot"}, message="filter by a project with markup failed")

    # A reload keeps the filter from the URL.
    browser.refresh()
    wait.until(lambda d: set(table(d)) == {"triage-bot"}, message="filter lost on reload")
    assert browser.find_element(By.ID, "filter-project").get_attribute("value") == HOSTILE_PROJECT

    status = browser.find_element(By.ID, "status")
    assert status.text.startswith("Updated") and "error" not in status.get_attribute("class")
    # CSP violations, script errors and failed loads are logged as SEVERE.
    severe = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert severe == []
    print(f"dashboard checks took {time.monotonic() - started:.1f} s; screenshot {ARTIFACTS / 'dashboard.png'}")
