"""Readable reports of an ArticleAnalysis: Markdown and a rich terminal view.

Both read only the typed record, so anything shown here is also in the JSON.
"""

from __future__ import annotations

from ..contract.records import ArticleAnalysis, CoupAssessment, Event


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _fmt_count(c) -> str:
    if c is None:
        return ""
    q = f"{c.qualifier.replace('_', ' ')} " if c.qualifier else ""
    v = int(c.value) if float(c.value).is_integer() else c.value
    return f"{q}{v}"


def _actors(actors) -> str:
    return ", ".join(a.name or a.text for a in actors)


def event_row(ev: Event) -> dict[str, str]:
    return {
        "type": f"{ev.plover.type}" + (f"/{ev.plover.mode}" if ev.plover.mode else ""),
        "acled": (ev.acled.sub_event_type or ev.acled.event_type) if ev.acled else "",
        "trigger": ev.trigger.text,
        "actors": _actors(ev.actors),
        "targets": _actors(ev.targets),
        "date": (ev.date.value or "") + (f" ({ev.date.precision})" if ev.date and ev.date.precision else "") if ev.date else "",
        "place": (ev.location.name or ev.location.text) + (f", {ev.location.country}" if ev.location.country else "") if ev.location else "",
        "figures": "; ".join(
            f"{label} {_fmt_count(c)}" + (f" (per {c.attribution.speaker})" if c.attribution else "")
            for label, c in (("dead", ev.fatalities), ("injured", ev.injured), ("arrested", ev.arrested), ("participants", ev.participants))
            if c is not None
        ),
        "factuality": ev.factuality,
        "source": ev.attribution.speaker if ev.attribution else "author",
        "sentence": str(ev.evidence.sentence_index),
    }


COUP_NOTE = (
    "The tool's own position is only the criteria table: each criterion is met (yes), not met (no) "
    "or not stated in the text, with the sentence it rests on. Labels such as “coup” are the words "
    "of whoever used them and set no criterion."
)


def coup_heading(coup: CoupAssessment) -> str:
    kind = coup.type or ("not assessed as a coup" if coup.outcome == "not_a_coup" else "type not stated")
    outcome = "not a coup" if coup.outcome == "not_a_coup" else coup.outcome
    return f"{kind} — outcome: {outcome}"


def coup_rows(coup: CoupAssessment) -> list[dict[str, str]]:
    rows = []
    for c in coup.criteria:
        rows.append(
            {
                "criterion": c.name,
                "met": {True: "yes", False: "no", None: "not stated"}[c.met],
                "evidence": f"[{c.evidence.sentence_index}] {c.evidence.text}" if c.evidence else "—",
                "note": c.note or "",
            }
        )
    return rows


def label_text(l) -> str:
    who = "the author" if l.used_by == "author" else l.used_by
    where = f" [{l.sentence_index}]" if l.sentence_index is not None and l.sentence_index >= 0 else ""
    return f"“{l.label}”" + (f" for {l.target}" if l.target else "") + f", used by {who}{where}"


