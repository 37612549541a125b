"""sfc_identities.py — the stock-flow matrices of a run, checked from its NetCDF file alone.

    sfc_identities.py RUN.nc [NAME]

Reads balance_sheet(time, account, instrument), flows(time, account, flow) and
revaluations(time, account, instrument) (docs/OUTPUT.md, docs/ODD.md 3.3.9) and checks, for every
record t >= 1 against record t - 1:

  rows       every row of the transactions-flow matrix sums to zero over the sectors (each payment
             is received by someone), change in cash included (the ledger only moves cash)
  columns    every sector's column sums to zero: its receipts less payments, over every purpose,
             equal its change in cash, taken from the balance sheet (not the flows' own last row)
  cash       balance_sheet cash[t] - [t-1] = sum of the sector's flows other than change_in_cash
  loans      loans[t] - [t-1] = -(new_debt + repayment) + revaluations of loans
  equity     equity[t] - [t-1] = -equity_issued + revaluations of equity
  capital    capital[t] - [t-1] = revaluations of capital (installed, depreciated, retired, sold)
  other      other[t] - [t-1] = -credits_redeemed + revaluations of other (the investors' other assets are
             constant; a lab's unused credits and a cloud's debt of them move with the credits used,
             docs/ODD.md 3.3.14)
  net worth  net_worth[t] - [t-1] = the non-financial flows (saving) + all revaluations
  claims     the loans and equity rows sum to zero over the sectors at every record (each claim is
             a borrower's liability), and net worth is the sum of the other rows
and against variables written independently of the matrices: the balance sheet's cash of each lab,
cloud and chipmaker equals lab_cash, cloud_cash, chip_cash; its loans equal -lab_debt and
-cloud_debt; the grids' cash, loans and capital equal grid_cash, -grid_debt and grid_capital summed
over the regions; the investors' net worth equals investor_wealth. Record 0 has no flows.
Tolerance: 1e-12 of the largest term plus 1 USD (the model's own check, accounts.c). Prints each
failure (identity, sector, record) and exits 1 if any, 0 if none, 2 if the file cannot be read."""
import sys

import netCDF4
import numpy as np

FINANCIAL = ("new_debt", "repayment", "equity_issued", "credits_redeemed")


def names(ds, dim):
    return [str(x) for x in ds.variables[dim + "_name"][:]] if dim + "_name" in ds.variables else \
        [str(x) for x in ds.variables[dim][:]]


def close(a, b, scale):
    return np.abs(a - b) <= 1e-12 * scale + 1.0


