# language: lv
Funkcionalitāte: Sociālā darbinieka lēmums (domain.md §13b)
  Katram nolemtajam eiro ir maksātājs. ES fonds un valsts par rindu nemaksā vairāk kā par
  aprēķināto; ko lēmums pievieno virs aprēķinātā, maksā pašvaldība (un no tā ņem
  līdzmaksājumu kā no jebkuras F3 rindas); ja lēmums ir zem aprēķinātā, vispirms samazinās
  pašvaldības daļa, tad valsts, tad fonda daļa. Skaitļi aprēķināti ar roku pie katra scenārija.

  Scenārijs: §13b piemērs – atbalsta personai nav tarifa, lēmums 6 h par 120,50 €
    # Aprēķināts: 5 h, bez tarifa – 0 € no visiem maksātājiem. Lēmums 120,50 € ir virs
    # aprēķinātā (0 €), tātad viss pašvaldībai; F7 rindai līdzmaksājuma nav (P1).
    Kad aprēķina datums ir 2020-06-01
    Un pašvaldība ir "Jelgavas novads"
    Un pieaugušais ar diagnozi "F70" un II invaliditātes grupu
    Un persona ir individuālā budžeta pilotprojektā
    Ja pieprasa pakalpojumus: support_person 5
    Un sociālais darbinieks nolemj "support_person": 6 vienības, 120.50 EUR
    Tad "support_person" piešķir 6 vienības
    Un "support_person" apmaksā: ESF 0.00, valsts 0.00, pašvaldība 120.50, klients 0.00, apgādnieki 0.00
    Un mēneša kopsumma ir 120.50 EUR
    Un aprēķinātā mēneša kopsumma ir 0.00 EUR
    Un "support_person" pamatojumā ir noteikums "§13b"

  Scenārijs: virs aprēķinātā – pašvaldība maksā starpību, klients līdzmaksā pēc P2
    # Aprēķināts: 10 h × 3,83 € = 38,30 €; klienta maksātspēja 400,00 − 377,00 = 23,00 €,
    # tātad klients 23,00 €, pašvaldība 15,30 €. Lēmums: 12 h par 50,00 € (+11,70 € pašvaldībai):
    # klients joprojām 23,00 € (maksātspēja), pašvaldība 50,00 − 23,00 = 27,00 €.
    Kad aprēķina datums ir 2025-03-01
    Un pieaugušais ar diagnozi "F71" un II invaliditātes grupu
    Un ir izvērtējums ar atbalsta plānu un aprūpes līmeni 2
    Un klienta ienākumi ir 400.00 EUR mēnesī
    Ja pieprasa pakalpojumus: home_care 10
    Un sociālais darbinieks nolemj "home_care": 12 vienības, 50.00 EUR
    Tad "home_care" apmaksā: ESF 0.00, valsts 0.00, pašvaldība 27.00, klients 23.00, apgādnieki 0.00
    Un mēneša kopsumma ir 50.00 EUR
    Un aprēķinātā mēneša kopsumma ir 38.30 EUR

  Scenārijs: zem aprēķinātā DI projektā – vispirms pašvaldība, tad valsts, tad ESF
    # Aprēķināts (F1): 162,40 € = ESF 138,04 + valsts 24,36, pašvaldība 0. Lēmums 100,00 €
    # samazina par 62,40 €: pašvaldībai nav ko samazināt, valsts 24,36 → 0,00,
    # atlikušos 38,04 € – ESF: 138,04 − 38,04 = 100,00 €.
    Kad aprēķina datums ir 2023-06-01
    Un pieaugušais ar diagnozi "F71" un II invaliditātes grupu
    Un ir izvērtējums ar atbalsta plānu un aprūpes līmeni 2
    Un persona iesaistīta DI projektā no 2022-01-01
    Un klienta ienākumi ir 900.00 EUR mēnesī
    Ja pieprasa pakalpojumus: day_care_centre 10
    Un sociālais darbinieks nolemj "day_care_centre" summu 100.00 EUR
    Tad "day_care_centre" apmaksā: ESF 100.00, valsts 0.00, pašvaldība 0.00, klients 0.00, apgādnieki 0.00
    Un aprēķinātā mēneša kopsumma ir 162.40 EUR
