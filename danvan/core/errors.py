"""Errors that services and selectors raise; views, the API and the CLI translate them.

Every message is Vietnamese and says what is wrong and how to fix it.
"""

from __future__ import annotations


class DomainError(Exception):
    code = "invalid"
    status = 400

    def __init__(self, message: str, *, fields: dict[str, str] | None = None, code: str = ""):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        if code:
            self.code = code


class ValidationFailed(DomainError):
    code = "validation_error"
    status = 422


class NotFound(DomainError):
    code = "not_found"
    status = 404


class PermissionDenied(DomainError):
    code = "forbidden"
    status = 403


class Conflict(DomainError):
    code = "conflict"
    status = 409


# The API's answer for an HTTP error that no service raised (unknown path, wrong method,
# unreadable body): status -> (code, Vietnamese message).
HTTP_ERRORS: dict[int, tuple[str, str]] = {
    400: ("bad_request", "Yêu cầu không hợp lệ: nội dung gửi lên phải là JSON đúng cú pháp."),
    401: ("unauthenticated", "Cần đăng nhập: gửi header Authorization: Bearer <token>."),
    403: ("forbidden", "Bạn không có quyền thực hiện thao tác này."),
    404: ("not_found", "Không có địa chỉ API này; xem danh sách tại /api/v1/docs."),
    405: ("method_not_allowed", "Phương thức HTTP này không dùng được ở địa chỉ này."),
    413: ("too_large", "Nội dung gửi lên quá lớn."),
    429: ("throttled", "Quá nhiều yêu cầu; hãy thử lại sau ít phút."),
}


def http_error_text(status: int) -> tuple[str, str]:
    if status in HTTP_ERRORS:
        return HTTP_ERRORS[status]
    if status >= 500:
        return "server_error", "Lỗi máy chủ; thao tác chưa được thực hiện. Hãy thử lại sau."
    return "http_error", "Yêu cầu không thực hiện được."
