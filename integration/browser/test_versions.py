"""The version page, the compare view and the regression badges in Chromium, on a known data set with a seeded
regression: version 1.1.0 of `planner` succeeds far less often, runs slower and costs more than 1.0.0."""

import random
from datetime import datetime, timedelta, timezone
from urllib.parse import quote, urlencode

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import ARTIFACTS

AGENT = "planner"
RUNS_PER_VERSION = 400
NOW = datetime.now(timezone.utc).replace(microsecond=0)


def runs(seed, success_rate, seconds, cost):
    generator = random.Random(seed)
    result = []
    for index in range(RUNS_PER_VERSION):
        created = NOW - timedelta(minutes=generator.randrange(1, 10 * 60))
        result.append({
            "id": index + 1,
            "status": "completed" if generator.random() < success_rate else "failed",
            "created": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "time_taken": f"{generator.lognormvariate(0, 0.3) * seconds:.3f}s",
            "cost": round(cost * generator.uniform(0.8, 1.2), 6),
            "models": ["gpt-x"],
        })
    return result


def seed(api):
    assert api.post(f"/api/v1/agents/{AGENT}/register", {"project": "gamma"})[0] == 201
    for version, generated in (("1.0.0", runs(1, 0.97, 2, 0.01)), ("1.1.0", runs(2, 0.75, 4, 0.02))):
        status, _ = api.post(f"/api/v1/agents/{AGENT}/versions", {"version": version, "models": ["gpt-x"]})
        assert status == 201
        assert api.post(f"/api/v1/agents/{AGENT}/versions/{version}/runs", {"runs": generated}) == (
            201, {"inserted": RUNS_PER_VERSION, "duplicates": 0})


def rows(api):
    return {row["version"]: row for row in api.get("/api/v1/ui/agent_versions?agent=" + quote(AGENT))[1]}


def console_errors(driver):
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def chart_points(driver):
    """{chart title: {series class: [bucket index, value] ...}} as drawn."""
    return driver.execute_script("""
        const result = {};
        for (const figure of document.querySelectorAll("#version-charts figure")) {
            const series = {};
            for (const group of figure.querySelectorAll("g.series")) {
                series[group.getAttribute("class").replace("series ", "")] = [...group.querySelectorAll(".point")]
                    .map((point) => [Number(point.dataset.index), Number(point.dataset.value)]);
            }
            result[figure.dataset.chart] = { buckets: Number(figure.dataset.buckets), series };
        }
        return result;""")


def expected_points(buckets, key):
    return [[index, bucket[key]] for index, bucket in enumerate(buckets) if bucket[key] is not None]


