"""HTML tables in Markdown pages: spans, lists, noise, several tables, non-error tables."""

from __future__ import annotations

from catalog.parse import NO_TABLE, parse_page
from tests.catalog.conftest import codes


def test_module_rowspan_colspan_footer_and_several_tables_give_every_row_in_page_order(page):
    result = page("ecs_html_modules.md")
    assert codes(result) == [
        "Ecs.0005",
        "Ecs.0013",
        "DCS.4855",
        "EVS.2024",
        "Ecs.0005",
        "1100",
        "0171",
        "111400002",
        "APIG.0201",
        "APIG.0201",
    ]
    assert [str(skip) for skip in result.skips] == [
        "ecs_html_modules.md row 6: '其他' is not an error code"
    ]


def test_rowspan_module_reaches_every_row_under_it_and_columns_stay_aligned(page):
    entries = page("ecs_html_modules.md").entries
    assert [e.group for e in entries[:5]] == [
        "云服务器",
        "云服务器",
        "云服务器",
        "云硬盘",
        "云硬盘",
    ]
    assert (entries[1].http_status, entries[1].status_text) == (403, "403 Forbidden")
    assert entries[3].message == "Volume {volume_id} not found."
    assert (entries[3].http_status, entries[3].status_text) == (404, "404/500")


def test_empty_status_cell_gives_no_status(page):
    frozen = page("ecs_html_modules.md").entries[2]
    assert (frozen.code, frozen.http_status, frozen.status_text) == ("DCS.4855", None, None)


def test_escaped_placeholders_are_unescaped_and_lists_become_lines(page):
    first, _, _, volume, _ = page("ecs_html_modules.md").entries[:5]
    assert first.message == "Invalid parameter: <x:x:x>."
    assert first.solution.splitlines() == ["请检查：", "参数取值是否在范围内", "必选参数是否缺失"]
    assert volume.solution.splitlines() == ["确认磁盘ID。", "联系技术支持。"]


def test_header_in_a_first_row_of_td_and_code_plus_description_only(page):
    bare = page("ecs_html_modules.md").entries[5]
    assert (bare.code, bare.description, bare.message, bare.http_status) == (
        "1100",
        "任务执行超时",
        "",
        None,
    )


def test_a_parameter_table_alone_is_no_error_table():
    text = (
        "<table><tr><th>名称</th><th>参数类型</th><th>说明</th></tr>"
        "<tr><td>error_code</td><td>String</td><td>错误码，例如 Ecs.0001</td></tr></table>"
    )
    result = parse_page(text, "params.md")
    assert result.entries == []
    assert [str(s) for s in result.skips] == [f"params.md: {NO_TABLE}"]


def test_header_under_a_caption_row_and_br_lines_and_a_nested_table_stay_in_their_cell():
    text = """<table>
<tr><td colspan="3"><b>Table 3</b> Error codes</td></tr>
<tr><th>Error Code</th><th>Message</th><th>Solution</th></tr>
<tr><td>OBS.0001</td><td>Bad<br/>request</td><td>
  <table><tr><td>Step</td><td>Action</td></tr><tr><td>1</td><td>Retry</td></tr></table>
</td></tr>
<tr><td><code>NoSuchKey</code></td><td>The key does not exist.</td><td>Check the key.</td></tr>
</table>"""
    result = parse_page(text, "obs.md")
    assert codes(result) == ["OBS.0001", "NoSuchKey"]
    assert result.entries[0].message == "Bad\nrequest"
    assert result.entries[0].solution.splitlines() == ["Step", "Action", "1", "Retry"]
    assert result.skips == []


def test_tables_inside_fenced_code_are_examples_not_rows():
    text = """```html
<table><tr><th>错误码</th><th>描述</th></tr><tr><td>FAKE.0001</td><td>示例</td></tr></table>
```

<table><tr><th>错误码</th><th>描述</th></tr><tr><td>REAL.0001</td><td>真实</td></tr></table>
"""
    assert codes(parse_page(text, "fenced.md")) == ["REAL.0001"]


def test_an_error_table_inside_a_layout_table_is_found():
    text = """<table><tr><td>
<p>错误码列表</p>
<table><thead><tr><th>错误码</th><th>错误信息</th></tr></thead>
<tbody><tr><td>IAM.0001</td><td>用户不存在</td></tr><tr><td>IAM.0002</td><td>密码错误</td></tr></tbody>
</table>
</td></tr></table>"""
    result = parse_page(text, "layout.md")
    assert codes(result) == ["IAM.0001", "IAM.0002"]
    assert result.entries[1].row == 2
