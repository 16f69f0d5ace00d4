# language: lv
Funkcionalitāte: Specifikācijas aprēķinu piemēri
  Katrs piemērs ar roku aprēķinātiem skaitļiem jāiegūst arī dzinējam.

  Scenārijs pēc parauga: Piemērs <piemērs>
    Kad piemērs "<piemērs>"
    Ja aprēķina piemēra budžetu
    Tad budžets sakrīt ar piemēra gaidītajiem skaitļiem

    Piemēri:
      | piemērs                               |
      | 01-adult-esf-project                  |
      | 02-adult-left-vsac-money-follows      |
      | 03-child-home-care-cap                |
      | 04-community-adult-copayment          |
      | 05-no-support-plan                    |
      | 06a-support-person-group-III-2025     |
      | 06b-support-person-group-III-2026     |
      | 07-typical-package-needy              |
      | 08-child-care-and-assistant           |
