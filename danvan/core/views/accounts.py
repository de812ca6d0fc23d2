"""Sign-in and sign-out, changing one's own password, and user administration pages.

Views are thin: a form parses input, one service or selector does the work, and a
`DomainError` from the service becomes a Vietnamese message on the form or the page.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView, LogoutView
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from danvan.core import permissions
from danvan.core.errors import DomainError
from danvan.core.models import Membership, Organization, Role, User
from danvan.core.selectors import accounts as account_selectors
from danvan.core.selectors.audit import audit_trail_for
from danvan.core.services import accounts as account_services

# --- Forms ----------------------------------------------------------------------------------


def _apply_error(form: forms.Form, exc: DomainError) -> None:
    """Put a service error on the form: on the fields it names, else on the whole form."""
    placed = False
    for name, message in exc.fields.items():
        if name == "password" and "password1" in form.fields:
            name = "password1"
        if name in form.fields:
            form.add_error(name, message)
            placed = True
    if not placed or not exc.fields:
        form.add_error(None, exc.message)


class LoginForm(AuthenticationForm):
    """Django's sign-in form, checking through the throttled `login_authenticate`."""

    username = forms.CharField(
        label=gettext_lazy("Tên đăng nhập"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=gettext_lazy("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    throttled = False

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            assert self.request is not None
            try:
                self.user_cache = account_services.login_authenticate(
                    request=self.request,
                    username=username,
                    password=password,
                    client_ip=account_services.client_address(self.request),
                )
            except account_services.LoginThrottled as exc:
                self.throttled = True
                raise ValidationError(exc.message, code="throttled") from None
            except account_services.InvalidCredentials as exc:
                raise ValidationError(exc.message, code="invalid_login") from None
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class DanvanLoginView(LoginView):
    template_name = "core/accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        account_services.login_record(
            user=form.get_user(),
            client_ip=account_services.client_address(self.request),
            channel="web",
        )
        return response

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_invalid(form)
        if getattr(form, "throttled", False):
            response.status_code = 429
        return response


login_view = DanvanLoginView.as_view()
logout_view = LogoutView.as_view()


def _password_pair_clean(form: forms.Form) -> None:
    first = form.cleaned_data.get("password1")
    second = form.cleaned_data.get("password2")
    if first and second and first != second:
        form.add_error("password2", _("Hai lần nhập mật khẩu không khớp."))


class PasswordPairMixin(forms.Form):
    password1 = forms.CharField(
        label=gettext_lazy("Mật khẩu mới"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy(
            "Ít nhất 8 ký tự, không phải mật khẩu phổ biến, không chỉ gồm chữ số."
        ),
    )
    password2 = forms.CharField(
        label=gettext_lazy("Nhập lại mật khẩu mới"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        _password_pair_clean(self)
        return cleaned


class OwnPasswordForm(PasswordPairMixin):
    current_password = forms.CharField(
        label=gettext_lazy("Mật khẩu hiện tại"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["current_password", "password1", "password2"]


class PasswordResetForm(PasswordPairMixin):
    pass


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=gettext_lazy("Họ và tên"), max_length=200, required=False)
    position = forms.CharField(label=gettext_lazy("Chức vụ"), max_length=200, required=False)
    phone = forms.CharField(label=gettext_lazy("Điện thoại"), max_length=30, required=False)
    email = forms.EmailField(label=gettext_lazy("Thư điện tử"), required=False)


# A blank first choice: a hurried click must not grant the first role in the list.
_ROLE_CHOICES = [("", gettext_lazy("— Chọn vai trò —")), *Role.choices]


class UserCreateForm(ProfileForm, PasswordPairMixin):
    username = forms.CharField(
        label=gettext_lazy("Tên đăng nhập"),
        max_length=150,
        help_text=gettext_lazy("Chữ không dấu, chữ số và @ . + - _ ; không phân biệt hoa thường."),
    )
    organization = forms.ModelChoiceField(
        label=gettext_lazy("Cơ quan, đơn vị"), queryset=Organization.objects.none()
    )
    role = forms.ChoiceField(label=gettext_lazy("Vai trò"), choices=_ROLE_CHOICES)
    field_order = [
        "username",
        "full_name",
        "position",
        "phone",
        "email",
        "organization",
        "role",
        "password1",
        "password2",
    ]

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org_field = self.fields["organization"]
        assert isinstance(org_field, forms.ModelChoiceField)
        org_field.queryset = account_selectors.grantable_organizations(actor=actor)


class GrantForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=gettext_lazy("Cơ quan, đơn vị"), queryset=Organization.objects.none()
    )
    role = forms.ChoiceField(label=gettext_lazy("Vai trò"), choices=_ROLE_CHOICES)

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org_field = self.fields["organization"]
        assert isinstance(org_field, forms.ModelChoiceField)
        org_field.queryset = account_selectors.grantable_organizations(actor=actor)


class UserFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Tìm tên, tên đăng nhập"), required=False)
    organization = forms.ModelChoiceField(
        label=gettext_lazy("Cơ quan, đơn vị"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=gettext_lazy("Tất cả"),
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Vai trò"),
        choices=[("", gettext_lazy("Tất cả")), *Role.choices],
        required=False,
    )
    active = forms.ChoiceField(
        label=gettext_lazy("Trạng thái"),
        choices=[
            ("", gettext_lazy("Tất cả")),
            ("1", gettext_lazy("Đang hoạt động")),
            ("0", gettext_lazy("Đã khóa")),
        ],
        required=False,
    )

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org_field = self.fields["organization"]
        assert isinstance(org_field, forms.ModelChoiceField)
        org_field.queryset = account_selectors.grantable_organizations(actor=actor)


# --- Own account ----------------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = OwnPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account_services.user_set_password(
                actor=user,
                user=user,
                password=form.cleaned_data["password1"],
                current_password=form.cleaned_data["current_password"],
            )
        except DomainError as exc:
            _apply_error(form, exc)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, _("Đã đổi mật khẩu."))
            return redirect("core:home")
    return render(request, "core/accounts/password_change.html", {"form": form})


# --- User administration --------------------------------------------------------------------


def _require_administrator(request: HttpRequest) -> User:
    user = _user(request)
    if not permissions.is_administrator(user):
        raise DjangoPermissionDenied(_("Chỉ quản trị viên được quản lý người dùng."))
    return user


@login_required
def users(request: HttpRequest) -> HttpResponse:
    actor = _require_administrator(request)
    filters = UserFilterForm(request.GET or None, actor=actor)
    query, role, active, org_id = "", "", None, None
    if filters.is_valid():
        query = filters.cleaned_data["q"]
        role = filters.cleaned_data["role"]
        active = {"1": True, "0": False}.get(filters.cleaned_data["active"])
        if filters.cleaned_data["organization"] is not None:
            org_id = filters.cleaned_data["organization"].pk
    qs = account_selectors.user_list(
        actor=actor, query=query, role=role, active=active, organization_id=org_id
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/accounts/user_list.html",
        {
            "filters": filters,
            "page": page,
            "can_create": account_selectors.grantable_organizations(actor=actor).exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    actor = _require_administrator(request)
    form = UserCreateForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = account_services.user_create(
                actor=actor,
                username=data["username"],
                password=data["password1"],
                full_name=data["full_name"],
                position=data["position"],
                phone=data["phone"],
                email=data["email"],
                organization=data["organization"],
                role=data["role"],
            )
        except DomainError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, _("Đã tạo tài khoản %(username)s.") % {"username": created})
            return redirect("core:user_detail", user_id=created.pk)
    return render(request, "core/accounts/user_form.html", {"form": form})


@login_required
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = _require_administrator(request)
    target = account_selectors.user_get_for_admin(actor=actor, user_id=user_id)
    return _render_detail(request, actor, target, GrantForm(actor=actor))


def _render_detail(
    request: HttpRequest, actor: User, target: User, grant_form: GrantForm, status: int = 200
) -> HttpResponse:
    memberships = [
        (
            m,
            permissions.can_revoke_membership(actor, m)
            and not (actor.pk == target.pk and m.role == Role.ADMINISTRATOR),
        )
        for m in account_selectors.user_memberships(user=target)
    ]
    return render(
        request,
        "core/accounts/user_detail.html",
        {
            "target": target,
            "memberships": memberships,
            "grant_form": grant_form,
            "can_manage": permissions.can_manage_user(actor, target),
            "is_self": actor.pk == target.pk,
            # Only a superuser grants roles to themselves (membership_grant refuses the rest).
            "can_grant": actor.is_superuser or actor.pk != target.pk,
            "tokens": account_selectors.user_api_tokens(user=target)[:20],
            "audit_entries": audit_trail_for(user=actor, target=target),
        },
        status=status,
    )


@login_required
@require_POST
def user_grant(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = _require_administrator(request)
    target = account_selectors.user_get_for_admin(actor=actor, user_id=user_id)
    form = GrantForm(request.POST, actor=actor)
    if form.is_valid():
        try:
            account_services.membership_grant(
                actor=actor,
                user=target,
                organization=form.cleaned_data["organization"],
                role=form.cleaned_data["role"],
            )
        except DomainError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, _("Đã giao vai trò."))
            return redirect("core:user_detail", user_id=target.pk)
    return _render_detail(request, actor, target, form, status=422)


@login_required
@require_POST
def user_revoke(request: HttpRequest, user_id: int, membership_id: int) -> HttpResponse:
    actor = _require_administrator(request)
    target = account_selectors.user_get_for_admin(actor=actor, user_id=user_id)
    membership = get_object_or_404(
        Membership.objects.select_related("organization", "user"), pk=membership_id, user=target
    )
    return _run(
        request,
        target,
        lambda: account_services.membership_revoke(actor=actor, membership=membership),
        _("Đã thu hồi vai trò."),
    )


@login_required
@require_POST
def user_deactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = _require_administrator(request)
    target = account_selectors.user_get_for_admin(actor=actor, user_id=user_id)
    return _run(
        request,
        target,
        lambda: account_services.user_deactivate(actor=actor, user=target),
        _("Đã khóa tài khoản."),
    )


@login_required
@require_POST
def user_activate(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = _require_administrator(request)
    target = account_selectors.user_get_for_admin(actor=actor, user_id=user_id)
    return _run(
        request,
        target,
        lambda: account_services.user_activate(actor=actor, user=target),
        _("Đã mở khóa tài khoản."),
    )


def _run(request: HttpRequest, target: User, action: Any, done: str) -> HttpResponseRedirect:
    try:
        action()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return HttpResponseRedirect(reverse("core:user_detail", kwargs={"user_id": target.pk}))


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = _require_administrator(request)
    target = account_selectors.user_get_for_admin(actor=actor, user_id=user_id)
    if not permissions.can_manage_user(actor, target):
        raise DjangoPermissionDenied
    initial = {f: getattr(target, f) for f in ("full_name", "position", "phone", "email")}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            account_services.user_update(actor=actor, user=target, **form.cleaned_data)
        except DomainError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, _("Đã lưu thông tin tài khoản."))
            return redirect("core:user_detail", user_id=target.pk)
    return render(request, "core/accounts/user_edit.html", {"form": form, "target": target})


@login_required
@require_http_methods(["GET", "POST"])
def user_password(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = _require_administrator(request)
    target = account_selectors.user_get_for_admin(actor=actor, user_id=user_id)
    if not permissions.can_manage_user(actor, target):
        raise DjangoPermissionDenied
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account_services.user_set_password(
                actor=actor, user=target, password=form.cleaned_data["password1"]
            )
        except DomainError as exc:
            _apply_error(form, exc)
        else:
            messages.success(
                request,
                _("Đã đặt lại mật khẩu cho %(user)s; các khóa API của người này đã bị thu hồi.")
                % {"user": target},
            )
            return redirect("core:user_detail", user_id=target.pk)
    return render(request, "core/accounts/user_password.html", {"form": form, "target": target})


# Included by danvan/core/urls.py (namespace "core"): `*accounts.urlpatterns`.
urlpatterns = [
    path("dang-nhap/", login_view, name="login"),
    path("dang-xuat/", logout_view, name="logout"),
    path("doi-mat-khau/", password_change, name="password_change"),
    path("nguoi-dung/", users, name="users"),
    path("nguoi-dung/them/", user_create, name="user_create"),
    path("nguoi-dung/<int:user_id>/", user_detail, name="user_detail"),
    path("nguoi-dung/<int:user_id>/sua/", user_edit, name="user_edit"),
    path("nguoi-dung/<int:user_id>/mat-khau/", user_password, name="user_password"),
    path("nguoi-dung/<int:user_id>/vai-tro/", user_grant, name="user_grant"),
    path(
        "nguoi-dung/<int:user_id>/vai-tro/<int:membership_id>/thu-hoi/",
        user_revoke,
        name="user_revoke",
    ),
    path("nguoi-dung/<int:user_id>/khoa/", user_deactivate, name="user_deactivate"),
    path("nguoi-dung/<int:user_id>/mo-khoa/", user_activate, name="user_activate"),
]