def to_markdown(a: ArticleAnalysis) -> str:
    art = a.article
    out: list[str] = []
    out.append(f"# {art.title or 'Untitled article'}")
    out.append("")
    meta = [
        ("Published", f"{art.published} (from {art.published_source})" if art.published else "not known — relative dates left unresolved"),
        ("Outlet", art.outlet or "—"),
        ("URL", art.url or "—"),
        ("Language", art.language or "—"),
        ("Genre", f"{art.genre}" + (f" ({'; '.join(art.genre_signals)})" if art.genre_signals else "")),
        ("Citations", str(len(art.citations))),
        ("Article id", art.id),
    ]
    out += [f"- **{k}:** {_md_escape(v)}" for k, v in meta]
    if a.warnings:
        out += ["", "**Warnings:**"] + [f"- {w.code}: {_md_escape(w.message)}" for w in a.warnings]

    if a.events:
        out += ["", "## Events", ""]
        cols = ["type", "acled", "trigger", "actors", "targets", "date", "place", "figures", "factuality", "source", "sentence"]
        out.append("| " + " | ".join(cols) + " |")
        out.append("|" + "---|" * len(cols))
        for ev in a.events:
            row = event_row(ev)
            out.append("| " + " | ".join(_md_escape(row[c]) for c in cols) + " |")

    if a.coups:
        out += ["", "## Coup assessment", "", COUP_NOTE, ""]
        for n, coup in enumerate(a.coups, 1):
            out.append(f"### {n}. {coup_heading(coup)}")
            if coup.summary:
                out += ["", _md_escape(coup.summary)]
            out += ["", "| criterion | met | evidence | note |", "|---|---|---|---|"]
            for row in coup_rows(coup):
                out.append("| " + " | ".join(_md_escape(row[k]) for k in ("criterion", "met", "evidence", "note")) + " |")
            if coup.labels:
                out += ["", "**Labels** (the words of whoever used them):", ""]
                out += [f"- {_md_escape(label_text(l))}" for l in coup.labels]
            foot = []
            if coup.event_ids:
                foot.append("linked events: " + ", ".join(coup.event_ids))
            if coup.codebook:
                foot.append(f"codebook: {coup.codebook}")
            if foot:
                out += ["", "_" + _md_escape("; ".join(foot)) + "_"]
            out.append("")

    f = a.framing
    if f.scare_quotes or f.loaded_terms or f.labels:
        out += ["", "## Framing", ""]
        if f.scare_quotes:
            out += ["**Scare quotes** (words the author puts in quote marks without quoting anyone):", ""]
            for q in f.scare_quotes:
                out.append(f"- “{_md_escape(q.text)}” [{q.sentence_index}]" + (f" — {_md_escape(q.reason)}" if q.reason else ""))
            out.append("")
        if f.loaded_terms:
            out += ["**Loaded terms** by category" + (f" ({f.lexicon})" if f.lexicon else "") + ":", ""]
            for cat, terms in _by_category(f.loaded_terms):
                out.append(f"- **{cat}:** " + ", ".join(_md_escape(t) for t in terms))
            out.append("")
        if f.labels:
            out += ["**Labels** (kept with whoever used them):", "", "| label | applied to | used by | sentence |", "|---|---|---|---|"]
            for l in f.labels:
                who = "the author" if l.used_by == "author" else l.used_by
                out.append(f"| {_md_escape(l.label)} | {_md_escape(l.target or '—')} | {_md_escape(who)} | {l.sentence_index if l.sentence_index is not None else ''} |")

    if a.checks:
        out += ["", "## Consistency checks", ""]
        for c in a.checks:
            refs = ", ".join(f"[{e.sentence_index}]" for e in c.evidence)
            out.append(f"- **{c.kind}** ({c.status}): {_md_escape(c.message)}" + (f" — sentences {refs}" if refs else ""))

    if a.mentions.dates or a.mentions.quantities:
        out += ["", "## Dates and figures", ""]
        if a.mentions.dates:
            out += ["| date text | value | precision | note |", "|---|---|---|---|"]
            for d in a.mentions.dates:
                out.append(f"| {_md_escape(d.text)} | {d.value or '—'} | {d.precision or '—'} | {_md_escape(d.note or '')} |")
            out.append("")
        if a.mentions.quantities:
            out += ["| figure | value | unit | qualifier | counts |", "|---|---|---|---|---|"]
            for q in a.mentions.quantities:
                out.append(f"| {_md_escape(q.text)} | {q.value:g} | {q.unit or ''} | {q.qualifier or ''} | {_md_escape(q.about or '')} |")

    out += ["", "## Sentences", ""]
    out += ["| # | kind | check-worthy | support | hedges | framing | text |", "|---|---|---|---|---|---|---|"]
    framing = sentence_framing(a)
    for s in a.sentences:
        support = []
        if s.citations:
            support.append("cites " + ",".join(f"[{m}]" for m in s.citations))
        if s.attribution:
            support.append(f"{s.attribution.speaker} ({s.attribution.verb or ''})")
        if s.unsupported:
            support.append("**unsupported**")
        hedges = ", ".join(h.text for h in s.hedges)
        kind = "heading" if s.heading else s.kind
        out.append(
            f"| {s.index} | {kind} | {s.checkworthy:.2f} | {_md_escape('; '.join(support))} | {_md_escape(hedges)} "
            f"| {_md_escape('; '.join(framing.get(s.index, [])))} | {_md_escape(s.text)} |"
        )
    return "\n".join(out) + "\n"


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def summary_lines(a: ArticleAnalysis) -> list[str]:
    """The one-screen summary: what the article reports, in a few lines."""
    lines = []
    if a.events:
        types: dict[str, int] = {}
        for ev in a.events:
            types[ev.plover.type] = types.get(ev.plover.type, 0) + 1
        lines.append("events: " + ", ".join(f"{t} {n}" for t, n in sorted(types.items(), key=lambda kv: -kv[1])))
        figures = []
        for label, attr in (("dead", "fatalities"), ("injured", "injured"), ("arrested", "arrested")):
            counts = [getattr(ev, attr) for ev in a.events if getattr(ev, attr) is not None]
            if counts:
                figures.append(f"{label}: " + ", ".join(_fmt_count(c) for c in counts))
        if figures:
            lines.append("figures given: " + "; ".join(figures))
    else:
        lines.append("events: none found")
    other = []
    if a.coups:
        other.append("coup assessments: " + ", ".join(coup_heading(c) for c in a.coups))
    f = a.framing
    if f.loaded_terms or f.scare_quotes or f.labels:
        other.append(f"framing: {len(f.loaded_terms)} loaded terms, {len(f.scare_quotes)} scare quotes, {len(f.labels)} labels")
    if a.checks:
        bad = sum(1 for c in a.checks if c.status == "inconsistent")
        other.append(f"checks: {len(a.checks)} ({bad} inconsistent)")
    attributed = sum(1 for s in a.sentences if s.attribution)
    other.append(f"sentences attributed to a source: {attributed} of {len(a.sentences)}")
    return lines + other


