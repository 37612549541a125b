"""output_identities.py — stock-flow identities of a run, recomputed from its NetCDF file alone.

    output_identities.py RUN.nc [NAME]

The accounting residual the model writes is computed from the same payments that move the cash,
so a wrong amount or a payment to the wrong party still balances. This script instead takes the
stocks and flows written to the file (and the resolved scenario stored in its `scenario`
attribute, for constants such as opex and other revenue) and checks, for every player and every
month t >= 1 (record t against record t - 1; docs/OUTPUT.md for each variable's kind):

labs, while not defaulted before t:
  revenue   lab_revenue = lab_paid_users x lab_subscription_price[t-1]
                        + (lab_tokens - household tokens) x lab_served_share x lab_api_price[t-1],
            household tokens = ((users - paid) x tokens_free + paid x tokens_paid) x G(t), G the
            usage growth of docs/ODD.md 3.3.4 (0 after a default)
  cash      lab_cash[t] - lab_cash[t-1] = lab_revenue + equity raised in t + lab_borrowed
            + lab_penalties_received + lab_vendor_cash - lab_costs (less its bid, not in the output, in a month it buys
            a liquidated lab: lab_users_acquired > 0) (equity raised = difference of
            lab_equity_raised, less the debt swapped for equity in a restructuring); opex in the
            costs = lab_opex_next[t-1];
            in the month of its default the lab pays out everything it has (cash[t] = 0, and what
            it had was short of its costs) and receives no penalty; a lab restructured in t
            (lab_restructured rises) defaulted in t, and its debt is 0 after it
  debt      interest due = lab_debt[t-1] x lab_debt_rate[t-1] / 12, principal due = lab_debt[t-1] /
            debt_maturity_months; lab_interest and lab_principal = those x the share paid;
            lab_debt[t] = lab_debt[t-1] - lab_principal + lab_borrowed and lab_debt_rate[t] =
            ((lab_debt[t-1] - lab_principal) x lab_debt_rate[t-1] + lab_borrowed x (rate +
            lab_spread[t-1])) / lab_debt[t] (0 at its default: written off)
  after a default: cash, debt and equity_raised constant, revenue and penalties 0
clouds, while not defaulted before t:
  cash      cloud_cash[t] - cloud_cash[t-1] = cloud_revenue + other_revenue_usd + cloud_firm_rentals
            + cloud_borrowed - cloud_capex - energy - cloud_interest - cloud_principal
            - cloud_penalties_paid - cloud_acquisitions - cloud_credits_used, energy = cloud_power[t] x 720 h x
            electricity_price[t-1] of its region (an SPV has no other revenue); debt, interest,
            principal and coupon as the labs', principal due + cloud_margin_calls (a defaulter
            with secured debt pays its tiers different shares: 0 <= paid <= due); in its default month cash[t] = 0 and debt[t] = 0; after it: cash and debt
            constant, revenue, capex and penalties 0
grids (the data-centre business, docs/ODD.md 3.3.15), every region: the bonds pay rate + debt_spread
            (one coupon: the investors' rate is constant); due = grid_debt[t-1] x coupon / 12 +
            grid_debt[t-1] / (12 x recovery_years); grid_debt_service = due, or (the month it
            defaults: grid_default rises) less; grid_debt[t] = grid_debt[t-1] - principal paid +
            debt_share x grid_expansion_cost[t] (the principal paid being the service x principal due /
            due), and in a default month only the new bonds: debt_share x grid_expansion_cost[t]
investors: investor_wealth[t] - investor_wealth[t-1] = investor_income - realised_losses; income =
            the labs', clouds' and grids' interest + the clouds' acquisitions; realised_losses = the debt at
            default (debt[t-1] - principal + borrowed; a grid's debt[t-1] - principal paid) + equity
            written off at the defaults of t (so at least that debt: the equity at cost is not in the output)
contract payments: the labs' costs less opex, interest and principal due (contracts and market rentals), paid
            (pro rata in a default month), add up to the clouds' revenue
delay penalties: the clouds' cloud_penalties_paid add up to the labs' lab_penalties_received
chipmakers: chip_revenue = chip_shipments x chip_price; chip_cash[t] - chip_cash[t-1] =
            chip_revenue - chip_shipments x chip_unit_cost - the change of chip_tranches_paid when no cloud defaults in t (at most
            that when one does: a defaulting cloud pays its bill pro rata)
users:     every lab's users and firms follow their flows: lab_users[t] = lab_users[t-1] +
            lab_users_new + lab_users_switched_in - lab_users_switched_out - lab_users_stopped +
            lab_users_transferred (the same for lab_business_users_*), exactly (counts of people and
            firms), every flow a count (>= 0 but the signed transfers, which sum to 0 over the
            labs; switches in and out sum alike over the labs when no one uses open weights); record 0's per-lab stocks are not the
            initial ones (the labs have not counted their users yet: 0), so month 1 is checked in
            sum: the labs' users at the start, recomputed as users[1] - flows[1], add up to the
            households using AI at record 0 less those using open weights (the firms: the adopted
            share x the scenario's firms, less open-weight firms); what moves to a buyer at t is what
            it bought at t - 1 (lab_users_acquired)
diffusion runs: households_adopted_count[t] - [t-1] = households_adopters[t];
            households_adopted = households_adopted_count / households_total.
Not in the output today (so recomputed from a formula, or not checked): a cloud's energy cost
(recomputed from power drawn and prices); what a defaulting lab or cloud actually paid besides its
debt service; a cloud's capex split into chips and construction (so the chipmakers' receipts
cannot be matched with the clouds' chip spending); a lab's subscription and API revenue and its API
tokens (recomputed from household tokens); the grids' revenue; the flows of the open-weight users
(only the labs' are written, so open weights' switches show only as the labs' imbalance). Variables
that would close these: cloud_energy_cost, lab_paid, cloud_paid, cloud_chip_spend,
lab_subscription_revenue, lab_api_revenue, grid_revenue.
Tolerance: 1e-9 of the largest term plus 1e-6 USD. Prints each failure (variable, player, month)
and exits 1 if any, 0 if none, 2 if the file cannot be read."""
import math
import re
import sys

