"""Pages saved as plain text, one cell per paragraph: header runs, row anchors, repeated runs."""

from __future__ import annotations

from catalog.parse import parse_page
from tests.catalog.conftest import codes


def test_code_first_table_without_status_first_takes_extra_paragraphs_into_the_last_column(page):
    result = page("cbr_plain_code_first.txt")
    entries = result.entries
    assert [e.code for e in entries] == ["CBR.0001", "CBR.0002", "CBR.1038"]
    assert [(e.http_status, e.status_text) for e in entries] == [
        (400, None),
        (404, None),
        (403, "403/500"),
    ]
    assert entries[1].solution.splitlines() == [
        "Check whether the backup exists.",
        "If it was deleted, create a new backup.",
        "Make sure the backup belongs to your project.",
    ]
    assert [str(s) for s in result.skips] == [
        "cbr_plain_code_first.txt row 4: 'Other' is not an error code"
    ]


def test_a_heading_made_of_header_words_just_above_the_header_is_not_a_column(page):
    first = page("cbr_plain_code_first.txt").entries[0]
    assert (first.message, first.solution) == (
        "Invalid parameter.",
        "Check the request parameters.",
    )


def test_repeated_description_run_fills_both_columns_and_the_rest_goes_to_the_last():
    cells = [
        "Status Code", "Error Code", "Description", "Description", "Handling Measure",
        "401", "IAM.0301",
        "A1", "A2", "A1", "A2",
        "S1", "S2", "S3",
        "500", "IAM.0500", "Internal error.", "Internal error.", "Contact support.",
        "Cookies", "Feedback",
    ]  # fmt: skip
    result = parse_page("Error codes\n\n" + "\n\n".join(cells), "iam.txt")
    first, last = result.entries
    assert (first.message, first.description, first.solution) == ("A1\nA2", "A1\nA2", "S1\nS2\nS3")
    assert (last.code, last.solution) == ("IAM.0500", "Contact support.")


def test_one_cell_per_line_without_blank_lines_is_read_as_well():
    text = (
        "错误码\n错误信息\n解决方案\nSMN.0001\n参数错误\n检查参数\nSMN.0002\n主题不存在\n创建主题\n"
    )
    result = parse_page(text, "smn.txt")
    assert [(e.code, e.message, e.solution) for e in result.entries] == [
        ("SMN.0001", "参数错误", "检查参数"),
        ("SMN.0002", "主题不存在", "创建主题"),
    ]


def test_a_page_of_prose_has_no_error_table():
    result = parse_page("Error Codes\n\nSee the API Error Center for AS.0001 and more.\n", "x.txt")
    assert result.entries == []
    assert result.failed


def test_a_menu_of_headings_and_product_names_around_a_code_first_table_gives_no_rows():
    cells = [
        "Appendix", "Status Codes", "Error Codes", "Obtaining a Project ID",
        "ModelArts", "GaussDB",
        "Error Code", "Error Message", "Solution",
        "OBS.0001", "Bad request.", "Check the request.",
        "AccessDenied", "Access denied.", "Grant permissions.",
        "Related services", "ModelArts", "GaussDB", "KooDrive",
    ]  # fmt: skip
    result = parse_page("\n\n".join(cells), "obs.txt")
    assert [e.code for e in result.entries] == ["OBS.0001", "AccessDenied"]


def test_a_short_unknown_label_among_the_header_words_is_a_column_of_its_own():
    cells = [
        "No.", "Status Code", "Error Code", "Module", "Error Message",
        "1", "400", "DMS.1001", "Kafka", "Invalid topic.",
        "2", "404", "DMS.1002", "Kafka", "Topic not found.",
        "3", "500", "DMS.1003", "RabbitMQ", "Internal error.",
    ]  # fmt: skip
    result = parse_page("\n\n".join(cells), "dms.txt")
    assert [(e.code, e.http_status, e.group) for e in result.entries] == [
        ("DMS.1001", 400, "Kafka"),
        ("DMS.1002", 404, "Kafka"),
        ("DMS.1003", 500, "RabbitMQ"),
    ]