def test_version_page_compare_view_and_badges(versions_server, browser):
    api = versions_server
    seed(api)
    wait = WebDriverWait(browser, 30, poll_frequency=0.2)
    wait.until(lambda _: all(r["totalRuns"] == RUNS_PER_VERSION for r in rows(api).values()) and len(rows(api)) == 2,
               message="the worker never counted the runs")
    wait.until(lambda _: (rows(api)["1.1.0"].get("regression") or {}).get("verdict") == "worse",
               message=lambda: f"no regression verdict: {rows(api)['1.1.0'].get('regression')}")
    candidate = rows(api)["1.1.0"]

    # The versions table shows the regression badge, worse in red, and links to the version page.
    browser.get(api.base + "/?agent=" + quote(AGENT))
    badge = '#versions tr[data-id="%s"] .regression .badge' % candidate["id"]
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, badge) and
               d.find_element(By.CSS_SELECTOR, badge).text == "worse", message="no worse badge in the table")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "dashboard-versions.png"))
    browser.find_element(By.CSS_SELECTOR, '#versions tr[data-id="%s"] .version a' % candidate["id"]).click()

    # The version page: its facts, four charts with one point per bucket that has a value, and its runs.
    wait.until(lambda d: d.find_element(By.ID, "version-title").text == f"{AGENT} 1.1.0",
               message="version page did not open")
    series = api.get("/api/v1/ui/timeseries?" + urlencode(
        {"agent": candidate["agentId"], "version": "1.1.0", "bucket": "hour"}))[1]
    assert len(series) == 48
    assert sum(bucket["runs"] for bucket in series) == RUNS_PER_VERSION
    wait.until(lambda d: len(chart_points(d)) == 4, message="charts not drawn")
    drawn = chart_points(browser)
    assert {title: chart["buckets"] for title, chart in drawn.items()} == {
        "Runs": 48, "Success rate": 48, "Runtime": 48, "Cost": 48}
    assert drawn["Runs"]["series"]["good"] == expected_points(series, "successes")
    assert drawn["Runs"]["series"]["bad"] == expected_points(series, "failures")
    assert drawn["Success rate"]["series"]["accent"] == expected_points(series, "successRate")
    assert drawn["Runtime"]["series"]["accent"] == expected_points(series, "p50Runtime")
    assert drawn["Runtime"]["series"]["warn"] == expected_points(series, "p95Runtime")
    assert drawn["Cost"]["series"]["accent"] == expected_points(series, "cost")
    facts = browser.execute_script("""
        const terms = [...document.querySelectorAll("#version-facts dt")].map((n) => n.textContent);
        const values = [...document.querySelectorAll("#version-facts dd")].map((n) => n.textContent);
        return Object.fromEntries(terms.map((term, i) => [term, values[i]]));""")
    assert facts["Runs"] == "400"
    assert facts["Project"] == "gamma"
    assert facts["Regression"].startswith("worse") and "1.0.0" in facts["Regression"]
    listed = api.get(f"/api/v1/agents/{AGENT}/versions/1.1.0/runs?limit=20")[1]
    run_ids = lambda d: d.execute_script(
        'return [...document.querySelectorAll("#version-runs tbody tr[data-id]")].map((tr) => Number(tr.dataset.id));')
    wait.until(lambda d: run_ids(d) == [run["id"] for run in listed], message="runs table differs from the API")
    browser.save_screenshot(str(ARTIFACTS / "dashboard-version.png"))
    browser.find_element(By.ID, "runs-next").click()
    wait.until(lambda d: run_ids(d) and run_ids(d)[0] not in [run["id"] for run in listed], message="no older page")
    assert len(run_ids(browser)) == 20

    # The compare view shows the API's comparison, the seeded regression as worse.
    comparison = api.get("/api/v1/ui/compare?" + urlencode(
        {"agent": candidate["agentId"], "base": "1.0.0", "candidate": "1.1.0"}))[1]
    assert comparison["verdict"] == "worse"
    browser.get(api.base + "/#/compare?" + urlencode({"agent": candidate["agentId"], "base": "1.0.0",
                                                      "candidate": "1.1.0"}))
    verdicts = lambda d: d.execute_script("""
        return Object.fromEntries([...document.querySelectorAll("#compare-table tbody tr")].map(
            (tr) => [tr.dataset.metric, tr.dataset.verdict]));""")
    expected = {metric["metric"]: metric["verdict"] for metric in comparison["metrics"]}
    wait.until(lambda d: verdicts(d) == expected, message=lambda: f"compare table: {verdicts(browser)}")
    assert expected["successRate"] == "worse"
    assert browser.find_element(By.ID, "compare-verdict").get_attribute("data-verdict") == "worse"
    worse_row = browser.find_element(By.CSS_SELECTOR, '#compare-table tr[data-metric="successRate"]')
    assert "verdict-worse" in worse_row.get_attribute("class")
    color = browser.execute_script(
        "return getComputedStyle(arguments[0].querySelector('.badge')).backgroundColor;", worse_row)
    assert color in ("rgb(198, 40, 40)", "rgb(255, 107, 107)"), color
    browser.save_screenshot(str(ARTIFACTS / "dashboard-compare.png"))

    assert console_errors(browser) == []
