"""Tooltips that explain every term a politician meets (WCAG: the explanation is text,
reachable by keyboard and screen readers through `title` and `aria-describedby`)."""

from __future__ import annotations

from dash import html

from dashboards.i18n import register, t

register(
    {
        "glossary.refusion": {
            "da": "Refusion: den del af en udgift, staten betaler tilbage til kommunen. For "
            "kontanthjælp, sygedagpenge m.fl. falder den med varigheden (refusionstrappen: "
            "80 %, 40 %, 30 %, 20 %).",
            "en": "Refusion: the share of an expense the state pays back to the municipality; for "
            "cash benefits it falls with duration (80/40/30/20 %).",
        },
        "glossary.9c": {
            "da": "§ 9 c (retssikkerhedsloven): når en kommune har anbragt en borger i en anden "
            "kommune, betaler opholdskommunen kontanthjælp m.v. og sender regningen, fratrukket "
            "statsrefusion, til den anbringende kommune.",
            "en": "§ 9 c: when a municipality has placed a citizen in another municipality, the host "
            "pays cash benefits and bills the placing municipality net of state refusion.",
        },
        "glossary.npv": {
            "da": "Nutidsværdi: alle fremtidige gevinster minus udgifter, omregnet til værdien i dag "
            "med Finansministeriets diskonteringsrente (3,5 % om året).",
            "en": "Present value: future gains minus costs, discounted to today with the Ministry "
            "of Finance's rate (3.5 % a year).",
        },
        "glossary.payback": {
            "da": "Tilbagebetalt: det første år, hvorfra den samlede gevinst er mindst lige så stor "
            "som den samlede udgift — og bliver ved med at være det.",
            "en": "Pays back: the first year from which cumulative gains cover cumulative costs, "
            "and keep doing so.",
        },
        "glossary.equalisation": {
            "da": "Udligning: når kommunens skattegrundlag stiger, går ca. 75 % af den ekstra skat "
            "til andre kommuner gennem udligningsordningen.",
            "en": "Equalisation: when a municipality's tax base grows, about 75 % of the extra tax "
            "goes to other municipalities.",
        },
        "glossary.financing": {
            "da": "Finansieringen: en kommune beholder ikke hele sin besparelse. Spares der på "
            "dagpenge, falder beskæftigelsestilskuddet året efter med kommunens andel af "
            "landsdelens fald; spares der på overførsler under budgetgarantien, falder "
            "bloktilskuddet med kommunens andel af landets fald; skat og udligning kommer "
            "med statsgarantiens forsinkelse.",
            "en": "Financing: a municipality does not keep its whole saving. A dagpenge saving "
            "lowers the employment grant the year after by the municipality's share of its "
            "landsdel's fall; a saving on guaranteed transfers lowers the block grant by its "
            "share of the national fall; tax and equalisation arrive with the state "
            "guarantee's lag.",
        },
        "glossary.budget_period": {
            "da": "Budgetperioden: budgetåret og de tre overslagsår.",
            "en": "Budget period: the budget year and the three outlook years.",
        },
        "glossary.deadweight": {
            "da": "Dødvægt: den andel af effekten, der ville være sket alligevel.",
            "en": "Deadweight: the share of the effect that would have happened anyway.",
        },
        "glossary.frame": {
            "da": "Budgetramme, som økonomiaftalen styrer kommunerne: serviceudgifter er under "
            "servicerammen; overførsler under budgetgarantien (fx kontanthjælp, "
            "beskæftigelsesindsatsens driftsudgifter på 5.68.90, fra 2026 op til et loft, "
            "L 77 2025-26), forsikrede ledige (dagpenge), øvrige overførsler, aktivitetsbestemt "
            "sundhedsmedfinansiering og anlæg styres hver for sig.",
            "en": "Budget frame, as the economy agreement steers municipalities: service spending "
            "is under the service ceiling; transfers under the budget guarantee (e.g. social "
            "assistance, employment measures' operating costs on 5.68.90, capped from 2026 by "
            "L 77 2025-26), insured unemployed (unemployment benefit), other transfers, "
            "activity-based health co-financing and construction are governed separately.",
        },
        "glossary.regk31": {
            "da": "REGK31: Danmarks Statistiks tabel over kommunernes regnskaber fordelt på "
            "funktioner i den autoriserede kontoplan; her nettoudgift i kr. pr. indbygger, "
            "løbende priser.",
            "en": "REGK31: Statistics Denmark's table of municipal accounts by function of the "
            "authorised chart of accounts; here net spend in DKK per inhabitant, current "
            "prices.",
        },
        "glossary.dst_group": {
            "da": "Kommunegruppe: Danmarks Statistiks inddeling af de 98 kommuner i fem grupper "
            "(hovedstads-, storby-, provinsby-, oplands- og landkommuner) efter bl.a. "
            "størrelse og afstand til større byer.",
            "en": "Municipality group: Statistics Denmark's five groups of the 98 municipalities "
            "(capital, large-city, provincial-town, commuter and rural municipalities).",
        },
        "glossary.scenario": {
            "da": "Scenarie: en navngiven udgave af casens antagelser (fx halv målgruppe); "
            "basis er casen, som den er skrevet.",
            "en": "Scenario: a named variant of the case's assumptions (e.g. half the target "
            "group); basis is the case as written.",
        },
        "glossary.estimate": {
            "da": "Skøn: forsigtigt (lille effekt, høj udgift), centralt eller optimistisk bud på "
            "hvert usikkert tal i casen.",
            "en": "Estimate: the cautious (small effect, high cost), central or optimistic value "
            "of every uncertain number in the case.",
        },
        "glossary.break_even": {
            "da": "Nødvendig effekt: hvor stor en andel af den forventede effekt, der skal til, "
            "før kommunen tjener investeringen hjem (100 % = som forventet).",
            "en": "Effect needed: the share of the expected effect it takes for the municipality "
            "to earn the investment back (100 % = as expected).",
        },
        "glossary.p_payback": {
            "da": "Sandsynlighed for tilbagebetaling: andelen af 10.000 simulerede udfald af de "
            "usikre tal, hvor kommunen har tjent investeringen hjem inden for budgetperioden.",
            "en": "Probability of payback: the share of 10,000 simulated outcomes of the uncertain "
            "numbers in which the municipality earns the investment back within the budget "
            "period.",
        },
        "glossary.p10_p90": {
            "da": "Usikkerhed (P10–P90): i 8 af 10 simulerede udfald ligger nutidsværdien mellem "
            "de to tal.",
            "en": "Uncertainty (P10–P90): in 8 of 10 simulated outcomes the present value lies "
            "between the two figures.",
        },
        "glossary.committee": {
            "da": "Udvalg: det politiske udvalg, hvis budget kontoen hører under. Beløb uden "
            "kommunal konto (skat, udligning) står under deres område; andre betalere som "
            "Andre kommuner, Regionen og Staten.",
            "en": "Committee: the political committee whose budget the account belongs to. "
            "Amounts without a municipal account (tax, equalisation) stand under their area; "
            "other payers as Other municipalities, Region and State.",
        },
        "glossary.illustrative": {
            "da": "Illustrativ enhedspris: et regneeksempel, ikke et tal fra en offentliggjort "
            "kilde. Resultater, der bygger på den, er usikre.",
            "en": "Illustrative unit cost: a worked figure, not one from a published source. "
            "Results that rest on it are uncertain.",
        },
        "glossary.monte_carlo": {
            "da": "Monte Carlo: casen beregnes 10.000 gange, hver gang med tilfældige værdier mellem "
            "lavt og højt skøn for hver usikker antagelse.",
            "en": "Monte Carlo: the case is computed 10,000 times, each time with random values "
            "between the low and high estimate of every uncertain assumption.",
        },
        "glossary.jcurve": {
            "da": "J-kurve: den samlede gevinst minus udgift år for år. Den falder, mens der "
            "investeres, og stiger, når gevinsterne kommer; over nul er investeringen "
            "tjent hjem.",
            "en": "J-curve: cumulative gains minus costs year by year. It falls while the money is "
            "invested and rises as gains arrive; above zero the investment has paid back.",
        },
        "glossary.leak": {
            "da": "Lækage: den del af gevinsten, der ikke bliver i kommunen, men går til staten "
            "(refusion), andre kommuner (§ 9 c) eller udligningen.",
            "en": "Leak: the part of the gain that does not stay with the municipality but goes to "
            "the state (refusion), other municipalities (§ 9 c) or equalisation.",
        },
        "glossary.harvest": {
            "da": "Hjemtagning: gevinsten tages ud af budgettet — budgetlinjen på kontoen sænkes med "
            "beløbet. Ellers er det kapacitetsfrigørelse: tid eller pladser bliver fri, men "
            "pengene bliver i området.",
            "en": "Harvesting: the gain is taken out of the budget — the budget line on the account "
            "is lowered by the amount. Otherwise it is freed capacity: time or places, but the "
            "money stays in the area.",
        },
        "glossary.budget_kinds": {
            "da": "B = vedtaget budget, BO = budgetoverslagsår, KB = korrigeret budget (budget med "
            "årets tillægsbevillinger), R = regnskab.",
            "en": "B = adopted budget, BO = outlook year, KB = revised budget (with the year's "
            "supplementary appropriations), R = accounts.",
        },
    }
)


def term(label: str, key: str, lang: str = "da") -> html.Abbr:
    """A term with its explanation as a tooltip (and for screen readers)."""
    text = t(f"glossary.{key}", lang)
    return html.Abbr(label, title=text, className="term", tabIndex=0)