def test_a_parameter_table_before_the_error_table_neither_hides_it_nor_gives_rows(page):
    """名称/参数类型/说明 with `error_code`/`error_msg` cells, then 状态码/错误码/错误信息."""
    result = page("dli_params_then_errors.txt")
    assert [(e.http_status, e.code, e.message) for e in result.entries] == [
        (400, "DLI.0001", "参数校验错误"),
        (401, "DLI.0013", "用户认证错误"),
        (500, "DLI.0999", "服务端系统错误"),
    ]


def test_code_first_without_status_column_and_a_success_row_before_the_first_code(page):
    result = page("ddos_code_first_webtext.txt")
    assert [(e.code, e.description) for e in result.entries] == [
        ("10000000", "The task was accepted and is being processed."),
        ("10000001", "The request body is not valid JSON."),
        ("10001010", "The protected IP address does not exist."),
    ]


def test_a_module_cell_that_spanned_rows_is_given_to_every_row_under_it(page):
    """Saved as text, a `rowspan` module is one paragraph before its first row only.

    A row whose paragraphs just fill its columns leaves none for the next row's
    module, so that row keeps the module above; spare paragraphs start a new one.
    """
    result = page("eip_plain_module_rowspan.txt")
    assert [(e.group, e.code, e.solution) for e in result.entries] == [
        ("公共", "EIP.0001", "检查请求参数"),
        ("公共", "EIP.0002", "检查token"),
        ("申请弹性公网IP", "EIP.0101", "申请扩大配额\n清理不用的弹性公网IP"),
        ("查询弹性公网IP", "EIP.0201", "检查带宽大小"),
    ]


def test_a_header_word_outside_the_synonym_list_is_read_by_its_keywords(page):
    """`错误码` | `错误提示` (a prompt: the message); the caption `表 1 错误码表` is no column."""
    result = page("vod_plain_two_columns.txt")
    assert [(e.code, e.message) for e in result.entries] == [
        ("VOD.10051", "系统问题，请联系技术支持解决。"),
        ("VOD.10053", "请求参数非法，非法字段：{0}。"),
        ("VOD.10062", "媒资或资源不存在，请检查。"),
    ]


def test_empty_cells_that_left_no_paragraph_lose_no_row(page):
    """A saved page drops empty cells: SMN.0103 has no status before it (a code of the
    rows' kind starts a row anyway) and SMN.0104 is a status and a code alone (a row,
    not the end of the table)."""
    result = page("smn_webtext_empty_cells.txt")
    assert [(e.code, e.http_status) for e in result.entries] == [
        ("SMN.0101", 400),
        ("SMN.0102", 400),
        ("SMN.0103", None),
        ("SMN.0104", 404),
        ("SMN.0105", 404),
    ]
    third = result.entries[2]
    assert third.solution.splitlines() == ["Delete unused topics.", "Apply for a higher quota."]


def test_the_site_footer_ends_the_table_and_the_json_example_gives_no_row(page):
    """`Parent topic:`, `Feedback`, `©…` are the site's, not the last row's solution."""
    entries = page("smn_webtext_empty_cells.txt").entries
    assert entries[-1].solution == "Check the subscription URN."
    assert [e.code for e in entries].count("SMN.0101") == 1


def test_product_names_below_a_table_of_dotted_codes_are_a_menu_not_rows(page):
    """No footer marker here, and each name has a line of text after it like a row:
    the trailing run of names (GaussDB, ModelArts…) after rows coded CTS.xxxx is the
    site's product menu."""
    entries = page("cts_plain_menu_after_table.txt").entries
    assert [(e.code, e.description) for e in entries] == [
        ("CTS.0001", "参数不合法。"),
        ("CTS.0002", "追踪器不存在。"),
        ("CTS.0003", "没有权限。"),
    ]


def test_two_tables_with_their_own_column_orders_and_a_lone_name_word_code(page):
    """Table 1 is code first with the status third; TooManyBuckets lost its empty
    solution, so `Unauthorized` (no digit, no dot) is vouched for by the status
    paragraph in its status column. Table 2 puts the status first."""
    entries = page("oss_plain_two_tables_names.txt").entries
    assert [(e.code, e.http_status, e.solution) for e in entries] == [
        ("BucketAlreadyExists", 409, "Use another name."),
        ("TooManyBuckets", 400, ""),
        ("Unauthorized", 403, "Verify the account."),
        ("NoSuchKey", 404, ""),
        ("InvalidObjectState", 403, ""),
    ]


