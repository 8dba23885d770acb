"""Hand-labelled sentences for the figure extractor, written for feedlens in the style of
general news (not the sample feeds): every rule of the extractor is covered, and sentences with
no figure at all check that years, dates, times, identifiers, ordinals, phone numbers and "one"
as a pronoun are left alone.

Each case is (sentence, expected mentions). A mention is an ``E``: the text it spans, its value
(or (low, high) for a range, or None when vague), and the attributes worth checking.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class E:
    text: str
    value: float | tuple[float, float] | None
    kind: str = "count"
    unit: str = ""
    noun: str = ""
    bound: str = "exact"
    modality: str = "reported"
    rate: str = ""


V = None  # a vague amount: no value

CASES: list[tuple[str, list[E]]] = [
    # --- counts with the counted thing after the number -----------------------------------
    (
        "Police arrested 214 protesters outside parliament on Saturday.",
        [E("214", 214, noun="protester")],
    ),
    (
        "The storm left 37 people dead and hundreds homeless.",
        [E("37", 37, noun="person"), E("hundreds", V, noun="")],
    ),
    (
        "About 1,200 employees will lose their jobs when the plant closes.",
        [E("1,200", 1200, noun="worker", bound="approx", modality="projected")],
    ),
    (
        "The airline carried 4.5 million passengers last year.",
        [E("4.5 million", 4_500_000, noun="passenger")],
    ),
    (
        "Nearly 300 firefighters battled the blaze through the night.",
        [E("300", 300, noun="firefighter", bound="approx")],
    ),
    (
        "The company has 18,000 staff in 40 countries.",
        [E("18,000", 18000, noun="worker"), E("40", 40, noun="country")],
    ),
    (
        "More than 2,000 troops were deployed to the border region.",
        [E("2,000", 2000, noun="soldier", bound="lower")],
    ),
    (
        "At least 12 soldiers were killed in the ambush.",
        [E("12", 12, noun="soldier", bound="lower")],
    ),
    ("The hospital treated 85 patients for smoke inhalation.", [E("85", 85, noun="patient")]),
    (
        "Some 3,500 households are still without power.",
        [E("3,500", 3500, noun="home", bound="approx")],
    ),
    ("Seventeen miners remain trapped underground.", [E("Seventeen", 17, noun="miner")]),
    ("Forty-two schools were closed because of the flooding.", [E("Forty-two", 42, noun="school")]),
    (
        "The festival drew an estimated 250,000 visitors.",
        [E("250,000", 250000, noun="visitor", bound="approx")],
    ),
    (
        "Up to 600 jobs could go under the restructuring plan.",
        [E("600", 600, noun="job", bound="upper", modality="projected")],
    ),
    ("Fewer than 50 people attended the rally.", [E("50", 50, noun="person", bound="upper")]),
    (
        "As many as 10,000 residents may have to be evacuated.",
        [E("10,000", 10000, noun="person", bound="upper", modality="projected")],
    ),
    ("The survey questioned 2 500 adults across the country.", [E("2 500", 2500, noun="adult")]),
    ("The club sold 4.2k season tickets in a single day.", [E("4.2k", 4200, noun="ticket")]),
    ("Officials counted 1.3m votes by midnight.", [E("1.3m", 1_300_000, noun="vote")]),
    ("The charity has helped a dozen families this month.", [E("a dozen", 12, noun="family")]),
    ("Two dozen volunteers cleaned the beach.", [E("Two dozen", 24, noun="volunteer")]),
    ("A million people signed the petition.", [E("A million", 1_000_000, noun="person")]),
    ("One million doses arrived on Tuesday.", [E("One million", 1_000_000, noun="dose")]),
    (
        "Four thousand five hundred workers walked out.",
        [E("Four thousand five hundred", 4500, noun="worker")],
    ),
    (
        "The region is home to one point two million people.",
        [E("one point two million", 1_200_000, noun="person")],
    ),
    ("Eight climbers reached the summit.", [E("Eight", 8, noun="climber")]),
    ("Between 40 and 50 houses were damaged.", [E("Between 40 and 50", (40, 50), noun="home")]),
    ("The death toll rose to 112 on Friday.", [E("112", 112, noun="person")]),
    (
        "The number of people displaced could reach 30,000.",
        [E("30,000", 30000, noun="person", modality="projected")],
    ),
    (
        "Of the 640 passengers on board, 22 were injured.",
        [E("640", 640, noun="passenger"), E("22", 22)],
    ),
    ("The army said it had 5,000 soldiers in the city.", [E("5,000", 5000, noun="soldier")]),
    (
        "The firm plans to hire 350 engineers next year.",
        [E("350", 350, noun="engineer", modality="projected")],
    ),
    ("Over 70 flights were cancelled at the airport.", [E("70", 70, noun="flight", bound="lower")]),
    (
        "The clinic sees roughly 90 patients a day.",
        [E("90", 90, noun="patient", bound="approx", rate="per day")],
    ),
    ("Scientists tagged 1,100 sea turtles during the study.", [E("1,100", 1100, noun="turtle")]),
    (
        "The strike involved 48,000 teachers in 12 states.",
        [E("48,000", 48000, noun="teacher"), E("12", 12, noun="state")],
    ),
    ("No fewer than 300 lawyers signed the letter.", [E("300", 300, noun="lawyer", bound="lower")]),
    (
        "The ship was carrying 1,500 containers or more.",
        [E("1,500", 1500, noun="container", bound="lower")],
    ),
    (
        "The survey found 5,000+ unfilled vacancies.",
        [E("5,000+", 5000, noun="vacancy", bound="lower")],
    ),
    (
        "The city planted 12,000 trees or so along the river.",
        [E("12,000", 12000, noun="tree", bound="approx")],
    ),
    # --- money ----------------------------------------------------------------------------
    (
        "The merger is worth $3 billion, the companies said.",
        [E("$3 billion", 3e9, kind="money", unit="USD")],
    ),
    (
        "The bill will cost taxpayers 3 billion dollars over a decade.",
        [E("3 billion dollars", 3e9, kind="money", unit="USD", modality="projected")],
    ),
    ("Investors poured US$3bn into the fund.", [E("US$3bn", 3e9, kind="money", unit="USD")]),
    ("The club paid £45m for the striker.", [E("£45m", 45e6, kind="money", unit="GBP")]),
    (
        "The ministry set aside €250 million for repairs.",
        [E("€250 million", 250e6, kind="money", unit="EUR")],
    ),
    (
        "Teachers will receive up to €1,800 a month.",
        [
            E(
                "€1,800",
                1800,
                kind="money",
                unit="EUR",
                bound="upper",
                modality="projected",
                rate="per month",
            )
        ],
    ),
    (
        "The fine of $5.2 million is the largest ever imposed.",
        [E("$5.2 million", 5.2e6, kind="money", unit="USD")],
    ),
    (
        "Revenue climbed to $12.4bn in the quarter.",
        [E("$12.4bn", 12.4e9, kind="money", unit="USD")],
    ),
    (
        "The project will cost about 2 billion euros.",
        [E("2 billion euros", 2e9, kind="money", unit="EUR", bound="approx", modality="projected")],
    ),
    ("Tickets cost 20 pounds each.", [E("20 pounds", 20, kind="money", unit="GBP")]),
    (
        "The package is valued at between $2bn and $3bn.",
        [E("between $2bn and $3bn", (2e9, 3e9), kind="money", unit="USD")],
    ),
    (
        "Staff earn an average of $52,000 a year.",
        [E("$52,000", 52000, kind="money", unit="USD", rate="per year")],
    ),
    (
        "The government spends ¥1.2 trillion on defence annually.",
        [E("¥1.2 trillion", 1.2e12, kind="money", unit="JPY", rate="per year")],
    ),
    (
        "The deal, worth C$700 million, was approved.",
        [E("C$700 million", 700e6, kind="money", unit="CAD")],
    ),
    (
        "Rents rose by 300 dollars per month in the capital.",
        [E("300 dollars", 300, kind="money", unit="USD", rate="per month")],
    ),
    (
        "He was ordered to pay Rs 50,000 in damages.",
        [E("Rs 50,000", 50000, kind="money", unit="INR")],
    ),
    (
        "The startup raised $40m to $50m in its latest round.",
        [E("$40m to $50m", (40e6, 50e6), kind="money", unit="USD")],
    ),
    (
        "Fuel now costs 3 cents a litre more than last week.",
        [E("3 cents", 3, kind="money", unit="cent", rate="per l")],
    ),
    (
        "The company lost more than $700 million last year.",
        [E("$700 million", 700e6, kind="money", unit="USD", bound="lower")],
    ),
    (
        "Analysts expect profits of roughly €4bn.",
        [E("€4bn", 4e9, kind="money", unit="EUR", bound="approx", modality="projected")],
    ),
    # --- percentages ----------------------------------------------------------------------
    ("Inflation rose 2.1% in October.", [E("2.1%", 2.1, kind="percent", unit="%")]),
    (
        "Exports fell 2.1 percent from a year earlier.",
        [E("2.1 percent", 2.1, kind="percent", unit="%")],
    ),
    (
        "House prices are up 2.1 per cent on the year.",
        [E("2.1 per cent", 2.1, kind="percent", unit="%")],
    ),
    (
        "The central bank raised rates by 0.25 percentage points.",
        [E("0.25 percentage points", 0.25, kind="percent", unit="pp")],
    ),
    (
        "Unemployment could climb to 6% by next spring.",
        [E("6%", 6, kind="percent", unit="%", modality="projected")],
    ),
    (
        "Turnout was about 64 percent, officials said.",
        [E("64 percent", 64, kind="percent", unit="%", bound="approx")],
    ),
    (
        "Nearly 40% of respondents said they had skipped meals.",
        [E("40%", 40, kind="percent", unit="%", bound="approx")],
    ),
    (
        "The party won 31.5 per cent of the vote.",
        [E("31.5 per cent", 31.5, kind="percent", unit="%")],
    ),
    ("Sales jumped 12pc in the run-up to Christmas.", [E("12pc", 12, kind="percent", unit="%")]),
    (
        "Vaccination rates are expected to exceed 90 per cent within a year.",
        [E("90 per cent", 90, kind="percent", unit="%", bound="lower", modality="projected")],
    ),
    ("Shares in the retailer slumped 18% on Monday.", [E("18%", 18, kind="percent", unit="%")]),
    (
        "Support for the plan stands at three percent.",
        [E("three percent", 3, kind="percent", unit="%")],
    ),
    (
        "Growth slowed to 1.4 percent, down from 2 percent.",
        [
            E("1.4 percent", 1.4, kind="percent", unit="%"),
            E("2 percent", 2, kind="percent", unit="%"),
        ],
    ),
    ("Bond yields rose 15 basis points.", [E("15 basis points", 15, kind="percent", unit="bp")]),
    (
        "Fewer than 5% of applications were approved.",
        [E("5%", 5, kind="percent", unit="%", bound="upper")],
    ),
    # --- measures and durations -----------------------------------------------------------
    (
        "The fire spread across 3,000 hectares of forest.",
        [E("3,000 hectares", 3000, kind="measure", unit="ha")],
    ),
    (
        "Residents within 3 km of the plant were told to stay inside.",
        [E("3 km", 3, kind="measure", unit="km")],
    ),
    (
        "The pipeline carries 180,000 barrels a day.",
        [E("180,000 barrels", 180000, kind="measure", unit="bbl", rate="per day")],
    ),
    (
        "Temperatures reached 41 degrees in the south.",
        [E("41 degrees", 41, kind="measure", unit="°")],
    ),
    (
        "The wall is 12 metres high and 400 metres long.",
        [
            E("12 metres", 12, kind="measure", unit="m"),
            E("400 metres", 400, kind="measure", unit="m"),
        ],
    ),
    ("The ship spilled 2,500 tonnes of oil.", [E("2,500 tonnes", 2500, kind="measure", unit="t")]),
    (
        "The new plant will produce 500 MW of power.",
        [E("500 MW", 500, kind="measure", unit="MW", modality="projected")],
    ),
    (
        "A 10-mile stretch of the motorway was closed.",
        [E("10-mile", 10, kind="measure", unit="mi")],
    ),
    (
        "The quake struck 70 kilometres off the coast.",
        [E("70 kilometres", 70, kind="measure", unit="km")],
    ),
    (
        "Repairs will take two to three weeks.",
        [E("two to three weeks", (2, 3), kind="duration", unit="week", modality="projected")],
    ),
    ("The trial lasted 18 months.", [E("18 months", 18, kind="duration", unit="month")]),
    (
        "Schools will stay closed for three days.",
        [E("three days", 3, kind="duration", unit="day", modality="projected")],
    ),
    ("He was sentenced to 12 years in prison.", [E("12 years", 12, kind="duration", unit="year")]),
    (
        "The talks lasted nearly 20 hours.",
        [E("20 hours", 20, kind="duration", unit="hour", bound="approx")],
    ),
    ("The river rose by 2.5 metres overnight.", [E("2.5 metres", 2.5, kind="measure", unit="m")]),
    (
        "Drivers face delays of up to 90 minutes.",
        [E("90 minutes", 90, kind="duration", unit="minute", bound="upper")],
    ),
    (
        "The probe will report within 90 days.",
        [E("90 days", 90, kind="duration", unit="day", modality="projected")],
    ),
    (
        "Rainfall totalled 150mm in 24 hours.",
        [
            E("150mm", 150, kind="measure", unit="mm"),
            E("24 hours", 24, kind="duration", unit="hour"),
        ],
    ),
    (
        "The company shipped 40 to 50 tonnes of grain.",
        [E("40 to 50 tonnes", (40, 50), kind="measure", unit="t")],
    ),
    (
        "The aircraft can fly 7,000 miles without refuelling.",
        [E("7,000 miles", 7000, kind="measure", unit="mi")],
    ),
    # --- ranges, qualifiers, modality -----------------------------------------------------
    (
        "Between 200 and 300 migrants are thought to have been on board.",
        [E("Between 200 and 300", (200, 300), noun="migrant")],
    ),
    ("Officials said 40 to 50 people were missing.", [E("40 to 50", (40, 50), noun="person")]),
    (
        "The vote could see around 400 seats change hands.",
        [E("400", 400, noun="seat", bound="approx", modality="projected")],
    ),
    (
        "Output is expected to reach 2 million cars by 2030.",
        [E("2 million", 2e6, noun="vehicle", modality="projected")],
    ),
    (
        "Prices may fall another 5% in the coming months.",
        [E("5%", 5, kind="percent", unit="%", modality="projected")],
    ),
    (
        "The authorities warned that 20,000 homes could flood.",
        [E("20,000", 20000, noun="home", modality="projected")],
    ),
    ("The tally now stands at 58 confirmed cases.", [E("58", 58, noun="case")]),
    (
        "Roughly 7 in 10 voters backed the measure.",
        # A share: lines up with reports giving 70% (labelled as two counts until 2026-11-25)
        [E("Roughly 7 in 10", 70, kind="percent", unit="%", noun="voter", bound="approx")],
    ),
    (
        "It will take two to three years to rebuild the bridge.",
        [E("two to three years", (2, 3), kind="duration", unit="year", modality="projected")],
    ),
    (
        "The team hopes to recruit 30 new players.",
        [E("30", 30, noun="player", modality="projected")],
    ),
    # --- vague amounts --------------------------------------------------------------------
    ("Thousands of people marched through the capital.", [E("Thousands", V, noun="person")]),
    ("Hundreds of flights were grounded.", [E("Hundreds", V, noun="flight")]),
    ("Tens of thousands of homes lost power.", [E("Tens of thousands", V, noun="home")]),
    ("A couple of witnesses saw the car.", [E("A couple of", V, noun="witness")]),
    ("Dozens of shops were looted overnight.", [E("Dozens", V, noun="shop")]),
    ("Millions of viewers watched the final.", [E("Millions", V, noun="viewer")]),
    # --- not figures ----------------------------------------------------------------------
    ("The law was passed in 2019 after years of debate.", []),
    ("The company has been listed since 1998.", []),
    ("The meeting took place on June 19, 2017 in Geneva.", []),
    ("Voting closes on Nov. 30 at 10:30.", []),
    ("The A-320 is the most popular jet in the fleet.", []),
    ("COVID-19 cases have been falling.", []),
    ("Leaders of the G7 met in Italy.", []),
    ("The Su-27 crashed during a training flight.", []),
    ("Take Route 66 and exit at junction 12.", []),
    ("It was the first time the club had won the cup.", []),
    ("They marked the 66th anniversary of the treaty.", []),
    ("One of the first to arrive was the mayor.", []),
    ("One official said the talks had stalled.", []),
    ("For more information call 555-0142.", []),
    ("Call the helpline on 0800 123 4567 for advice.", []),
    ("The 1990s were a decade of growth.", []),
    ("See the full report [3] for details.", []),
    ("The bus left at 7 am and arrived at noon.", []),
    ("He was born on 4 July 1976.", []),
    ("The iPhone 15 goes on sale next week.", []),
    ("The match ended 3-1 after extra time.", []),
    ("Flight MH17 was shot down over Ukraine.", []),
    ("The B-52 bombers flew over the base.", []),
    ("Article 5 of the treaty was invoked.", []),
    ("Windows 11 will be updated in March.", []),
    ("The F-35 programme was reviewed in 2021.", []),
    ("She finished second in the 2020 election.", []),
    ("The summit will be held on 3 March.", []),
    ("He served in the 101st Airborne Division.", []),
    ("Platform 9 was closed for repairs.", []),
    ("Inflation hit its highest level since 1981.", []),
    ("In 2008 the bank collapsed.", []),
    ("The Boeing 737 Max was grounded.", []),
    ("One day, one of them will win.", []),
    ("The 24/7 service starts on Monday.", []),
    ("The 5G network covers the city.", []),
    ("It happened on Tuesday at 3:45pm.", []),
    ("Room 101 is on the ground floor.", []),
    ("Section 230 protects online platforms.", []),
    ("The 2026 budget was approved.", []),
    # --- counted thing named earlier, and mixed sentences ---------------------------------
    (
        "The number of people evacuated could reach 4,500, officials said.",
        [E("4,500", 4500, noun="person", modality="projected")],
    ),
    ("Casualties rose to 58 after rescuers reached the village.", [E("58", 58, noun="person")]),
    (
        "Unemployment fell to 4.1% in March, the lowest since 2001.",
        [E("4.1%", 4.1, kind="percent", unit="%")],
    ),
    (
        "In 2023, the firm sold 1.2 million cars, up 8% on 2022.",
        [E("1.2 million", 1.2e6, noun="vehicle"), E("8%", 8, kind="percent", unit="%")],
    ),
    (
        "On 5 May, about 300 workers gathered at the gates.",
        [E("300", 300, noun="worker", bound="approx")],
    ),
    (
        "The 25-year-old striker scored twice.",
        [E("25-year-old", 25, kind="measure", unit="years old")],
    ),
    (
        "By 2030 the city wants 40% of cars to be electric.",
        [E("40%", 40, kind="percent", unit="%", modality="projected")],
    ),
    ("The plant, built in 1971, employs 2,300 people.", [E("2,300", 2300, noun="person")]),
    ("Since March, 14 journalists have been detained.", [E("14", 14, noun="journalist")]),
    ("The report, published on 12 April, lists 318 incidents.", [E("318", 318, noun="incident")]),
    (
        "Police said 7 people were arrested and 3 officers injured.",
        [E("7", 7, noun="person"), E("3", 3, noun="officer")],
    ),
    (
        "The company cut 1,500 jobs in 2020 and 900 in 2021.",
        [E("1,500", 1500, noun="job"), E("900", 900)],
    ),
    (
        "Some 60,000 fans filled the stadium, built for 45,000.",
        [E("60,000", 60000, noun="fan", bound="approx"), E("45,000", 45000)],
    ),
    (
        "Oil output fell by 250,000 barrels per day in June.",
        [E("250,000 barrels", 250000, kind="measure", unit="bbl", rate="per day")],
    ),
    (
        "The reservoir is at 35 percent of capacity, down from 60 percent a year ago.",
        [
            E("35 percent", 35, kind="percent", unit="%"),
            E("60 percent", 60, kind="percent", unit="%"),
        ],
    ),
    (
        "Nine people were killed and 40 injured when the bridge collapsed on 14 August.",
        [E("Nine", 9, noun="person"), E("40", 40, noun="person")],
    ),
    (
        "The minister promised 10,000 new homes within five years.",
        [
            E("10,000", 10000, noun="home", modality="projected"),
            E("five years", 5, kind="duration", unit="year", modality="projected"),
        ],
    ),
    (
        "About 3,000 of the company's employees work remotely.",
        [E("3,000", 3000, noun="worker", bound="approx")],
    ),
    (
        "Two of the four reactors were shut down.",
        [E("Two", 2, noun="reactor"), E("four", 4, noun="reactor")],
    ),
    (
        "Over the past 10 years, crime fell by a third.",
        [E("10 years", 10, kind="duration", unit="year")],
    ),
]
