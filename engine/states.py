"""The States that make recommendations: UN member and observer States under the names UN documents
print, with the variants found in UPR reports and in UPR Info's records.

:func:`canonical_state` turns any known spelling ("UK", "Iran", "Venezuela(Bolivarian Republic of)",
"Russia Federation") into one canonical name, so a recommending State can be compared across sources.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache

# Canonical name (as UN documents print it) -> other spellings seen in UN reports and UPR databases.
STATES: dict[str, tuple[str, ...]] = {
    "Afghanistan": (), "Albania": (), "Algeria": (), "Andorra": (), "Angola": (),
    "Antigua and Barbuda": ("Antigua & Barbuda",), "Argentina": (), "Armenia": (), "Australia": (),
    "Austria": (), "Azerbaijan": (), "Bahamas": (), "Bahrain": (), "Bangladesh": (), "Barbados": (),
    "Belarus": (), "Belgium": (), "Belize": (), "Benin": (), "Bhutan": (),
    "Bolivia (Plurinational State of)": ("Bolivia", "Plurinational State of Bolivia"),
    "Bosnia and Herzegovina": ("Bosnia & Herzegovina",), "Botswana": (), "Brazil": (),
    "Brunei Darussalam": ("Brunei",), "Bulgaria": (), "Burkina Faso": (), "Burundi": (),
    "Cabo Verde": ("Cape Verde",), "Cambodia": (), "Cameroon": (), "Canada": (),
    "Central African Republic": (), "Chad": (), "Chile": (), "China": (), "Colombia": (), "Comoros": (),
    "Congo": ("Republic of Congo", "Republic of the Congo"), "Costa Rica": (),
    "Côte d'Ivoire": ("Cote d'Ivoire", "Ivory Coast"), "Croatia": (), "Cuba": (), "Cyprus": (),
    "Czech Republic": ("Czechia",),
    "Democratic People's Republic of Korea": ("DPR Korea", "North Korea", "DPRK"),
    "Democratic Republic of the Congo": ("Democratic Republic of Congo", "DR Congo", "DRC"),
    "Denmark": (), "Djibouti": (), "Dominica": (), "Dominican Republic": (), "Ecuador": (), "Egypt": (),
    "El Salvador": (), "Equatorial Guinea": (), "Eritrea": (), "Estonia": (), "Eswatini": ("Swaziland",),
    "Ethiopia": (), "Fiji": (), "Finland": (), "France": (), "Gabon": (), "Gambia": (), "Georgia": (),
    "Germany": (), "Ghana": (), "Greece": (), "Grenada": (), "Guatemala": (), "Guinea": (),
    "Guinea-Bissau": (), "Guyana": (), "Haiti": (), "Holy See": (), "Honduras": (), "Hungary": (),
    "Iceland": (), "India": (), "Indonesia": (),
    "Iran (Islamic Republic of)": ("Iran", "Islamic Republic of Iran"), "Iraq": (), "Ireland": (),
    "Israel": (), "Italy": (), "Jamaica": (), "Japan": (), "Jordan": (), "Kazakhstan": (), "Kenya": (),
    "Kiribati": (), "Kuwait": (), "Kyrgyzstan": (),
    "Lao People's Democratic Republic": ("Laos", "Lao PDR"), "Latvia": (), "Lebanon": (), "Lesotho": (),
    "Liberia": (), "Libya": ("Libyan Arab Jamahiriya",), "Liechtenstein": (), "Lithuania": (),
    "Luxembourg": (), "Madagascar": (), "Malawi": (), "Malaysia": (), "Maldives": (), "Mali": (),
    "Malta": (), "Marshall Islands": (), "Mauritania": (), "Mauritius": (), "Mexico": (),
    "Micronesia (Federated States of)": ("Micronesia",), "Monaco": (), "Mongolia": (), "Montenegro": (),
    "Morocco": (), "Mozambique": (), "Myanmar": (), "Namibia": (), "Nauru": (), "Nepal": (),
    "Netherlands": ("The Netherlands", "Kingdom of the Netherlands"), "New Zealand": (), "Nicaragua": (),
    "Niger": (), "Nigeria": (),
    "North Macedonia": ("the former Yugoslav Republic of Macedonia", "Macedonia FYR", "Macedonia",
                        "The Former Yugoslav Republic of Macedonia"),
    "Norway": (), "Oman": (), "Pakistan": (), "Palau": (), "Panama": (), "Papua New Guinea": (),
    "Paraguay": (), "Peru": (), "Philippines": (), "Poland": (), "Portugal": (), "Qatar": (),
    "Republic of Korea": ("South Korea", "Korea"), "Republic of Moldova": ("Moldova",), "Romania": (),
    "Russian Federation": ("Russia",), "Rwanda": (), "Saint Kitts and Nevis": (), "Saint Lucia": (),
    "Saint Vincent and the Grenadines": (), "Samoa": (), "San Marino": (), "Sao Tome and Principe": (),
    "Saudi Arabia": (), "Senegal": (), "Serbia": (), "Seychelles": (), "Sierra Leone": (), "Singapore": (),
    "Slovakia": ("Slovak Republic",), "Slovenia": (), "Solomon Islands": (), "Somalia": (),
    "South Africa": (), "South Sudan": (), "Spain": (), "Sri Lanka": (), "Sudan": (), "Suriname": (),
    "Sweden": (), "Switzerland": (), "Syrian Arab Republic": ("Syria",), "Tajikistan": (),
    "Thailand": (), "Timor-Leste": ("East Timor",), "Togo": (), "Tonga": (),
    "Trinidad and Tobago": ("Trinidad & Tobago",), "Tunisia": (), "Turkey": ("Türkiye",),
    "Turkmenistan": (), "Tuvalu": (), "Uganda": (), "Ukraine": (), "United Arab Emirates": (),
    "United Kingdom of Great Britain and Northern Ireland": ("United Kingdom", "UK"),
    "United Republic of Tanzania": ("Tanzania",),
    "United States of America": ("United States", "USA", "US"), "Uruguay": (), "Uzbekistan": (),
    "Vanuatu": (), "Venezuela (Bolivarian Republic of)": ("Venezuela", "Bolivarian Republic of Venezuela"),
    "Viet Nam": ("Vietnam",), "Yemen": (), "Zambia": (), "Zimbabwe": (),
    "State of Palestine": ("Palestine",), "Sovereign Military Order of Malta": (),
}

_SPACE = re.compile(r"\s+")
_PAREN = re.compile(r"\s*\(\s*")


def state_key(name: str) -> str:
    """A spelling reduced for lookup: accents and case folded, "the" dropped, spaces normalised."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("&", " and ")
    text = _PAREN.sub(" (", text).replace(" )", ")")
    text = _SPACE.sub(" ", text).strip().casefold()
    if text.startswith("the "):
        text = text[4:]
    return text


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for canonical, variants in STATES.items():
        for spelling in (canonical, *variants):
            index[state_key(spelling)] = canonical
    return index


def known_spellings() -> list[str]:
    """Every lookup key, longest first (for greedy splitting of "Brazil, Chile and Peru")."""
    return sorted(_index(), key=len, reverse=True)


@lru_cache(maxsize=4096)
def canonical_state(name: str, fuzzy: bool = True) -> str | None:
    """The canonical name of a State spelled ``name``, or None when it names no known State.
    ``fuzzy`` accepts a close misspelling ("Russia Federation", "United States of Americas")."""
    key = state_key(name)
    index = _index()
    if key in index:
        return index[key]
    if fuzzy and len(key) >= 6:
        close = difflib.get_close_matches(key, [k for k in index if len(k) >= 6], n=1, cutoff=0.88)
        if close:
            return index[close[0]]
    return None
