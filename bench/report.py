"""Turn the benchmark figures into the printed table and the list of targets met or missed."""

from __future__ import annotations

CATEGORY_ORDER = ("define", "search", "did-you-mean", "bill", "pair", "compare/family", "unknown/rejected",
                  "e-mail text", "search (title)", "search (misspelled alias)", "bill RTM", "bill RPM", "bill CCM")


def _ordered(cats) -> list[str]:
    known = [c for c in CATEGORY_ORDER if c in cats]
    return known + sorted(c for c in cats if c not in known)


def _frac(row: dict | None) -> str:
    if not row:
        return "-"
    wrong = f" ({row['confidently_wrong']} wrong)" if row.get("confidently_wrong") else ""
    return f"{row['passed']}/{row['total']} {row['pct']:.1f}%{wrong}"


def _lat(row: dict) -> str:
    return "  ".join(f"{row[k]:8.3f}" for k in ("p50_ms", "p95_ms", "p99_ms", "max_ms", "mean_ms"))


def _accuracy(res: dict) -> list[str]:
    ev, gn = res["eval"]["categories"], res["generated"]["categories"]
    lines = ["1. Accuracy", f"  {'category':<27}{'questions.yaml':<28}generated set"]
    for cat in _ordered({**ev, **gn}):
        lines.append(f"  {cat:<27}{_frac(ev.get(cat)):<28}{_frac(gn.get(cat))}")
    g = res["generated"]
    lines += [f"  {'TOTAL questions.yaml':<27}{_frac(res['eval']['total'])}",
              f"  {'TOTAL generated (target)':<27}{'':<28}{_frac(g['core'])}  [define, typos, bill grids]",
              f"  {'TOTAL generated (+extras)':<27}{'':<28}{_frac(g['all'])}  [+ title and misspelled-alias search]"]
    for fam, why in res["knowledge"]["bill_grid_skipped"].items():
        lines.append(f"  bill grid {fam}: {why}")
    return lines


def _speed(res: dict) -> list[str]:
    sp = res["speed"]
    lines = [f"2. Speed, same process, same {sp['codebot']['n']} questions (ms)",
             f"  {'':<22}{'p50':>8}  {'p95':>8}  {'p99':>8}  {'max':>8}  {'mean':>8}"]
    lines.append(f"  {'codebot ask()':<22}{_lat(sp['codebot'])}")
    lines.append("    slowest: " + "; ".join(f"{ms:.1f} ms {q[:40]!r}" for ms, q in sp["codebot"]["slowest"][:3]))
    for key in ("rapidfuzz", "fts5"):
        lines.append(f"  {sp[key]['name']:<22}{_lat(sp[key])}   codebot is {sp[key]['ratio_p50']:.1f}x (p50), "
                     f"{sp[key]['ratio_p99']:.1f}x (p99)")
    lines.append(f"  accuracy where a baseline can answer: {'category':<26}{'codebot':>9}{'rapidfuzz':>11}{'fts5':>8}")
    for cat in _ordered(sp["codebot"]["accuracy"]):
        vals = [sp["codebot"]["accuracy"].get(cat), sp["rapidfuzz"]["accuracy"].get(cat), sp["fts5"]["accuracy"].get(cat)]
        lines.append(f"  {'':<39}{cat:<26}" + "".join(f"{v:>9.1f}%" if v is not None else f"{'-':>10}" for v in vals))
    return lines


def _startup(res: dict) -> list[str]:
    st = res.get("startup")
    if not st:
        return ["3. Start-up and size: skipped"]
    chans = st["channel_imports"]
    bad = sorted(set(chans["ask()"]) | set(chans["codebot ask"]))
    return ["3. Start-up and size",
            f"  cold `{st['ask_cmd']}`: {st['cold_ask_s'] * 1000:.0f} ms vs `python -c pass` "
            f"{st['python_pass_s'] * 1000:.0f} ms = {st['ratio']:.2f}x (median of 7, warm index)",
            f"  index build from scratch: {st['in_process_s'] * 1000:.0f} ms in process; "
            f"`codebot index` fresh process {st['codebot_index_wall_s'] * 1000:.0f} ms; size {st['index_bytes'] / 1024:.0f} KiB",
            f"  peak RSS of the ask process: {st['ask_peak_rss_mib']:.1f} MiB (python -c pass: {st['python_pass_rss_mib']:.1f} MiB)",
            f"  channel libraries on the ask path: {', '.join(bad) if bad else 'none'}",
            "  slowest imports of `codebot ask` (cumulative ms): "
            + ", ".join(f"{n} {ms:.0f}" for n, ms in st["slowest_imports_ms"][:6])]


