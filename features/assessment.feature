# language: lv
Funkcionalitāte: Mērķa grupas, vajadzību izvērtējums un indikatīvais budžets

  Scenārijs: Mērķa grupa – pieaugušais ar GRT un III grupu nav DI mērķa grupā
    Kad aprēķina datums ir 2025-03-01
    Un pieaugušais ar diagnozi "F70" un III invaliditātes grupu
    Ja pieprasa pakalpojumus: assistant 10
    Tad personai nav DI mērķa grupas

  Scenārijs: Mērķa grupa – epilepsija (G40) vien nav GRT
    Kad aprēķina datums ir 2025-03-01
    Un pieaugušais ar diagnozi "G40.9" un I invaliditātes grupu
    Ja pieprasa pakalpojumus: assistant 10
    Tad personai nav DI mērķa grupas

  Scenārijs: Atbalsta līmenis no AIS vidējā vērtējuma, intensīvais tarifs no 3. līmeņa
    Kad aprēķina datums ir 2025-03-01
    Un pieaugušais ar diagnozi "F71" un II invaliditātes grupu
    Un ir izvērtējums ar atbalsta plānu
    Un AIS jomu vērtējumi ir 40 38 41 35 30 36 28
    Ja pieprasa pakalpojumus: day_care_centre 10
    Tad atbalsta līmenis ir 2
    Un tarifa līmenis ir "standard"

  Scenārijs: Īpašas uzvedības vajadzības paceļ atbalsta līmeni vismaz līdz 3
    Kad aprēķina datums ir 2025-03-01
    Un pieaugušais ar diagnozi "F71" un II invaliditātes grupu
    Un ir izvērtējums ar atbalsta plānu
    Un AIS jomu vērtējumi ir 40 38 41 35 30 36 28
    Un uzvedības papildvienumu summa ir 6
    Ja pieprasa pakalpojumus: day_care_centre 10
    Tad atbalsta līmenis ir 3
    Un "day_care_centre" tarifs ir 19.28 EUR un mēneša izmaksas 192.80 EUR

  Scenārijs: Abas īpašās vajadzības paceļ atbalsta līmeni līdz 4
    Kad aprēķina datums ir 2025-03-01
    Un pieaugušais ar diagnozi "F71" un II invaliditātes grupu
    Un ir izvērtējums ar atbalsta plānu
    Un AIS jomu vērtējumi ir 10 10 10 10 10 10 10
    Un uzvedības papildvienumu summa ir 6
    Un medicīnisko papildvienumu summa ir 7
    Ja pieprasa pakalpojumus: specialist_consultation 1
    Tad atbalsta līmenis ir 4

  Scenārijs: Atkārtots izvērtējums vajadzīgs pēc 36 mēnešiem
    Kad aprēķina datums ir 2025-03-01
    Un pieaugušais ar diagnozi "F71" un II invaliditātes grupu
    Un ir izvērtējums ar atbalsta plānu un aprūpes līmeni 2
    Un izvērtējums veikts 2022-02-28
    Ja pieprasa pakalpojumus: specialist_consultation 1
    Tad brīdinājumos ir "reassessment_due"

  Scenārijs: Izvērtējums tieši pirms 36 mēnešiem vēl ir derīgs
    Kad aprēķina datums ir 2025-03-01
    Un pieaugušais ar diagnozi "F71" un II invaliditātes grupu
    Un ir izvērtējums ar atbalsta plānu un aprūpes līmeni 2
    Un izvērtējums veikts 2022-03-01
    Ja pieprasa pakalpojumus: specialist_consultation 1
    Tad brīdinājumos nav "reassessment_due"

  Scenārijs: Tipveida pakete tiek piedāvāta, ja pakalpojumi nav pieprasīti
    Kad aprēķina datums ir 2025-03-01
    Un pieaugušais ar diagnozi "F71" un II invaliditātes grupu
    Un ir izvērtējums ar atbalsta plānu un aprūpes līmeni 4
    Un persona ir trūcīga
    Ja pakalpojumi netiek pieprasīti
    Tad tiek piedāvāta tipveida pakete
    Un "home_care" piešķir 30 vienības
    Un mēneša kopsumma ir 1078.16 EUR

  Scenārijs: Plāns virs 120 % no indikatīvā budžeta prasa pamatojumu
    Kad aprēķina datums ir 2025-03-01
    Un pieaugušais ar diagnozi "F71" un II invaliditātes grupu
    Un ir izvērtējums ar atbalsta plānu un aprūpes līmeni 1
    Un persona ir trūcīga
    Ja pieprasa pakalpojumus: group_apartment 30, home_care 40
    Tad brīdinājumos ir "over_indicative_budget"

  Scenārijs: Pirms 2021-07-01 nezināma pašvaldība tiek pieņemta ar brīdinājumu
    Kad aprēķina datums ir 2021-03-01
    Un pašvaldība ir "Nezināmais novads"
    Un pieaugušais ar diagnozi "F71" un II invaliditātes grupu
    Ja pieprasa pakalpojumus: assistant 10
    Tad brīdinājumos ir "municipality_unchecked"
