# ruff: noqa: E501 - a table of texts; long lines are whole sentences
"""Latvian texts of the web pages, by their English message id.

`python -m web.translations.build` writes lv/LC_MESSAGES/messages.po and .mo from this
table and messages.pot (extract with: pybabel extract -F babel.cfg -k _ -o
web/translations/messages.pot web). A message id with no entry here stays English, and the
build says which ones, so none is forgotten silently.
"""

LV = {
    "User added.": "Lietotājs pievienots.",
    "You are logged out.": "Jūs esat izgājis no sistēmas.",
    "ESF": "ESF", "State": "Valsts", "Municipality": "Pašvaldība", "Client": "Klients",
    "Maintainers": "Apgādnieki",
    "Home living": "Dzīve mājās", "Community living": "Dzīve kopienā",
    "Lifelong learning": "Mūžizglītība", "Employment": "Nodarbinātība",
    "Health and safety": "Veselība un drošība", "Social activities": "Sociālās aktivitātes",
    "Protection and advocacy": "Interešu aizstāvība",
    "Individual budget": "Individuālais budžets", "New case": "Jauna lieta",
    "Saved cases": "Saglabātās lietas", "Rules": "Noteikumi", "Replay": "Atkārtots aprēķins",
    "Users": "Lietotāji", "Log out": "Iziet", "Case number": "Lietas numurs",
    "Search": "Meklēt", "Calculation date": "Aprēķina datums", "Version": "Versija",
    "Monthly total": "Mēnesī kopā", "Saved": "Saglabāts",
    "No saved cases match.": "Nav atbilstošu saglabātu lietu.",
    "Your role does not give access to this page.": "Jūsu lomai šī lapa nav pieejama.",
    "There is nothing at this address.": "Šajā adresē nekā nav.",
    "The request could not be read (was the form open too long? Reload it and try again).":
        "Pieprasījumu neizdevās nolasīt (vai veidlapa bija atvērta pārāk ilgi? Pārlādējiet to un mēģiniet vēlreiz).",
    "Something went wrong on the server. The error is logged; nothing you entered was saved.":
        "Serverī radās kļūda. Tā ir reģistrēta; ievadītais netika saglabāts.",
    "Back": "Atpakaļ", "Case": "Lieta",
    "The case could not be calculated. Please correct:": "Lietu nevar aprēķināt. Lūdzu, izlabojiet:",
    "Person": "Persona", "Date of birth": "Dzimšanas datums",
    "Disability group (adult)": "Invaliditātes grupa (pieaugušajam)", "none": "nav",
    "Diagnoses (ICD-10, separated by commas)": "Diagnozes (SSK-10, atdalītas ar komatiem)",
    "Child with a disability": "Bērns ar invaliditāti",
    "Special care opinion (VDEĀVK)": "Atzinums par īpašas kopšanas nepieciešamību (VDEĀVK)",
    "Child in out-of-family care": "Bērns ārpusģimenes aprūpē",
    "Weekly medical procedures or rehabilitation": "Iknedēļas medicīniskās procedūras vai rehabilitācija",
    "Where they live": "Dzīvesvieta", "Residence": "Dzīvo",
    "in the community": "kopienā (pašvaldībā)",
    "in a state care centre (VSAC)": "valsts sociālās aprūpes centrā (VSAC)",
    "left a VSAC": "pametis VSAC", "child care institution": "bērnu aprūpes iestādē",
    "foster family": "audžuģimenē", "guardian": "pie aizbildņa",
    "Left the VSAC on": "VSAC pamests", "Placed in an institution on": "Ievietots institūcijā",
    "Returned from a long-term institution": "Atgriezies no ilgstošas aprūpes institūcijas",
    "Group apartment on a VSAC base (ERAF)": "Grupu dzīvoklis VSAC bāzē (ERAF)",
    "Income and maintainers": "Ienākumi un apgādnieki",
    "Client's monthly income, EUR": "Klienta ienākumi mēnesī, EUR",
    "Needy person status (trūcīga persona)": "Trūcīgas personas statuss",
    "Parents or legal representatives work or study": "Vecāki vai likumiskie pārstāvji strādā vai mācās",
    "Maintainer": "Apgādnieks", "Monthly income, EUR": "Ienākumi mēnesī, EUR",
    "spouse": "laulātais", "parent": "vecāks", "child": "bērns",
    "Add a maintainer row": "Pievienot apgādnieka rindu",
    "Tick “Remove” (or empty a row) to take it out.": "Atzīmējiet “Izņemt” (vai iztukšojiet rindu), lai to izņemtu.",
    "Remove": "Izņemt",
    "Assessment": "Vajadzību izvērtējums", "no assessment": "nav izvērtējuma",
    "AIS: seven area totals": "AIS: septiņu jomu kopsummas",
    "AIS: full grid of 57 activities": "AIS: pilna 57 aktivitāšu tabula",
    "care level only": "tikai aprūpes līmenis", "Assessed on": "Izvērtēts",
    "Support plan drawn up": "Izstrādāts atbalsta plāns", "VSAC care level": "VSAC aprūpes līmenis",
    "AIS area totals (for “seven area totals”)": "AIS jomu kopsummas (režīmam “septiņu jomu kopsummas”)",
    "Medical extra items, total (0–30)": "Medicīniskie papildvienumi, kopā (0–30)",
    "A medical item is rated 2": "Kāds medicīniskais vienums novērtēts ar 2",
    "Behavioural extra items, total (0–26)": "Uzvedības papildvienumi, kopā (0–26)",
    "A behavioural item is rated 2": "Kāds uzvedības vienums novērtēts ar 2",
    "AIS full grid (for “full grid of 57 activities”): type, frequency, time 0–4":
        "AIS pilnā tabula (režīmam “pilna 57 aktivitāšu tabula”): veids, biežums, laiks 0–4",
    "type": "veids", "frequency": "biežums", "time": "laiks",
    "Medical extra items (0–2)": "Medicīniskie papildvienumi (0–2)",
    "Behavioural extra items (0–2)": "Uzvedības papildvienumi (0–2)",
    "DI project and other facts": "DI projekts un citi fakti",
    "Enrolled in a DI ESF project on": "Iesaistīts DI ESF projektā no",
    "Year the day care centre was created": "Dienas aprūpes centra izveides gads",
    "Respite days already used this year": "Šogad jau izmantotās atelpas brīža dienas",
    "In the individual budget pilot (2019–2021)": "Individuālā budžeta pilotprojektā (2019–2021)",
    "Requested services": "Pieprasītie pakalpojumi", "Service": "Pakalpojums",
    "Units per month (respite: days in the period)": "Vienības mēnesī (atelpas brīdim – dienas periodā)",
    "Add a service row": "Pievienot pakalpojuma rindu",
    "With no services requested, an adult with GRT and a known support level gets the typical package proposed.":
        "Ja pakalpojumi nav pieprasīti, pieaugušajam ar GRT un zināmu atbalsta līmeni tiek piedāvāta tipveida pakete.",
    "Calculate the budget": "Aprēķināt budžetu", "Calculate and save": "Aprēķināt un saglabāt",
    "Log in": "Pieteikties",
    "There are no users yet. An administrator creates the first one on the server:":
        "Lietotāju vēl nav. Administrators pirmo izveido serverī:",
    "User name": "Lietotājvārds", "Password": "Parole",
    "Choose a file first.": "Vispirms izvēlieties failu.",
    "Budget": "Budžets", "Target groups": "Mērķa grupas",
    "Support level": "Atbalsta līmenis", "Saved version": "Saglabātā versija",
    "Compared with the saved budget": "Salīdzinājumā ar saglabāto budžetu",
    "rules changed": "noteikumi mainījušies", "Units": "Vienības", "Cost": "Izmaksas",
    "No change against the saved budget.": "Salīdzinājumā ar saglabāto budžetu izmaiņu nav.",
    "Warnings": "Brīdinājumi", "typical package proposed": "piedāvāta tipveida pakete",
    "Approved / requested": "Piešķirts / pieprasīts", "Rate, EUR": "Tarifs, EUR",
    "Cost, EUR": "Summa, EUR", "per period": "periodā",
    "No services in the budget.": "Budžetā nav pakalpojumu.",
    "Total per month": "Kopā mēnesī", "One-off (per period)": "Vienreizēji (periodā)",

    "For the period": "Periodā", "months": "mēn.",
    "Refused": "Atteikts", "Indicative budget": "Indikatīvais budžets",
    "Typical package of support level": "Tipveida pakete atbalsta līmenim",
    "no rate in force": "nav spēkā esoša tarifa",
    "this plan": "šis plāns",
    "Only for adults with GRT whose support level is known.":
        "Tikai pieaugušajiem ar GRT, kuru atbalsta līmenis ir zināms.",
    "Institutional alternative": "Institucionālā alternatīva",
    "funded by the state": "finansē valsts", "yes": "jā", "no": "nē",
    "the client would pay": "klients maksātu", "Why: rule by rule": "Pamatojums pa noteikumiem",
    "Rule": "Noteikums", "Explanation": "Skaidrojums", "Legal basis": "Tiesiskais pamats",
    "Parameters (in force from)": "Parametri (spēkā no)", "Edit": "Labot",
    "Recalculate under the current rules": "Pārrēķināt pēc spēkā esošajiem noteikumiem",
    "Download JSON": "Lejupielādēt JSON", "Download CSV": "Lejupielādēt CSV",
    "Download the case": "Lejupielādēt lietu", "Save": "Saglabāt",
    "Back to the form": "Atpakaļ uz veidlapu",
    "Print with the browser (Ctrl+P): the page prints as a clean A4 document.":
        "Drukājiet ar pārlūku (Ctrl+P): lapa izdrukājas kā tīrs A4 dokuments.",
    "Versions": "Versijas", "version": "versija", "In force on": "Spēkā",
    "Show": "Rādīt",
    "Left out on this date:": "Šajā datumā nepiemēroti:", "Kind": "Veids",
    "Title": "Nosaukums", "Valid": "Spēkā", "File": "Fails", "Parameters": "Parametri",
    "Name": "Nosaukums", "Value on the date": "Vērtība datumā", "In force from": "Spēkā no",
    "Source": "Avots", "policy default": "noklusētā vērtība", "not in force": "nav spēkā",
    "Role": "Loma", "Created": "Izveidots", "Add a user": "Pievienot lietotāju",
    "Password (at least 8 characters)": "Parole (vismaz 8 rakstzīmes)", "Add": "Pievienot",
    "h": "h", "days": "dienas", "sessions": "nodarbības",
    "This field is required.": "Šis lauks ir obligāts.",
    "Unknown field: check its name.": "Nezināms lauks: pārbaudiet tā nosaukumu.",
    "Expected a whole number.": "Vajadzīgs vesels skaitlis.",
    "Expected at most two decimals.": "Ne vairāk kā divas zīmes aiz komata.",
    "Expected at least %(value)s.": "Vajadzīgs vismaz %(value)s.",
    "Expected at most %(value)s.": "Ne vairāk kā %(value)s.",
    "Expected one of: %(values)s.": "Vajadzīga viena no vērtībām: %(values)s.",
    "There is no service “%(service)s” in the rules in force: choose one from the list.":
        "Spēkā esošajos noteikumos nav pakalpojuma “%(service)s”: izvēlieties kādu no saraksta.",
    "Expected yes or no.": "Vajadzīgs jā vai nē.",
    "Expected an ICD-10 code such as F20 or F20.0.": "Vajadzīgs SSK-10 kods, piemēram, F20 vai F20.0.",
    "Expected 1–64 letters, digits, -, _ or /.": "Vajadzīgi 1–64 burti, cipari, -, _ vai /.",
    "The value does not have the expected form.": "Vērtībai nav gaidītās formas.",
    "Expected %(min)s–%(max)s entries.": "Vajadzīgi %(min)s–%(max)s ieraksti.",
    "Expected %(min)s–%(max)s characters.": "Vajadzīgas %(min)s–%(max)s rakstzīmes.",
    "Must not be after the calculation date.": "Nedrīkst būt pēc aprēķina datuma.",
    "Must not be before the date of birth (%(date)s).": "Nedrīkst būt pirms dzimšanas datuma (%(date)s).",
    "Must not be before %(date)s.": "Nedrīkst būt pirms %(date)s.",
    "The text holds an invalid character.": "Tekstā ir nederīga rakstzīme.",
    "The case could not be read.": "Lietu neizdevās nolasīt.",
    "Give the date the person left the VSAC.": "Norādiet datumu, kad persona pameta VSAC.",
    "Each service can be requested only once.": "Katru pakalpojumu var pieprasīt tikai vienreiz.",
    "Give either the area totals or the full grid, not both.": "Norādiet vai nu jomu kopsummas, vai pilno tabulu, ne abas.",
    "Services": "Pakalpojumi",
    "Condition (when)": "Nosacījums (when)",
    "Decision (then)": "Lēmums (then)",
    "The rule engine stopped while calculating case %(case)s. Your data is kept below; the error is logged.":
        "Noteikumu dzinējs apstājās, aprēķinot lietu %(case)s. Ievadītie dati ir saglabāti veidlapā zemāk; kļūda ir reģistrēta.",
    "Choose one of the roles.": "Izvēlieties vienu no lomām.",
    "A user name is 1–64 characters.": "Lietotājvārdā ir 1–64 rakstzīmes.",
    "A password has at least 8 characters.": "Parolē ir vismaz 8 rakstzīmes.",
    "The user %(name)s exists already.": "Lietotājs %(name)s jau ir.",
    "There is no user %(name)s.": "Lietotāja %(name)s nav.",
    "Text": "Teksts", "always": "vienmēr", "no end": "bez beigām",
    "not in force today": "šodien nav spēkā",
    "Scenarios that exercise it": "Scenāriji, kas to pārbauda",
    "No scenario exercises this rule.": "Neviens scenārijs šo noteikumu nepārbauda.",
    "Unit": "Mērvienība", "History": "Vēsture", "Value": "Vērtība", "Act": "Tiesību akts",
    "in force today": "spēkā šodien", "Services it prices": "Cenu nosaka pakalpojumiem", "Rules that read it": "Noteikumi, kas to izmanto",
    "Replay a file of cases or a synthetic population under the current rules, or beside a reform, and get a report. The run continues in the background: you can leave this page.":
        "Pārrēķiniet lietu failu vai sintētisku populāciju pēc spēkā esošajiem noteikumiem vai blakus reformai un saņemiet pārskatu. Aprēķins turpinās fonā: šo lapu var pamest.",
    "Please correct:": "Lūdzu, izlabojiet:", "Cases file": "Lietu fails",
    "Synthetic population": "Sintētiska populācija", "Choose one of the profiles.": "Izvēlieties vienu no profiliem.",
    "Number of cases": "Lietu skaits",
    "Seed": "Sākumvērtība (seed)", "A whole number, 0 or more.": "Vesels skaitlis, 0 vai lielāks.",
    "Reform file": "Reformas fails", "Cases": "Lietas",
    "JSON Lines (one case per line) or CSV, also as Latvian Excel saves it (; separator, decimal comma).":
        "JSON Lines (viena lieta rindā) vai CSV, arī kā to saglabā latviešu Excel (atdalītājs ;, decimālkomats).",
    "Profile": "Profils", "Compare with": "Salīdzināt ar",
    "Optional: a YAML file that changes parameters from a date. Without it the cases are calculated under the current rules only.":
        "Nav obligāti: YAML fails, kas maina parametrus no kāda datuma. Bez tā lietas aprēķina tikai pēc spēkā esošajiem noteikumiem.",
    "Report language": "Pārskata valoda", "Start": "Sākt", "Your runs": "Jūsu aprēķini",
    "Started": "Sākts", "Status": "Statuss",
    "No runs yet.": "Aprēķinu vēl nav.", "Run of": "Aprēķins", "cases done": "lietas aprēķinātas",
    "The run did not finish. Check the input and start it again; the operator finds the details in the run's log.":
        "Aprēķins netika pabeigts. Pārbaudiet ievaddatus un sāciet no jauna; sīkāka informācija ir aprēķina žurnālā.",
    "Results": "Rezultāti", "Open the report": "Atvērt pārskatu", "download it": "lejupielādēt",
    "Aggregates (CSV for Excel)": "Kopsavilkums (CSV Excel)", "Every case (JSON Lines)": "Katra lieta (JSON Lines)",
    "running": "notiek", "done": "pabeigts", "failed": "neizdevās", "stopped": "apturēts",
    # The form: reading dates and amounts, labels of every field, the error summary.
    "understood: %(date)s": "saprasts: %(date)s",
    "Write the date as dd.mm.yyyy, e.g. 25.04.1988 (typed: “%(typed)s”).":
        "Rakstiet datumu kā dd.mm.gggg, piemēram, 25.04.1988 (ievadīts: “%(typed)s”).",
    "There is no such day: “%(typed)s”.": "Tādas dienas nav: “%(typed)s”.",
    "Write an amount such as 1 200,50 or 320.50, with at most two decimals (typed: “%(typed)s”).":
        "Rakstiet summu, piemēram, 1 200,50 vai 320.50, ar ne vairāk kā divām zīmēm aiz komata (ievadīts: “%(typed)s”).",
    "AIS area totals are filled in, but another kind of assessment is chosen: choose “AIS: seven area totals”, or empty them.":
        "Ir aizpildītas AIS jomu kopsummas, bet izvēlēts cits izvērtējuma veids: izvēlieties “AIS: septiņu jomu kopsummas” vai iztukšojiet tās.",
    "The AIS full grid is filled in, but another kind of assessment is chosen: choose “AIS: full grid of 57 activities”, or empty it.":
        "Ir aizpildīta AIS pilnā tabula, bet izvēlēts cits izvērtējuma veids: izvēlieties “AIS: pilna 57 aktivitāšu tabula” vai iztukšojiet to.",
    "Not filled in: rows %(rows)s. Choose a value in every column.":
        "Nav aizpildītas rindas: %(rows)s. Izvēlieties vērtību katrā ailē.",
    "Expected a date that exists, such as 25.04.1988.": "Vajadzīgs esošs datums, piemēram, 25.04.1988.",
    "Expected an amount such as 1 200,50.": "Vajadzīga summa, piemēram, 1 200,50.",
    "There was no municipality called “%(name)s” on %(date)s: choose one from the list.":
        "%(date)s nebija pašvaldības ar nosaukumu “%(name)s”: izvēlieties to no saraksta.",
    "Kind of assessment": "Izvērtējuma veids", "AIS area totals": "AIS jomu kopsummas",
    "AIS full grid": "AIS pilnā tabula", "DI project": "DI projekts",
    "service": "pakalpojums", "units": "vienības",
    "Requested service, row %(n)s": "Pieprasītais pakalpojums, %(n)s. rinda",
    "relation": "radniecība", "monthly income": "ienākumi mēnesī",
    "Maintainer, row %(n)s": "Apgādnieks, %(n)s. rinda",
    "Error": "Kļūda", "required": "obligāts", "dd.mm.yyyy": "dd.mm.gggg",
    "Fields marked * are required. Dates: dd.mm.yyyy; amounts: 1 200,50.":
        "Ar * atzīmētie lauki ir obligāti. Datumi: dd.mm.gggg; summas: 1 200,50.",
    "e.g. 1 200,50": "piemēram, 1 200,50",
    "The assessment date, the support plan and the care level count whatever kind of assessment is chosen.":
        "Izvērtējuma datums, atbalsta plāns un aprūpes līmenis tiek ņemti vērā neatkarīgi no izvēlētā izvērtējuma veida.",
    "A row not chosen yet is marked; nothing counts as 0 until it is chosen. Paste a row of numbers (e.g. “2 3 1”, or the whole area row by row) into the paste box of an area.":
        "Vēl neizvēlēta rinda ir iezīmēta; nekas netiek uzskatīts par 0, kamēr nav izvēlēts. Skaitļu rindu (piemēram, “2 3 1” vai visu jomu pa rindām) var ielīmēt jomas ielīmēšanas lodziņā.",
    "Activity": "Aktivitāte", "Item": "Vienums",
    "Paste numbers for %(area)s": "Ielīmēt skaitļus: %(area)s",
    "The Latvian names of the items are working translations until the official wording of the AIS form replaces them.":
        "Vienumu latviskie nosaukumi ir darba tulkojumi, līdz tos aizstās AIS veidlapas oficiālais formulējums.",
    # The result page: the decision in plain words, words for codes, print marks.
    "standard rate": "standarta tarifs", "intensive rate": "intensīvā atbalsta tarifs",
    "Reassessment due": "Jāveic atkārtots izvērtējums",
    "Above the indicative budget": "Virs indikatīvā budžeta",
    "DI funding ends": "DI finansējums beidzas", "No rate in force": "Nav spēkā esoša tarifa",
    "No threshold in force": "Nav spēkā esoša sliekšņa",
    "Municipality not checked": "Pašvaldība nav pārbaudīta",
    "DI enrolment after the projects ended": "Iesaistīšanās pēc DI projektu beigām",
    "Who pays each month": "Kas maksā katru mēnesi",
    "DRAFT": "MELNRAKSTS", "DRAFT – not saved": "MELNRAKSTS – nav saglabāts",
    "draft, not saved": "melnraksts, nav saglabāts",
    "Print: Ctrl+P (an A4 page).": "Drukāt: Ctrl+P (A4 lapa).",
    "Calculated by": "Aprēķināja", "Decision": "Lēmums", "Granted": "Piešķirts",
    "in the period": "periodā", "once": "vienreiz", "a month": "mēnesī", "Cut": "Samazināts",
    "requested %(requested)s, granted %(approved)s": "pieprasīts %(requested)s, piešķirts %(approved)s",
    "Reason": "Iemesls",
    "Decided: units": "Nolemts: vienības", "Decided: amount a month, EUR": "Nolemts: summa mēnesī, EUR",
    "Page %(page)s of %(pages)s": "Lapa %(page)s no %(pages)s", "Legal bases": "Tiesiskie pamati",
    "Requested": "Pieprasīts", "Paid": "Maksā", "Rules version": "Noteikumu versija",
    "cut": "samazināts", "granted": "piešķirts", "refused": "atteikts",
    "once in the period": "vienreiz periodā", "No services granted.": "Neviens pakalpojums nav piešķirts.",
    "requested": "pieprasīts", "The client pays": "Klients maksā",
    "The maintainers (relatives) pay": "Apgādnieki (tuvinieki) maksā",
    "Once in the period (respite)": "Vienreiz periodā (atelpas brīdis)",
    "client": "klients", "maintainers": "apgādnieki", "rule": "noteikums",
    "For a child the alternative is a children's institution; the rules give no price for one, so the figure below is the price of a place in an adults' state care centre (VSAC), for comparison only.":
        "Bērnam alternatīva būtu bērnu aprūpes iestāde; noteikumos tās cenas nav, tāpēc zemāk – vietas cena pieaugušo valsts sociālās aprūpes centrā (VSAC), tikai salīdzinājumam.",
    "A place in a state social care centre (VSAC)": "Vieta valsts sociālās aprūpes centrā (VSAC)",
    "from": "no",
    "social worker": "sociālais darbinieks", "policy officer": "politikas speciālists",
    "evaluator": "izvērtētājs", "administrator": "administrators",
    "Skip to the content": "Pāriet uz saturu",
}

