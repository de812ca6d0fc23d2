"""Import of existing petition registers (XLSX) and export back in the same layout.

- `columns`: the register's columns (field codes, labels, header synonyms), header detection,
  and the Vietnamese words of the kinds, channels, topics and results;
- `reader`: the streamed XLSX reading (openpyxl read-only), cell values and dates;
- `checks`: one register row -> the checked values of a petition, or its problems (row, column,
  problem), through the petitions domain rules (`petition_input_check`, area resolution);
- `run`: the services (upload, mapping, dry run, import) and the bulk writer;
- `selectors`: the import jobs a user may see;
- `export`: the register written back to XLSX (openpyxl write-only), and the blank template.

See docs/petitions-import.md.
"""
