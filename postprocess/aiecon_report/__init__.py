"""aiecon_report — turn aiecon outputs (a run, an ensemble, a sweep or several scenarios) into an
HTML report with pictures (PNG for the page, PDF for print) and CSV tables, built on the aiecon
package (postprocess/aiecon: opening files, Wilson intervals, sensitivity coefficients).

Modules, by concern:
  load       open outputs with aiecon.open_run, check they are AI-economy runs, classify the inputs
  series     what the pictures show: panels, series, units, and their extraction from a run
  outcomes   scalar key outcomes of one run (revenue by year, first default, ...) and dates
  ensemble   fan-chart quantiles, groups of split outcomes, extreme members, probabilities with
             Wilson intervals
  sweep      the sweep design (sweep_row / overrides attributes, design.csv) and sensitivities
             (PRCC and SRC for sampled designs, main effects for grids)
  params     the parameters in which scenarios differ (from their resolved scenarios)
  plots      matplotlib drawing (PNG + PDF, footer, calibration window), one function per kind of picture
  summary    the text summary (numbers) and provenance rows
  html       the index.html page and CSV writing
  cli        the command line: postprocess/report PATH... -o DIR
"""