# Saved cases: scoping, conflicts, the decision and sign-off, the audit log (issue 8).
LV.update({
    "Wrong user name or password, or too many failed attempts: try again later.":
        "Nepareizs lietotājvārds vai parole, vai pārāk daudz neveiksmīgu mēģinājumu: mēģiniet vēlāk.",
    "social worker": "sociālais darbinieks", "supervisor": "vadītājs (apstiprina)",
    "policy officer": "politikas speciālists", "evaluator": "izvērtētājs",
    "administrator": "administrators", "national": "valsts līmenī",
    "national (policy, evaluator, administrator)": "valsts līmenī (politika, izvērtēšana, administrēšana)",
    "A social worker or supervisor belongs to a municipality: choose it.":
        "Sociālais darbinieks vai vadītājs pieder pašvaldībai: izvēlieties to.",
    "Choose a municipality from the list.": "Izvēlieties pašvaldību no saraksta.",
    "A case with this number exists already.": "Lieta ar šo numuru jau ir.",
    "Open the saved case": "Atvērt saglabāto lietu",
    "There is no saved case with this number to add a version to.":
        "Nav saglabātas lietas ar šo numuru, kurai pievienot versiju.",
    "You can save cases of %(municipality)s only.": "Jūs varat saglabāt tikai pašvaldības %(municipality)s lietas.",
    "Saved in the meantime": "Pa to laiku saglabāts",
    "Someone saved this case in the meantime": "Kāds pa to laiku saglabāja šo lietu",
    "You edited version %(mine)s; version %(latest)s was saved since, by %(who)s at %(when)s. Nothing was overwritten: choose what to do.":
        "Jūs labojāt %(mine)s. versiju; kopš tā laika %(who)s %(when)s saglabāja %(latest)s. versiju. Nekas nav pārrakstīts: izvēlieties, ko darīt.",
    "Your changes (not saved)": "Jūsu izmaiņas (nav saglabātas)",
    "Differences": "Atšķirības",
    "Save mine as version %(next)s": "Saglabāt manējo kā %(next)s. versiju",
    "Open the saved version %(version)s": "Atvērt saglabāto %(version)s. versiju",
    "Back to my form": "Atpakaļ uz manu veidlapu",
    "Recalculate under the rules it was saved with": "Pārrēķināt pēc noteikumiem, ar kuriem saglabāts",
    "with overrides": "ar grozījumiem", "Status": "Statuss",
    "Decision": "Lēmums", "Calculated": "Aprēķināts", "Decided": "Nolemts",
    "Justification": "Pamatojums", "Units": "Vienības", "Amount a month, EUR": "Summa mēnesī, EUR",
    "The split among payers above is the calculated one; the decided amounts are in this table.":
        "Sadalījums starp maksātājiem augstāk ir aprēķinātais; nolemtās summas ir šajā tabulā.",
    "Prepared by": "Sagatavoja", "submitted by": "iesniedza", "Approved by": "Apstiprināja",
    "Decide differently on a line (override)": "Lemt citādi par rindu (grozījums)",
    "Save the override as a new version": "Saglabāt grozījumu kā jaunu versiju",
    "Note": "Piezīme", "Approve": "Apstiprināt", "Return for changes": "Atgriezt labošanai",
    "Submit for approval": "Iesniegt apstiprināšanai",
    "A second person must approve: you saved or submitted this version.":
        "Jāapstiprina otrai personai: jūs šo versiju saglabājāt vai iesniedzāt.",
    "draft": "melnraksts", "submitted for approval": "iesniegts apstiprināšanai",
    "approved": "apstiprināts", "returned for changes": "atgriezts labošanai",
    "There is no such line in the budget.": "Budžetā šādas rindas nav.",
    "This line is overridden twice.": "Šī rinda grozīta divreiz.",
    "Give other units or another amount.": "Norādiet citas vienības vai citu summu.",
    "Expected a whole number of units from 0 to 100 000.": "Vajadzīgs vesels vienību skaits no 0 līdz 100 000.",
    "Expected an amount in euros, e.g. 1 200,50.": "Vajadzīga summa eiro, piemēram, 1 200,50.",
    "An override needs a written justification.": "Grozījumam vajadzīgs rakstisks pamatojums.",
    "Fill in the line you decide differently on, with a justification.":
        "Aizpildiet rindu, par kuru lemjat citādi, ar pamatojumu.",
    "Only the latest draft or returned version can be changed.":
        "Mainīt var tikai jaunāko melnraksta vai atgriezto versiju.",
    "Version %(version)s was saved in the meantime; open it and decide there.":
        "Pa to laiku saglabāta %(version)s. versija; atveriet to un lemiet tur.",
    "Say what is to be changed (the note goes back to the worker).":
        "Norādiet, kas jāmaina (piezīme tiek nosūtīta atpakaļ darbiniekam).",
    "Your role cannot take this step.": "Jūsu loma šo darbību neļauj.",
    "This step is not possible in the status %(status)s.": "Statusā „%(status)s” šī darbība nav iespējama.",
    "A newer version exists; decide on the latest one.": "Ir jaunāka versija; lemiet par jaunāko.",
    "Audit log": "Audita žurnāls",
    "Every look at a case and every change, as it happened; entries cannot be changed or removed.":
        "Katra lietas skatīšana un katra izmaiņa, kā tā notika; ierakstus nevar mainīt vai dzēst.",
    "Time": "Laiks", "Action": "Darbība", "Details": "Sīkāk", "No entries match.": "Atbilstošu ierakstu nav.",
    "viewed": "skatīja", "searched": "meklēja", "saved": "saglabāja", "overrode a line": "grozīja rindu",
    "submitted": "iesniedza", "returned": "atgrieza", "downloaded": "lejupielādēja",
    "recalculated": "pārrēķināja", "approved the decision": "apstiprināja lēmumu", "save refused: conflict": "saglabāšana atteikta: konflikts",
    "refused: not in the user's scope": "atteikts: nav lietotāja pārziņā",
    "The form is too large to be read: a field holds far more text than any case needs.":
        "Veidlapa ir pārāk liela, lai to nolasītu: kādā laukā ir daudz vairāk teksta, nekā vajag jebkurai lietai.",
})

