"""reStructuredText pages: grid tables with wrapped cells and notes, list tables, quiet docutils."""

from __future__ import annotations

from catalog.parse import parse_page
from tests.catalog.conftest import codes


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


def test_a_pipe_inside_cell_text_of_a_cjk_grid_padded_by_code_points_stays_text(page):
    """Cells are cut under the border's `+`s, so `=+|[{}]` (a password rule, as on the DMS
    page) neither ends the message early nor pushes the code into the wrong column."""
    result = page("dms_cjk_grid_pipe_in_cell.rst")
    assert codes(result) == ["DMS.0012", "DMS.0013", "DMS.0014"]
    rule, _, flavor = result.entries
    assert (rule.message, rule.http_status) == ("密码须含特殊字符 ~!@#$%^&*-_=+|[{}]", 400)
    assert rule.solution == "按密码规则重新设置"
    assert (flavor.message, flavor.solution) == ("规格 c6|c7 不可用", "选择其他规格")
    assert not result.skips


def test_table_directive_with_a_two_line_header_read_by_meaning_and_a_note_in_a_cell(page):
    """Headers `Message Displayed on the Management Console`, `Solution Suggestion`; a footer."""
    result = page("evs_console_messages.rst")
    assert [e.code for e in result.entries] == ["Evs.0001", "EVS.2012"]
    quota, attached = result.entries
    assert quota.message == "The disk quota is used up."
    assert quota.solution.splitlines() == [
        "Request a larger quota.",
        "NOTE: A quota is counted per region.",
    ]
    assert attached.message == "The disk is attached to another server."
    assert [str(s) for s in result.skips] == [
        "evs_console_messages.rst row 3: 'Other error codes' is not an error code"
    ]


def test_a_blank_module_cell_under_a_named_one_takes_that_module():
    """The OTC converter flattens a Module rowspan into blank cells between full borders."""
    text = """Error Codes
===========

+---------------+-------------+------------+---------------------------+
| Module        | Status Code | Error Code | Message                   |
+===============+=============+============+===========================+
| Public        | 400         | EIP.0002   | Invalid request.          |
+---------------+-------------+------------+---------------------------+
|               | 401         | EIP.0005   | Lack of user authority.   |
+---------------+-------------+------------+---------------------------+
| Creating an   | 409         | EIP.0101   | Quota exceeded.           |
| EIP           |             |            |                           |
+---------------+-------------+------------+---------------------------+
|               | 400         | EIP.0102   | Invalid bandwidth size.   |
+---------------+-------------+------------+---------------------------+
"""
    result = parse_page(text, "eip.rst")
    assert [(e.group, e.code) for e in result.entries] == [
        ("Public", "EIP.0002"),
        ("Public", "EIP.0005"),
        ("Creating an EIP", "EIP.0101"),
        ("Creating an EIP", "EIP.0102"),
    ]


def test_grid_row_spans_reach_every_row_they_cover_and_the_footer_is_no_code(page):
    """`+` lines that stop at a spanned column: the module and status above cover the rows
    below; a `.. note::` and a list in a cell become lines; `AS. 3012` loses its typo space."""
    result = page("as_grid_rowspans.rst")
    assert codes(result) == ["AS.2001", "AS.2002", "AS.2007", "AS.3001", "AS.3012"]
    assert [(e.group, e.http_status, e.status_text) for e in result.entries] == [
        ("AS group", 400, None),
        ("AS group", 400, None),
        ("AS group", 404, "404/500"),
        ("AS policy", 403, "403 Forbidden"),
        ("AS policy", 400, None),
    ]
    assert result.entries[2].solution == "Check the group ID."
    listed = result.entries[3].solution.splitlines()
    assert listed == ["Stop the policy first.", "Retry the request."]
    assert [str(s) for s in result.skips] == [
        "as_grid_rowspans.rst row 6: 'Other error codes' is not an error code"
    ]


def test_list_and_csv_tables_with_a_caption_are_found_with_no_simple_table_beside(page):
    # the directive's argument is the table's caption; with no simple table on the page
    # nothing else sends the page to docutils for its directive tables
    result = page("sdrs_list_table_caption.rst")
    assert [(e.code, e.http_status) for e in result.entries] == [
        ("SDRS.1001", 400),
        ("SDRS.1302", 409),
        ("SDRS.0401", 401),
    ]
    assert result.entries[2].message == "Authentication failed, token expired."
