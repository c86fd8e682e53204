"""Cost of corpus mode: incident linking at 1k / 10k / 100k event mentions, and memory while
ingesting many articles.

    .venv/bin/python bench/bench_corpus.py                    # linking at 1k, 10k, 100k
    .venv/bin/python bench/bench_corpus.py --sizes 1000 10000 --json
    .venv/bin/python bench/bench_corpus.py --ingest 2000      # also: ingest N generated articles
    .venv/bin/python bench/bench_corpus.py --sizes --ingest 400 --engine ray --workers 1 2

Linking: synthetic mentions of invented events (40 countries x 20 cities, two years): each
real event is reported 1-5 times by different articles with noise (a day, week or month
date, or none; the city or only the country; actor and evidence words partly shared); three
in ten events have a twin (same type, actors and words, another city, 0-2 days later) that
must stay a separate incident. For each
size it reports the wall time of :func:`corroborator.corpus.link.link`, the candidate pairs
scored, pairs per mention (flat = near-linear blocking), and pairwise precision and recall
of same-event links against the generator's truth.

Ingest: writes N short generated articles to a temporary folder and runs ``ingest`` into a
fresh store in this process, sampling resident memory (ru_maxrss is a peak, so the table
shows the peak after each tenth of the run: flat means no growth with the corpus). With
``--engine ray`` it runs once per ``--workers`` count on the same input and reports wall time,
this process's CPU (loading shards, near-duplicates, linking) and the workers' own CPU seconds
and peak RSS as each shard reports them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import random
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Optional

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
# as the CLI does when no embeddings are asked for: thinc then skips torch (here and in Ray workers)
sys.modules.setdefault("torch", None)  # type: ignore[assignment]

from corroborator.corpus import link as L  # noqa: E402

TYPES = ["ASSAULT", "PROTEST", "COERCE", "CONCEDE", "REQUEST", "MOBILIZE"]
VOCAB = [f"w{i}" for i in range(400)]
ACTORS = [f"actor{i}" for i in range(60)]


def synthetic(n: int, seed: int = 1) -> tuple[list[L.Mention], list[int]]:
    """n mentions and, for each, the id of the real event it reports."""
    rnd = random.Random(seed)
    start = dt.date(2022, 1, 1).toordinal()
    mentions, truth = [], []
    event = 0
    article = 0
    prev = None
    while len(mentions) < n:
        if prev and rnd.random() < 0.3:
            # a twin: same type, country, words and actors, in another city a day or two apart
            cty, city0, day0, ptype, actors, words = prev
            city = f"{cty}-city{(int(city0.rsplit('city', 1)[1]) + rnd.randint(1, 19)) % 20}"
            day = day0 + rnd.randint(0, 2)
        else:
            cty = f"C{rnd.randrange(40)}"
            city = f"{cty}-city{rnd.randrange(20)}"
            day = start + rnd.randrange(730)
            ptype = rnd.choice(TYPES)
            actors = frozenset(rnd.sample(ACTORS, 2))
            words = rnd.sample(VOCAB[:120], 6) + rnd.sample(VOCAB, 4)
        prev = (cty, city, day, ptype, actors, words)
        for _ in range(rnd.randint(1, 5)):
            if len(mentions) >= n:
                break
            article += 1
            prec = rnd.choices(["day", "week", "month", None], [0.6, 0.1, 0.1, 0.2])[0]
            published = day + rnd.randint(0, 5)
            if prec == "day":
                lo = hi = day
            elif prec == "week":
                lo = day - rnd.randint(0, 6)
                hi = lo + 6
            elif prec == "month":
                d = dt.date.fromordinal(day)
                lo = d.replace(day=1).toordinal()
                hi = lo + 27
            else:
                lo = hi = None
            place = city if rnd.random() < 0.7 else None
            mw = frozenset(rnd.sample(words, 5) + rnd.sample(VOCAB, 4))
            m = L.Mention(
                id=f"a{article}:e1", article=f"a{article}", group=f"a{article}", plover_type=ptype,
                lo=lo, hi=hi, precision=prec, published=published, country=cty, place=place,
                place_level="city" if place else None,
                actors=actors if rnd.random() < 0.6 else frozenset(rnd.sample(ACTORS, 1)), words=mw,
            )
            mentions.append(m)
            truth.append(event)
        event += 1
    return mentions, truth


def bench_link(n: int) -> dict:
    mentions, truth = synthetic(n)
    t0 = time.perf_counter()
    pairs = sum(1 for _ in L.candidate_pairs(mentions))
    t_pairs = time.perf_counter() - t0
    t0 = time.perf_counter()
    groups = L.link(mentions)
    t_link = time.perf_counter() - t0
    predicted = set()
    for g in groups:
        for (i, _), (j, _) in itertools.combinations(sorted(g), 2):
            predicted.add((i, j))
    by_event = defaultdict(list)
    for i, e in enumerate(truth):
        by_event[e].append(i)
    gold = {(i, j) for members in by_event.values() for i, j in itertools.combinations(members, 2)}
    tp = len(predicted & gold)
    return {
        "mentions": n, "seconds": round(t_link, 2), "pairs_seconds": round(t_pairs, 2), "candidate_pairs": pairs,
        "pairs_per_mention": round(pairs / n, 1), "mentions_per_second": round(n / t_link),
        "incidents": len(groups), "precision": round(tp / len(predicted), 3) if predicted else None,
        "recall": round(tp / len(gold), 3) if gold else None,
    }


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_articles(folder: Path, n: int) -> None:
    """n short generated articles (invented reports in real cities), one file each."""
    rnd = random.Random(2)
    cities = ["Nairobi", "Kisumu", "Mombasa", "Nakuru", "Kampala", "Lima", "Cusco", "Almaty", "Colombo"]
    folder.mkdir(parents=True, exist_ok=True)
    actors = ["Police", "Soldiers", "Riot officers", "Gunmen", "Security forces", "Striking workers"]
    acts = ["detained {n} protesters", "dispersed a march of {n} traders", "clashed with {n} students",
            "blocked a road with {n} vehicles", "arrested {n} opposition supporters"]
    extra = ["Shops stayed closed", "Schools sent pupils home", "Buses stopped running", "Markets emptied",
             "Hospitals treated the injured", "Roads were blocked", "Officials called for calm",
             "Opposition leaders condemned the arrests", "Witnesses described the scene"]
    for i in range(n):
        city = rnd.choice(cities)
        day = 1 + i % 28
        act = rnd.choice(acts).format(n=rnd.randint(2, 90))
        tail = " ".join(f"{x} in {rnd.choice(cities)} on day {rnd.randint(1, 9)}." for x in rnd.sample(extra, 3))
        (folder / f"d{i:06d}.txt").write_text(
            f"Report {i}\ndate: 2024-03-{day:02d}\noutlet: Outlet {i % 17}\n\n"
            f"{rnd.choice(actors)} {act} in {city} on March {day}, 2024, officials said. {tail}\n",
            encoding="utf-8")


def bench_ingest(n: int, engine: str = "local", workers: Optional[int] = None, batch_size: int = 16) -> dict:
    """Ingest n generated articles into a fresh store with one engine.

    local: everything in this process (peak RSS sampled after each tenth of the run).
    ray: a local Ray cluster of ``workers`` processes; each shard reports its worker's CPU
    seconds and peak RSS, so the table gives CPU per article and memory per worker (the
    workers are not children of this process: getrusage here would not see them)."""
    from corroborator.corpus.engine import EngineOptions
    from corroborator.corpus.ingest import ingest
    from corroborator.corpus.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        write_articles(folder, n)
        samples = []
        step = max(1, n // 10)

        def progress(s):
            if s.stored % step == 0:
                samples.append((s.stored, round(_rss_mib())))

        opts = EngineOptions(name=engine, workers=workers)
        t0, c0 = time.perf_counter(), time.process_time()
        with Store(Path(tmp) / "b.db") as store:
            summary = ingest([str(folder)], store, progress=progress, batch_size=batch_size,
                             engine=opts if engine != "local" else None)
        seconds, driver_cpu = time.perf_counter() - t0, time.process_time() - c0
    out = {"engine": engine, "workers": workers if engine != "local" else 1, "articles": n,
           "seconds": round(seconds, 1), "articles_per_second": round(n / seconds, 2),
           "driver_cpu_seconds": round(driver_cpu, 1), "events": summary.events, "failed": summary.failed,
           "first_failure": summary.failures[0] if summary.failures else None, "duplicates": summary.duplicates,
           "incidents": summary.incidents, "peak_rss_mib_by_articles": samples}
    st = opts.stats
    if st.shards:
        out.update({
            "worker_cpu_seconds": round(st.cpu_seconds, 1),
            "worker_load_cpu_seconds": round(st.load_cpu_seconds, 1),
            "worker_cpu_ms_per_article": round(1000 * st.cpu_seconds / n, 1),
            "articles_per_cpu_second": round(n / st.cpu_seconds, 2) if st.cpu_seconds else None,
            "worker_processes": len(st.workers),
            "worker_peak_rss_mib": st.peak_rss_mib,
            "shards": st.shards,
        })
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 100000])
    ap.add_argument("--ingest", type=int, default=0, help="also ingest this many generated articles")
    ap.add_argument("--engine", choices=["local", "ray"], default="local", help="ingest engine")
    ap.add_argument("--workers", type=int, nargs="*", default=[1, 2],
                    help="with --engine ray: one run per worker count (same input)")
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    results = {"link": [bench_link(n) for n in args.sizes]}
    if args.ingest and args.engine == "ray":
        results["ingest_runs"] = [bench_ingest(args.ingest, "ray", w, args.batch_size) for w in args.workers]
    elif args.ingest:
        results["ingest"] = bench_ingest(args.ingest, batch_size=args.batch_size)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{'mentions':>9} {'seconds':>8} {'pairs':>10} {'pairs/m':>8} {'m/s':>8} {'incidents':>9} {'P':>6} {'R':>6}")
    for r in results["link"]:
        print(f"{r['mentions']:>9} {r['seconds']:>8} {r['candidate_pairs']:>10} {r['pairs_per_mention']:>8} "
              f"{r['mentions_per_second']:>8} {r['incidents']:>9} {r['precision']!s:>6} {r['recall']!s:>6}")
    if "ingest" in results:
        r = results["ingest"]
        print(f"\ningest {r['articles']} articles: {r['seconds']} s ({r['articles_per_second']}/s), "
              f"{r['events']} events, {r['duplicates']} near-duplicates, {r['incidents']} incidents")
        print("peak RSS (MiB) after n articles: " + ", ".join(f"{a}: {m}" for a, m in r["peak_rss_mib_by_articles"]))
    for r in results.get("ingest_runs", []):
        print(f"\nray, {r['workers']} worker(s), {r['articles']} articles: {r['seconds']} s wall "
              f"({r['articles_per_second']}/s), driver CPU {r['driver_cpu_seconds']} s, worker CPU "
              f"{r.get('worker_cpu_seconds')} s + {r.get('worker_load_cpu_seconds')} s loading the model "
              f"({r.get('worker_cpu_ms_per_article')} ms/article, "
              f"{r.get('articles_per_cpu_second')} articles per CPU second), {r.get('worker_processes')} worker "
              f"processes, worker peak RSS {r.get('worker_peak_rss_mib')} MiB, {r['events']} events, {r['failed']} failed")


if __name__ == "__main__":
    main()