# Policy staff's editor, rule book versions, approval and the difference between versions
# (issue 12, web: web/rule_editor.py, web/rule_version_pages.py).
LV.update({
    "Rule book versions": "Noteikumu versijas", "Versions": "Versijas",
    "Change a parameter": "Mainīt parametru", "Change a rule": "Mainīt noteikumu",
    "A value from a date": "Vērtība no datuma",
    "A value holds from its date until the next value's date. Earlier budgets keep the value of their date; a value from a date that has one already replaces it.":
        "Vērtība ir spēkā no sava datuma līdz nākamās vērtības datumam. Agrākie budžeti paliek ar sava datuma vērtību; vērtība no datuma, kuram vērtība jau ir, to aizstāj.",
    "Act that sets it": "Tiesību akts, kas to nosaka",
    "The act that really sets the value: name, date, number, article (e.g. MK 2021. gada 18. maija noteikumi Nr. 316).":
        "Akts, kas vērtību tiešām nosaka: nosaukums, datums, numurs, pants vai punkts (piemēram, MK 2021. gada 18. maija noteikumi Nr. 316).",
    "Draft label": "Melnraksta nosaukums",
    "What the draft changes, in a few words.": "Dažos vārdos: ko melnraksts maina.",
    "Name the draft in a few words (e.g. “Aprūpe mājās 2026”).":
        "Nosauciet melnrakstu dažos vārdos (piemēram, “Aprūpe mājās 2026”).",
    "Check and save in the draft": "Pārbaudīt un saglabāt melnrakstā",
    "Choose on or off.": "Izvēlieties: ieslēgts vai izslēgts.",
    "on: it applies": "ieslēgts: piemēro", "off: it does not apply": "izslēgts: nepiemēro",
    "Value (YAML)": "Vērtība (YAML)",
    "first person": "pirmajai personai", "each further person": "katrai nākamajai personai",
    "Not valid YAML (line %(line)s): %(problem)s": "YAML nav derīgs (%(line)s. rinda): %(problem)s",
    "Nothing is changed by this: the draft stays as it was.":
        "Tas neko nemaina: melnraksts paliek, kāds bija.",
    "The rule check found problems; nothing is stored:":
        "Noteikumu pārbaude atrada kļūdas; nekas nav saglabāts:",
    "The change is not stored. Please correct the fields marked below.":
        "Izmaiņa nav saglabāta. Lūdzu, izlabojiet zemāk atzīmētos laukus.",
    "The change is added to your draft": "Izmaiņa tiek pievienota jūsu melnrakstam",
    "The change starts a new draft. Nothing changes for social workers until you submit it and a second policy user approves it.":
        "Izmaiņa sāk jaunu melnrakstu. Sociālajiem darbiniekiem nekas nemainās, kamēr jūs to neiesniedzat un otrs politikas speciālists to neapstiprina.",
    "The condition could not be written as typed: check its indentation.":
        "Nosacījumu neizdevās ierakstīt, kā ievadīts: pārbaudiet atkāpes.",
    "The draft was changed meanwhile (in another window?): check it below and repeat the change.":
        "Melnraksts pa to laiku mainīts (citā logā?): pārbaudiet to zemāk un atkārtojiet izmaiņu.",
    "Title (Latvian)": "Nosaukums (latviski)", "Title (English)": "Nosaukums (angliski)",
    "Text (Latvian)": "Teksts (latviski)", "Text (English)": "Teksts (angliski)",
    "Refusal text (Latvian)": "Atteikuma teksts (latviski)",
    "Refusal text (English)": "Atteikuma teksts (angliski)",
    "YAML, as in the rule files: facts of the case and their values, e.g. {in_target_group: true, age: {'>=': 16}}; any: [...] for “one of”.":
        "YAML, kā noteikumu failos: lietas fakti un to vērtības, piemēram, {in_target_group: true, age: {'>=': 16}}; any: [...] nozīmē “viens no”.",
    "A second policy user must approve or return it: you wrote this draft.":
        "Jāapstiprina vai jāatgriež otram politikas speciālistam: šo melnrakstu rakstījāt jūs.",
    "Only a policy user can take this step.": "Šo darbību var veikt tikai politikas speciālists.",
    "Only a draft submitted for approval can be approved or returned.":
        "Apstiprināt vai atgriezt var tikai apstiprināšanai iesniegtu melnrakstu.",
    "This version is no longer a draft: it cannot be changed.":
        "Šī versija vairs nav melnraksts: to mainīt nevar.",
    "Only the draft's author changes or submits it.":
        "Melnrakstu maina un iesniedz tikai tā autors.",
    "Say why the draft is returned (the comment goes back to its author).":
        "Norādiet, kāpēc melnraksts tiek atgriezts (komentārs tiek nosūtīts autoram).",
    "Another version has been published since this draft was made; publishing it would undo that. Return it, to be made again on the current version.":
        "Kopš šī melnraksta izveides publicēta cita versija; publicējot šo, tā tiktu atcelta. Atgrieziet to, lai to izveidotu no jauna uz spēkā esošās versijas pamata.",
    "There is no such draft.": "Tāda melnraksta nav.",
    "published": "publicēts",
    "draft started": "melnraksts sākts", "changed": "mainīts",
    "approved and published": "apstiprināts un publicēts",
    "changed a rules draft": "mainīja noteikumu melnrakstu",
    "approved and published rules": "apstiprināja un publicēja noteikumus",
    "The web app and the API calculate with this version.":
        "Tīmekļa lietotne un API rēķina pēc šīs versijas.",
    "Author": "Autors", "Decided by": "Lēma", "Made on": "Izveidots uz versijas",
    "What it changes": "Ko tā maina", "Compare with another version": "Salīdzināt ar citu versiju",
    "No differences.": "Atšķirību nav.",
    "The first version: the rules shipped with the program.":
        "Pirmā versija: noteikumi, kas piegādāti kopā ar programmu.",
    "Impact": "Ietekme",
    "how this draft would change the saved budgets, before it is published":
        "kā šis melnraksts mainītu saglabātos budžetus, pirms tas tiek publicēts",
    "Change the draft": "Mainīt melnrakstu", "Parameter": "Parametrs",
    "Change the parameter": "Mainīt parametru", "Change the rule": "Mainīt noteikumu",
    "Comment": "Komentārs", "Approve and publish": "Apstiprināt un publicēt",
    "Steps": "Darbības", "Step": "Darbība",
    "Every version stays here: drafts, returned and published ones. The web app and the API calculate with the newest published version.":
        "Šeit paliek katra versija: melnraksti, atgrieztās un publicētās. Tīmekļa lietotne un API rēķina pēc jaunākās publicētās versijas.",
    "Label": "Nosaukums", "Approved or returned by": "Apstiprināja vai atgrieza",
    "in force": "spēkā", "Compare two versions": "Salīdzināt divas versijas",
    "From version": "No versijas", "To version": "Līdz versijai", "to version": "līdz versijai",
    "Compare": "Salīdzināt", "What changed": "Kas mainījies",
    "Change": "Mainīt", "Change in a draft": "Mainīt melnrakstā",
    "To change a rate, a threshold or a rule, open it and choose “Change”: the change is checked and kept in a draft, which a second policy user approves before it is used.":
        "Lai mainītu tarifu, slieksni vai noteikumu, atveriet to un izvēlieties “Mainīt”: izmaiņu pārbauda un saglabā melnrakstā, ko pirms izmantošanas apstiprina otrs politikas speciālists.",
})

