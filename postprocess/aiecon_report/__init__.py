"""aiecon_report — turn aiecon outputs (a run, an ensemble, a sweep or several scenarios) into an
HTML report with PNG pictures and CSV tables.

Modules, by concern:
  load       open outputs lazily, check they are aiecon AI-economy runs, classify the inputs
  series     what the pictures show: panels, series, units, and their extraction from a run
  outcomes   scalar key outcomes of one run (revenue by year, first default, ...) and dates
  ensemble   fan-chart quantiles and the probabilities table of an ensemble
  sweep      the sweep design (global attributes sweep_row / sweep_index) and sensitivities
  plots      matplotlib drawing (PNG), one function per kind of picture
  summary    the text summary (numbers) and provenance rows
  html       the index.html page and CSV writing
  cli        the command line: postprocess/report PATH... -o DIR
"""
