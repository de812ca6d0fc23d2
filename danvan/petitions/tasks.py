"""Background tasks of the petitions module (Django Tasks API; `danvan worker` runs them).

The register import's dry run and import (`petitions.imports.run`): each writes its progress on
the `RegisterImport` job, which the upload page polls.
"""

from __future__ import annotations

from django_tasks import task


@task()
def register_import_check_task(job_id: int) -> str:
    """Check every row of an uploaded register (dry run: nothing written)."""
    from danvan.petitions.imports.run import register_import_check_run

    return str(register_import_check_run(job_id=job_id).status)


@task()
def register_import_run_task(job_id: int) -> str:
    """Import the rows of a checked register, batch by batch."""
    from danvan.petitions.imports.run import register_import_run

    return str(register_import_run(job_id=job_id).status)