# The impact of a draft (web/impact.py) and two stored versions on the evaluators' page.
LV.update({
    "replayed in a draft's impact": "pārrēķināja melnraksta ietekmei",
    "Impact of the draft": "Melnraksta ietekme", "Draft": "Melnraksts",
    "Compared with the current version": "Salīdzināts ar pašreizējo versiju",
    "The draft's rules and the current published rules calculate the same cases; the result says how many budgets change, by how much, for whom, and which rule or parameter made each change. The run continues in the background: you can leave this page.":
        "Melnraksta noteikumi un pašreizējie publicētie noteikumi aprēķina tās pašas lietas; rezultāts parāda, cik budžetu mainās, par cik, kam un kurš noteikums vai parametrs izraisīja katru izmaiņu. Aprēķins turpinās fonā: šo lapu var atstāt.",
    "Choose a municipality whose saved cases you may replay.":
        "Izvēlieties pašvaldību, kuras saglabātās lietas drīkstat pārrēķināt.",
    "It has no saved cases yet; choose another or a synthetic population.":
        "Tai vēl nav saglabātu lietu; izvēlieties citu vai sintētisku populāciju.",
    "All municipalities": "Visas pašvaldības",
    "The latest saved version of each case, with the decisions the workers took on it (overrides are listed beside the new figures).":
        "Katras lietas pēdējā saglabātā versija ar darbinieku lēmumiem par to (ar roku labotie piešķīrumi ir uzskaitīti blakus jaunajiem skaitļiem).",
    "Runs of this draft": "Šī melnraksta aprēķini", "By": "Kas",
    "Current rules": "Pašreizējie noteikumi", "Difference": "Starpība",
    "How many budgets change": "Cik budžetu mainās",
    "%(changed)s of %(budgets)s budgets change": "Mainās %(changed)s no %(budgets)s budžetiem",
    "%(n)s cases could not be calculated": "%(n)s lietas nevarēja aprēķināt",
    "Current version": "Pašreizējā versija",
    "Which rule or parameter made the changes": "Kurš noteikums vai parametrs izraisīja izmaiņas",
    "Rule or parameter": "Noteikums vai parametrs", "Budgets it changes": "Budžeti, ko tas maina",
    "A budget changed only by several changes together names none of them alone.":
        "Budžets, ko maina tikai vairākas izmaiņas kopā, nenosauc nevienu no tām atsevišķi.",
    "On %(day)s the draft stands as the current rules: its changes apply from %(start)s. No budget can change on the chosen date.":
        "%(day)s melnraksts vēl sakrīt ar pašreizējiem noteikumiem: tā izmaiņas ir spēkā no %(start)s. Izvēlētajā datumā neviens budžets nevar mainīties.",
    "On %(day)s the draft stands as the current rules: its changes are no longer in force. No budget can change on the chosen date.":
        "%(day)s melnraksts sakrīt ar pašreizējiem noteikumiem: tā izmaiņas vairs nav spēkā. Izvēlētajā datumā neviens budžets nevar mainīties.",
    "No budget changes.": "Neviens budžets nemainās.", "By how much": "Par cik",
    "Shift between payers (a month and one-off)": "Pārbīde starp maksātājiem (mēnesī un vienreizēji)",
    "Payer": "Maksātājs", "For whom": "Kam",
    "Changed budgets by target group": "Mainītie budžeti pēc mērķa grupas",
    "Changed budgets by planning region": "Mainītie budžeti pēc plānošanas reģiona",
    "Group": "Grupa", "Planning region": "Plānošanas reģions",
    "Changed budgets": "Mainītie budžeti", "Change of the monthly total": "Mēneša kopsummas izmaiņa",
    "The most changed budgets": "Visvairāk mainītie budžeti",
    "Current rules, a month": "Pašreizējie noteikumi, mēnesī", "Draft, a month": "Melnraksts, mēnesī",
    "Changed by": "Izmaiņas cēlonis",
    "Overridden by hand": "Ar roku labotie piešķīrumi",
    "%(budgets)s saved budgets have %(lines)s lines overridden by a worker; on %(flagged)s of them the new calculation differs.":
        "Saglabātie budžeti ar roku labotām rindām: %(budgets)s; labotās rindas: %(lines)s; no tām jaunais aprēķins atšķiras: %(flagged)s.",
    "Computed when saved": "Aprēķināts saglabājot", "Overridden": "Labots",
    "allocation overridden by hand; the new calculation differs":
        "piešķīrums labots ar roku; jaunais aprēķins atšķiras",
    "Base version": "Pamata versija", "Choose a published version.": "Izvēlieties publicētu versiju.",
    "Compared version": "Salīdzināmā versija",
    "Choose a version other than the base version.": "Izvēlieties citu versiju, nevis pamata versiju.",
    "Nothing: the current rules only": "Ne ar ko: tikai pašreizējie noteikumi",
    "A reform file": "Reformas failu",
    "Two published rule versions": "Divām publicētām noteikumu versijām",
    "The cases are calculated under both whole rule books; each row names the rules and parameters whose change alters it.":
        "Lietas aprēķina ar abām pilnajām noteikumu versijām; katra rinda nosauc noteikumus un parametrus, kuru izmaiņa to maina.",
    "Compared with": "Salīdzināts ar", "reform file": "reformas fails", "nothing": "ne ar ko",
    "A date such as 01.01.2027 (day, month, year).": "Datums, piemēram, 01.01.2027 (diena, mēnesis, gads).",
    "Empty: each case on its own calculation date. To see a change from the day it comes into force, write that day (e.g. 01.01.2027): every case is then calculated on it.":
        "Tukšs: katra lieta ar savu aprēķina datumu. Lai redzētu izmaiņu no dienas, kad tā stājas spēkā, ierakstiet šo dienu (piemēram, 01.01.2027): tad katru lietu aprēķina šajā datumā.",
    "each case's own": "katras lietas paša",
})

