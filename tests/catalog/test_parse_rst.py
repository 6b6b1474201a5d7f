"""reStructuredText pages: grid tables with wrapped cells and notes, list tables, quiet docutils."""

from __future__ import annotations

from catalog.parse import parse_page


def test_grid_table_with_two_description_columns_notes_and_lists_in_cells(page):
    result = page("dcs_grid.rst")
    entries = result.entries
    assert [e.code for e in entries] == ["DCS.4855", "DCS.4104", "Ecs.0005", "111400002"]
    frozen, invalid, perms, _ = entries
    assert frozen.message == "The instance is frozen."
    assert frozen.description == "The instance is frozen and cannot be modified."
    assert frozen.solution.splitlines() == [
        "Renew the instance or top up your account.",
        "A frozen instance is kept for 15 days.",
    ]
    assert invalid.message == "Invalid parameter <x:x:x>."
    assert invalid.solution.splitlines() == [
        "Check the following:",
        "The value is within the range.",
        "The value is not empty.",
    ]
    assert (perms.http_status, perms.status_text) == (403, "403/500")
    assert [str(s) for s in result.skips] == ["dcs_grid.rst row 5: 'Other' is not an error code"]


def test_list_table_and_simple_table_are_read_too_in_page_order():
    text = """Error codes
===========

.. list-table:: Gateway errors
   :header-rows: 1

   * - Error Code
     - Error Message
     - HTTP Status Code
   * - APIG.0101
     - API not exist.
     - 404

=========  ===========  ===============
返回值      中文说明      处理措施
=========  ===========  ===============
0171       镜像不存在    检查镜像ID
1100       任务超时      重试
=========  ===========  ===============
"""
    result = parse_page(text, "mixed.rst")
    assert [(e.code, e.http_status) for e in result.entries] == [
        ("APIG.0101", 404),
        ("0171", None),
        ("1100", None),
    ]
    assert result.entries[1].description == "镜像不存在"


def test_unknown_directives_and_roles_around_the_table_do_not_stop_the_page(page):
    result = page("dcs_grid.rst")
    assert len(result.entries) == 4
    assert not result.failed


def test_a_cjk_grid_table_padded_by_code_points_is_still_read():
    # docutils counts a CJK character as two columns, so these borders do not line up for it
    text = """错误码
======

+------+----------+----------+----------------+
| 状态码  | 错误码      | 描述       | 处理措施           |
+======+==========+==========+================+
| 400  | CSS.0001 | 参数错误     | 检查参数：          |
|      |          |          |                |
|      |          |          | -  取值范围         |
|      |          |          | -  是否为空         |
+------+----------+----------+----------------+
| 500  | CSS. 0002| 内部错误     | .. note::      |
|      |          |          |                |
|      |          |          |    联系技术支持     |
+------+----------+----------+----------------+
"""
    result = parse_page(text, "css.rst")
    assert [(e.code, e.http_status, e.description) for e in result.entries] == [
        ("CSS.0001", 400, "参数错误"),
        ("CSS.0002", 500, "内部错误"),
    ]
    assert result.entries[0].solution.splitlines() == ["检查参数：", "取值范围", "是否为空"]
    assert result.entries[1].solution == "联系技术支持"
    assert result.entries[1].row == 2
