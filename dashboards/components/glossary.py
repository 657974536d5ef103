"""Tooltips that explain every term a politician meets (WCAG: the explanation is text,
reachable by keyboard and screen readers through `title` and `aria-describedby`)."""

from __future__ import annotations

from dash import html

TERMS: dict[str, dict[str, str]] = {
    "refusion": {
        "da": "Refusion: den del af en udgift, staten betaler tilbage til kommunen. For "
              "kontanthjælp, sygedagpenge m.fl. falder den med varigheden (refusionstrappen: "
              "80 %, 40 %, 30 %, 20 %).",
        "en": "Refusion: the share of an expense the state pays back to the municipality; for "
              "cash benefits it falls with duration (80/40/30/20 %)."},
    "9c": {
        "da": "§ 9 c (retssikkerhedsloven): når en kommune har anbragt en borger i en anden "
              "kommune, betaler opholdskommunen kontanthjælp m.v. og sender regningen, fratrukket "
              "statsrefusion, til den anbringende kommune.",
        "en": "§ 9 c: when a municipality has placed a citizen in another municipality, the host "
              "pays cash benefits and bills the placing municipality net of state refusion."},
    "npv": {
        "da": "Nutidsværdi: alle fremtidige gevinster minus udgifter, omregnet til værdien i dag "
              "med Finansministeriets diskonteringsrente (3,5 % om året).",
        "en": "Present value: future gains minus costs, discounted to today with the Ministry "
              "of Finance's rate (3.5 % a year)."},
    "payback": {
        "da": "Tilbagebetalt: det første år, hvorfra den samlede gevinst er mindst lige så stor "
              "som den samlede udgift — og bliver ved med at være det.",
        "en": "Pays back: the first year from which cumulative gains cover cumulative costs, "
              "and keep doing so."},
    "equalisation": {
        "da": "Udligning: når kommunens skattegrundlag stiger, går ca. 75 % af den ekstra skat "
              "til andre kommuner gennem udligningsordningen.",
        "en": "Equalisation: when a municipality's tax base grows, about 75 % of the extra tax "
              "goes to other municipalities."},
    "budget_period": {
        "da": "Budgetperioden: budgetåret og de tre overslagsår.",
        "en": "Budget period: the budget year and the three outlook years."},
    "deadweight": {
        "da": "Dødvægt: den andel af effekten, der ville være sket alligevel.",
        "en": "Deadweight: the share of the effect that would have happened anyway."},
    "frame": {
        "da": "Budgetramme: serviceudgifter er under servicerammen; overførsler (fx "
              "kontanthjælp) og anlæg styres for sig.",
        "en": "Budget frame: service spending is under the service ceiling; transfers and "
              "construction are governed separately."},
}


def term(label: str, key: str, lang: str = "da") -> html.Abbr:
    """A term with its explanation as a tooltip (and for screen readers)."""
    text = TERMS[key]["en" if lang == "en" else "da"]
    return html.Abbr(label, title=text, className="term", tabIndex=0)