def _scale(res: dict) -> list[str]:
    sc = res.get("scale")
    if not sc:
        return ["4. Scale: skipped"]
    lines = [f"4. Scale: {sc['codes']:,} codes, {sc['aliases']:,} aliases, {sc['families']} families; "
             f"index {sc['index_bytes'] / 2**20:.0f} MiB; padding {sc['pad_s']:.1f} s; open (load into memory) {sc['open_s']:.1f} s",
             f"  {'':<22}{'p50':>8}  {'p95':>8}  {'p99':>8}  {'max':>8}  {'mean':>8}",
             f"  {'codebot ask()':<22}{_lat(sc['codebot'])}   accuracy {_frac(sc['accuracy'])}"]
    for key, row in sc["baselines_sample"].items():
        lines.append(f"  {key + ' (sample)':<22}{_lat(row)}")
    lines.append("  slowest: " + "; ".join(f"{ms:.0f} ms {q[:40]!r}" for ms, q in sc["slowest"][:5]))
    return lines


def _channel_lines(name: str, v) -> list[str]:  # noqa: ANN001
    """Readable lines for one channel benchmark's figures (the raw value when its shape is not known)."""
    try:
        if name == "bench_hostile":
            return [f"  hostile corpus ({v['inputs']} inputs up to the size limit): worst clean_text {v['clean_worst_ms']:.1f} ms,"
                    f" worst ask() {v['ask_worst_ms']:.1f} ms (target {v['target_ms']:.0f} ms); raised: "
                    f"{', '.join(v['raised']) or 'none'}; slowest: {v['worst_ask'][0][0]}"]
        if name == "bench_slack":
            lines = [f"  Slack ack, {lv['in_flight']} in flight: p50 {lv['ack_ms_p50']:.1f} ms, p99 {lv['ack_ms_p99']:.1f} ms, "
                     f"max {lv['ack_ms_max']:.1f} ms; answered {lv['answered']}/{lv['events']} "
                     f"({lv['answers_per_second']:.0f}/s)" for lv in v["levels"]]
            return lines + [f"  Slack state.db handles after {v['requests']:,} requests: {v['state_db_handles']}"]
        if name == "bench_slack_workers":
            return [f"  Slack under gunicorn, {r['workers']} worker(s) x {r['answer_processes_per_worker']} answering, "
                    f"{r['events']} events {r['in_flight']} in flight ({v['state']}, load {r.get('load_before', '?')}): "
                    f"ack p50 {r['ack_ms_p50']:.1f} ms, p99 {r['ack_ms_p99']:.1f} ms, max {r['ack_ms_max']:.1f} ms, "
                    f"{r['acks_per_second']:.0f} acks/s, {r['answers_per_second']:.0f} answers/s, doubled "
                    f"{r['doubled']}, lost {r['lost']}" for r in v["scenarios"]]
        if name == "bench_email":
            return [f"  e-mail backlog of {v['backlog']:,}: {v['replies']:,} answered in {v['seconds']:.1f} s = "
                    f"{v['answers_per_minute']:,.0f} a minute (target {v['target_per_minute']:,})"]
        if name == "bench_email_workers":
            return [f"  e-mail, {r['workers']} worker(s){', one SIGKILLed' if r['killed'] else ''}: {r['messages']} messages, "
                    f"doubled {r['doubled']}, lost {r['lost']}, to a person {r['to_a_person']}" for r in v]
    except (KeyError, TypeError, IndexError):
        pass
    return [f"  {name}: {v}"]


def _channels(res: dict) -> list[str]:
    return ["5. Channels"] + [line for k, v in res["channels"].items() for line in _channel_lines(k, v)]


def _codesets(res: dict) -> list[str]:
    cs = res.get("codesets")
    if not cs:
        return ["6. Code sets: not run"]
    return ["6. Code sets (ICD-10-CM)",
            f"  build {cs['build_s']:.1f} s, codesets.db {cs['db_bytes'] / 2**20:.1f} MiB",
            f"  ask() ms (p50 p95 p99 max mean): lookups {_lat(cs['lookup'])}", f"  searches {_lat(cs['search'])}",
            f"  search by descriptor: {cs['search_accuracy']['answered_right_pct']:.1f}% answered right, "
            f"{cs['search_accuracy']['offered_as_choice_pct']:.1f}% offered as a choice",
            f"  remote-care with code sets loaded {_lat(cs['remote_care_with_codesets'])}",
            f"  load_release {cs['big_load']['rows']:,} rows in {cs['big_load']['load_s']:.1f} s",
            f"  cold codebot ask: remote-care {cs['cold']['cold_remote_ask_s'] * 1000:.0f} ms (codesets.db opened: "
            f"{cs['cold']['remote_ask_opened_codesets']}), diagnosis {cs['cold']['cold_diagnosis_ask_s'] * 1000:.0f} ms"]


