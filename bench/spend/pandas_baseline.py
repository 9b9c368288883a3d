"""A straightforward pandas implementation of the same figures (the benchmark baseline).

python bench/spend/pandas_baseline.py payments.csv suppliers.csv
"""

from __future__ import annotations

import json
import sys

import pandas as pd
from classify_table import COLUMNS, classify


def main(path: str, register: str) -> None:
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.columns = ["category", "date", "supplier", "postcode", "amount"]
    df["date"] = pd.to_datetime(df["date"], format="%d/%m/%Y")
    # Integer pence: floats would drift over 10 million additions.
    df["pence"] = (pd.to_numeric(df["amount"].str.replace(",", "", regex=False)) * 100).round()
    df["pence"] = df["pence"].astype("int64")
    pairs = df[["supplier", "postcode"]].drop_duplicates()
    classes = pd.DataFrame(
        classify(list(pairs.itertuples(index=False, name=None)), register), columns=COLUMNS
    )
    df = df.merge(
        classes,
        left_on=["supplier", "postcode"],
        right_on=["supplier_name", "postcode_key"],
        how="left",
    )
    df["fy"] = df["date"].dt.year - (df["date"].dt.month < 4)
    df["month"] = df["date"].dt.strftime("%Y-%m")
    df["infl"] = df["pence"].where(df["influenceable"], 0)
    df["local"] = df["infl"].where(df["place"] == "force_area", 0)
    df["nw"] = df["infl"].where(df["place"].isin(["force_area", "north_west"]), 0)
    df["sme"] = df["infl"].where(df["size_band"].isin(["micro", "small", "medium"]), 0)
    df["vcse"] = df["infl"].where(df["org_type"] == "vcse", 0)
    out = {}
    for keys in (["fy"], ["fy", "month"], ["fy", "category"]):
        g = df.groupby(keys)
        agg = g[["pence", "infl", "local", "nw", "sme", "vcse"]].sum()
        agg["lines"] = g.size()
        agg["suppliers"] = g["supplier_key"].nunique()
        out["+".join(keys)] = len(agg)
    top = df.groupby("supplier_key")["pence"].sum().nlargest(10)
    out["total"] = int(df["pence"].sum())
    out["negatives"] = int((df["pence"] < 0).sum())
    out["top"] = [[k, int(v)] for k, v in top.items()]
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