def check(path, label):
    ds = netCDF4.Dataset(path)
    if "balance_sheet" not in ds.variables:
        print(f"{label}: no stock-flow matrices (a diffusion run has no accounts)")
        return True
    bs = np.asarray(ds.variables["balance_sheet"][:], dtype=float)     # time, account, instrument
    fl = np.asarray(ds.variables["flows"][:], dtype=float)             # time, account, flow
    rv = np.asarray(ds.variables["revaluations"][:], dtype=float)      # time, account, instrument
    sectors, inst, flows = names(ds, "account"), names(ds, "instrument"), names(ds, "flow")
    I = {n: i for i, n in enumerate(inst)}
    F = {n: i for i, n in enumerate(flows)}
    fails = []

    def expect(what, got, want, scale, first=1):
        """got = want to tolerance; arrays over (records from `first`[, sectors])."""
        got, want, scale = np.broadcast_arrays(got, want, scale)
        for idx in zip(*np.nonzero(~close(got, want, scale))):
            who = f" {sectors[idx[1]]}" if len(idx) > 1 else ""
            fails.append(f"{label}: {what}:{who} at record {idx[0] + first}: {got[idx]:.17g} against "
                         f"{want[idx]:.17g} USD")

    d = bs[1:] - bs[:-1]                                   # change of each stock, records 1..T
    f, r = fl[1:], rv[1:]
    transactions = [F[n] for n in flows if n != "change_in_cash"]
    financial = [F[n] for n in FINANCIAL]
    current = [i for i in transactions if i not in financial]
    scale = np.abs(f).sum(axis=2) + np.abs(bs[1:]).sum(axis=2) + np.abs(bs[:-1]).sum(axis=2) + np.abs(r).sum(axis=2)
    if np.any(fl[0] != 0.0):
        fails.append(f"{label}: record 0 has flows")
    for j, n in enumerate(flows):                          # rows
        row_scale = np.abs(fl[:, :, j]).sum(axis=1)
        expect(f"row {n} sums to zero", fl[:, :, j].sum(axis=1), 0.0, row_scale, 0)
    expect("column sums to zero", f.sum(axis=2), 0.0, scale)
    expect("cash = its flows", d[:, :, I["cash"]], f[:, :, transactions].sum(axis=2), scale)
    expect("loans = new debt + repayment + revaluations", d[:, :, I["loans"]],
           -(f[:, :, F["new_debt"]] + f[:, :, F["repayment"]]) + r[:, :, I["loans"]], scale)
    expect("equity = issued + revaluations", d[:, :, I["equity"]], -f[:, :, F["equity_issued"]] + r[:, :, I["equity"]],
           scale)
    expect("capital = revaluations", d[:, :, I["capital"]], r[:, :, I["capital"]], scale)
    credits = f[:, :, F["credits_redeemed"]] if "credits_redeemed" in F else 0.0   # deals.h: credits used
    expect("other = -credits redeemed + revaluations", d[:, :, I["other"]], -credits + r[:, :, I["other"]], scale)
    expect("net worth = saving + revaluations", d[:, :, I["net_worth"]],
           f[:, :, current].sum(axis=2) + r[:, :, I["net_worth"]], scale)
    whole = np.abs(bs).sum(axis=2) + 1.0
    for n in ("loans", "equity"):
        expect(f"the {n} row sums to zero", bs[:, :, I[n]].sum(axis=1), 0.0, whole.sum(axis=1), 0)
    parts = [I[n] for n in inst if n != "net_worth"]
    expect("net worth = the sum of the rows", bs[:, :, I["net_worth"]], bs[:, :, parts].sum(axis=2), whole, 0)
    independent(ds, bs, sectors, I, label, fails)
    for line in fails[:40]:
        print(line)
    if len(fails) > 40:
        print(f"{label}: ... {len(fails) - 40} more")
    return not fails


def independent(ds, bs, sectors, I, label, fails):
    """The balance sheet against the players' own variables."""
    pairs = [("lab", "lab_cash", "cash", 1.0), ("lab", "lab_debt", "loans", -1.0),
             ("cloud", "cloud_cash", "cash", 1.0), ("cloud", "cloud_debt", "loans", -1.0),
             ("chipmaker", "chip_cash", "cash", 1.0)]
    for kind, var, row, sign in pairs:
        cols = [i for i, s in enumerate(sectors) if s.startswith(kind + ":")]
        if not cols or var not in ds.variables:
            continue
        want = sign * np.asarray(ds.variables[var][:], dtype=float)
        got = bs[:, cols, I[row]]
        bad = ~close(got, want, np.abs(want))
        for t, c in zip(*np.nonzero(bad)):
            fails.append(f"{label}: balance sheet {row} of {sectors[cols[c]]} at record {t}: {got[t, c]:.17g}, "
                         f"{var} says {want[t, c]:.17g}")
    if "grids" in sectors and "grid_debt" in ds.variables:   # the grids' account: all regions together
        g = sectors.index("grids")
        for var, row, sign in (("grid_cash", "cash", 1.0), ("grid_debt", "loans", -1.0), ("grid_capital", "capital", 1.0)):
            want = sign * np.asarray(ds.variables[var][:], dtype=float).sum(axis=1)
            got = bs[:, g, I[row]]
            for t in np.nonzero(~close(got, want, np.abs(want)))[0]:
                fails.append(f"{label}: balance sheet {row} of the grids at record {t}: {got[t]:.17g}, "
                             f"{var} summed over the regions says {want[t]:.17g}")
    inv = sectors.index("investors")
    wealth = np.asarray(ds.variables["investor_wealth"][:], dtype=float)
    got = bs[:, inv, I["net_worth"]]
    for t in np.nonzero(~close(got, wealth, np.abs(wealth)))[0]:
        fails.append(f"{label}: investors' net worth at record {t}: {got[t]:.17g}, investor_wealth {wealth[t]:.17g}")


def main(argv):
    if len(argv) < 2:
        print(__doc__.splitlines()[2].strip())
        return 2
    label = argv[2] if len(argv) > 2 else argv[1]
    try:
        ok = check(argv[1], label)
    except (OSError, KeyError) as exc:
        print(f"{label}: cannot read the stock-flow matrices: {exc}")
        return 2
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
