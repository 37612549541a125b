"""pricing.py BASELINE.nc PRICE_WAR.nc CARTEL.nc — labs that set prices (tests/scripts/pricing.sh).

Every lab's subscription and API price moves in the baseline once labs set prices (the price it
sets over its list path, lab_*_ratio, takes more than one value from 2026, and so does the
subscription it charges); against the baseline over 2026-2027 the price war has a lower mean
subscription and API price in USD, more paying users and more tokens (lab_paid_users,
lab_tokens), and more people using AI (lab_users) over 2024-2026; the
cartel (conduct 1) has a higher mean subscription ratio (the ratio to the list path, which the cartel
shares with the baseline but the price war halves, so the war is compared in USD). Prints each number; exit 1 naming each
claim that fails."""
import sys

import numpy as np
import xarray as xr

base, war, cartel = (xr.open_dataset(p) for p in sys.argv[1:4])
T0 = base["time"].values[0]   # record 0: the start (January of the baseline's first year)
FROM = 1 + 12 * (2026 - T0.year) + (1 - T0.month)   # the record of 2026-01: the labs set prices from here on
failures = []


def check(text, ok, detail):
    print(f"{'ok' if ok else 'FAIL'}: {text} ({detail})")
    if not ok:
        failures.append(text)


for lab in base.lab.values:
    for var in ("lab_subscription_ratio", "lab_api_ratio", "lab_subscription_price"):
        x = base[var].sel(lab=lab).values[FROM:]
        check(f"baseline: {lab}'s {var} moves from 2026", float(np.ptp(x)) > 1e-3 * float(np.abs(x).max()),
              f"from {x.min():.4g} to {x.max():.4g}")


def mean(d, var):
    return float(d[var].values[FROM:].mean())


def total(d, var):
    return float(d[var].values[FROM:].sum())


# In USD, not as lab_*_ratio: each run's ratio is to its own list path, and the price war's list
# subscriptions are half the baseline's and its API list prices fall faster, so a ratio above the
# baseline's can still be a lower price ("lowers prices" means in USD).
for var in ("lab_subscription_price", "lab_api_price"):
    check(f"price war: lower {var} than the baseline", mean(war, var) < mean(base, var),
          f"mean {mean(war, var):.4g} against {mean(base, var):.4g}")
# People using AI over 2024-2026, as README's price-war claim (tests/python/readme_story.py): the
# war's list prices are lower from the start, and by 2026 adoption is nearly complete (since the
# baseline's fit the war has about as many users in 2026 alone: 0.1 % fewer in some months).
FROM_2024 = max(1, 1 + 12 * (2024 - T0.year) + (1 - T0.month))   # the record of 2024-01
users_war, users_base = (float(d["lab_users"].values[FROM_2024:].sum()) for d in (war, base))
check("price war: more lab_users than the baseline (2024-2026)", users_war > users_base,
      f"{users_war:.4g} against {users_base:.4g}")
for var in ("lab_paid_users", "lab_tokens"):
    check(f"price war: more {var} than the baseline", total(war, var) > total(base, var),
          f"{total(war, var):.4g} against {total(base, var):.4g}")
check("cartel: higher lab_subscription_ratio than the baseline",
      mean(cartel, "lab_subscription_ratio") > mean(base, "lab_subscription_ratio"),
      f"mean {mean(cartel, 'lab_subscription_ratio'):.4g} against {mean(base, 'lab_subscription_ratio'):.4g}")
sys.exit(1 if failures else 0)
