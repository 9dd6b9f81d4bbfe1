extension DashboardPage {
    /// `/dashboard.css`. System fonts only: the server may have no network, so nothing is fetched.
    static let styleSheet: [UInt8] = Array(
        #"""
        :root {
          --bg: #f5f6f8; --panel: #fff; --text: #1b1f24; --muted: #5f6b7a; --line: #e3e6ea;
          --accent: #2f6fde; --good: #1a7f37; --bad: #c62828; --idle: #8a94a3; --hover: #f0f3f7;
          color-scheme: light dark;
        }
        @media (prefers-color-scheme: dark) {
          :root {
            --bg: #0f1216; --panel: #171b21; --text: #e6e9ed; --muted: #98a2b0; --line: #2a3039;
            --accent: #6ea0ff; --good: #4cc26a; --bad: #ff6b6b; --idle: #7c8593; --hover: #1f252d;
          }
        }
        * { box-sizing: border-box; }
        body {
          margin: 0; background: var(--bg); color: var(--text);
          font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif;
        }
        .bar {
          display: flex; align-items: baseline; justify-content: space-between; gap: 1rem;
          padding: 0.9rem 1.5rem; background: var(--panel); border-bottom: 1px solid var(--line);
        }
        h1 { margin: 0; font-size: 1.25rem; }
        h2 { margin: 0; font-size: 1rem; }
        .status { margin: 0; color: var(--muted); font-size: 0.85rem; }
        .status.error { color: var(--bad); font-weight: 600; }
        main { padding: 1.25rem 1.5rem 2rem; max-width: 1600px; margin: 0 auto; }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(210px, 1fr)); gap: 1rem; }
        .card {
          background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 1rem 1.1rem;
          display: grid; grid-template-columns: 1fr auto;
          grid-template-areas: "title icon" "value icon" "change change";
          row-gap: 0.25rem;
        }
        .card .title { grid-area: title; color: var(--muted); font-size: 0.85rem; }
        .card .value { grid-area: value; font-size: 1.7rem; font-weight: 650; font-variant-numeric: tabular-nums; }
        .card .change { grid-area: change; font-size: 0.8rem; color: var(--muted); }
        .card .change.up::before { content: "▲ "; color: var(--good); }
        .card .change.down::before { content: "▼ "; color: var(--bad); }
        .card svg {
          grid-area: icon; width: 28px; height: 28px; stroke: var(--accent); fill: none; stroke-width: 2;
          stroke-linecap: round; stroke-linejoin: round;
        }
        .columns {
          display: grid; grid-template-columns: minmax(0, 1fr) 320px; gap: 1rem; margin-top: 1rem; align-items: start;
        }
        @media (max-width: 1100px) { .columns { grid-template-columns: minmax(0, 1fr); } }
        .panel { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; min-width: 0; }
        .panel-head {
          display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.75rem;
          padding: 0.8rem 1rem; border-bottom: 1px solid var(--line);
        }
        .count { color: var(--muted); font-weight: 400; }
        .filters { display: flex; flex-wrap: wrap; gap: 0.75rem; }
        .filters label { display: flex; align-items: center; gap: 0.35rem; color: var(--muted); font-size: 0.85rem; }
        .filters input, .filters select {
          font: inherit; color: var(--text); background: var(--bg); border: 1px solid var(--line);
          border-radius: 6px; padding: 0.25rem 0.45rem;
        }
        .filters input { width: 10rem; }
        .table-wrap { overflow-x: auto; }
        table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
        th, td { padding: 0.5rem 0.6rem; text-align: left; border-bottom: 1px solid var(--line); white-space: nowrap; }
        th {
          font-size: 0.78rem; text-transform: uppercase; letter-spacing: 0.03em; color: var(--muted);
          cursor: pointer; user-select: none;
        }
        th:hover { color: var(--text); }
        th[aria-sort="ascending"]::after { content: " ↑"; }
        th[aria-sort="descending"]::after { content: " ↓"; }
        th:focus-visible { outline: 2px solid var(--accent); outline-offset: -2px; }
        tbody tr:hover { background: var(--hover); }
        .num { text-align: right; }
        td.name, td.project { max-width: 12rem; overflow: hidden; text-overflow: ellipsis; }
        td.empty { text-align: center; color: var(--muted); padding: 2rem; white-space: normal; }
        .pill { display: inline-block; padding: 0.05rem 0.55rem; border-radius: 999px; font-size: 0.78rem; }
        .pill.active { background: color-mix(in srgb, var(--good) 15%, transparent); color: var(--good); }
        .pill.idle { background: color-mix(in srgb, var(--idle) 18%, transparent); color: var(--idle); }
        .rate.low { color: var(--bad); }
        .sub { color: var(--muted); font-size: 0.8rem; }
        .activity { list-style: none; margin: 0; padding: 0; max-height: 640px; overflow-y: auto; }
        .activity li {
          display: grid; grid-template-columns: auto 1fr auto; gap: 0.1rem 0.6rem; align-items: baseline;
          padding: 0.55rem 1rem; border-bottom: 1px solid var(--line);
        }
        .activity li.empty { display: block; color: var(--muted); text-align: center; padding: 2rem; }
        .dot { width: 0.55rem; height: 0.55rem; border-radius: 50%; background: var(--idle); align-self: center; }
        .dot.success { background: var(--good); }
        .dot.failure { background: var(--bad); }
        .dot.running { background: var(--accent); }
        .activity .agent { font-weight: 600; }
        .activity time { color: var(--muted); font-size: 0.8rem; }
        .activity .what { grid-column: 2 / 4; overflow-wrap: anywhere; }
        .activity .detail { grid-column: 2; }
        .notice { padding: 1rem 1.5rem; color: var(--bad); }
        [hidden] { display: none !important; }
        .forget-key, .key-form button {
          font: inherit; color: var(--text); background: var(--bg); border: 1px solid var(--line);
          border-radius: 6px; padding: 0.25rem 0.7rem; cursor: pointer;
        }
        .key-form { max-width: 34rem; margin: 0 auto 1rem; padding: 1rem 1.2rem; display: grid; gap: 0.6rem; }
        .key-form label { display: grid; gap: 0.3rem; color: var(--muted); font-size: 0.85rem; }
        .key-form input {
          font: 14px ui-monospace, "DejaVu Sans Mono", monospace; color: var(--text); background: var(--bg);
          border: 1px solid var(--line); border-radius: 6px; padding: 0.4rem 0.5rem;
        }
        .key-form button { justify-self: start; background: var(--accent); color: #fff; border-color: var(--accent); }
        .key-message { margin: 0; }
        .key-message.error { color: var(--bad); font-weight: 600; }
        .key-form .sub { margin: 0; }

        """#.utf8)
}