# Two saved versions side by side (web/compare_pages.py, web/version_compare.py).
LV.update({
    "Versions compared": "Versiju salīdzinājums", "Compare versions": "Salīdzināt versijas",
    "Compare any two versions": "Salīdzināt jebkuras divas versijas", "Compare": "Salīdzināt",
    "compare with version %(version)s": "salīdzināt ar versiju %(version)s",
    "First version": "Pirmā versija", "Second version": "Otrā versija",
    "Choose a version.": "Izvēlieties versiju.",
    "Choose a version from the list (a version number).": "Izvēlieties versiju no saraksta (versijas numuru).",
    "This case has no version %(version)s.": "Šai lietai nav versijas %(version)s.",
    "Choose two different versions.": "Izvēlieties divas dažādas versijas.",
    "Choose the versions again:": "Izvēlieties versijas vēlreiz:",
    "This case has one saved version only: there is nothing to compare yet.":
        "Šai lietai ir saglabāta tikai viena versija: vēl nav ar ko salīdzināt.",
    "Version %(first)s and version %(second)s": "Versija %(first)s un versija %(second)s",
    "Back to the case": "Atpakaļ uz lietu", "Print": "Drukāt",
    "About the versions": "Par versijām", "Saved by": "Saglabāja", "Saved at": "Saglabāts",
    "Edited from version": "Labota no versijas", "none (a new case)": "nav (jauna lieta)",
    "Submitted by": "Iesniedza", "Returned for changes": "Atgriezta labošanai",
    "Overrides": "Grozījumi",
    "%(service)s: %(units)s, %(cost)s a month — „%(why)s”": "%(service)s: %(units)s, %(cost)s mēnesī — „%(why)s”",
    "Changed": "Mainījies", "no change": "bez izmaiņām",
    "Figure": "Rādītājs", "Total": "Kopā", "Totals": "Kopsummas", "Field": "Lauks",
    "not requested": "nav pieprasīts", "Cost a month": "Izmaksas mēnesī",
    "Cost once in the period": "Izmaksas vienreiz periodā",
    "Decided units": "Lēmumā noteiktās vienības", "Decided cost": "Lēmumā noteiktās izmaksas",
    "Decided total per month": "Lēmumā noteiktais kopā mēnesī",
    "%(payer)s, a month": "%(payer)s mēnesī",
    "The budget is the same in both versions.": "Budžets abās versijās ir vienāds.",
    "The two versions were calculated with different rules.":
        "Abas versijas aprēķinātas pēc atšķirīgiem noteikumiem.",
    "What differs in the case": "Kas lietā atšķiras",
    "The case's data is the same in both versions.": "Lietas dati abās versijās ir vienādi.",
})