import netCDF4
import numpy as np


# ------------------------------------------------------------------ the resolved scenario (YAML)

def parse_yaml(text):
    """The block-style YAML subset aiecon writes (mappings, lists of mappings, scalars)."""
    lines = []
    for raw in text.splitlines():
        s = raw.split(" #", 1)[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if s.strip():
            lines.append((len(s) - len(s.lstrip(" ")), s.strip()))
    pos = 0

    def scalar(v):
        v = v.strip()
        if v.startswith('"') and v.endswith('"'):
            return v[1:-1]
        if v in ("true", "false"):
            return v == "true"
        try:
            return float(v)
        except ValueError:
            return v

    def block(indent):
        nonlocal pos
        if pos < len(lines) and lines[pos][1].startswith("- "):
            out = []
            while pos < len(lines) and lines[pos][0] == indent and lines[pos][1].startswith("- "):
                ind, s = lines[pos]
                lines[pos] = (ind + 2, s[2:])
                out.append(block(ind + 2))
            return out
        out = {}
        while pos < len(lines) and lines[pos][0] == indent and not lines[pos][1].startswith("- "):
            key, _, value = lines[pos][1].partition(":")
            pos += 1
            if value.strip():
                out[key] = scalar(value)
            elif pos < len(lines) and (lines[pos][0] > indent or
                                       (lines[pos][0] == indent and lines[pos][1].startswith("- "))):
                out[key] = block(lines[pos][0])
            else:
                out[key] = None
        return out

    return block(0)


def usage_growth(g, halflife, months):
    if halflife <= 0:
        return (1.0 + g) ** (months / 12.0)
    return math.exp(sum(math.log1p(g * 2.0 ** (-(m + 0.5) / (12.0 * halflife))) / 12.0 for m in range(months)))


# ------------------------------------------------------------------ checks

class Checker:
    def __init__(self, name):
        self.name, self.failures, self.checked = name, 0, 0

    def equal(self, what, got, want, *terms):
        self.checked += 1
        scale = max([abs(got), abs(want)] + [abs(x) for x in terms])
        if not abs(got - want) <= 1e-9 * scale + 1e-6:
            self.failures += 1
            if self.failures <= 20:
                print(f"FAIL {self.name}: {what}: {got:.10g} in the file, {want:.10g} from the flows "
                      f"(difference {got - want:.4g})")

    def true(self, what, ok):
        self.checked += 1
        if not ok:
            self.failures += 1
            if self.failures <= 20:
                print(f"FAIL {self.name}: {what}")


def names(d, dim):
    return [str(x) for x in d[dim + "_name"][:]]


def var(d, name):
    return np.asarray(d[name][:], dtype=float)


def diffusion(d, c):
    count, new, total, share = (var(d, v) for v in ("households_adopted_count", "households_adopters",
                                                    "households_total", "households_adopted"))
    for t in range(1, count.shape[0]):
        for r, region in enumerate(names(d, "region")):
            c.equal(f"households_adopted_count[{region}] month {t}", count[t, r] - count[t - 1, r], new[t, r])
            c.equal(f"households_adopted[{region}] month {t}", share[t, r], count[t, r] / total[t, r])


def use_factor(choice, own_start, v, t, l):
    """Tokens per user at lab l in month t against the scenario's (docs/ODD.md 3.3.4), from the
    output alone: (API price / reference)^-e × (quality / best standing quality)^theta, the price
    and qualities those of record t - 1 (what the step's demand saw)."""
    e, theta = float(choice.get("use_price_elasticity") or 0), float(choice.get("use_quality_elasticity") or 0)
    f = 1.0
    price = v["lab_api_price"][t - 1, l]
    ref = (float(choice.get("price_reference_usd_per_mtok") or 0) or own_start) \
        * (1 - float(choice.get("price_reference_decline") or 0)) ** ((t - 1) / 12.0)
    if e != 0 and price > 0 and ref > 0:
        f *= (price / ref) ** -e
    standing = v["lab_default"][t - 1] < 0.5
    best = float(v["lab_quality"][t - 1][standing].max()) if standing.any() else 0.0
    q = v["lab_quality"][t - 1, l]
    if theta != 0 and q > 0 and best > 0:
        f *= (q / best) ** theta
    return f


USER_FLOWS = (("new", 1), ("switched_in", 1), ("switched_out", -1), ("stopped", -1), ("transferred", 1))


def lab_user_flows(d, s, v, c):
    """Every lab's users (households) and firms follow their flows, exactly: the stocks are counts."""
    labs, regions = names(d, "lab"), names(d, "region")
    T = d.dimensions["time"].size
    firms = np.array([float(x["businesses"]) for x in s["regions"]])
    at_start = {"lab_users": float(v["households_users"][0].sum() - v["open_weight_users"][0].sum()),
                "lab_business_users": float(np.round(v["businesses_adopted"][0] * firms).sum()
                                            - v["open_weight_firms"][0].sum())}
    for stock, what in (("lab_users", "users"), ("lab_business_users", "firms")):
        if stock + "_new" not in v:
            c.true(f"{stock}: no flows in the output ({stock}_new ...)", False)
            continue
        S = v[stock]
        flow = {f: v[f"{stock}_{f}"] for f, _ in USER_FLOWS}
        net = sum(sign * flow[f] for f, sign in USER_FLOWS)
        for t in range(1, T):
            for l, name in enumerate(labs):
                for f, _ in USER_FLOWS:
                    c.true(f"lab {name} month {t}: {stock}_{f} = {flow[f][t, l]:.17g} is not a count of {what}"
                           f"{'' if f == 'transferred' else ' (negative)'}", flow[f][t, l] == round(flow[f][t, l])
                           and (f == "transferred" or flow[f][t, l] >= 0))
                if t >= 2:
                    gap = S[t, l] - (S[t - 1, l] + net[t, l])
                    c.true(f"lab {name} month {t}: {stock} = {S[t, l]:.17g} in the file, {S[t - 1, l] + net[t, l]:.17g} "
                           f"from {stock}[{t - 1}] and the flows of month {t} (gap {gap:.17g} {what})", gap == 0)
            if not (v["open_weight_users"].any() or v["open_weight_firms"].any()):
                c.true(f"month {t}: {stock}_switched_in sums to {flow['switched_in'][t].sum():.17g} over the labs, "
                       f"{stock}_switched_out to {flow['switched_out'][t].sum():.17g}",
                       flow["switched_in"][t].sum() == flow["switched_out"][t].sum())
            c.true(f"month {t}: {stock}_transferred sums to {flow['transferred'][t].sum():.17g} over the labs, not 0",
                   flow["transferred"][t].sum() == 0)
        if stock == "lab_business_users" and "lab_users_acquired" in v:
            # a buyer gets the users and firms it bought (lab_users_acquired, the month before) at the start of t
            for t in range(1, T):
                for l, name in enumerate(labs):
                    got = max(0.0, v["lab_users_transferred"][t, l]) + max(0.0, flow["transferred"][t, l])
                    c.true(f"lab {name} month {t}: {got:.17g} users and firms moved to it, "
                           f"{v['lab_users_acquired'][t - 1, l]:.17g} bought the month before",
                           got == v["lab_users_acquired"][t - 1, l])
        start = float((S[1] - net[1]).sum())
        c.true(f"month 1: the labs' {what} at the start from {stock}[1] less the flows of month 1 ({start:.17g}) "
               f"differ from those in the file at record 0 ({at_start[stock]:.17g}; gap {start - at_start[stock]:.17g})",
               start == at_start[stock])


def grids(s, v, c, regions, rate, T):
    """Each grid's bonds recomputed from its flows (module docstring); returns the grids' interest
    and the debt written off at their defaults, by month."""
    interest, written = np.zeros(T), np.zeros(T)
    if "grid_debt" not in v:
        return interest, written
    for r, name in enumerate(regions):
        g = s["regions"][r].get("grid") or {}
        if not g:
            continue
        coupon = rate + float(g["debt_spread"])
        months = max(1.0, 12.0 * float(g["recovery_years"]))
        share = float(g["debt_share"])
        debt, service = v["grid_debt"][:, r], v["grid_debt_service"][:, r]
        built, fell_at = v["grid_expansion_cost"][:, r], v["grid_default"][:, r]
        for t in range(1, T):
            where = f"grid {name} month {t}"
            i_due, p_due = debt[t - 1] * coupon / 12.0, debt[t - 1] / months
            due = i_due + p_due
            fell = fell_at[t] > 0.5 and (fell_at[t - 1] < 0.5 or debt[t - 1] > 0 and service[t] < due * (1 - 1e-12) - 1e-6)
            if fell:
                c.true(f"{where}: debt service at default in [0, due] ({service[t]:.6g} of {due:.6g})",
                       -1e-6 <= service[t] <= due * (1 + 1e-12) + 1e-6)
            else:
                c.equal(f"{where}: debt service = debt x coupon / 12 + debt / (12 x recovery_years)", service[t], due,
                        due)
            part = service[t] / due if due > 0 else 0.0
            interest[t] += i_due * part
            principal = p_due * part
            new = share * built[t]
            if fell:
                written[t] += debt[t - 1] - principal
                c.equal(f"{where}: debt at default = the month's new bonds only", debt[t], new, new)
            else:
                c.equal(f"{where}: debt = debt - principal + debt_share x expansion cost", debt[t],
                        debt[t - 1] - principal + new, debt[t - 1], new)
    return interest, written


def economy(d, s, c):
    T = d.dimensions["time"].size
    labs, clouds, chips, regions = (names(d, x) for x in ("lab", "cloud", "chipmaker", "region"))
    v = {n: var(d, n) for n in d.variables   # the model's figures: (time) or (time, dim) doubles
         if d[n].dimensions[:1] == ("time",) and n not in ("time", "time_bnds", "initial_state")}
    rate = float(s["investors"]["rate"])
    hh, biz = s["households"], s["businesses"]
    lab_in = {x["name"]: x for x in s["labs"]}
    cloud_in = {x["name"]: x for x in s["clouds"]}
    maturity = float(s["investors"]["debt_maturity_months"])

    def debt_terms(where, debt, coupon, spread_i, interest, principal, borrowed, t, part, fell, call=0.0,
                   tiered=False):
        """Interest and principal paid = due x part (a margin call `call` is principal due too); the
        debt and its coupon after the month. A defaulter with secured debt pays its secured and
        senior tiers different shares (docs/ODD.md 3.3.13): then only 0 <= paid <= due."""
        i_due, p_due = debt[t - 1] * coupon[t - 1] / 12.0, debt[t - 1] / maturity + call
        if tiered:
            c.true(f"{where}: interest paid in [0, due] ({interest[t]:.6g} of {i_due:.6g})",
                   -1e-6 <= interest[t] <= i_due * (1 + 1e-12) + 1e-6)
            c.true(f"{where}: principal paid in [0, due] ({principal[t]:.6g} of {p_due:.6g})",
                   -1e-6 <= principal[t] <= p_due * (1 + 1e-12) + 1e-6)
        else:
            c.equal(f"{where}: interest = debt x coupon / 12 (x share paid)", interest[t], i_due * part, i_due)
            c.equal(f"{where}: principal = debt / maturity + margin call (x share paid)", principal[t], p_due * part,
                    p_due)
        c.true(f"{where}: negative borrowing ({borrowed[t]:.6g} USD)", borrowed[t] >= 0.0)
        if fell:
            c.equal(f"{where}: debt written off at default", debt[t], 0.0)
            return
        after = debt[t - 1] - principal[t] + borrowed[t]
        c.equal(f"{where}: debt = debt - principal + borrowed", debt[t], after, debt[t - 1], borrowed[t])
        if after > 0:
            kept = debt[t - 1] - principal[t]
            want = (kept * coupon[t - 1] + borrowed[t] * (rate + spread_i[t - 1])) / after
            c.equal(f"{where}: coupon = mean of the old coupon and rate + spread on what is borrowed",
                    coupon[t], want, coupon[t - 1])

    lab_user_flows(d, s, v, c)
    grid_interest, grid_written = grids(s, v, c, regions, rate, T)
    wealth, income, lost = v["investor_wealth"], v["investor_income"], v["realised_losses"]
    for t in range(1, T):
        c.equal(f"month {t}: wealth change = income - realised losses", wealth[t] - wealth[t - 1],
                income[t] - lost[t], wealth[t], income[t], lost[t])
        earned = float(v["lab_interest"][t].sum() + v["cloud_interest"][t].sum() + v["cloud_acquisitions"][t].sum()
                       + grid_interest[t])
        c.equal(f"month {t}: investors' income = interest + acquisitions", income[t], earned, earned)
        written = grid_written[t]
        for p in ("lab", "cloud"):
            fell_now = (v[p + "_default"][t] > 0.5) & (v[p + "_default"][t - 1] < 0.5)
            at_default = v[p + "_debt"][t - 1] - v[p + "_principal"][t] + v[p + "_borrowed"][t]
            written += float((at_default * fell_now).sum())
        c.true(f"month {t}: realised losses ({lost[t]:.6g}) below the debt of this month's defaulters "
               f"({written:.6g}) or no default", (lost[t] >= written - 1e-6 * (1 + written)) if written > 0
               else lost[t] >= 0.0)
        g_hh = usage_growth(float(hh["token_growth"]), float(hh.get("token_growth_halflife") or 0), t)
        to_clouds = received = 0.0
        owed = 0.0   # the labs' costs, from which the contract payments are a difference (its rounding)
        for l, name in enumerate(labs):
            cash, rev, costs = v["lab_cash"][:, l], v["lab_revenue"][:, l], v["lab_costs"][:, l]
            eq, debt = v["lab_equity_raised"][:, l], v["lab_debt"][:, l]
            gone, fell = v["lab_default"][t - 1, l] > 0.5, v["lab_default"][t, l] > 0.5
            where = f"lab {name} month {t}"
            pen = v["lab_penalties_received"][t, l]
            received += pen
            if gone:
                c.equal(f"{where}: cash after default", cash[t], cash[t - 1])
                c.equal(f"{where}: revenue after default", rev[t], 0.0)
                c.equal(f"{where}: penalties after default", pen, 0.0)
                c.equal(f"{where}: equity after default", eq[t], eq[t - 1])
                continue
            users, paid = v["lab_users"][t, l], v["lab_paid_users"][t, l]
            hh_tokens = ((users - paid) * float(hh["tokens_free_mtok"]) + paid * float(hh["tokens_paid_mtok"])) * g_hh \
                * use_factor(hh["choice"], float(lab_in[name]["api_usd_per_mtok"]), v, t, l)
            api_tokens = v["lab_tokens"][t, l] - hh_tokens
            subs = paid * v["lab_subscription_price"][t - 1, l]
            api = api_tokens * v["lab_served_share"][t, l] * v["lab_api_price"][t - 1, l]
            c.equal(f"{where}: revenue = paying users x price + served API tokens x API price", rev[t], subs + api,
                    subs, api)
            raised = eq[t] - eq[t - 1]
            borrowed = v["lab_borrowed"][:, l]
            buying = v["lab_users_acquired"][t, l] > 0 if "lab_users_acquired" in v else False
            if "lab_restructured" in v and v["lab_restructured"][t, l] > 0.5 > v["lab_restructured"][t - 1, l]:
                # restructured in t: it defaulted (paid pro rata) and its debt at default became equity
                fell = True
                raised -= debt[t - 1] - v["lab_principal"][t, l] + borrowed[t]
            vendor = v["lab_vendor_cash"][t, l] if "lab_vendor_cash" in v else 0.0   # tranches, credits used
            available = cash[t - 1] + rev[t] + raised + borrowed[t] + vendor
            opex = v["lab_opex_next"][t - 1, l]   # grown, or frozen by a lab short of runway (distress.c)
            service = debt[t - 1] * v["lab_debt_rate"][t - 1, l] / 12.0 + debt[t - 1] / maturity
            contracts = costs[t] - opex - service
            if fell:
                c.equal(f"{where}: no penalty to a lab in its default month", pen, 0.0)
                c.equal(f"{where}: a defaulting lab pays out all its cash", cash[t], 0.0, available)
                c.true(f"{where}: defaulted although it could pay ({available:.6g} for {costs[t]:.6g} USD)",
                       available < costs[t] * (1 + 1e-12) + 1e-6)
                part = max(0.0, available) / costs[t] if costs[t] > 0 else 1.0
            elif buying:
                # it bought a liquidated lab in t: its bid (not in the output) went to the seller's lenders
                flows = rev[t] + raised + borrowed[t] + pen + vendor - costs[t]
                c.true(f"{where}: a buyer's cash falls by its bid", cash[t] - cash[t - 1] < flows)
                part = 1.0
            else:
                c.equal(f"{where}: cash change = revenue + equity + borrowed + penalties received + vendor cash - costs",
                        cash[t] - cash[t - 1], rev[t] + raised + borrowed[t] + pen + vendor - costs[t], rev[t], raised,
                        borrowed[t], pen, vendor, costs[t], cash[t])
                part = 1.0
            debt_terms(where, debt, v["lab_debt_rate"][:, l], v["lab_spread"][:, l], v["lab_interest"][:, l],
                       v["lab_principal"][:, l], borrowed, t, part, fell)
            to_clouds += contracts * part
            owed += abs(costs[t])
        paid_to_clouds = penalties_paid = 0.0
        cloud_fell = False
        for k, name in enumerate(clouds):
            cash, debt = v["cloud_cash"][:, k], v["cloud_debt"][:, k]
            rev, capex = v["cloud_revenue"][:, k], v["cloud_capex"][:, k]
            gone, fell = v["cloud_default"][t - 1, k] > 0.5, v["cloud_default"][t, k] > 0.5
            where = f"cloud {name} month {t}"
            pen = v["cloud_penalties_paid"][t, k]
            paid_to_clouds += rev[t]
            penalties_paid += pen
            if gone:
                c.equal(f"{where}: cash after default", cash[t], cash[t - 1])
                c.equal(f"{where}: revenue after default", rev[t], 0.0)
                c.equal(f"{where}: penalties after default", pen, 0.0)
                continue
            region = regions.index(cloud_in[name]["region"])
            energy = v["cloud_power"][t, k] * 720.0 * v["electricity_price"][t - 1, region]
            interest, principal = v["cloud_interest"][:, k], v["cloud_principal"][:, k]
            borrowed = v["cloud_borrowed"][:, k]
            spv = bool(cloud_in[name].get("spv"))   # an SPV is paid its lease only (docs/ODD.md 3.3.13)
            other = (0.0 if spv else float(cloud_in[name].get("other_revenue_usd") or 0.0)) + v["cloud_firm_rentals"][t, k]
            call = v["cloud_margin_calls"][t, k] if "cloud_margin_calls" in v else 0.0
            secured = "cloud_secured_debt" in v and v["cloud_secured_debt"][t - 1, k] > 0
            part = 1.0
            if fell:
                cloud_fell = True
                c.equal(f"{where}: a defaulting cloud pays out all its cash", cash[t], 0.0, cash[t - 1], capex[t],
                        debt[t - 1], energy, interest[t], pen)
                due = debt[t - 1] / maturity + call
                part = principal[t] / due if due > 0 else 1.0
                c.true(f"{where}: paid a share of its principal in [0, 1] ({part:.6g})", -1e-12 <= part <= 1 + 1e-12)
            else:
                c.true(f"{where}: negative penalty ({pen:.6g} USD)", pen >= 0.0)
                bought = v["cloud_acquisitions"][t, k]
                used = v["cloud_credits_used"][t, k] if "cloud_credits_used" in v else 0.0
                c.equal(f"{where}: cash change = revenue + other + borrowed - capex - energy - interest - principal"
                        " - penalties - acquisitions - credits used",
                        cash[t] - cash[t - 1],
                        rev[t] + other + borrowed[t] - capex[t] - energy - interest[t] - principal[t] - pen - bought
                        - used,
                        rev[t], other, borrowed[t], capex[t], energy, interest[t], principal[t], pen, bought, used,
                        cash[t])
            debt_terms(where, debt, v["cloud_debt_rate"][:, k], v["cloud_spread"][:, k], interest, principal,
                       borrowed, t, part, fell, call, fell and secured)
        c.equal(f"month {t}: the labs' contract payments = the clouds' revenue", paid_to_clouds, to_clouds, owed)
        c.equal(f"month {t}: the penalties clouds paid = the penalties labs received", received, penalties_paid)
        for m, name in enumerate(chips):
            cash, rev = v["chip_cash"][:, m], v["chip_revenue"][:, m]
            ship, price, unit = v["chip_shipments"][t, m], v["chip_price"][t, m], v["chip_unit_cost"][t, m]
            where = f"chipmaker {name} month {t}"
            c.equal(f"{where}: revenue = shipments x price", rev[t], ship * price)
            tranches = v["chip_tranches_paid"][t, m] - v["chip_tranches_paid"][t - 1, m] if "chip_tranches_paid" in v else 0.0
            expected = rev[t] - ship * unit - tranches
            if cloud_fell:
                c.true(f"{where}: cash grew more than its sales allow", cash[t] - cash[t - 1] <= expected + 1e-6 +
                       1e-9 * abs(rev[t]))
            else:
                c.equal(f"{where}: cash change = revenue - production cost - tranches paid", cash[t] - cash[t - 1],
                        expected, rev[t], tranches, cash[t])


def main():
    path = sys.argv[1]
    name = sys.argv[2] if len(sys.argv) > 2 else path
    try:
        d = netCDF4.Dataset(path)
        s = parse_yaml(d.getncattr("scenario"))
    except Exception as exc:  # noqa: BLE001 - any unreadable file is exit 2
        print(f"output_identities: {path}: {exc}", file=sys.stderr)
        return 2
    c = Checker(name)
    if "lab_cash" in d.variables:
        economy(d, s, c)
    else:
        diffusion(d, c)
    print(f"{name}: {c.checked} identities checked, {c.failures} failed")
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())
