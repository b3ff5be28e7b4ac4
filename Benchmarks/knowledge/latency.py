#!/usr/bin/env python3
"""Latency of ranked, filtered searches through Amity's API, one client, keep-alive.

    python3 Benchmarks/knowledge/latency.py BASE_URL [REQUESTS]

A fixed mix of 47 queries (common and rare words, the most frequent words, one- and two-letter
prefixes, single CJK characters, filters alone and with words) runs after a warm-up that also
fetches their second pages; the timed requests are first and second pages alike, each about 21
times, so the percentiles are for a warm cache. Prints p50/p95/p99 overall and
per kind, in milliseconds.
"""
import http.client, json, os, random, statistics, sys, time, urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generate import vocabulary

q = urllib.parse.quote

MIX = {
    "common word": ["q=mask", "q=vaccine", "q=quarantine", "q=school"],
    "two words": ["q=elderly%20hotline", "q=food%20delivery", "q=small%20business"],
    "CJK": ["q=" + urllib.parse.quote(w) for w in ["口罩", "疫苗接種", "マスク", "마스크", "격리", "長者"]],
    "word + area": ["q=mask&area=vulnerable-groups", "q=vaccine&area=service-delivery", "q=" + urllib.parse.quote("口罩") + "&area=public-communication"],
    "word + country": ["q=hospital&country=US", "q=" + urllib.parse.quote("防疫") + "&country=TW", "q=vacuna&country=MX"],
    "word + language + size": ["q=mask&language=en&size=megacity", "q=masques&language=fr&size=city", "q=" + urllib.parse.quote("마스크") + "&language=ko&size=large"],
    "filters only": ["area=economic-recovery&from=2021-01-01&until=2021-06-30", "country=JP&language=ja", "network=citynet"],
    "rare word": ["q=libraries%20tourism", "q=" + urllib.parse.quote("図書館") + "&size=town"],
    "prefix": ["q=vacc", "q=quar", "q=tel"],
    # The hard ones: the most frequent word of English and of Chinese text (in nearly every
    # practice of its language), one- and two-letter prefixes, single Han, kana and Hangul.
    "most frequent word": ["q=" + q(vocabulary("en")[0][0]), "q=" + q(vocabulary("zh")[0][0]), "q=" + q(vocabulary("es")[0][0]) + "&size=city"],
    "one-letter prefix": ["q=m", "q=s", "q=b", "q=v&language=en"],
    "two-letter prefix": ["q=ma", "q=re", "q=to", "q=co&area=economic-recovery"],
    "one CJK character": ["q=" + q(c) for c in ["口", "的", "マ", "は", "마", "가"]],
}


def main(base, requests=2_000):
    url = urllib.parse.urlparse(base)
    connection = http.client.HTTPConnection(url.hostname, url.port)
    plan = [(kind, query) for kind, queries in MIX.items() for query in queries]
    rng = random.Random(7)

    def fetch(query):
        started = time.perf_counter()
        connection.request("GET", "/api/v1/search?" + query)
        response = connection.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status == 200, (query, response.status, body[:200])
        return elapsed, json.loads(body)

    for kind, query in list(plan):  # warm-up; second pages join the plan
        _, first = fetch(query)
        if first.get("nextCursor"):
            plan.append((kind, query + "&cursor=" + first["nextCursor"]))
            fetch(plan[-1][1])
    timings = {kind: [] for kind in MIX}
    matches = {kind: [] for kind in MIX}
    totals = []
    for _ in range(requests):
        kind, query = rng.choice(plan)
        elapsed, result = fetch(query)
        timings[kind].append(elapsed)
        matches[kind].append(result["total"])
        totals.append(result["total"])

    def pct(values, p):
        values = sorted(values)
        return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]

    everything = [t for ts in timings.values() for t in ts]
    print(f"{'query kind':<24} {'n':>5} {'p50':>7} {'p95':>7} {'p99':>7}   (ms)  matches (median, max)")
    for kind, ts in timings.items():
        print(f"{kind:<24} {len(ts):>5} {pct(ts, 50):>7.1f} {pct(ts, 95):>7.1f} {pct(ts, 99):>7.1f}        "
              f"{statistics.median(matches[kind]):>7.0f} {max(matches[kind]):>7}")
    print(f"{'all':<24} {len(everything):>5} {pct(everything, 50):>7.1f} {pct(everything, 95):>7.1f} {pct(everything, 99):>7.1f}")
    print(f"matches per query: median {statistics.median(totals):.0f}, max {max(totals)}")


if __name__ == "__main__":
    main(sys.argv[1], *map(int, sys.argv[2:3]))
