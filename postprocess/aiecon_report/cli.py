"""cli — the command line: postprocess/report PATH... -o DIR.

Classifies the paths (load.classify), draws the report into DIR (reports.make, html.write) and
prints the path of DIR/index.html. Exit status: 0 done; 2 bad usage or inputs that are not aiecon
outputs (one line on stderr: `report: PATH: what is wrong`); 1 when DIR cannot be written.
"""
import argparse
import os
import sys

from . import html, load, reports

USAGE = """postprocess/report PATH... -o DIR

  PATH   one output file (a run); a folder of member_<i>.nc (an ensemble: one scenario, several
         seeds); a folder of row_<i>.nc (a sweep: each row's parameters in its global attribute
         sweep_row or overrides, or in the folder's design.csv, row i for row_<i>.nc);
         or several files / ensemble folders (scenarios side by side; the first is the baseline
         of the difference panels); or the folder aiecon-calibrate wrote (calibration.yaml,
         forecast.csv: the estimate and the forecast errors by date)
  DIR    folder for index.html, its pictures (PNG, and PDF for print) and CSV tables (created if
         missing)"""


def parse(argv):
    ap = argparse.ArgumentParser(prog="report", usage=USAGE,
                                 description="Report with pictures and probabilities of aiecon outputs.")
    ap.add_argument("paths", nargs="+", metavar="PATH")
    ap.add_argument("-o", "--output", required=True, metavar="DIR")
    return ap.parse_args(argv)


def main(argv=None):
    args = parse(argv)   # argparse exits 2 on bad usage
    try:
        inputs = load.classify(args.paths)
    except load.ReportError as e:
        print(f"report: {e}", file=sys.stderr)
        return 2
    try:
        os.makedirs(args.output, exist_ok=True)
        page = reports.make(inputs, args.output)
        path = html.write(page, args.output)
    except OSError as e:
        print(f"report: cannot write the report in {args.output}: {e}", file=sys.stderr)
        return 1
    print(os.path.abspath(path))
    return 0
