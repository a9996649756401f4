"""Write src/igokit/data/mappings/cow_states.yaml: COW state codes → ISO 3166 alpha-3.

    python scripts/make_cow_state_map.py ../shared/data/cow_igo/state_year_format3.csv.gz

Run once when COW publishes a new version; the output is reviewed and committed. pycountry's
fuzzy search proposes a code from COW's state name; OVERRIDES (reviewed by hand) replace wrong
or missing proposals; historical states with no ISO 3166-1 code get their ISO 3166-3 code where
one exists, else null (the importer then lists them as unmatched, never guesses).
"""

from __future__ import annotations

import sys

import pandas as pd
import pycountry

OVERRIDES: dict[str, str | None] = {
    "domrepublic": "DOM", "stlucia": "LCA", "stvincent": "VCT", "antiguabarbuda": "ATG",
    "stkitts": "KNA", "elsalvador": "SLV", "costarica": "CRI", "czechrep": "CZE",
    "sanmarino": "SMR", "fyromacedonia": "MKD", "yugoslaviaserb": "SRB", "kosovo": "XKX",
    "capeverde": "CPV", "saotome": "STP", "guineabissau": "GNB", "eqguinea": "GNQ",
    "niger": "NER", "ivorycoast": "CIV", "burkinafaso": "BFA", "sierraleone": "SLE",
    "congobrazz": "COG", "zaire": "COD", "soafrica": "ZAF", "swaziland": "SWZ",
    "sosudan": "SSD", "turkey": "TUR", "saudiarabia": "SAU", "nokorea": "PRK",
    "sokorea": "KOR", "srilanka": "LKA", "etimor": "TLS", "papuanewguinea": "PNG",
    "newzealand": "NZL", "solomonis": "SLB", "marshallis": "MHL", "micronesiafs": "FSM",
    "wsamoa": "WSM", "wgermany": "DEU", "germany": "DEU", "yemen": "YEM", "nyemen": "YEM",
    # ISO 3166-3 codes of states that no longer exist
    "czechoslovakia": "CSK", "egermany": "DDR", "syemen": "YMD",
    # no ISO code at all: listed as unmatched by the importer
    "hanover": None, "bavariaelect": None, "baden": None, "saxony": None, "wurtenburg": None,
    "hesseelect": None, "hessegrand": None, "mecklenburg": None, "austriahungary": None,
    "papalstates": None, "twosicilies": None, "modena": None, "parma": None, "tuscany": None,
    "zanzibar": None, "korea": None, "svietnam": None,
}


def main(path: str) -> int:
    sy = pd.read_csv(path, usecols=["ccode", "year", "state"])
    states = sy.groupby(["ccode", "state"]).year.agg(["min", "max"]).reset_index()
    lines = [
        "# COW (Correlates of War) state codes → ISO 3166 alpha-3, for the COW IGO v3 importer.",
        "# Written by scripts/make_cow_state_map.py and reviewed by hand; iso3: null = no ISO code",
        "# (a state of the 19th century): the importer lists it as unmatched and never guesses.",
        "# Codes of states that no longer exist are ISO 3166-3 (CSK, DDR, YMD); XKX is the code",
        "# the EU and the World Bank use for Kosovo (ISO has none).",
        "version: 1",
        "states:",
    ]
    for r in states.itertuples():
        if r.state in OVERRIDES:
            iso = OVERRIDES[r.state]
        else:
            iso = pycountry.countries.search_fuzzy(r.state)[0].alpha_3
        value = iso if iso else "null"
        lines.append(f"  - {{ccode: {r.ccode}, cow: {r.state}, iso3: {value}, "
                     f"years: '{r.min}-{r.max}'}}")
    out = "src/igokit/data/mappings/cow_states.yaml"
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {out}: {len(states)} states")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
