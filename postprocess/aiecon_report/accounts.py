"""accounts — the two standard tables of stock-flow consistent accounting (Godley and Lavoie,
Monetary Economics, 2007) for one month of a run: the balance-sheet matrix and the
transactions-flow matrix, sectors as columns.

Read from the output's balance_sheet(time, account, instrument) and flows(time, account, flow)
(docs/OUTPUT.md; docs/ODD.md 3.3.9). The balance sheet shows assets positive and liabilities
negative and ends with the balance, minus net worth, so that every column sums to zero; its Σ
column sums each row over the sectors (zero for loans and equity: each claim is someone's
liability). The transactions-flow matrix shows receipts positive and payments negative by purpose,
then minus the change in cash, so that every column sums to zero; every row sums to zero too (each
payment is someone's receipt). In billion USD, nominal. Months shown: the last record, and the
month of the first default when there is one.
"""
import numpy as np

from . import html, outcomes

UNIT = 1e9
LABELS = {"cash": "Cash", "loans": "Loans (debt)", "equity": "Equity at book", "capital": "Capital at book value",
          "other": "Other assets", "net_worth": "Balance (−net worth)"}


def available(run):
    return all(v in run.data for v in ("balance_sheet", "flows")) and run.names.get("account")


def months(run):
    """Records to show: the last, and the first default's month when there is one (first)."""
    out = [run.records - 1]
    d = outcomes.defaults(run)
    if d and 0 < d[0][0] < run.records - 1:
        out.insert(0, d[0][0])
    return out


def balance_sheet(run, m):
    """(header, rows) of the balance-sheet matrix at record m [billion USD]."""
    sectors, inst = run.names["account"], run.names["instrument"]
    bs = run.data["balance_sheet"][m] / UNIT
    rows = []
    for i, name in enumerate(inst):
        values = (-bs[:, i] if name == "net_worth" else bs[:, i]) + 0.0   # + 0.0: no −0 in the table
        rows.append([LABELS.get(name, name)] + [float(v) for v in values] + [float(values.sum())])
    rows.append(["Σ"] + [float(sum(r[1 + j] for r in rows)) for j in range(len(sectors) + 1)])
    return ("instrument",) + tuple(sectors) + ("Σ",), tuple(rows)


def transactions(run, m):
    """(header, rows) of the transactions-flow matrix of month m [billion USD]; rows that are zero
    for every sector are left out."""
    sectors, flows = run.names["account"], run.names["flow"]
    fl = run.data["flows"][m] / UNIT
    rows = []
    for j, name in enumerate(flows):
        values = fl[:, j] + 0.0
        if name != "change_in_cash" and not np.any(values != 0.0):
            continue
        label = "−Δ cash" if name == "change_in_cash" else name.replace("_", " ")
        rows.append([label] + [float(v) for v in values] + [float(values.sum())])
    rows.append(["Σ"] + [float(sum(r[1 + j] for r in rows)) for j in range(len(sectors) + 1)])
    return ("flow",) + tuple(sectors) + ("Σ",), tuple(rows)


def section(run):
    """The report's section with both tables for each month shown, or None without the matrices."""
    if not available(run):
        return None
    tables = []
    for m in months(run):
        when = outcomes.date_label(run, m)
        note = " (the first default)" if m != run.records - 1 else ""
        header, rows = balance_sheet(run, m)
        tables.append(html.Table(f"balance_sheet_{when}.csv", f"Balance sheets at the end of {when}{note} "
                                 "[billion USD]", header, rows))
        header, rows = transactions(run, m)
        tables.append(html.Table(f"flows_{when}.csv", f"Transactions-flow matrix of {when}{note} [billion USD]",
                                 header, rows))
    return html.Section(
        "Balance sheets and transactions-flow matrix",
        "Every sector's balance sheet (assets +, liabilities −; the balance is minus its net worth, so each "
        "column sums to zero) and the month's transactions by purpose (receipts +, payments −; the last row is "
        "minus the change in cash, so each column sums to zero, and each row sums to zero as every payment is "
        "someone's receipt), after Godley and Lavoie (2007). The model checks every month that each stock "
        "changed by its flows plus its revaluations (write-offs, depreciation, capacity installed or sold; "
        "docs/ODD.md 3.3.9). Households, businesses, grids and the rest of the world hold only a cash account: "
        "the running sum of what they received less what they paid (their other wealth is not modelled). "
        "US dollars are nominal.",
        tuple(tables))