def test_a_row_per_paragraph_with_its_cells_on_consecutive_lines(page):
    """Header words one per paragraph, then each row one paragraph of lines; the second
    module's row lost its empty status cell, the first module spans two rows."""
    entries = page("nat_plain_row_per_paragraph.txt").entries
    assert [(e.group, e.http_status, e.code) for e in entries] == [
        ("公共", 400, "NAT.0001"),
        ("公共", 401, "NAT.0002"),
        ("创建网关", None, "NAT.0101"),
        ("创建网关", 404, "NAT.0102"),
    ]
    assert entries[1].solution.splitlines() == ["检查token是否过期，", "重新获取token后再调用。"]


def test_wrapped_cell_lines_are_not_split_into_rows_at_a_code_like_word(page):
    """A text dump wraps long cells; `xdomain_type.` alone on a wrapped line is no row."""
    entries = page("iam_plain_wrapped_lines.txt").entries
    assert [e.code for e in entries] == ["IAM.1101", "IAM.1102"]
    assert entries[0].description.splitlines() == [
        "The value of xuser_type must be the same as that of",
        "xdomain_type.",
    ]


def test_a_module_named_like_a_code_just_before_a_code_is_the_rows_module(page):
    """`APIG` above `APIG.0101`: with no status column, a code-shaped module paragraph
    sits right before its row's code; it is that row's module, not a row of its own."""
    result = page("ocr_plain_module_named_like_a_code.txt")
    assert [(e.group, e.code, e.solution) for e in result.entries] == [
        ("文字识别", "AIS.0101", "请检查输入参数。"),
        ("文字识别", "AIS.0102", "请检查图片格式。"),
        ("ModelArts", "ModelArts.4101", "请检查发送的请求。"),
        ("APIG", "APIG.0101", "请检查API的URL是否拼写正确。\nHTTP请求方法是否正确。"),
        ("APIG", "APIG.0308", "请稍后重试。"),
    ]
    assert [s.reason for s in result.skips] == ["'其他' is not an error code"]


def test_a_last_row_whose_cells_vanished_before_the_other_footer_is_kept(page):
    """`APIG.0308` alone (its cells emptied) then `其他`: two bare rows, but a footer
    word is no menu item, so the table does not end before the last code."""
    result = page("ocr_plain_empty_last_row_then_other.txt")
    assert [(e.code, e.message) for e in result.entries] == [
        ("APIG.0201", "Backend timeout."),
        ("APIG.0301", "Incorrect IAM authentication information."),
        ("APIG.0308", ""),
    ]
    assert [s.reason for s in result.skips] == ["'其他' is not an error code"]


def test_a_parameter_named_code_in_a_response_table_starts_no_error_table(page):
    """`参数 | 参数类型 | 描述` then the row `code | String | 错误码。`: the words after
    `参数类型` belong to the parameter table, so `requestId` is no error row."""
    result = page("push_plain_parameter_named_code.txt")
    assert [(e.code, e.description) for e in result.entries] == [
        ("80000000", "成功。"),
        ("80100003", "消息结构体错误。"),
    ]


def test_a_numeric_value_column_beside_name_codes_gives_no_rows(page):
    """`错误码 | 值 | 描述 | …` (HMS): the value `10000` right after `INTERNAL_ERROR` is the
    row's unnamed cell, even when it reads like a status (`105`); the page title `错误码`
    and the section `Service 异常` above the header are no columns."""
    result = page("hms_plain_code_value_columns.txt")
    assert [(e.code, e.description) for e in result.entries] == [
        ("INTERNAL_ERROR", "内部错误。"),
        ("ARGUMENTS_EMPTY", "传入的参数为空。"),
        ("INVALID_REQUEST", "参数错误。"),
    ]


def test_a_title_and_section_named_like_columns_do_not_hide_a_table_of_one_cell_per_line(page):
    # "错误码" then "功能说明" read as a header of two columns with no rows under it;
    # the real table, its cells on single lines with no blank line between, comes later
    entries = page("ims_plain_title_section_then_line_cells.txt").entries
    assert [(e.http_status, e.code) for e in entries] == [
        (400, "IMS.0102"),
        (404, "IMS.0204"),
        (500, "IMS.0500"),
    ]
    assert entries[1].solution == "请确认镜像ID是否正确。"


