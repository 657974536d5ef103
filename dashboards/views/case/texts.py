"""The case page's words, registered in the one message catalogue (`case.*` keys)."""

from __future__ import annotations

from dashboards.i18n import register

register(
    {
        "case.title": {"da": "Investeringscase", "en": "Investment case"},
        "case.pick": {"da": "Vælg en case", "en": "Choose a case"},
        "case.pick.help": {
            "da": "Vælg en investeringscase for at se, hvor gevinsten lander.",
            "en": "Choose an investment case to see where the gain lands.",
        },
        "case.page.unreadable": {
            "da": "Casens fil kan ikke læses: {detail}",
            "en": "The case file cannot be read: {detail}",
        },
        "case.no_rows": {
            "da": "Ingen gemte tal for scenariet '{scenario}' ({estimate}).",
            "en": "No saved figures for scenario '{scenario}' ({estimate}).",
        },
        "case.municipality": {"da": "Kommune", "en": "Municipality"},
        "case.owner": {"da": "Investerende afdeling", "en": "Investing department"},
        "case.status": {"da": "Status", "en": "Status"},
        "case.status.draft": {"da": "Kladde", "en": "Draft"},
        "case.status.adopted": {"da": "Vedtaget {date}", "en": "Adopted {date}"},
        "case.source": {"da": "Kilde", "en": "Source"},
        "case.target_group": {"da": "Målgruppe", "en": "Target group"},
        "case.scenario": {"da": "Scenarie", "en": "Scenario"},
        "case.estimate": {"da": "Skøn", "en": "Estimate"},
        "case.estimate.low": {"da": "Lavt (forsigtigt)", "en": "Low (cautious)"},
        "case.estimate.central": {"da": "Centralt", "en": "Central"},
        "case.estimate.high": {"da": "Højt", "en": "High"},
        "case.kpi.npv_home": {"da": "Nutidsværdi, {name} Kommune", "en": "Present value, {name}"},
        "case.kpi.npv_all": {"da": "Nutidsværdi, alle betalere", "en": "Present value, all payers"},
        "case.kpi.payback": {"da": "Tilbagebetalt (kommunen)", "en": "Pays back (municipality)"},
        "case.kpi.p_budget": {
            "da": "P(tilbage i budgetperioden)",
            "en": "P(payback in budget period)",
        },
        "case.kpi.break_even": {
            "da": "Nødvendig effekt (budgetperioden)",
            "en": "Effect needed (budget period)",
        },
        "case.never": {"da": "aldrig", "en": "never"},
        "case.none": {"da": "—", "en": "—"},
        "case.illustrative_units": {
            "da": "Casen bruger illustrative enhedspriser (ikke fra en publiceret kilde): {units}.",
            "en": "The case uses illustrative unit costs (not from a published source): {units}.",
        },
        "case.h.jcurve": {
            "da": "J-kurven: hvornår er investeringen tjent hjem?",
            "en": "The J-curve: when has the investment paid for itself?",
        },
        "case.jcurve.title": {
            "da": "Kumuleret nettogevinst, mio. kr. (over nul = gevinsterne har dækket udgifterne)",
            "en": "Cumulative net gain, DKK m (above zero = gains have covered the costs)",
        },
        "case.jcurve.total": {"da": "{name} Kommune i alt", "en": "{name} in total"},
        "case.jcurve.caption": {
            "da": "Kommunen som helhed er tilbagebetalt i {year}; stiplede linjer er andre betalere.",
            "en": "The municipality as a whole pays back in {year}; dashed lines are other payers.",
        },
        "case.jcurve.caption_never": {
            "da": "Kommunen som helhed bliver ikke tilbagebetalt i casens år; stiplede linjer er "
            "andre betalere.",
            "en": "The municipality as a whole does not pay back within the case's years; dashed "
            "lines are other payers.",
        },
        "case.year": {"da": "År", "en": "Year"},
        "case.h.flows": {
            "da": "Strømme: hvem betaler og sparer hvad, hvornår",
            "en": "Flows: who pays and saves what, and when",
        },
        "case.flows.caption": {
            "da": "Strømme pr. år, betaler, afdeling og type (1.000 kr.; + = gevinst for betaleren, "
            "− = udgift). Åbn »Spor« for at se effekt, enhedspris, regel og kilde bag tallet.",
            "en": "Flows per year, payer, department and kind (DKK 1,000; + = a gain for the payer, "
            "− = a cost). Open “Trace” for the effect, unit cost, rule and source behind the "
            "figure.",
        },
        "case.col.payer": {"da": "Betaler", "en": "Payer"},
        "case.flows.year": {"da": "Vis år", "en": "Show year"},
        "case.flows.all_years": {"da": "Alle år", "en": "All years"},
        "case.col.department": {"da": "Afdeling", "en": "Department"},
        "case.col.flow": {"da": "Type", "en": "Kind"},
        "case.col.amount": {"da": "1.000 kr.", "en": "DKK 1,000"},
        "case.col.trace": {"da": "Spor", "en": "Trace"},
        "case.total": {"da": "I alt", "en": "Total"},
        "case.trace.open": {"da": "Spor", "en": "Trace"},
        "case.trace.cost": {
            "da": "Investering (omkostningslinje), konto {account}: {amount}",
            "en": "Investment (cost line), account {account}: {amount}",
        },
        "case.trace.effect": {
            "da": "Effekt {no}: {unit} ({name})",
            "en": "Effect {no}: {unit} ({name})",
        },
        "case.trace.effect_values": {"da": "Antagelse: {values}", "en": "Assumption: {values}"},
        "case.trace.unit_cost": {
            "da": "Enhedspris {amount} pr. {per} i prisniveau {year} ({base} i {base_year}-priser)",
            "en": "Unit cost {amount} per {per} at {year} prices ({base} at {base_year} prices)",
        },
        "case.trace.local_unit": {
            "da": "lokal antagelse i casen",
            "en": "local assumption in the case",
        },
        "case.trace.rule": {"da": "Regel: {rule}", "en": "Rule: {rule}"},
        "case.trace.source": {"da": "Kilde: {source}", "en": "Source: {source}"},
        "case.trace.amount": {"da": "Beløb: {amount}", "en": "Amount: {amount}"},
        "case.trace.account": {
            "da": "konto {account}, ramme: {frame}",
            "en": "account {account}, frame: {frame}",
        },
        "case.h.frames": {
            "da": "Budgetrammer: hvilken ramme rammes hvornår",
            "en": "Budget frames: which frame is hit when",
        },
        "case.frames.caption": {
            "da": "{name} Kommunes nettogevinst pr. budgetramme og år (1.000 kr.; + = gevinst, "
            "− = udgift)",
            "en": "{name}'s net gain per budget frame and year (DKK 1,000; + = gain, − = cost)",
        },
        "case.h.uncertainty": {"da": "Usikkerhed", "en": "Uncertainty"},
        "case.uncertainty.caption": {
            "da": "Monte Carlo for scenariet: nutidsværdi pr. betaler (P10/P50/P90 af {draws} "
            "trækninger)",
            "en": "Monte Carlo for the scenario: present value per payer (P10/P50/P90 of {draws} "
            "draws)",
        },
        "case.uncertainty.not_stored": {
            "da": "Casen er gemt uden sin Monte Carlo-simulering (gemt før simuleringer blev gemt, "
            "eller med --draws 0); siden simulerer ikke selv. Gem casen igen (gevinst "
            "evaluate CASE.toml --save) for at se fordelingen.",
            "en": "The case was saved without its Monte Carlo simulation (saved before "
            "simulations were stored, or with --draws 0); the page does not simulate. Save "
            "the case again (gevinst evaluate CASE.toml --save) to see the distribution.",
        },
        "case.uncertainty.explain": {
            "da": "Monte Carlo trækker alle usikre tal på én gang, hvert mellem sit lave og høje "
            "skøn, {draws} gange; den hører derfor til scenariet og er den samme, uanset "
            "hvilket af de tre faste skøn der er valgt.",
            "en": "The Monte Carlo draws every uncertain number at once, each between its low and "
            "high estimate, {draws} times; so it belongs to the scenario and is the same "
            "whichever of the three fixed estimates is chosen.",
        },
        "case.estimates.caption": {
            "da": "De tre faste skøn for {name} Kommune (kr.; + = gevinst, − = udgift)",
            "en": "The three fixed estimates for {name} (DKK; + = gain, − = cost)",
        },
        "case.h.estimates": {"da": "Tre faste skøn", "en": "Three fixed estimates"},
        "case.h.monte_carlo": {
            "da": "Monte Carlo (én simulering for scenariet)",
            "en": "Monte Carlo (one simulation for the scenario)",
        },
        "case.col.npv": {"da": "Nutidsværdi", "en": "Present value"},
        "case.col.undiscounted": {
            "da": "Nettogevinst, udiskonteret",
            "en": "Net gain, undiscounted",
        },
        "case.col.payback": {"da": "Tilbagebetalt", "en": "Pays back"},
        "case.hist.title": {
            "da": "Nutidsværdi for {name} Kommune i {draws} Monte Carlo-trækninger (mio. kr.)",
            "en": "Present value for {name} in {draws} Monte Carlo draws (DKK m)",
        },
        "case.hist.count": {"da": "Antal trækninger", "en": "Draws"},
        "case.uncertainty.p_budget": {
            "da": "Sandsynlighed for at kommunen er tilbagebetalt i budgetperioden: {p}; inden for "
            "casens horisont: {h}.",
            "en": "Probability that the municipality pays back within the budget period: {p}; "
            "within the case's horizon: {h}.",
        },
        "case.uncertainty.break_even": {
            "da": "Break-even: {b} af effekten (i dette skøn) er nok til tilbagebetaling i "
            "budgetperioden; {h} inden for horisonten.",
            "en": "Break-even: {b} of the effect (at this estimate) pays back within the budget "
            "period; {h} within the horizon.",
        },
        "case.break_even_none": {"da": "heller ikke 10 gange", "en": "not even 10 times"},
        "case.h.leak": {
            "da": "Lækagen: hvor går bruttogevinsten hen?",
            "en": "The leak: where does the gross gain go?",
        },
        "case.leak.caption": {
            "da": "Bruttogevinsten fordelt efter, hvor den ender (kr., efter refusion, § 9 c og "
            "udligning)",
            "en": "The gross gain by where it ends up (DKK, after refusion, § 9 c and "
            "equalisation)",
        },
        "case.leak.gross": {"da": "Bruttogevinst i alt", "en": "Gross gain in total"},
        "case.leak.home": {"da": "Bliver i {name} Kommune", "en": "Stays in {name}"},
        "case.leak.state_refusion": {
            "da": "Til staten via refusion og medfinansiering",
            "en": "To the state through refusion and co-financing",
        },
        "case.leak.state_direct": {
            "da": "Hos staten direkte (statens udgifter og skat)",
            "en": "With the state directly (state expenses and tax)",
        },
        "case.leak.other_municipalities": {
            "da": "Hos andre kommuner (netto efter § 9 c-regninger)",
            "en": "With other municipalities (net of § 9 c bills)",
        },
        "case.leak.region": {"da": "Hos regionen", "en": "With the region"},
        "case.leak.equalisation": {"da": "Væk gennem udligning", "en": "Away through equalisation"},
        "case.leak.financing": {
            "da": "Tilbage gennem finansieringen (beskæftigelsestilskud, budgetgaranti, skattens "
            "timing)",
            "en": "Back through the financing system (employment grant, budget guarantee, tax "
            "timing)",
        },
        "case.leak.external": {"da": "Hos eksterne finansierende", "en": "With external funders"},
        "case.leak.moved_9c": {
            "da": "§ 9 c-regninger flyttede {amount} mellem kommunerne.",
            "en": "§ 9 c bills moved {amount} between the municipalities.",
        },
        "case.leak.no_gain": {
            "da": "Casen har ingen bruttogevinst at fordele.",
            "en": "The case has no gross gain to share out.",
        },
        "case.leak.title": {"da": "Andel af bruttogevinsten", "en": "Share of the gross gain"},
        "case.col.share": {"da": "Andel", "en": "Share"},
        "case.col.amount_kr": {"da": "Kr.", "en": "DKK"},
        "case.col.where": {"da": "Hvor", "en": "Where"},
        "case.col.p10": {"da": "P10", "en": "P10"},
        "case.col.p50": {"da": "P50", "en": "P50"},
        "case.col.p90": {"da": "P90", "en": "P90"},
        "case.payer.state": {"da": "Staten", "en": "State"},
        "case.payer.external": {"da": "Ekstern finansiering", "en": "External funding"},
        "case.payer.municipalities": {"da": "Øvrige kommuner", "en": "Other municipalities"},
        "case.flow.cost": {"da": "Investering", "en": "Investment"},
        "case.flow.gain": {"da": "Gevinst (brutto)", "en": "Gain (gross)"},
        "case.flow.refusion": {"da": "Refusion", "en": "Refusion"},
        "case.flow.transfer": {"da": "Mellemkommunal afregning", "en": "Inter-municipal bill"},
        "case.flow.equalisation": {"da": "Udligning", "en": "Equalisation"},
        "case.flow.financing": {
            "da": "Finansiering (tilskud, budgetgaranti, skattens timing)",
            "en": "Financing (grants, budget guarantee, timing of tax)",
        },
        "case.frame.none": {
            "da": "Uden for rammerne (skat, udligning)",
            "en": "Outside the frames (tax, equalisation)",
        },
        "case.per.week": {"da": "uge", "en": "week"},
        "case.per.year": {"da": "år", "en": "year"},
        "case.per.day": {"da": "dag", "en": "day"},
        "case.per.hour": {"da": "time", "en": "hour"},
        "case.per.case": {"da": "sag", "en": "case"},
    }
)

