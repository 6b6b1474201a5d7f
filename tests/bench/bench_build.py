"""Benchmark: `hwerr catalog build` on 40 generated pages of 200 rows each (all four families).

Run: python tests/bench/bench_build.py
Prints the build time (in process and the CLI end to end) and a baseline measured in
the same run: reading the same files and dumping a catalog of the same size as JSON,
and lxml parsing the HTML pages alone. The floor set by issue #2 is under 5 s.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import lxml.html

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from catalog.build import build  # noqa: E402

PAGES, ROWS = 40, 200
HEADER = ["状态码", "错误码", "错误信息", "描述", "解决方案"]


def row_cells(page: int, row: int) -> list[str]:
    return [
        "400" if row % 3 else "404/500",
        f"SVC{page}.{row:04d}",
        f"Invalid parameter {{name}} in request {row}: &lt;x:x:x&gt;.",
        f"请求参数{row}非法，请检查取值范围。",
        f"请检查参数后重试；如果问题仍然存在，请联系技术支持（第{row}项）。",
    ]


def html_page(page: int) -> str:
    def cell(tag: str, text: str, n: int) -> str:
        anchor = f"zh-cn_topic_{page}_p{n}"
        return (
            f'<{tag} class="cellrowborder" valign="top" width="20%"><p id="{anchor}">'
            f'<a name="{anchor}"></a><a name="{anchor}"></a>{text}</p>\n</{tag}>\n'
        )

    head = "".join(cell("th", text, i) for i, text in enumerate(HEADER))
    body = "".join(
        "<tr>"
        + "".join(cell("td", t, r * 10 + i) for i, t in enumerate(row_cells(page, r)))
        + "</tr>\n"
        for r in range(ROWS)
    )
    return f"# 错误码\n\n<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>\n"


def pipe_page(page: int) -> str:
    lines = ["|" + "|".join(HEADER) + "|", "|" + "--|" * len(HEADER)]
    lines += ["|" + "|".join(row_cells(page, r)) + "|" for r in range(ROWS)]
    return "# 错误码\n\n" + "\n".join(lines) + "\n"


def rst_page(page: int) -> str:
    widths = [14, 14, 70, 50, 70]

    def line(cells: list[str]) -> str:
        return "|" + "|".join((" " + c).ljust(w) for c, w in zip(cells, widths, strict=True)) + "|"

    def rule(char: str) -> str:
        return "+" + "+".join(char * w for w in widths) + "+"

    english = ["Status Code", "Error Code", "Error Message", "Description", "Solution"]
    out = [rule("-"), line(english), rule("=")]
    for r in range(ROWS):
        cells = row_cells(page, r)
        text = [cells[0], cells[1], cells[2].replace("&lt;", "<").replace("&gt;", ">"), "", ""]
        out += [line(text), line(["", "", "", "Bad parameter.", "Check the value."]), rule("-")]
    return "Error Codes\n===========\n\n" + "\n".join(out) + "\n"


def plain_page(page: int) -> str:
    cells = ["Status Code", "Error Code", "Description", "Description", "Handling Measure"]
    for r in range(ROWS):
        status, code, message, _, solution = row_cells(page, r)
        cells += [status, code, message, message, solution]
    return "Site navigation\n\nError Codes\n\n" + "\n\n".join(cells) + "\n\nFeedback\n"


FAMILIES = [("md", html_page), ("md", pipe_page), ("rst", rst_page), ("txt", plain_page)]


def cpu_seconds() -> float:
    """CPU time of this process and its finished children: what the work costs, load or not."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(action) -> tuple[float, float, object]:
    """(wall seconds, CPU seconds, result)."""
    start, cpu = time.perf_counter(), cpu_seconds()
    result = action()
    return time.perf_counter() - start, cpu_seconds() - cpu, result


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        pages = Path(folder) / "pages"
        pages.mkdir()
        for number in range(PAGES):
            suffix, make = FAMILIES[number % len(FAMILIES)]
            (pages / f"page_{number:02d}.{suffix}").write_text(make(number), encoding="utf-8")
        size = sum(p.stat().st_size for p in pages.iterdir())

        seconds, cpu, (built, skips) = timed(lambda: build([pages]))
        assert len(built) == PAGES * ROWS and not skips, (len(built), skips[:3])

        out = Path(folder) / "catalog.json"
        command = [sys.executable, "-m", "bot", "catalog", "build", str(pages), "-o", str(out)]
        cli_seconds, cli_cpu, _ = timed(
            lambda: subprocess.run(command, cwd=ROOT, check=True, stderr=subprocess.DEVNULL)
        )

        def read_and_dump() -> None:
            texts = [p.read_text(encoding="utf-8") for p in sorted(pages.iterdir())]
            json.dumps([{"text": text} for text in texts] + [e.to_dict() for e in built])

        baseline, _, _ = timed(read_and_dump)
        html_files = sorted(pages.glob("*.md"))[::2]
        lxml_seconds, _, _ = timed(
            lambda: [lxml.html.fromstring(p.read_bytes()) for p in html_files]
        )

    per_family = PAGES // len(FAMILIES)
    load = os.getloadavg()[0]
    print(f"{PAGES} pages x {ROWS} rows ({size / 1e6:.1f} MB, {per_family} pages per family)")
    print(f"machine: {os.cpu_count()} cores, load average {load:.1f} (wall times grow with it)")
    print(
        f"build() in process:          {seconds:6.3f} s wall, {cpu:6.3f} s CPU ({len(built)} rows)"
    )
    print(f"hwerr catalog build (CLI):   {cli_seconds:6.3f} s wall, {cli_cpu:6.3f} s CPU (< 5 s)")
    print(f"baseline read + JSON dump:   {baseline:6.3f} s  -> build is {seconds / baseline:.0f}x")
    print(f"baseline lxml parse of HTML: {lxml_seconds:6.3f} s  ({len(html_files)} pages)")


if __name__ == "__main__":
    main()