def event_block(n: int, ev: Event) -> list[tuple[str, str]]:
    """(label, value) lines of one event, for the terminal view."""
    row = event_row(ev)
    head = row["type"] + (f" · ACLED {ev.acled.event_type}" + (f" / {ev.acled.sub_event_type}" if ev.acled.sub_event_type else "") if ev.acled else "")
    who = row["actors"] or "?"
    if row["targets"]:
        who += " → " + row["targets"]
    lines = [("", f"{head} · {row['factuality']} · sentence {row['sentence']}"), ("trigger", row["trigger"]), ("who", who)]
    if row["date"]:
        lines.append(("when", row["date"]))
    if row["place"]:
        lines.append(("where", row["place"]))
    if row["figures"]:
        lines.append(("figures", row["figures"]))
    if ev.attribution:
        lines.append(("source", ev.attribution.speaker + (f" ({ev.attribution.verb})" if ev.attribution.verb else "")))
    return lines


def print_terminal(a: ArticleAnalysis, console=None, all_sentences: bool = False) -> None:
    """A report that reads at 80 columns: a summary first, then one block per event with its
    evidence sentence, coup criteria, framing, checks and the sentences worth checking."""
    from rich.console import Console
    from rich.markup import escape
    from rich.padding import Padding

    console = console or Console()
    width = max(40, min(console.width, 120))
    art = a.article
    console.rule(escape(art.title or "Untitled article"))
    console.print(
        f"published: [bold]{art.published or 'unknown'}[/]"
        + (f" (from {art.published_source})" if art.published_source else "")
        + f" · genre: [bold]{art.genre}[/] · citations: {len(art.citations)} · sentences: {len(a.sentences)}"
        + (f" · outlet: {escape(art.outlet)}" if art.outlet else "")
    )
    for w in a.warnings:
        console.print(f"[yellow]warning {w.code}:[/] {escape(w.message)}")
    console.print()
    console.print("[bold]Summary[/]")
    for line in summary_lines(a):
        console.print(Padding(escape(line), (0, 0, 0, 2)))

    if a.events:
        console.print()
        console.print(f"[bold]Events[/] ({len(a.events)})")
        for n, ev in enumerate(a.events, 1):
            for label, value in event_block(n, ev):
                if not label:
                    console.print(f"[bold cyan]{n:>3}.[/] [bold]{escape(value)}[/]")
                else:
                    console.print(Padding(f"[dim]{label}:[/] {escape(value)}", (0, 0, 0, 5)))
            console.print(Padding(f"[italic]“{escape(_clip(ev.evidence.text, 3 * (width - 8)))}”[/]", (0, 0, 0, 5)))

    if a.coups:
        console.print()
        console.print(f"[dim]{escape(COUP_NOTE)}[/]")
    for n, coup in enumerate(a.coups, 1):
        console.print(f"[bold]Coup assessment {n}: {escape(coup_heading(coup))}[/]")
        if coup.summary:
            console.print(Padding(escape(coup.summary), (0, 0, 0, 2)))
        for row in coup_rows(coup):
            met = {"yes": "[green]yes[/]", "no": "[red]no[/]"}.get(row["met"], "[dim]not stated[/]")
            console.print(Padding(f"• {escape(row['criterion'])}: {met}", (0, 0, 0, 2)))
            if row["evidence"] != "—":
                console.print(Padding(f"[italic]{escape(_clip(row['evidence'], 2 * (width - 8)))}[/]", (0, 0, 0, 6)))
            if row["note"]:
                console.print(Padding(f"[dim]{escape(row['note'])}[/]", (0, 0, 0, 6)))
        for l in coup.labels:
            console.print(Padding("label: " + escape(label_text(l)), (0, 0, 0, 2)))
        if coup.event_ids:
            console.print(Padding("linked events: " + escape(", ".join(coup.event_ids)), (0, 0, 0, 2)))

    f = a.framing
    if f.scare_quotes or f.loaded_terms or f.labels:
        console.print()
        console.print("[bold]Framing[/]")
    if f.scare_quotes:
        console.print(Padding("scare quotes: " + escape(", ".join(f"“{q.text}” [{q.sentence_index}]" for q in f.scare_quotes)), (0, 0, 0, 2)))
    for cat, terms in _by_category(f.loaded_terms):
        console.print(Padding(f"loaded ({escape(cat)}): " + escape(", ".join(terms)), (0, 0, 0, 2)))
    for l in f.labels:
        console.print(Padding("label: " + escape(label_text(l)), (0, 0, 0, 2)))

    if a.checks:
        console.print()
        console.print("[bold]Consistency checks[/]")
        for c in a.checks:
            colour = {"consistent": "green", "inconsistent": "red"}.get(c.status, "white")
            refs = ", ".join(str(e.sentence_index) for e in c.evidence)
            console.print(Padding(f"[{colour}]{c.status}[/] {escape(c.kind)}: {escape(c.message)}" + (f" [dim](sentences {refs})[/]" if refs else ""), (0, 0, 0, 2)))

    framing = sentence_framing(a)
    shown = [s for s in a.sentences if all_sentences or s.checkworthy >= 0.5 or s.unsupported or s.index in framing]
    console.print()
    console.print(f"[bold]Sentences[/] ({len(shown)} of {len(a.sentences)}: check-worthy, unsupported or framed; --format md lists all)")
    for s in shown:
        support = []
        if s.citations:
            support.append(",".join(f"[{m}]" for m in s.citations))
        if s.attribution:
            support.append(f"{s.attribution.speaker} ({s.attribution.verb or ''})")
        if s.hedges:
            support.append("hedged: " + ", ".join(h.text for h in s.hedges))
        if s.unsupported:
            support.append("unsupported")
        kind = "heading" if s.heading else s.kind
        console.print(f"[bold]{s.index:>3}[/] [dim]{kind} {s.checkworthy:.2f}[/] " + escape(_clip(s.text, 2 * (width - 6))))
        extra = support + framing.get(s.index, [])
        if extra:
            console.print(Padding("[dim]" + escape("; ".join(extra)) + "[/]", (0, 0, 0, 4)))


def sentence_framing(a: ArticleAnalysis) -> dict[int, list[str]]:
    """Per sentence index: its scare quotes, loaded terms (with category) and labels, as short strings."""
    out: dict[int, list[str]] = {}
    f = a.framing
    for q in f.scare_quotes:
        if q.sentence_index is not None:
            out.setdefault(q.sentence_index, []).append(f"“{q.text}” (scare quote)")
    for term in f.loaded_terms:
        if term.sentence_index is not None:
            out.setdefault(term.sentence_index, []).append(f"{term.text} ({term.category})")
    for lab in f.labels:
        if lab.sentence_index is not None:
            out.setdefault(lab.sentence_index, []).append(f"label “{lab.label}” by {lab.used_by}")
    return out


def _by_category(terms) -> list[tuple[str, list[str]]]:
    """Loaded terms grouped by category, each term once with its count ("mayhem ×4")."""
    groups: dict[str, dict[str, int]] = {}
    for t in terms:
        words = groups.setdefault(t.category, {})
        key = t.text.lower()
        words[key] = words.get(key, 0) + 1
    return [(cat, [w + (f" ×{n}" if n > 1 else "") for w, n in words.items()]) for cat, words in groups.items()]
