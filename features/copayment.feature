# language: lv
Funkcionalitāte: Līdzmaksājums (P1–P5)
  Klients maksā no saviem ienākumiem virs trūcīgas personas sliekšņa, apgādnieki – virs
  maznodrošinātas personas sliekšņa, rindu pa rindai noteiktā secībā.

  Scenārijs: P1 – trūcīgai personai līdzmaksājuma nav
    Kad aprēķina datums ir 2025-03-01
    Un pieaugušais ar diagnozi "F71" un II invaliditātes grupu
    Un ir izvērtējums ar atbalsta plānu un aprūpes līmeni 2
    Un persona ir trūcīga
    Un klienta ienākumi ir 900.00 EUR mēnesī
    Ja pieprasa pakalpojumus: home_care 10
    Tad "home_care" apmaksā: ESF 0.00, valsts 0.00, pašvaldība 38.30, klients 0.00, apgādnieki 0.00
    Un "home_care" pamatojumā ir noteikums "P1"

  Scenārijs: P1 – trūcīga persona nemaksā, bet apgādnieku pienākums paliek (P3)
    Kad aprēķina datums ir 2026-02-01
    Un pieaugušais ar diagnozi "F71" un II invaliditātes grupu
    Un ir izvērtējums ar atbalsta plānu un aprūpes līmeni 2
    Un persona ir trūcīga
    Un klienta ienākumi ir 900.00 EUR mēnesī
    Un apgādnieks "child" ar ienākumiem 700.00 EUR mēnesī
    Ja pieprasa pakalpojumus: home_care 10
    Tad "home_care" apmaksā: ESF 0.00, valsts 0.00, pašvaldība 18.30, klients 0.00, apgādnieki 20.00
    Un "home_care" pamatojumā ir noteikums "P1"
    Un "home_care" pamatojumā ir noteikums "P3"
    Un "home_care" pamatojumā nav noteikuma "P2"

  Scenārijs: P2 – klients maksā, paturot trūcīgas personas slieksni
    Kad aprēķina datums ir 2026-02-01
    Un pieaugušais ar diagnozi "F71" un II invaliditātes grupu
    Un ir izvērtējums ar atbalsta plānu un aprūpes līmeni 2
    Un klienta ienākumi ir 450.00 EUR mēnesī
    Ja pieprasa pakalpojumus: home_care 10
    Tad "home_care" apmaksā: ESF 0.00, valsts 0.00, pašvaldība 13.30, klients 25.00, apgādnieki 0.00

  Scenārijs: P3 – apgādnieki maksā virs maznodrošinātas personas sliekšņa
    Kad aprēķina datums ir 2026-02-01
    Un pieaugušais ar diagnozi "F71" un II invaliditātes grupu
    Un ir izvērtējums ar atbalsta plānu un aprūpes līmeni 2
    Un klienta ienākumi ir 400.00 EUR mēnesī
    Un apgādnieks "spouse" ar ienākumiem 700.00 EUR mēnesī
    Ja pieprasa pakalpojumus: home_care 10
    Tad "home_care" apmaksā: ESF 0.00, valsts 0.00, pašvaldība 18.30, klients 0.00, apgādnieki 20.00

  Scenārijs: P3 – kad apgādnieku pienākums izslēgts noteikumos, apgādnieki nemaksā
    Kad aprēķina datums ir 2026-02-01
    Un noteikumu kopijā parametrs "copayment.maintainers_obliged" ir false
    Un pieaugušais ar diagnozi "F71" un II invaliditātes grupu
    Un ir izvērtējums ar atbalsta plānu un aprūpes līmeni 2
    Un klienta ienākumi ir 400.00 EUR mēnesī
    Un apgādnieks "spouse" ar ienākumiem 700.00 EUR mēnesī
    Ja pieprasa pakalpojumus: home_care 10
    Tad "home_care" apmaksā: ESF 0.00, valsts 0.00, pašvaldība 38.30, klients 0.00, apgādnieki 0.00

  Scenārijs: P3 – pirms 2021. gada nav maznodrošinātas personas sliekšņa, tāpēc brīdina
    Kad aprēķina datums ir 2020-03-01
    Un pašvaldība ir "Ogres novads"
    Un pieaugušais ar diagnozi "F71" un II invaliditātes grupu
    Un ir izvērtējums ar atbalsta plānu un aprūpes līmeni 2
    Un klienta ienākumi ir 130.06 EUR mēnesī
    Un apgādnieks "parent" ar ienākumiem 900.00 EUR mēnesī
    Ja pieprasa pakalpojumus: home_care 10
    Tad "home_care" apmaksā: ESF 0.00, valsts 0.00, pašvaldība 36.30, klients 2.00, apgādnieki 0.00
    Un brīdinājumos ir "no_threshold"

  Scenārijs: P4 – līdzmaksājumu ņem secībā: grupu dzīvoklis, aprūpe mājās, dienas centrs
    Kad aprēķina datums ir 2026-02-01
    Un pieaugušais ar diagnozi "F71" un II invaliditātes grupu
    Un ir izvērtējums ar atbalsta plānu un aprūpes līmeni 2
    Un klienta ienākumi ir 500.00 EUR mēnesī
    Ja pieprasa pakalpojumus: day_care_centre 2, home_care 10, group_apartment 5
    Tad "group_apartment" apmaksā: ESF 0.00, valsts 0.00, pašvaldība 0.00, klients 53.30, apgādnieki 0.00
    Un "home_care" apmaksā: ESF 0.00, valsts 0.00, pašvaldība 16.60, klients 21.70, apgādnieki 0.00
    Un "day_care_centre" apmaksā: ESF 0.00, valsts 0.00, pašvaldība 32.48, klients 0.00, apgādnieki 0.00
    Un "home_care" pamatojumā ir noteikums "P4"

  Scenārijs: P5 – VSAC alternatīvā klients maksā 85 % no ienākumiem
    Kad aprēķina datums ir 2026-02-01
    Un pieaugušais ar diagnozi "F71" un II invaliditātes grupu
    Un ir izvērtējums ar atbalsta plānu un aprūpes līmeni 3
    Un klienta ienākumi ir 500.00 EUR mēnesī
    Ja pieprasa pakalpojumus: specialist_consultation 1
    Tad VSAC vieta maksātu 556.20 EUR mēnesī, valsts finansēta: jā
    Un klients VSAC maksātu 425.00 EUR mēnesī
