"""Benchmark: how fast `find_codes` scans pasted text, against the naive code regex.

    python tests/bench/bench_scan.py [--megabytes 4]

Prints MB/s (UTF-8 bytes) for mixed chat and log text with codes sprinkled in, and the best of N
milliseconds for adversarial 40,000-character messages, both for `find_codes` and for the naive
regex `[A-Za-z]+(?:[.-][A-Za-z]+)*\\.[0-9]{4,9}` (finditer) measured in the same run, with ratios.
Floors (issue #3): >= 15 MB/s; every adversarial message <= 5 ms.

A message can hold thousands of codes, and `find_codes` returns a `Mention` for each: for every
message the bench also times what merely returning its mentions costs (cutting the message into
words at C speed and building the mentions from values known in advance, no judgement at all),
the least any finder that returns them can spend, and prints `find_codes` as a ratio of it.
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from catalog.codes import Mention, find_codes
from catalog.model import Catalog, load_default
from catalog.words import dense_words
from tests.entries import make_entry

NAIVE = re.compile(r"[A-Za-z]+(?:[.-][A-Za-z]+)*\.[0-9]{4,9}")
SYNTHETIC_CODES = 100_000
MESSAGE = 40_000


def synthetic_catalog(rng: random.Random) -> Catalog:
    """The shipped catalog (when built) plus synthetic codes of every shape the pages use."""
    try:
        shipped = list(load_default())
    except FileNotFoundError:
        shipped = []
        print("(no shipped catalog yet: synthetic codes only)")
    prefixes = ["SCM", "APIG", "LIVE", "ModelArts", "Ecs", "CCI.01", "SVCSTG.CCE-ADDONMGR", "DBS"]
    prefixes += [f"SVC{index}" for index in range(200)]
    entries = [
        make_entry(
            f"{rng.choice(prefixes)}.{rng.randint(0, 10 ** rng.choice((4, 6, 9)) - 1):04d}",
            service="Synthetic",
            message="Synthetic message.",
            source="synthetic",
            row=index,
        )
        for index in range(SYNTHETIC_CODES)
    ]
    return Catalog.from_entries(shipped + entries)


def mixed_text(catalog: Catalog, rng: random.Random, megabytes: float) -> str:
    """Chat and log lines of every kind engineers paste; about one line in twelve has a code."""
    codes = catalog.codes()

    def hexid(length: int = 32) -> str:
        return "".join(rng.choice("0123456789abcdef") for _ in range(length))

    def line() -> str:
        code = rng.choice(codes)
        stamp = f"2024-11-05T10:{rng.randint(10, 59)}:{rng.randint(10, 59)}.{rng.randint(0, 999)}Z"
        host = f"10.0.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        return rng.choices(
            [
                f"{stamp} INFO [pool-3-thread-{rng.randint(1, 9)}] c.h.c.gateway.Handler - GET "
                f"/v2.0/{hexid()}/servers from {host} took {rng.random() * 100:.2f} ms",
                f"{stamp} DEBUG app.log.20241105 rotated, version v1.2.3, region ap-southeast-3, "
                f"project {hexid()}, amount 12.50 USD, ticket INC-{rng.randint(10**4, 10**5)}",
                "hey, anyone seen this? deploy to ap-southeast-3 failed again after the upgrade, "
                "see https://console.example.com/ecs/?region=ap-southeast-3#/list",
                "调用接口一直失败，实例在 cn-north-4，版本 v2.0，费用 12.50 元，请帮忙看下，谢谢。",
                f"{stamp} WARN retrying request {hexid(8)}-{hexid(4)}-{hexid(4)}-{hexid(4)}-"
                f"{hexid(12)} after 3.5s (attempt 2/5) at https://ecs.ap-southeast-3.example.com/v1",
                f"{stamp} ERROR ClientRequestException - {{status_code:400, request_id:{hexid()},"
                f"error_code:{code},error_msg:The request is invalid: check the body }}",
                f'{{"error_code": "{code}", "error_msg": "Invalid parameter.", '
                f'"request_id": "{hexid()}"}}',
                f"调用接口报{code}（实例不存在），请帮忙看下",
            ],
            weights=[30, 20, 15, 15, 12, 3, 3, 2],
        )[0]

    lines: list[str] = []
    size = 0
    while size < megabytes * 1e6:
        lines.append(line())
        size += len(lines[-1].encode()) + 1
    return "\n".join(lines)


def adversarial(catalog: Catalog) -> dict[str, str]:
    """40,000-character messages built to make a backtracking pattern blow up, or dense with
    code-like tokens and field labels so that any per-token Python work adds up."""
    dotted = [code for code in catalog.codes() if "." in code]
    distinct = " ".join(dotted)
    rid = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
    return {
        "A.A.A…": ("A." * MESSAGE)[:MESSAGE],
        "A-A-…-A.123": ("A-" * MESSAGE)[: MESSAGE - 5] + "A.123",
        "AAAA-AAAA-…": ("AAAA-" * MESSAGE)[:MESSAGE],
        "digits": "1" * MESSAGE,
        "digits.digits": ("1234567." * MESSAGE)[:MESSAGE],
        "x… then a code": "x" * (MESSAGE - 9) + " SCM.0014",
        "x…glued to a code": "x" * (MESSAGE - 8) + "SCM.0014",
        "a1.1a1.1…": ("a1.1" * MESSAGE)[:MESSAGE],
        "code:code:…": ("code:" * MESSAGE)[:MESSAGE],
        '\\\\\\"…': ('\\\\\\"' * MESSAGE)[:MESSAGE],
        "SCM.0014 × 4,444": ("SCM.0014 " * MESSAGE)[:MESSAGE],
        "a.123 × 8,000": ("a.123 " * MESSAGE)[:MESSAGE],
        "distinct known codes": distinct[:MESSAGE],
        "distinct unknown": " ".join(f"SCM.{n:05d}" for n in range(MESSAGE))[:MESSAGE],
        "distinct unknown, lower": " ".join(f"scm.{n:05d}" for n in range(MESSAGE))[:MESSAGE],
        "A.000 A.001 … G.665": " ".join(
            f"{chr(65 + n // 1000)}.{n % 1000:03d}" for n in range(26_000)
        )[:MESSAGE],
        "codes closing sentences": " ".join(f"SCM.{n}." for n in range(MESSAGE))[:MESSAGE],
        "escaped codes, one word": "".join(f"\\nSCM.{n:05d}" for n in range(MESSAGE))[:MESSAGE],
        "a.1b0 a.1b1 …": " ".join(f"a.1b{n}" for n in range(MESSAGE))[:MESSAGE],
        "JSON error bodies": (
            f'{{"error_code":"SCM.0014","request_id":"{rid}","status_code":400}}\n' * MESSAGE
        )[:MESSAGE],
        "JSON bodies, each code": "\n".join(
            f'{{"error_code":"{code}","request_id":"{rid}","status_code":400}}' for code in dotted
        )[:MESSAGE],
        "JSON bodies, each unknown": "\n".join(
            f'{{"error_code":"SCM.{n:05d}","request_id":"{rid}","status_code":400}}'
            for n in range(MESSAGE)
        )[:MESSAGE],
        "error_code:1000, …:1001, …": "".join(f"error_code:{n}," for n in range(1000, MESSAGE))[
            :MESSAGE
        ],
        "codes each with a status": "".join(
            f"SCM.{n:05d} status:{400 + n % 5}\n" for n in range(MESSAGE)
        )[:MESSAGE],
        "<Code>NoSuchXKey</Code> …": "".join(
            f"<Code>NoSuch{n:x}Key</Code>" for n in range(MESSAGE)
        )[:MESSAGE],
        "code=ERR_X&code=…": "".join(f"code=ERR_{n:x}&" for n in range(MESSAGE))[:MESSAGE],
        "full-width codes": "".join(f"ＳＣＭ．{n:04d} " for n in range(MESSAGE))[
            :MESSAGE
        ].translate({digit: digit + 0xFEE0 for digit in range(ord("0"), ord("9") + 1)}),
        "codes glued to Chinese": "".join(f"报SCM.{n:04d}错" for n in range(MESSAGE))[:MESSAGE],
        "error_code:409,": ("error_code:409," * MESSAGE)[:MESSAGE],
        "request_id:x ": ("request_id:ab12 " * MESSAGE)[:MESSAGE],
        "status:400 ": ("status:400 " * MESSAGE)[:MESSAGE],
        "\\nSCM.0014": ("\\nSCM.0014" * MESSAGE)[:MESSAGE],
    }


def best_seconds(run: Callable[[], object], repeats: int, budget: float = 1.0) -> float:
    """The best of `repeats` runs, or of as many as fit in `budget` seconds (at least one): the
    naive regex takes tens of seconds on some messages."""
    best = float("inf")
    deadline = time.perf_counter() + budget
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
        if time.perf_counter() > deadline:
            break
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=4.0)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(20241105)
    catalog = synthetic_catalog(rng)
    text = mixed_text(catalog, rng, args.megabytes)
    find_codes("warm the per-catalog cache: SCM.0014", catalog)
    megabytes = len(text.encode()) / 1e6
    print(f"catalog: {len(catalog)} entries; text: {megabytes:.2f} MB, {len(text)} characters")

    ours = best_seconds(lambda: find_codes(text, catalog), args.repeats)
    naive = best_seconds(lambda: sum(1 for _ in NAIVE.finditer(text)), args.repeats)
    found = find_codes(text, catalog)
    print(f"mentions found: {len(found)} distinct, {sum(m.known for m in found)} known")
    print(
        f"mixed text  find_codes {megabytes / ours:6.1f} MB/s   naive regex "
        f"{megabytes / naive:6.1f} MB/s   ratio {naive / ours:4.1f}x   (floor 15 MB/s)"
    )

    print(
        f"\nadversarial {MESSAGE}-character messages, best of {args.repeats} (ms; floor 5 ms); "
        "'results': what merely returning the codes found costs"
    )
    worst = 0.0
    for name, message in adversarial(catalog).items():
        ours = best_seconds(lambda message=message: find_codes(message, catalog), args.repeats)
        naive = best_seconds(
            lambda message=message: sum(1 for _ in NAIVE.finditer(message)), args.repeats
        )
        found = find_codes(message, catalog)
        returned = ""
        if found:
            columns = list(zip(*found, strict=True))
            results = best_seconds(
                lambda message=message, columns=columns: returning(message, columns), args.repeats
            )
            returned = f"results {results * 1e3:5.2f} ({ours / results:3.1f}x)"
        worst = max(worst, ours)
        print(
            f"  {name:26} find_codes {ours * 1e3:6.2f}  {len(found):5} codes  {returned:21}  "
            f"naive {naive * 1e3:9.2f} ({naive / ours:8.1f}x)"
        )
    print(f"worst adversarial message: {worst * 1e3:.2f} ms")


def returning(message: str, columns: list[tuple[object, ...]]) -> list[Mention]:
    """Cut `message` into words at C speed and build its mentions from their `columns`, known in
    advance: what a finder spends on returning them before it judges a single word."""
    dense_words(message)
    return list(map(tuple.__new__, itertools.repeat(Mention), zip(*columns, strict=True)))


if __name__ == "__main__":
    main()