# The rules page: what each kind of rule decides (web/policy.py).
LV.update({
    "target group": "mērķa grupa", "eligibility": "tiesības uz pakalpojumu",
    "limit": "apjoma ierobežojums", "financing": "finansējums", "co-payment": "līdzmaksājums",
})

# The rules page names the services a rule speaks of (web/policy.py).
LV.update({
    "all services": "visi pakalpojumi", "DI services (1–7)": "DI pakalpojumi (1–7)",
    "the list in parameter %(name)s": "saraksts parametrā %(name)s",
})

# The parameter editor asks before it replaces an existing value (web/rule_editor.py).
LV.update({
    "A value from %(day)s is there already (%(value)s): the new one replaces it, and budgets of dates since then change when they are recalculated. Tick the box to confirm.":
        "Vērtība no %(day)s jau ir (%(value)s): jaunā to aizstās, un budžeti, kuru datumi ir kopš tā, pārrēķinot mainīsies. Atzīmējiet izvēles rūtiņu, lai to apstiprinātu.",
    "Yes, change the value of that date": "Jā, mainīt šī datuma vērtību",
    "Confirmation": "Apstiprinājums",
})

# Upload limits: each file of a page has its own size limit; a reform's check lists its first
# problems and counts the rest (issue 24, item 1: web/uploads.py, web/replay_pages.py).
LV.update({
    "Larger than %(size)s, the most one replay reads: split the cases into several files.":
        "Lielāks par %(size)s — tik daudz viens aprēķins nolasa: sadaliet lietas vairākos failos.",
    "Larger than %(size)s: a reform file changes a few parameters and is a few kilobytes.":
        "Lielāks par %(size)s: reformas fails maina dažus parametrus, un tā apjoms ir daži kilobaiti.",
    "… and %(count)s more (correct these first).": "… un vēl %(count)s (vispirms izlabojiet šīs).",
    "At most %(size)s.": "Ne vairāk kā %(size)s.",
    "The files are larger than this page takes at once, so nothing was read. The most each file may be:":
        "Faili ir lielāki, nekā šī lapa pieņem vienā reizē, tāpēc nekas netika nolasīts. Lielākais pieļaujamais katra faila apjoms:",
    "Back to the form": "Atpakaļ uz veidlapu",
})

