"""GET /api/v1/health: is the database answering, is the task backend usable, is mail leaving.

The status code (200, or 503 "degraded") follows the database and the task backend, which a
load balancer needs to route requests; the e-mail outbox is reported beside them (`mail.ok` is
false while a message has waited over an hour or was given up in the last day), for the
administrator's monitoring, without taking the server out of service.
"""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest
from ninja import Router, Schema, Status

router = Router(tags=["health"])


class ComponentOut(Schema):
    ok: bool
    detail: str


class HealthOut(Schema):
    status: str
    database: ComponentOut
    tasks: ComponentOut
    mail: ComponentOut


@router.get("/health", response={200: HealthOut, 503: HealthOut}, auth=None)
def health(request: HttpRequest) -> Status:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        db = ComponentOut(ok=True, detail=connection.vendor)
    except Exception as exc:  # any failure means "down"; report it, do not raise
        db = ComponentOut(ok=False, detail=type(exc).__name__)
    tasks = _tasks_status()
    ok = db.ok and tasks.ok
    out = HealthOut(
        status="ok" if ok else "degraded",
        database=db,
        tasks=tasks,
        mail=_mail_status() if db.ok else ComponentOut(ok=False, detail="database"),
    )
    return Status(200 if ok else 503, out)


def _mail_status() -> ComponentOut:
    from danvan.core.services.mail import outbox_state

    try:
        state = outbox_state()
    except Exception as exc:
        return ComponentOut(ok=False, detail=type(exc).__name__)
    detail = (
        f"{state.pending} thư đang chờ gửi ({state.late} chờ quá 1 giờ); "
        f"{state.given_up} thư không gửi được trong 24 giờ qua"
    )
    return ComponentOut(ok=not (state.late or state.given_up), detail=detail)


def _tasks_status() -> ComponentOut:
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

    try:
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    except Exception as exc:
        return ComponentOut(
            ok=False, detail=f"{type(exc).__name__}: cấu hình TASKS không dùng được"
        )
    name = type(backend).__name__
    try:
        if name == "DatabaseBackend":
            from django_tasks_db.models import DBTaskResult

            pending = DBTaskResult.objects.filter(status="READY").count()
            return ComponentOut(ok=True, detail=f"{name}; {pending} việc đang chờ")
        if name == "RQBackend":
            import django_rq

            pending = sum(django_rq.get_queue(queue).count for queue in sorted(backend.queues))
            return ComponentOut(ok=True, detail=f"{name}; {pending} việc đang chờ")
        return ComponentOut(ok=True, detail=name)
    except Exception as exc:
        return ComponentOut(ok=False, detail=f"{name}: {type(exc).__name__}")
