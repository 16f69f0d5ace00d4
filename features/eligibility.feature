# language: lv
Funkcionalitāte: Tiesības uz pakalpojumiem un to apjoms
  Sociālais darbinieks redz, kurus pakalpojumus piešķir, cik daudz un kāpēc atsaka.

  Scenārijs: T – persona bez DI mērķa grupas nesaņem DI pakalpojumu, un tiek minēti visi iemesli
    Kad aprēķina datums ir 2025-03-01
    Un pieaugušais ar diagnozi "F20" bez invaliditātes grupas
    Un nav izvērtējuma
    Ja pieprasa pakalpojumus: home_care 20
    Tad personai nav DI mērķa grupas
    Un "home_care" atsaka ar iemesliem "T, A1, E1"

  Scenārijs: A1 – bez atbalsta plāna DI pakalpojumu atsaka
    Kad aprēķina datums ir 2025-03-01
    Un pieaugušais ar diagnozi "F71" un II invaliditātes grupu
    Un ir izvērtējums ar atbalsta plānu un aprūpes līmeni 2
    Un ir izvērtējums bez atbalsta plāna
    Ja pieprasa pakalpojumus: specialist_consultation 2
    Tad "specialist_consultation" atsaka ar iemesliem "A1"

  Scenārijs: L – bez atbalsta līmeņa dienas centru un grupu dzīvokli atsaka
    Kad aprēķina datums ir 2025-03-01
    Un pieaugušais ar diagnozi "F71" un II invaliditātes grupu
    Un ir izvērtējums ar atbalsta plānu
    Ja pieprasa pakalpojumus: day_care_centre 10, group_apartment 30, specialist_consultation 2
    Tad "day_care_centre" atsaka ar iemesliem "L"
    Un "group_apartment" atsaka ar iemesliem "L"
    Un "specialist_consultation" piešķir 2 vienības

  Scenārijs: C – izlietots atelpas brīža gada limits atsaka pakalpojumu
    Kad aprēķina datums ir 2025-03-01
    Un pieaugušais ar diagnozi "F71" un I invaliditātes grupu
    Un ir izvērtējums ar atbalsta plānu un aprūpes līmeni 3
    Un šogad izmantotas 30 atelpas brīža dienas
    Ja pieprasa pakalpojumus: respite 5
    Tad "respite" atsaka ar iemesliem "C"

  Scenārijs: E1 – aprūpe mājās bērnam 5–17 gadu vecumā ne vairāk kā 10 h nedēļā (43 h mēnesī)
    Kad aprēķina datums ir 2025-03-01
    Un 7 gadus vecs bērns ar invaliditāti
    Un ir atzinums par īpašu kopšanu
    Un vecāki strādā vai mācās
    Un ir izvērtējums ar atbalsta plānu
    Ja pieprasa pakalpojumus: home_care 60
    Tad "home_care" piešķir 43 vienības
    Un "home_care" pamatojumā ir noteikums "E1"

  Scenārijs: E1 – bērnam, kura vecāki nestrādā un nemācās, aprūpi mājās atsaka
    Kad aprēķina datums ir 2025-03-01
    Un 7 gadus vecs bērns ar invaliditāti
    Un ir atzinums par īpašu kopšanu
    Un ir izvērtējums ar atbalsta plānu
    Ja pieprasa pakalpojumus: home_care 20
    Tad "home_care" atsaka ar iemesliem "E1"

  Scenārijs: E2 – dienas aprūpes centrs ne vairāk kā 23 dienas mēnesī
    Kad aprēķina datums ir 2025-03-01
    Un pieaugušais ar diagnozi "F71" un II invaliditātes grupu
    Un ir izvērtējums ar atbalsta plānu un aprūpes līmeni 2
    Ja pieprasa pakalpojumus: day_care_centre 30
    Tad "day_care_centre" piešķir 23 vienības
    Un "day_care_centre" tarifs ir 16.24 EUR un mēneša izmaksas 373.52 EUR

  Scenārijs: E3 – grupu dzīvoklis tikai pieaugušajiem ar GRT
    Kad aprēķina datums ir 2025-03-01
    Un 10 gadus vecs bērns ar invaliditāti
    Un ir izvērtējums ar atbalsta plānu un aprūpes līmeni 2
    Ja pieprasa pakalpojumus: group_apartment 30
    Tad "group_apartment" atsaka ar iemesliem "E3"

  Scenārijs: E4 – specializētās darbnīcas pieaugušajam ar GRT ne vairāk kā 23 dienas mēnesī
    Kad aprēķina datums ir 2025-03-01
    Un pieaugušais ar diagnozi "F70" un I invaliditātes grupu
    Un ir izvērtējums ar atbalsta plānu un aprūpes līmeni 1
    Ja pieprasa pakalpojumus: specialised_workshop 25
    Tad "specialised_workshop" piešķir 23 vienības

  Scenārijs: E5 – atelpas brīdis bērnam bez atzinuma par īpašu kopšanu netiek piešķirts
    Kad aprēķina datums ir 2025-03-01
    Un 9 gadus vecs bērns ar invaliditāti
    Un ir izvērtējums ar atbalsta plānu
    Ja pieprasa pakalpojumus: respite 5
    Tad "respite" atsaka ar iemesliem "E5"

  Scenārijs: E6 – atbalsta grupa ārpusģimenes aprūpē esošam bērnam
    Kad aprēķina datums ir 2025-03-01
    Un 12 gadus vecs bērns bez invaliditātes
    Un bērns ir ārpusģimenes aprūpē
    Un ir izvērtējums ar atbalsta plānu
    Ja pieprasa pakalpojumus: support_group 4
    Tad mērķa grupas ir "child_out_of_family"
    Un "support_group" piešķir 4 vienības
    Un "support_group" pamatojumā ir noteikums "E6"

  Scenārijs: E7 – speciālistu konsultācijas personai ārpus mērķa grupām atsaka
    Kad aprēķina datums ir 2025-03-01
    Un pieaugušais ar diagnozi "F70" un III invaliditātes grupu
    Un ir izvērtējums ar atbalsta plānu
    Ja pieprasa pakalpojumus: specialist_consultation 2
    Tad "specialist_consultation" atsaka ar iemesliem "T, E7"

  Scenārijs: E8 – asistents bērnam līdz 80 h, pieaugušajam līdz 60 h mēnesī
    Kad aprēķina datums ir 2023-05-01
    Un 6 gadus vecs bērns ar invaliditāti
    Ja pieprasa pakalpojumus: assistant 120
    Tad "assistant" piešķir 80 vienības
    Un "assistant" tarifs ir 5.11 EUR un mēneša izmaksas 408.80 EUR

  Scenārijs: E8 – asistentu 4 gadus vecam bērnam atsaka
    Kad aprēķina datums ir 2023-05-01
    Un 4 gadus vecs bērns ar invaliditāti
    Ja pieprasa pakalpojumus: assistant 20
    Tad "assistant" atsaka ar iemesliem "E8"

  Scenārijs: E8 – asistenta tarifs mainās pēc datuma
    Kad aprēķina datums ir 2021-08-01
    Un pieaugušais ar diagnozi "F20" un II invaliditātes grupu
    Ja pieprasa pakalpojumus: assistant 10
    Tad "assistant" tarifs ir 4.50 EUR un mēneša izmaksas 45.00 EUR

  Scenārijs: E9 – atbalsta persona individuālā budžeta pilotprojektā 2020. gadā
    Kad aprēķina datums ir 2020-06-01
    Un pašvaldība ir "Jelgavas novads"
    Un pieaugušais ar diagnozi "F70" un II invaliditātes grupu
    Un persona ir individuālā budžeta pilotprojektā
    Ja pieprasa pakalpojumus: support_person 5
    Tad "support_person" piešķir 5 vienības
    Un "support_person" nav spēkā esoša tarifa
    Un brīdinājumos ir "no_rate"

  Scenārijs: E9 – pilotprojektā III grupai atbalsta personu atsaka (pilotprojekts bija personām ar GRT un I vai II grupu)
    Kad aprēķina datums ir 2020-06-01
    Un pašvaldība ir "Jelgavas novads"
    Un pieaugušais ar diagnozi "F70" un III invaliditātes grupu
    Un persona ir individuālā budžeta pilotprojektā
    Ja pieprasa pakalpojumus: support_person 5
    Tad "support_person" atsaka ar iemesliem "E9"

  Scenārijs: E9 – pilotprojektā bez GRT diagnozes atbalsta personu atsaka
    Kad aprēķina datums ir 2020-06-01
    Un pašvaldība ir "Jelgavas novads"
    Un pieaugušais ar diagnozi "G40" un I invaliditātes grupu
    Un persona ir individuālā budžeta pilotprojektā
    Ja pieprasa pakalpojumus: support_person 5
    Tad "support_person" atsaka ar iemesliem "E9"

  Scenārijs: E8 – pieaugušajam ar III grupu asistentu atsaka (tikai I un II grupa)
    Kad aprēķina datums ir 2026-03-01
    Un pieaugušais ar diagnozi "F20" un III invaliditātes grupu
    Ja pieprasa pakalpojumus: assistant 30
    Tad "assistant" atsaka ar iemesliem "E8"

  Scenārijs: E8 – pieaugušajam bez grupas asistentu atsaka
    Kad aprēķina datums ir 2026-03-01
    Un pieaugušais ar diagnozi "F20" bez invaliditātes grupas
    Ja pieprasa pakalpojumus: assistant 30
    Tad "assistant" atsaka ar iemesliem "E8"

  Scenārijs: E9 – atbalsta personu 2022. gadā atsaka (pilotprojekts beidzies, likums vēl nav spēkā)
    Kad aprēķina datums ir 2022-06-01
    Un pieaugušais ar diagnozi "F70" un II invaliditātes grupu
    Un persona ir individuālā budžeta pilotprojektā
    Ja pieprasa pakalpojumus: support_person 5
    Tad "support_person" atsaka ar iemesliem "E9"

  Scenārijs: E10 – aprūpe bērnam ar invaliditāti tikai no 5 gadu vecuma
    Kad aprēķina datums ir 2025-03-01
    Un 4 gadus vecs bērns ar invaliditāti
    Un ir atzinums par īpašu kopšanu
    Un vecāki strādā vai mācās
    Ja pieprasa pakalpojumus: child_care 40
    Tad "child_care" atsaka ar iemesliem "E10"
