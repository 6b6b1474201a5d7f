"""Pages saved as plain text, one cell per paragraph: header runs, row anchors, repeated runs."""

from __future__ import annotations

from catalog.parse import parse_page


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
