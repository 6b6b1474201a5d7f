"""Benchmark lookup: typo suggestions, free-text search, and loading, on 100,000 synthetic entries.

    python tests/bench/bench_lookup.py

Each figure is printed with the ratio to a baseline measured in the same run:
difflib.get_close_matches for typos, a naive linear `in` scan for free text,
json.load alone for loading. Floors (issue #3): typos p99 <= 10 ms and >= 40x
difflib; search p99 <= 100 ms in English and Chinese once indexed; shipped
catalog load <= 50 ms; 100,000-entry load <= 1 s and first search <= 1 s more.
"""

from __future__ import annotations

import difflib
import json
import random
import statistics
import string
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from catalog.lookup import Lookup
from catalog.model import SHIPPED, Catalog, Entry
from tests.entries import make_entry

SIZE = 100_000
RNG = random.Random(20241105)
EN_TEXT = (
    "request parameter invalid token expired image damaged certificate private key does not match "
    "backend timeout throttling threshold reached quota exceeded user account frozen permission "
    "denied domain name resolution failed instance cluster addon version upload download failed "
    "service unavailable internal error check whether the value is correct contact technical "
    "support retry later obtain a new and pass it configuration network bandwidth size format"
)
EN_WORDS = EN_TEXT.split()
ZH_TEXT = (
    "上传证书和私钥不匹配请传递正确的证书和私钥请求参数错误证书编号异常域名数量或格式与所购买证书要求不一致"
    "后端超时增大超时时间或缩小后端的处理时间插件不存在获取用户信息失败转换响应错误账户冻结请联系管理员解冻"
    "权限不足缺少策略项目不存在推送失败加密失败流控值限制等待刷新后访问认证信息错误检查是否正确"
)


def sentence(length: int, chinese: bool) -> str:
    if chinese:
        start = RNG.randrange(len(ZH_TEXT) - length)
        return ZH_TEXT[start : start + length]
    words: list[str] = []
    while sum(len(word) + 1 for word in words) < length:
        words.append(RNG.choice(EN_WORDS))
    return " ".join(words).capitalize() + "."


def synthetic_entries(size: int) -> list[Entry]:
    prefixes = sorted(
        {"".join(RNG.choices(string.ascii_uppercase, k=RNG.randint(2, 6))) for _ in range(400)}
    )
    codes: set[str] = set()
    while len(codes) < size:
        digits = RNG.randint(4, 9)
        codes.add(f"{RNG.choice(prefixes)}.{RNG.randrange(10**digits):0{digits}d}")
    entries = []
    for row, code in enumerate(sorted(codes)):
        chinese = row % 2 == 0
        scale = 1 / 3 if chinese else 1  # a Chinese character says about three letters' worth
        entries.append(
            make_entry(
                code,
                service=f"Service {code.split('.')[0]}",
                http_status=RNG.choice((400, 401, 403, 404, 500)),
                message=sentence(int(60 * scale), chinese),
                description=sentence(int(40 * scale), chinese),
                solution=sentence(int(80 * scale), chinese),
                language="zh" if chinese else "en",
                source=f"page_{code.split('.')[0]}.md",
                row=row,
            )
        )
    return entries


def typo(code: str) -> str:
    chars = list(code)
    at = RNG.randrange(len(chars) - 1)
    kind = RNG.choice(("swap", "drop", "insert", "replace"))
    if kind == "swap":
        chars[at], chars[at + 1] = chars[at + 1], chars[at]
    elif kind == "drop":
        del chars[at]
    elif kind == "insert":
        chars.insert(at, RNG.choice(string.digits))
    else:
        chars[at] = RNG.choice(string.digits + string.ascii_uppercase)
    return "".join(chars)


def timed(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return (time.perf_counter() - start) * 1000


def summary(label: str, times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    print(f"  {label:<44} p50 {p50:8.2f} ms   p99 {p99:8.2f} ms   (n={len(times)})")
    return p50, p99


def bench_loading(path: Path, label: str) -> float:
    baseline = min(timed(lambda: json.loads(path.read_text(encoding="utf-8"))) for _ in range(3))
    load = min(timed(Catalog.load, path) for _ in range(3))
    print(
        f"  load {label:<39} {load:8.1f} ms   json.load alone {baseline:8.1f} ms"
        f"   ratio {load / baseline:5.2f}x"
    )
    return load


def main() -> None:
    print(f"building {SIZE:,} synthetic entries ...")
    entries = synthetic_entries(SIZE)
    folder = Path(tempfile.mkdtemp(prefix="hwerr-bench-"))
    big = folder / "catalog.json"
    Catalog.from_entries(entries).save(big)
    print(f"  {big.stat().st_size / 1e6:.1f} MB of JSON\n\nloading")
    if SHIPPED.exists():
        bench_loading(SHIPPED, f"shipped catalog ({len(Catalog.load(SHIPPED))} entries)")
    else:
        print("  (no shipped catalog.json in this tree yet: build it, then run again)")
    bench_loading(big, f"{SIZE:,} entries")

    start = time.perf_counter()
    catalog = Catalog.load(big)
    loaded = time.perf_counter()
    lookup = Lookup(catalog)
    first = lookup.answer("token expired")
    answered = time.perf_counter()
    print(
        f"  load then first search ('token expired')   {(loaded - start) * 1000:8.1f} ms"
        f" + {(answered - loaded) * 1000:.1f} ms ({first.total_hits} matches, index not ready)"
    )
    lookup._index.wait()
    print(f"  index ready {(time.perf_counter() - loaded) * 1000:.0f} ms after loading")

    print("\ntypo suggestions (Lookup.suggest, limit 5)")
    codes = [entry.code for entry in entries]
    queries = [typo(code) for code in RNG.sample(codes, 300)]
    lookup.suggest(queries[0])  # builds the suggester once
    _, p99 = summary(
        "rapidfuzz OSA, grouped by prefix", [timed(lookup.suggest, q) for q in queries]
    )
    sample = queries[:15]
    ours = [timed(lookup.suggest, q) for q in sample]
    theirs = [timed(difflib.get_close_matches, q, codes) for q in sample]
    ours_mean, theirs_mean = statistics.mean(ours), statistics.mean(theirs)
    print(
        f"  on {len(sample)} of them: ours mean {ours_mean:.2f} ms, difflib mean "
        f"{theirs_mean:.1f} ms: {theirs_mean / ours_mean:.0f}x faster"
    )

    print("\nfree-text search once indexed (Lookup.search, limit 3)")
    texts = [f"{e.message}\n{e.description}\n{e.solution}".lower() for e in entries]
    english = [" ".join(RNG.sample(EN_WORDS, RNG.randint(1, 3))) for _ in range(150)]
    chinese = []
    for _ in range(150):
        length = RNG.randint(2, 6)
        at = RNG.randrange(len(ZH_TEXT) - length)
        chinese.append(ZH_TEXT[at : at + length])
    for label, batch in (("English", english), ("Chinese (2-6 characters)", chinese)):
        times = [timed(lookup.search, q) for q in batch]
        summary(label, times)
        naive = statistics.median(
            [timed(lambda q: [t for t in texts if q in t], q) for q in batch[:30]]
        )
        print(
            f"  {'naive `in` scan (baseline, 30 queries)':<44} p50 {naive:8.2f} ms"
            f"   ratio p50 {naive / statistics.median(times):.1f}x"
        )
    if p99 > 10:
        print("\nWARNING: typo p99 above the 10 ms floor")


if __name__ == "__main__":
    main()
