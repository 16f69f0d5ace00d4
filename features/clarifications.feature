# language: lv
Funkcionalitāte: Precizējumi un juridiskie pamati (2026-11-25)
  Katrs precizējums ir noteikumos; katrs lēmums atsaucas uz normatīvo aktu, nevis uz failu.

  Scenārijs: Bērns audžuģimenē ir ārpusģimenes aprūpē arī bez atzīmes
    Kad aprēķina datums ir 2025-03-01
    Un 9 gadus vecs bērns bez invaliditātes
    Un dzīvesvietas statuss ir "foster_family"
    Un ir izvērtējums ar atbalsta plānu
    Ja pieprasa pakalpojumus: specialist_consultation 2
    Tad mērķa grupas ir "child_out_of_family"
    Un "specialist_consultation" piešķir 2 vienības

  Scenārijs: Bērns pie aizbildņa ir ārpusģimenes aprūpē
    Kad aprēķina datums ir 2025-03-01
    Un 15 gadus vecs bērns bez invaliditātes
    Un dzīvesvietas statuss ir "guardian"
    Ja pakalpojumi netiek pieprasīti
    Tad mērķa grupas ir "child_out_of_family"

  Scenārijs: E6 bez mērķa grupas atsaka blakus T
    Kad aprēķina datums ir 2025-03-01
    Un pieaugušais ar diagnozi "F20" bez invaliditātes grupas
    Un ir izvērtējums ar atbalsta plānu
    Ja pieprasa pakalpojumus: support_group 2
    Tad "support_group" atsaka ar iemesliem "T, E6"

  Scenārijs: F1 logs bērnam ārpusģimenes aprūpē ir 18 mēneši
    Kad aprēķina datums ir 2023-07-01
    Un 10 gadus vecs bērns bez invaliditātes
    Un bērns ir ārpusģimenes aprūpē
    Un ir izvērtējums ar atbalsta plānu
    Un persona iesaistīta DI projektā no 2021-12-01
    Ja pieprasa pakalpojumus: specialist_consultation 2
    Tad "specialist_consultation" apmaksā: ESF 0.00, valsts 0.00, pašvaldība 38.70, klients 0.00, apgādnieki 0.00

  Scenārijs: F1 logs bērnam ārpusģimenes aprūpē – 17. mēnesī vēl ESF
    Kad aprēķina datums ir 2023-06-30
    Un 10 gadus vecs bērns bez invaliditātes
    Un bērns ir ārpusģimenes aprūpē
    Un ir izvērtējums ar atbalsta plānu
    Un persona iesaistīta DI projektā no 2022-01-01
    Ja pieprasa pakalpojumus: specialist_consultation 2
    Tad "specialist_consultation" apmaksā: ESF 32.90, valsts 5.80, pašvaldība 0.00, klients 0.00, apgādnieki 0.00

  Scenārijs: F2 neattiecas uz atelpas brīdi (perioda izdevums)
    Kad aprēķina datums ir 2025-03-01
    Un pieaugušais ar diagnozi "F20" un II invaliditātes grupu
    Un persona ir pametusi VSAC
    Un ir izvērtējums ar atbalsta plānu un aprūpes līmeni 2
    Un persona ir trūcīga
    Ja pieprasa pakalpojumus: respite 5
    Tad "respite" apmaksā: ESF 0.00, valsts 0.00, pašvaldība 90.25, klients 0.00, apgādnieki 0.00
    Un "respite" pamatojumā nav noteikuma "F2"

  Scenārijs: no_threshold tikai tad, ja ir līdzmaksājuma rinda
    Kad aprēķina datums ir 2020-06-01
    Un pašvaldība ir "Jelgavas novads"
    Un pieaugušais ar diagnozi "F20" un II invaliditātes grupu
    Un apgādnieks "child" ar ienākumiem 900.00 EUR mēnesī
    Ja pieprasa pakalpojumus: assistant 10
    Tad brīdinājumos nav "no_threshold"

  Scenārijs: no_threshold, ja apgādnieku slieksnis vēl nav noteikts
    Kad aprēķina datums ir 2020-06-01
    Un pašvaldība ir "Jelgavas novads"
    Un pieaugušais ar diagnozi "F20" un II invaliditātes grupu
    Un ir izvērtējums ar atbalsta plānu un aprūpes līmeni 2
    Un apgādnieks "child" ar ienākumiem 900.00 EUR mēnesī
    Ja pieprasa pakalpojumus: home_care 10
    Tad brīdinājumos ir "no_threshold"

  Scenārijs: Institucionālā alternatīva – 3. aprūpes līmenis tikai pieaugušajam
    Kad aprēķina datums ir 2025-03-01
    Un 12 gadus vecs bērns ar invaliditāti
    Un ir izvērtējums ar atbalsta plānu un aprūpes līmeni 3
    Ja pakalpojumi netiek pieprasīti
    Tad VSAC vieta maksātu 556.20 EUR mēnesī, valsts finansēta: nē

  Scenārijs: Institucionālā alternatīva – pieaugušajam ar 3. aprūpes līmeni valsts finansē
    Kad aprēķina datums ir 2025-03-01
    Un pieaugušais ar diagnozi "F20" un II invaliditātes grupu
    Un ir izvērtējums ar atbalsta plānu un aprūpes līmeni 3
    Ja pakalpojumi netiek pieprasīti
    Tad VSAC vieta maksātu 556.20 EUR mēnesī, valsts finansēta: jā

  Scenārijs: Varakļānu novads pēc 2025-07-01 vairs nav pašvaldība
    Kad aprēķina datums ir 2025-07-01
    Un pašvaldība ir "Varakļānu novads"
    Un pieaugušais ar diagnozi "F20" un II invaliditātes grupu
    Ja pakalpojumi netiek pieprasīti
    Tad aprēķins atteikts ar kļūdu laukā "person.municipality"

  Scenārijs: Varakļānu novads līdz 2025-06-30 ir pašvaldība
    Kad aprēķina datums ir 2025-06-30
    Un pašvaldība ir "Varakļānu novads"
    Un pieaugušais ar diagnozi "F20" un II invaliditātes grupu
    Ja pakalpojumi netiek pieprasīti
    Tad mērķa grupas ir "adult_grt"

  Scenārijs: Juridiskais pamats – asistents pēc Invaliditātes likuma
    Kad aprēķina datums ir 2026-03-01
    Un pieaugušais ar diagnozi "F20" un III invaliditātes grupu
    Ja pieprasa pakalpojumus: assistant 30
    Tad "assistant" juridiskajā pamatā ir "Invaliditātes likums, 12. pants"

  Scenārijs: Juridiskais pamats – DI pakalpojumi pēc MK noteikumiem Nr. 313
    Kad aprēķina datums ir 2025-03-01
    Un pieaugušais ar diagnozi "F20" bez invaliditātes grupas
    Ja pieprasa pakalpojumus: home_care 10
    Tad "home_care" juridiskajā pamatā ir "Nr. 313"

  Scenārijs: Juridiskais pamats – nauda seko klientam pēc MK noteikumiem Nr. 797
    Kad aprēķina datums ir 2025-03-01
    Un pieaugušais ar diagnozi "F20" un II invaliditātes grupu
    Un persona ir pametusi VSAC
    Un ir izvērtējums ar atbalsta plānu un aprūpes līmeni 2
    Un persona ir trūcīga
    Ja pieprasa pakalpojumus: home_care 10
    Tad "home_care" juridiskajā pamatā ir "Nr. 797"
    Un neviens juridiskais pamats nenorāda uz failu