def test_a_text_save_with_each_row_on_one_line_and_cells_split_by_tabs_is_read(page):
    # browsers save and copy a table as one line per row, a tab between cells
    entries = page("vbs_webtext_tab_separated_cells.txt").entries
    assert [(e.http_status, e.code) for e in entries] == [
        (400, "VBS.0101"),
        (404, "VBS.0404"),
        (409, "VBS.1409"),
    ]
    assert (entries[0].message, entries[0].solution) == ("Invalid backup name.", "请修改备份名称。")


def test_header_words_shown_in_capitals_are_the_header_not_codes(page):
    # a site that sets its table headers in capitals (CSS) saves them as `MESSAGE`,
    # `SOLUTION`: shaped like a name code, but plain listed header words
    entries = page("rds_webtext_capital_headers.txt").entries
    assert [(e.http_status, e.code) for e in entries] == [(400, "RDS.0001"), (404, "RDS.0404")]
    assert (entries[0].message, entries[0].solution) == (
        "Invalid parameter.",
        "Check the request parameters.",
    )


def test_codes_left_bare_by_empty_cells_are_rows_when_they_are_of_the_tables_kind(page):
    # two rows in a row with an empty description leave codes standing alone, which is
    # also how a menu after a table looks; codes shaped like the rows above are no menu
    result = page("cdn_webtext_two_empty_descriptions.txt")
    assert codes(result) == [
        "CDN.10000001",
        "CDN.10000002",
        "CDN.10000003",
        "CDN.10000004",
        "CDN.10000005",
    ]
    assert result.entries[3].description == "The domain name does not exist."


def test_a_status_after_the_code_does_not_make_the_code_a_module_of_the_next_row(page):
    # Module | Error Code | Status Code: `DWS.0001` then `400` are two code-shaped
    # paragraphs in a row, but the second is the status cell, not the next row's code
    entries = page("dws_plain_module_code_then_status.txt").entries
    assert [(e.group, e.code, e.http_status) for e in entries] == [
        ("Cluster", "DWS.0001", 400),
        ("Cluster", "DWS.0005", 500),
        ("Snapshot", "DWS.2001", 404),
    ]


def test_a_column_numbering_the_rows_gives_no_rows_of_its_own(page):
    # `No.` / `序号` before the code column: from 10 on its numbers are shaped like codes
    result = page("psdk_plain_numbered_rows.txt")
    found = codes(result)
    assert found[:12] == [f"PSDK.{1000 + n}" for n in range(1, 13)]
    assert found[12:] == [
        "NOT_FOUND",
        "REQUEST_DENIED",
        "INVALID_REQUEST",
        "OVER_QUERY_LIMIT",
        "UNKNOWN_ERROR",
        "ZERO_RESULTS",
        "INVALID_KEY",
        "KEY_EXPIRED",
        "NETWORK_ERROR",
        "SERVER_BUSY",
        "TIMEOUT_ERROR",
    ]
    assert result.entries[10].description == "Checksum mismatch."


def test_a_status_marked_empty_by_a_dash_or_na_still_starts_a_row(page):
    entries = page("apm_webtext_status_marked_empty.txt").entries
    assert [(e.code, e.http_status) for e in entries] == [
        ("SVCSTG.ATPS.2000", 200),
        ("SVCSTG.ATS.2000", None),
        ("SVCSTG.AOS.4001000", None),
        ("APM.0001", 400),
    ]
    assert entries[0].solution == "-"
    assert entries[1].message == "Success."


def test_a_row_paragraph_whose_status_is_marked_empty_is_split_into_cells(page):
    entries = page("vpc_webtext_rows_status_marked_empty.txt").entries
    assert [(e.code, e.group, e.status_text, e.message) for e in entries] == [
        ("VPC.0009", "Public", None, "real-name authentication fail."),
        ("VPC.0007", "Public", "N/A", "urlTenantId is not equal tokenTenantId"),
        ("VPC.0101", "Creating a VPC", "-", "Param is invalid."),
    ]
