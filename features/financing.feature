# language: lv
Funkcionalitāte: Kas maksā katru eiro (F1–F7)
  Katra budžeta rinda tiek sadalīta starp ESF, valsti, pašvaldību, klientu un apgādniekiem,
  un daļas kopā vienmēr dod rindas izmaksas.

  Scenārijs: F1 – DI projekta laikā ESF sedz 85 %, valsts 15 %, un periods beidzas ar projektu
    Kad aprēķina datums ir 2023-06-01
    Un pieaugušais ar diagnozi "F71" un II invaliditātes grupu
    Un ir izvērtējums ar atbalsta plānu un aprūpes līmeni 2
    Un persona iesaistīta DI projektā no 2022-01-01
    Un klienta ienākumi ir 900.00 EUR mēnesī
    Ja pieprasa pakalpojumus: day_care_centre 10
    Tad "day_care_centre" apmaksā: ESF 138.04, valsts 24.36, pašvaldība 0.00, klients 0.00, apgādnieki 0.00
    Un budžeta periods ir 7 mēneši
    Un brīdinājumos ir "di_funding_ends"

  Scenārijs: F1 – no 2024-01-01 DI projekta finansējuma vairs nav
    Kad aprēķina datums ir 2024-02-01
    Un pieaugušais ar diagnozi "F71" un II invaliditātes grupu
    Un ir izvērtējums ar atbalsta plānu un aprūpes līmeni 2
    Un persona iesaistīta DI projektā no 2023-06-01
    Un persona ir trūcīga
    Ja pieprasa pakalpojumus: day_care_centre 10
    Tad "day_care_centre" apmaksā: ESF 0.00, valsts 0.00, pašvaldība 162.40, klients 0.00, apgādnieki 0.00
    Un budžeta periods ir 12 mēneši

  Scenārijs: F2 – nauda seko klientam līdz VSAC mēneša izmaksām
    Kad aprēķina datums ir 2025-03-01
    Un pieaugušais ar diagnozi "F72" un I invaliditātes grupu
    Un ir izvērtējums ar atbalsta plānu un aprūpes līmeni 4
    Un persona ir pametusi VSAC
    Un persona ir trūcīga
    Ja pieprasa pakalpojumus: group_apartment 31, day_care_centre 22
    Tad "group_apartment" apmaksā: ESF 0.00, valsts 477.09, pašvaldība 0.00, klients 0.00, apgādnieki 0.00
    Un "day_care_centre" apmaksā: ESF 0.00, valsts 79.11, pašvaldība 345.05, klients 0.00, apgādnieki 0.00
    Un valsts kopā maksā 556.20 EUR mēnesī

  Scenārijs: F3 – kopienā dzīvojošai personai pakalpojumu apmaksā pašvaldība
    Kad aprēķina datums ir 2025-03-01
    Un pieaugušais ar diagnozi "F71" un II invaliditātes grupu
    Un ir izvērtējums ar atbalsta plānu un aprūpes līmeni 2
    Ja pieprasa pakalpojumus: support_group 2
    Tad "support_group" apmaksā: ESF 0.00, valsts 0.00, pašvaldība 29.82, klients 0.00, apgādnieki 0.00
    Un "support_group" pamatojumā ir noteikums "F3"

  Scenārijs: F4 – asistenta pakalpojumu pilnībā apmaksā valsts, bez līdzmaksājuma
    Kad aprēķina datums ir 2025-03-01
    Un pieaugušais ar diagnozi "F20" un II invaliditātes grupu
    Un klienta ienākumi ir 1500.00 EUR mēnesī
    Ja pieprasa pakalpojumus: assistant 40
    Tad "assistant" apmaksā: ESF 0.00, valsts 204.40, pašvaldība 0.00, klients 0.00, apgādnieki 0.00
    Un "assistant" pamatojumā ir noteikums "F4"

  Scenārijs: F5 – ERAF grupu dzīvoklis VSAC bāzē pilnībā valsts apmaksāts
    Kad aprēķina datums ir 2025-03-01
    Un pieaugušais ar diagnozi "F71" un II invaliditātes grupu
    Un ir izvērtējums ar atbalsta plānu un aprūpes līmeni 2
    Un grupu dzīvoklis izveidots VSAC bāzē ERAF programmā
    Un klienta ienākumi ir 800.00 EUR mēnesī
    Ja pieprasa pakalpojumus: group_apartment 30
    Tad "group_apartment" apmaksā: ESF 0.00, valsts 319.80, pašvaldība 0.00, klients 0.00, apgādnieki 0.00

  Scenārijs: F5 – pēc institūcijas valsts sedz 50 % grupu dzīvokļa, ne vairāk kā pusi VSAC izmaksu
    Kad aprēķina datums ir 2025-03-01
    Un pieaugušais ar diagnozi "F71" un II invaliditātes grupu
    Un ir izvērtējums ar atbalsta plānu un aprūpes līmeni 2
    Un persona atgriezusies no ilgstošas institūcijas
    Un persona ir trūcīga
    Ja pieprasa pakalpojumus: group_apartment 30
    Tad "group_apartment" apmaksā: ESF 0.00, valsts 159.90, pašvaldība 159.90, klients 0.00, apgādnieki 0.00

  Scenārijs: F6 – jaunam dienas centram valsts līdzfinansē 80 % izveides gadā
    Kad aprēķina datums ir 2025-03-01
    Un pieaugušais ar diagnozi "F71" un II invaliditātes grupu
    Un ir izvērtējums ar atbalsta plānu un aprūpes līmeni 2
    Un dienas aprūpes centrs izveidots 2025. gadā
    Un persona ir trūcīga
    Ja pieprasa pakalpojumus: day_care_centre 10
    Tad "day_care_centre" apmaksā: ESF 0.00, valsts 129.92, pašvaldība 32.48, klients 0.00, apgādnieki 0.00

  Scenārijs: F6 – ceturtajā darbības gadā valsts vairs nelīdzfinansē
    Kad aprēķina datums ir 2025-03-01
    Un pieaugušais ar diagnozi "F71" un II invaliditātes grupu
    Un ir izvērtējums ar atbalsta plānu un aprūpes līmeni 2
    Un dienas aprūpes centrs izveidots 2021. gadā
    Un persona ir trūcīga
    Ja pieprasa pakalpojumus: day_care_centre 10
    Tad "day_care_centre" apmaksā: ESF 0.00, valsts 0.00, pašvaldība 162.40, klients 0.00, apgādnieki 0.00
    Un "day_care_centre" pamatojumā nav noteikuma "F6"

  Scenārijs: F7 – atelpas brīdi bērnam apmaksā pašvaldība, un tas ir vienreizējs izdevums
    Kad aprēķina datums ir 2025-03-01
    Un 9 gadus vecs bērns ar invaliditāti
    Un ir atzinums par īpašu kopšanu
    Un ir izvērtējums ar atbalsta plānu
    Ja pieprasa pakalpojumus: respite 5
    Tad "respite" apmaksā: ESF 0.00, valsts 0.00, pašvaldība 90.25, klients 0.00, apgādnieki 0.00
    Un "respite" pamatojumā ir noteikums "F7"
    Un mēneša kopsumma ir 0.00 EUR

  Scenārijs: Institucionālā alternatīva – VSAC vieta un valsts finansējums
    Kad aprēķina datums ir 2025-03-01
    Un pieaugušais ar diagnozi "F71" un II invaliditātes grupu
    Un persona ievietota institūcijā 1999-05-01
    Un klienta ienākumi ir 400.00 EUR mēnesī
    Ja pieprasa pakalpojumus: assistant 10
    Tad VSAC vieta maksātu 556.20 EUR mēnesī, valsts finansēta: jā
    Un klients VSAC maksātu 340.00 EUR mēnesī
