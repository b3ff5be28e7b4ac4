"""Sign-in attempts one at a time during a storm, each from its own address behind the trusted
proxy, timed from request to answer: how long a refusal (429) takes to come back, and how often
an attempt gets through. python3 probe.py BASE COUNT [COOKIE]"""
import http.client
import statistics
import sys
import time
import urllib.parse

base, count = urllib.parse.urlparse(sys.argv[1]), int(sys.argv[2])
cookie = sys.argv[3] if len(sys.argv) > 3 else "__Host-amity_csrf"
times = {}
connection = http.client.HTTPConnection(base.hostname, base.port)
for n in range(count):
    body = f"csrf=probe&email=probe{n}%40example.org&password=Wrong-Password-{n}"
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"{cookie}=probe", "X-Forwarded-For": f"10.250.{n // 256}.{n % 256}"}
    started = time.perf_counter()
    connection.request("POST", "/sign-in", body, headers)
    response = connection.getresponse()
    response.read()
    times.setdefault(response.status, []).append((time.perf_counter() - started) * 1000)
    time.sleep(0.05)
for status, values in sorted(times.items()):
    values.sort()
    p99 = values[min(len(values) - 1, int(len(values) * 0.99))]
    print(f"{status}: {len(values)} attempts, median {statistics.median(values):.1f} ms, p99 {p99:.1f} ms, max {values[-1]:.1f} ms")
