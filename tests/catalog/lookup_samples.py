"""A small catalog written by hand from rows of the seed pages, for lookup and search tests."""

from __future__ import annotations

from catalog.model import Catalog, Entry
from tests.entries import make_entry

SCM = "Cloud Certificate Manager"
APIG = "API Gateway"
IMG = "Image Recognition"
CCE = "CCE Add-on Management"

# (service, status, code, message, description, solution, language)
ROWS = [
    (SCM, 400, "SCM.0005", "请求参数错误", "请求参数错误", "请填写正确的请求参数", "zh"),
    (
        SCM,
        400,
        "SCM.0012",
        "上传私钥解析不正确，请确保填写已签发证书",
        "上传私钥解析不正确",
        "请填写正确的证书私钥",
        "zh",
    ),
    (
        SCM,
        400,
        "SCM.0014",
        "上传证书和私钥不匹配",
        "上传证书和私钥不匹配",
        "请传递正确的证书和私钥",
        "zh",
    ),
    (SCM, 400, "SCM.0031", "证书解析异常", "证书解析异常", "请上传正确的证书", "zh"),
    (SCM, 400, "SCM.0032", "证书名称错误", "证书名称错误", "请填写正确的证书名称", "zh"),
    (SCM, 400, "SCM.0059", "证书私钥为空", "证书私钥为空", "请联系客服处理", "zh"),
    (
        SCM,
        401,
        "SCM.1000",
        "请求所带的Token没有经过认证或者认证失败",
        "Token认证失败",
        "请填写正确token",
        "zh",
    ),
    (APIG, 400, "APIG.0201", "Bad request.", "请求格式不合法", "使用合法的请求", "zh"),
    (
        APIG,
        413,
        "APIG.0201",
        "Request entity too large.",
        "请求body过大（大于12M）",
        "减小请求body大小",
        "zh",
    ),
    (APIG, 414, "APIG.0201", "Request URI too large.", "请求URI过大", "减小请求URI大小", "zh"),
    (APIG, 494, "APIG.0201", "Request headers too large.", "请求头过大", "减小请求头大小", "zh"),
    (
        APIG,
        503,
        "APIG.0201",
        "Backend unavailable.",
        "后端不可用",
        "检查API配置的后端地址是否可用",
        "zh",
    ),
    (
        APIG,
        504,
        "APIG.0201",
        "Backend timeout.",
        "后端超时",
        "增大超时时间或缩小后端的处理时间",
        "zh",
    ),
    (
        APIG,
        401,
        "APIG.0301",
        "Incorrect IAM authentication information.",
        "IAM认证信息错误",
        "检查token是否正确",
        "zh",
    ),
    (
        APIG,
        429,
        "APIG.0308",
        "Throttling threshold reached.",
        "超出流控值限制",
        "等待流控刷新后访问",
        "zh",
    ),
    (
        IMG,
        400,
        "AIS.0503",
        "The image is damaged.",
        "The image is damaged.",
        "Check whether the image is damaged. "
        "If yes, re-upload an image file that meets the requirements.",
        "en",
    ),
    (
        IMG,
        400,
        "AIS.0504",
        "The image size does not meet requirements.",
        "The image size does not meet requirements.",
        "Check whether the image size meets requirements.",
        "en",
    ),
    (
        IMG,
        400,
        "APIG.0201",
        "The request body is oversized.",
        "The request body is oversized.",
        "Check whether the request body is oversized.",
        "en",
    ),
    (
        IMG,
        400,
        "APIG.0301",
        "Incorrect IAM authentication information: Failed to decrypt the token.",
        "The validity period of a token is 24 hours. "
        "If the token expires, obtain a new token and pass it.",
        "token expires: The token expires. Obtain a new token and pass it.",
        "en",
    ),
    (
        IMG,
        400,
        "APIG.0308",
        "The request is sent too fast and exceeds the default rate limit of the service.",
        "The request is sent too fast and exceeds the default rate limit of the service.",
        "The request is sent too fast and reaches the rate limit of the API. "
        "Reduce the request speed.",
        "en",
    ),
    (
        CCE,
        400,
        "SVCSTG.CCE-ADDONMGR.4000003",
        "Request Body Error",
        "请求体错误",
        "请参考返回的error message，或者联系技术支持。",
        "zh",
    ),
    (
        CCE,
        400,
        "SVCSTG.CCE-ADDONMGR.4040204",
        "Addon not exist",
        "插件不存在",
        "请参考返回的error message，或者联系技术支持。",
        "zh",
    ),
    (
        "Cloud Container Instance",
        400,
        "CCI.01.400101",
        "Invalid request body.",
        "请求体不合法",
        "检查请求体",
        "zh",
    ),
]


def sample_entries() -> list[Entry]:
    return [
        make_entry(
            code,
            service=service,
            http_status=status,
            message=message,
            description=description,
            solution=solution,
            language=language,
            source=f"{service.lower().replace(' ', '-')}.md",
            row=row,
            url=f"https://support.example.com/{code.split('.')[0].lower()}",
        )
        for row, (service, status, code, message, description, solution, language) in enumerate(
            ROWS, start=1
        )
    ]


def sample_catalog() -> Catalog:
    return Catalog.from_entries(sample_entries())