def targets(res: dict) -> list[dict]:
    """Each target with the measured figure and whether it is met."""
    sp, out = res["speed"], []

    def add(name: str, figure: str, ok: bool) -> None:
        out.append({"target": name, "figure": figure, "met": bool(ok)})

    add("100% of questions.yaml", f"{res['eval']['total']['pct']:.1f}%", res["eval"]["total"]["pct"] >= 100)
    for name in ("questions.yaml", "real-sample (remote care)", "reading cases"):
        row = res.get("sets", {}).get(name)
        if row:
            add(f"0 confidently wrong, {name}", f"{row['wrong']} wrong, {row['passed']}/{row['total']} passed",
                row["wrong"] == 0)
    add(">=99% generated set", f"{res['generated']['core']['pct']:.2f}%", res["generated"]["core"]["pct"] >= 99)
    worse = [c for c, v in sp["codebot"]["accuracy"].items()
             for b in ("rapidfuzz", "fts5") if v <= sp[b]["accuracy"].get(c, 0) and v < 100]
    add("more accurate than both baselines per category", "all categories" if not worse else "not on " + ", ".join(
        sorted(set(worse))), not worse)
    add("ask() p99 < 2 ms (bundled)", f"{sp['codebot']['p99_ms']:.2f} ms", sp["codebot"]["p99_ms"] < 2)
    if res.get("scale"):
        p99 = res["scale"]["codebot"]["p99_ms"]
        add("ask() p99 < 20 ms at 100k codes", f"{p99:.2f} ms", p99 < 20)
    if res.get("startup"):
        st = res["startup"]
        add("cold ask < 5x python -c pass", f"{st['ratio']:.2f}x", st["ratio"] < 5)
        add("index build < 1 s", f"{st['in_process_s'] * 1000:.0f} ms", st["in_process_s"] < 1)
        bad = st["channel_imports"]["ask()"] + st["channel_imports"]["codebot ask"]
        add("no channel library on the ask path", "none" if not bad else ", ".join(bad), not bad)
    if res.get("codesets"):
        import bench_codesets

        for name, figure, met in bench_codesets.targets(res["codesets"]):
            add(name, figure, met)
    _channel_targets(res.get("channels", {}), add)
    return out


def _channel_targets(ch: dict, add) -> None:  # noqa: ANN001
    """The hardening targets: linear cleaning, flat handles, backlog rate, exactly-once e-mail."""
    hostile, slack, mail, workers = (ch.get(k) for k in ("bench_hostile", "bench_slack", "bench_email",
                                                          "bench_email_workers"))
    _slack_worker_targets(ch.get("bench_slack_workers"), add)
    if isinstance(hostile, dict):
        add("no hostile input cleaned in over 50 ms", f"{hostile['clean_worst_ms']:.1f} ms", hostile["clean_worst_ms"] < 50)
    if isinstance(slack, dict):
        add("state.db handles flat after 10,000 requests", str(slack["state_db_handles"]), slack["state_db_handles"] <= 3)
    if isinstance(mail, dict):
        add("e-mail backlog >= 3,000 answers a minute", f"{mail['answers_per_minute']:,.0f}",
            mail["answers_per_minute"] >= 3000 and mail["replies"] == mail["backlog"])
    if isinstance(workers, list):
        bad = sum(r["doubled"] + r["lost"] for r in workers)
        add("0 doubled, 0 lost e-mails with 1-3 workers and kills", f"{bad} doubled or lost", bad == 0)


def _slack_worker_targets(v, add) -> None:  # noqa: ANN001
    """Slack under gunicorn with 2 workers: ack p99 under 100 ms, none over 1 s, every answer once."""
    if not isinstance(v, dict):
        return
    for r in v["scenarios"]:
        if r["workers"] == 2:
            add("Slack ack p99 < 100 ms, 2 workers, 500 events 50 in flight", f"{r['ack_ms_p99']:.1f} ms",
                r["ack_ms_p99"] < 100)
            add("no Slack ack over 1 s", f"max {r['ack_ms_max']:.0f} ms", r["acks_over_1s"] == 0)
        add(f"Slack answers exactly once, {r['workers']} worker(s)", f"doubled {r['doubled']}, lost {r['lost']}",
            r["doubled"] == r["lost"] == 0)


def table(res: dict) -> str:
    """The whole report as fixed-width text."""
    m, kn = res["machine"], res["knowledge"]
    head = [f"codebot benchmarks: knowledge {kn['version']}, {kn['codes']} codes, families {', '.join(kn['families'])}",
            f"machine: {m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM, Python {m['python']}, SQLite {m['sqlite']}"]
    tgt = ["Targets"] + [f"  [{'x' if t['met'] else ' '}] {t['target']}: {t['figure']}" for t in res["targets"]]
    import sets

    sections = [head, _accuracy(res), sets.table(res.get("sets", {})), _speed(res), _startup(res), _scale(res),
                _channels(res), _codesets(res), tgt]
    return "\n\n".join("\n".join(s) for s in sections)