# Issue 24, item 2: background jobs bounded and cleaned up (web/evaluation/job_queue.py, web/admin/jobs.py).
LV.update({
    "A whole number from 1 to %(most)s.": "Vesels skaitlis no 1 līdz %(most)s.",
    "More than %(most)s cases: one run calculates at most %(most)s.":
        "Vairāk nekā %(most)s lietu: vienā aprēķinā ne vairāk kā %(most)s.",
    "waiting": "gaida",
    "Waiting in the queue: place %(place)s": "Gaida rindā: %(place)s. vietā",
    "Cancel the run and delete it": "Atcelt aprēķinu un to dzēst",
    "Delete the run and its files": "Dzēst aprēķinu un tā failus",
    "The run and its files are deleted.": "Aprēķins un tā faili ir dzēsti.",
    "deleted a run and its files": "dzēsa aprēķinu un tā failus",
    "Background jobs": "Fona darbi", "Replays": "Atkārtotie aprēķini",
    "Drafts' impact": "Melnrakstu ietekme", "Disk use": "Diska apjoms", "Jobs": "Darbi",
    "Size": "Apjoms", "Oldest": "Vecākais", "Each job": "Katrs darbs",
    "No jobs.": "Darbu nav.",
    "A job's folder is deleted %(days)s days after it was started, or when its owner deletes it.":
        "Darba mape tiek dzēsta %(days)s dienas pēc tā sākšanas vai tad, kad to dzēš tā īpašnieks.",
    "A job's folder is kept until its owner deletes it.":
        "Darba mape tiek glabāta, līdz to dzēš tā īpašnieks.",
})

