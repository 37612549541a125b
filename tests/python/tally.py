"""tally.py — the population tally of an AI-economy run, one line per figure, for pinning.

    tally.py RUN.nc [RECORD]

Prints, for the record (default: the last), the households using AI per region, the users,
paying users and business users per lab (people and firms, exact integer sums of agent weights)
and the firms' adopted share per region (to 1e-9). Names come from the file."""
import sys

import netCDF4
import numpy as np


def names(d, dim):
    return [str(x) for x in d[dim + "_name"][:]]


def main():
    d = netCDF4.Dataset(sys.argv[1])
    rec = int(sys.argv[2]) if len(sys.argv) > 2 else d.dimensions["time"].size - 1
    print(f"record {rec}")
    for var, dim, fmt in (("households_users", "region", "{:.0f}"), ("businesses_adopted", "region", "{:.9f}"),
                          ("lab_users", "lab", "{:.0f}"), ("lab_paid_users", "lab", "{:.0f}"),
                          ("lab_business_users", "lab", "{:.0f}")):
        values = np.asarray(d[var][rec, :], dtype=float)
        for name, v in zip(names(d, dim), values):
            print(f"{var} {name} " + fmt.format(v))


if __name__ == "__main__":
    main()
