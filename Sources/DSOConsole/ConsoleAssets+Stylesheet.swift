extension ConsoleAssets {
    static let stylesheet = """
        :root { --ink: #0f172a; --muted: #64748b; --line: #e2e8f0; --bg: #f8fafc; --card: #fff;
          --accent: #1d4ed8; --bad: #b91c1c; --good: #15803d; --warn: #b45309; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
        a { color: var(--accent); text-decoration: none; } a:hover { text-decoration: underline; }
        header.top { display: flex; align-items: center; gap: 24px; padding: 0 24px; height: 52px; background: var(--ink); color: #fff; }
        header.top a { color: #cbd5e1; }
        .brand { font-weight: 600; color: #fff !important; white-space: nowrap; }
        .brand .mark { background: var(--accent); color: #fff; padding: 2px 6px; border-radius: 4px; margin-right: 2px; }
        .brand small { color: #94a3b8; font-weight: 400; margin-left: 4px; }
        header nav { display: flex; gap: 4px; flex: 1; }
        header nav a { padding: 6px 10px; border-radius: 6px; }
        header nav a[aria-current=page] { background: #1e293b; color: #fff; }
        .who { display: flex; align-items: center; gap: 10px; margin: 0; color: #e2e8f0; white-space: nowrap; }
        .who small { color: #94a3b8; }
        button.link { background: none; border: 0; color: #93c5fd; padding: 0; cursor: pointer; font: inherit; }
        main { max-width: 1180px; margin: 0 auto; padding: 8px 24px 40px; }
        h1 { font-size: 22px; margin: 20px 0 16px; }
        h2 { font-size: 16px; margin: 0 0 12px; }
        footer { text-align: center; color: var(--muted); font-size: 12px; padding: 16px; }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px 18px; margin-bottom: 16px; }
        .card.narrow { max-width: 460px; }
        .grid { display: grid; gap: 16px; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); margin-bottom: 16px; }
        .kpi { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; }
        .kpi .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
        .kpi .value { font-size: 22px; font-weight: 600; margin-top: 4px; font-variant-numeric: tabular-nums; }
        .kpi .sub { color: var(--muted); font-size: 12px; }
        .charts { display: grid; gap: 16px; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); }
        .chart svg { width: 100%; height: auto; }
        table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
        th, td { text-align: left; padding: 7px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { font-size: 12px; color: var(--muted); font-weight: 600; text-transform: uppercase; letter-spacing: .03em; }
        td.num, th.num { text-align: right; white-space: nowrap; }
        tr:hover td { background: #f1f5f9; }
        .nowrap { white-space: nowrap; }
        .card.scroll { overflow-x: auto; }
        .muted { color: var(--muted); } .bad { color: var(--bad); } .good { color: var(--good); } .warn { color: var(--warn); }
        .pill { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; background: #e2e8f0; }
        .pill.open { background: #fef3c7; color: #92400e; } .pill.closed { background: #dcfce7; color: #166534; }
        .alert { background: #fef2f2; border: 1px solid #fecaca; color: var(--bad); padding: 8px 12px; border-radius: 8px; }
        .notice { background: #eff6ff; border: 1px solid #bfdbfe; color: #1e3a8a; padding: 8px 12px; border-radius: 8px; }
        .stack { display: flex; flex-direction: column; gap: 8px; }
        .filters { display: flex; flex-wrap: wrap; gap: 10px; align-items: flex-end; margin-bottom: 12px; }
        .filters > a { align-self: center; }
        .toolbar { display: flex; justify-content: space-between; align-items: flex-end; gap: 16px; flex-wrap: wrap; }
        .toolbar p { margin: 0 0 12px; }
        .filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); gap: 2px; }
        input, select, textarea { font: inherit; padding: 6px 8px; border: 1px solid #cbd5e1; border-radius: 6px; background: #fff; }
        button { font: inherit; padding: 6px 14px; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
        button.secondary { background: #fff; color: var(--accent); }
        button.danger { background: #fff; color: var(--bad); border-color: var(--bad); }
        .hint { color: var(--muted); font-size: 12px; margin: 0; }
        .pager { display: flex; gap: 12px; align-items: center; margin-top: 12px; }
        .actions { display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-end; }
        .actions form { display: flex; gap: 6px; align-items: flex-end; margin: 0; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
        dl.facts dt { color: var(--muted); }
        code { background: #f1f5f9; padding: 1px 4px; border-radius: 4px; }
        @media (max-width: 760px) { header.top { flex-wrap: wrap; height: auto; padding: 8px 12px; } .charts { grid-template-columns: 1fr; } }
        """

    static let script = """
        // DSO Sync console: refreshes the figures marked data-live on the overview every minute.
        (function () {
          const live = document.querySelectorAll('[data-live]');
          if (live.length === 0) { return; }
          async function refresh() {
            try {
              const response = await fetch('/console/live', { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' });
              if (!response.ok) { return; }
              const figures = await response.json();
              live.forEach(function (element) {
                const value = figures[element.dataset.live];
                if (typeof value === 'string') { element.textContent = value; }
              });
            } catch (e) { /* offline for a moment: the next round tries again */ }
          }
          setInterval(refresh, 60000);
        })();
        """
}
