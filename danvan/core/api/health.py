"""GET /api/v1/health: is the database answering, is the task backend usable."""

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
    return Status(
        200 if ok else 503, HealthOut(status="ok" if ok else "degraded", database=db, tasks=tasks)
    )


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