# Issue 24, items 4 and 5: crafted input refused with words, never a 500 (web/input_limits.py,
# web/cases.py, web/case_form.py, web/rule_editor.py).
LV.update({
    "At most %(most)s characters (typed: %(typed)s): the text was refused and is not shown again.":
        "Ne vairāk kā %(most)s rakstzīmes (ievadītas: %(typed)s): teksts netika pieņemts un vairs netiek rādīts.",
    "Nested more than %(most)s levels deep (line %(line)s): write it more simply.":
        "Ligzdots dziļāk par %(most)s līmeņiem (%(line)s. rinda): uzrakstiet to vienkāršāk.",
    "A number of more than %(most)s digits (line %(line)s).":
        "Skaitlis ar vairāk nekā %(most)s cipariem (%(line)s. rinda).",
    "The field holds characters that cannot be shown (such as \\ud800): it was refused.":
        "Laukā ir rakstzīmes, kuras nevar parādīt (piemēram, \\ud800): tas netika pieņemts.",
    "Conditions (all, any, not) nest more than %(most)s levels deep: write the rule more simply.":
        "Nosacījumi (all, any, not) ir ligzdoti dziļāk par %(most)s līmeņiem: uzrakstiet noteikumu vienkāršāk.",
    "A condition lists more than %(most)s parts.":
        "Nosacījumā ir vairāk nekā %(most)s daļas.",
    "“%(fact)s” cannot be %(value)s: expected a whole number from %(low)s to %(high)s.":
        "“%(fact)s” nevar būt %(value)s: gaidīts vesels skaitlis no %(low)s līdz %(high)s.",
    "Nested more than %(most)s levels deep: write it more simply.":
        "Ligzdots dziļāk par %(most)s līmeņiem: uzrakstiet to vienkāršāk.",
    "Expected a whole number of at most %(most)s digits.":
        "Gaidīts vesels skaitlis ar ne vairāk kā %(most)s cipariem.",
    "The case sent back with the page is longer than %(most)s characters: it was refused.":
        "Ar lapu atpakaļ nosūtītā lieta ir garāka par %(most)s rakstzīmēm: tā netika pieņemta.",
    "The case sent back with the page is nested too deeply: it was refused.":
        "Ar lapu atpakaļ nosūtītā lieta ir ligzdota pārāk dziļi: tā netika pieņemta.",
    "The case sent back with the page could not be read: it was refused.":
        "Ar lapu atpakaļ nosūtīto lietu nevarēja nolasīt: tā netika pieņemta.",
    "The case sent back with the page holds characters that cannot be shown (such as \\ud800): it was refused.":
        "Ar lapu atpakaļ nosūtītajā lietā ir rakstzīmes, kuras nevar parādīt (piemēram, \\ud800): tā netika pieņemta.",
})

# Issue 24, items 6 and 8: a version published already is not drafted again; the impact
# run's rows under a pseudonymous row number (web/rule_version_words.py, impact pages).
LV.update({
    "Nothing is changed by this: these rules are a version published already.":
        "Nekas netiek mainīts: šie noteikumi ir jau publicēta versija.",
    "Row": "Rinda",
    "Cases are named by a row number of this run, not by their case number; no case's target groups or override justification are shown.":
        "Lietas apzīmētas ar šī aprēķina rindas numuru, nevis lietas numuru; lietu mērķa grupas un labojumu pamatojumi netiek rādīti.",
})
