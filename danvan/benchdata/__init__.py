"""Synthetic data at scale for benchmarks: `danvan bench generate`.

A plain package (not a Django app: no models, no migrations) that may import every app, like
`danvan.reports`. It owns the data sets of the benchmarks:

- `generate.py`: `generate(counts)`, one entry point for a whole data set with per-kind counts,
  and the `national` / `province` presets;
- `others.py`: bulk builders of the records around the petitions (reception sessions and
  register, issue reports, tasks, "Dân vận khéo" models, dialogues, alerts), realistic texts
  from `phrases.py` and the petitions' own phrase book (`danvan.petitions.demo_text`);
- `complete.py`: the idempotent completion passes over bulk petitions (rating times,
  duplicates, transfers, registry rows of finished cases);
- `context.py`: what the builders share (People's Committees, days, engine, text generator).

The petitions themselves come from `danvan.petitions.demo_bulk`; raw inserts from
`danvan.core.bulk`. See docs/performance.md ("Synthetic data").
"""