register(
    {
        # the rules in people's words, with the law they follow
        "case.rule.none": {
            "da": "ingen fordelingsregel (bruttoudgiften hos enhedens betaler)",
            "en": "no sharing rule (the gross expense stays with the unit's payer)",
        },
        "case.rule.staircase": {
            "da": "refusionstrappen (lov om kommunernes finansiering af visse offentlige ydelser § 5)",
            "en": "the refusion staircase (act on financing of certain benefits § 5)",
        },
        "case.rule.dagpenge-cofinancing": {
            "da": "kommunal medfinansiering af dagpenge",
            "en": "municipal co-financing of unemployment benefit",
        },
        "case.rule.fixed-65": {
            "da": "fast 65 % refusion (fleksjob begyndt før 2013)",
            "en": "fixed 65 % refusion (flexi-jobs begun before 2013)",
        },
        "case.rule.costly-cases": {
            "da": "særligt dyre enkeltsager (serviceloven § 176)",
            "en": "exceptionally costly individual cases (Social Services Act § 176)",
        },
        "case.rule.section-110": {
            "da": "50 % statsrefusion af ophold på en § 110-boform (serviceloven)",
            "en": "50 % state refusion of a stay in a § 110 shelter (Social Services Act)",
        },
        "case.rule.§ 9 c": {
            "da": "§ 9 c, mellemkommunal refusion (retssikkerhedsloven)",
            "en": "§ 9 c, inter-municipal reimbursement (Legal Protection Act)",
        },
        "case.rule.tax": {
            "da": "skat af ændret skattegrundlag",
            "en": "tax on the changed tax base",
        },
        "case.rule.equalisation": {
            "da": "udligning af ændret skattegrundlag",
            "en": "equalisation of the changed tax base",
        },
        "case.rule.budget-guarantee": {
            "da": "budgetgaranti: bloktilskuddet følger landets samlede overførselsudgifter, kommunen bærer sin andel",
            "en": "budget guarantee: the block grant follows the national transfers; the municipality carries its share",
        },
        "case.rule.employment-grant": {
            "da": "beskæftigelsestilskud (udligningsloven § 23 a): efterreguleres til landsdelens faktiske dagpengeudgifter året efter",
            "en": "employment grant (udligningsloven § 23 a): regulated to the landsdel's actual dagpenge spending the year after",
        },
        "case.rule.tax-timing": {
            "da": "skat og udligning når kommunen med statsgarantiens/efterreguleringens forsinkelse",
            "en": "tax and equalisation reach the municipality with the lag of the state guarantee or the settlement",
        },
    }
)
