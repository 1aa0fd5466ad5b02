"""The plain-words guide written into the ``Anleitung`` sheet.

Kept apart from the builder so each feature can add its paragraph where it lands.
Each section is (German title, English title, German lines, English lines).
"""

from __future__ import annotations

Section = tuple[str, str, list[str], list[str]]

SECTIONS: list[Section] = [
    (
        "Wozu diese Arbeitsmappe?", "What is this workbook for?",
        [
            "Hier pflegt das Quartiersmanagement sein Netzwerk: Partner, Ansprechpersonen, Runden "
            "und Arbeitskreise, Treffen, Aufgaben, Vereinbarungen und die Jahresthemen.",
            "xlquartier prüft die Einträge, findet Doppelstrukturen und Überforderung, schreibt "
            "Protokolle und Vereinbarungen und gibt Partnern nur ihre eigene Sicht weiter.",
        ],
        [
            "The neighbourhood management keeps its network here: partners, contact persons, "
            "groups, meetings, tasks, agreements and the annual topics.",
            "xlquartier checks the entries, finds duplicate structures and overload, writes "
            "minutes and agreements, and shares with each partner only its own view.",
        ],
    ),
    (
        "So füllen Sie die Tabellen aus", "How to fill in the tables",
        [
            "Eine Zeile pro Eintrag. Pflichtspalten haben eine dunklere Überschrift.",
            "Die ID-Spalte bleibt leer: Beim Prüfen vergibt xlquartier die nächste freie ID "
            "(P001, K001, S01, T001, A001, V001, J001, KV0001, AL001) und nummeriert nie um.",
            "Verweise auf andere Tabellen gehen über die ID, den Kurznamen oder den Namen, z. B. "
            "„P004“, „GS Park“ oder „Grundschule am Park“. „QM“ steht für das "
            "Quartiersmanagement selbst.",
            "Mehrere Werte in einer Zelle trennen Sie mit ; (Semikolon) oder einem Zeilenumbruch "
            "(Alt+Enter).",
            "Datumsangaben als echtes Datum eingeben, z. B. 03.12.2026.",
            "Die Auswahllisten stehen im Blatt „Listen“. Dort können Sie Werte ergänzen; sie "
            "erscheinen dann sofort in den Auswahlfeldern.",
            "Spalten mit „(intern)“ verlassen nie das Büro: Sie werden bei der Weitergabe an "
            "Partner entfernt.",
            "Kontaktdaten einer Person erscheinen bei anderen Partnern nur, wenn „Weitergabe an "
            "Partner“ auf „ja“ steht.",
        ],
        [
            "One row per entry. Required columns have a darker header.",
            "Leave the ID column empty: the check assigns the next free ID (P001, K001, S01, "
            "T001, A001, V001, J001, KV0001, AL001) and never renumbers.",
            "References to other tables use the ID, the short name or the name, e.g. “P004”, "
            "“GS Park” or “Grundschule am Park”. “QM” stands for the neighbourhood management.",
            "Separate several values in one cell with ; (semicolon) or a line break (Alt+Enter).",
            "Enter dates as real dates, e.g. 2026-12-03.",
            "The dropdown lists live in the “Lists” sheet. Add values there and they become "
            "selectable at once.",
            "Columns marked “(internal)” never leave the office: they are removed when sharing "
            "with partners.",
            "A person's contact data reaches other partners only when “Share with partners” is "
            "“yes”.",
        ],
    ),
    (
        "Gute Praxis im Netzwerk", "Good practice in the network",
        [
            "Win-win: Halten Sie für jeden aktiven Partner fest, was er von der Zusammenarbeit hat.",
            "Keine Doppelstrukturen: Neue Treffen möglichst an bestehende Runden andocken "
            "(Spalte „Angedockt an“).",
            "Keine Überforderung: höchstens drei gemeinsame Jahresthemen.",
            "Verbindlichkeit: Jede Aufgabe hat genau eine zuständige Person, ein Fälligkeitsdatum "
            "und am Ende einen Erledigungsvermerk.",
        ],
        [
            "Win-win: record for every active partner what it gains from working together.",
            "No duplicate structures: dock new meetings onto existing groups (column “Docked to”).",
            "No overload: at most three joint annual topics.",
            "Reliability: every task has exactly one responsible, a due date and, in the end, a "
            "completion note.",
        ],
    ),
    (
        "xlquartier aufrufen", "Calling xlquartier",
        [
            "Befehlszeile: xlquartier check MAPPE.xlsx prüft die Mappe; mit --write stehen die "
            "Ergebnisse danach im Blatt „Prüfung“. xlquartier --help zeigt alle Befehle.",
            "Bitte die Mappe in Excel schließen, bevor xlquartier in sie schreibt.",
            "Die ausführliche Anleitung (Woche für Woche, einmal im Jahr, Einrichtung unter Windows) "
            "steht im xlquartier-Projektordner unter docs/anleitung.md.",
        ],
        [
            "Command line: xlquartier check BOOK.xlsx checks the workbook; with --write the "
            "findings appear in the “Check” sheet. xlquartier --help lists every command.",
            "Please close the workbook in Excel before xlquartier writes to it.",
            "The full guide for managers (week by week, once a year, setting up on Windows) is "
            "docs/anleitung.md in the xlquartier project folder (in German).",
        ],
    ),
    (
        "Das Blatt „Prüfung“ lesen", "Reading the “Check” sheet",
        [
            "Jeder Befund ist eine Zeile: Code, Schwere, Blatt, Zelle (ein Klick springt hin), der Befund in "
            "Worten und eine Meldung, die sagt, was zu tun ist. Fehler stehen oben, dann Warnungen, dann Hinweise.",
            "Die betroffenen Zellen sind farbig markiert: rot = Fehler (bitte beheben), gelb = "
            "Warnung (bitte prüfen), blau = Hinweis (eine Anregung). Die nächste Prüfung entfernt "
            "die alten Markierungen; Ihre eigene Formatierung bleibt erhalten.",
            "Leere IDs werden beim Prüfen vergeben. Vorher legt xlquartier eine Sicherungskopie im "
            "Ordner „Sicherungen“ neben der Mappe an; die letzten fünf bleiben, keine länger als "
            "die Aufbewahrungsfrist in den Einstellungen.",
        ],
        [
            "Each finding is one row: code, severity, sheet, cell (a click jumps there), the finding in "
            "words and a message that says what to do. Errors come first, then warnings, then hints.",
            "The cells concerned are coloured: red = error (please fix), yellow = warning (please "
            "check), blue = hint (a suggestion). The next check removes the old colours; your own "
            "formatting stays as it was.",
            "Empty IDs are assigned by the check. Before writing, xlquartier saves a backup copy in "
            "the “Backups” folder beside the workbook; the last five are kept, none longer than the "
            "retention period in the settings.",
        ],
    ),
    (
        "Funktionen und Knöpfe in Excel", "Functions and buttons in Excel",
        [
            "Mit dem xlwings-Add-in (PC), xlwings Lite oder dem xlwings-Server der Stadt rechnet "
            "xlquartier direkt in Excel. Einrichtung: siehe README, Abschnitt Excel.",
            "=DUBLETTEN(tblPartner[Name]; ZEILE(tblPartner[[#Kopfzeilen];[Name]])+1) markiert Namen, "
            "die wohl dieselbe Organisation meinen, und nennt die Zeile des ersten.",
            "=PARTNER_FINDEN(\"Kita Sonnenschein\"; tblPartner[#Alle]) zeigt den ähnlichsten "
            "vorhandenen Partner, bevor Sie ihn doppelt anlegen.",
            "=PARTNERLAST(\"GS Park\"; HEUTE(); tblPartner[#Alle]; tblStrukturen[#Alle]; "
            "tblTreffen[#Alle]; tblAufgaben[#Alle]; tblPersonen[#Alle]) zeigt aktive Strukturen, Treffen "
            "im Quartal, offene und überfällige Aufgaben eines Partners.",
            "=OFFENE_AUFGABEN(\"Anna Muster\"; HEUTE(); tblAufgaben[#Alle]; tblPersonen[#Alle]; "
            "tblPartner[#Alle]) listet die offenen Aufgaben einer Person oder eines Partners.",
            "=JAHRESTHEMEN(2026; tblJahresthemen[#Alle]) zählt die gemeinsamen Jahresthemen "
            "(höchstens drei).",
            "Knöpfe: Prüfen (schreibt das Blatt „Prüfung“ und markiert Zellen), Protokoll (des "
            "ausgewählten Treffens), Vereinbarungen (alle Entwürfe), Kontaktliste, Jahresbericht, "
            "Partneransicht (des ausgewählten Partners; nur am PC).",
            "=ANGEBOTE(\"Familien\"; \"\"; \"Raum\"; HEUTE(); tblAngebote[#Alle]; tblPartner[#Alle]) listet die "
            "gültigen Angebote der Partner nach Zielgruppe, Handlungsfeld und Art (leer = alle).",
            "Knopf Einladungen: Einladung, Kalendereintrag und E-Mail-Entwurf für das ausgewählte Treffen oder die "
            "ausgewählte Veranstaltung (sonst für alles bald Geplante); „Eingeladen am“ wird eingetragen.",
            "In xlwings Lite (kostenloses Add-in aus dem Office-Store, ohne Python-Installation) legen "
            "die Knöpfe die Word-Dateien im Add-in ab: Menü › Files › Import/Export, je Art ein Ordner "
            "(Protokolle, Vereinbarungen, Kontaktlisten, Jahresberichte, Einladungen); dort einzeln oder mit "
            "„Download All“ herunterladen. Beim ersten Klick lädt Lite die Pakete für Word-Dateien "
            "(einige Sekunden).",
            "Logos für xlwings Lite einmal importieren: den Ordner „logos“ neben der Mappe in "
            "Files › Import/Export ziehen. Excel unter Windows kann stattdessen einen lokalen Ordner "
            "einbinden (Files › Local Folders); dann dessen Pfad in Lite als Umgebungsvariable "
            "XLQUARTIER_OUTPUT_DIR eintragen: Logos und Dateien liegen dann dort.",
            "Über den xlwings-Server heißen die Funktionen =XQ.DUBLETTEN(…) usw.",
        ],
        [
            "With the xlwings add-in (desktop), xlwings Lite or the city's xlwings Server, xlquartier "
            "works inside Excel. Setup: see the README, section Excel.",
            "=DUPLICATES(tblPartner[Name], ROW(tblPartner[[#Headers],[Name]])+1) flags names that "
            "probably mean the same organisation and gives the row of the first.",
            "=FIND_PARTNER(\"Sunshine day-care\", tblPartner[#All]) shows the most similar existing "
            "partner before you add it twice.",
            "=PARTNER_LOAD(\"GS Park\", TODAY(), tblPartner[#All], tblStrukturen[#All], "
            "tblTreffen[#All], tblAufgaben[#All], tblPersonen[#All]) shows a partner's active "
            "structures, meetings this quarter, open and overdue tasks.",
            "=OPEN_TASKS(\"Anna Muster\", TODAY(), tblAufgaben[#All], tblPersonen[#All], "
            "tblPartner[#All]) lists the open tasks of a person or partner.",
            "=ANNUAL_TOPICS(2026, tblJahresthemen[#All]) counts the joint annual topics (at most three).",
            "Buttons: Check (writes the “Check” sheet and marks cells), Minutes (of the selected "
            "meeting), Agreements (all drafts), Contact list, Annual report, Partner view (of the "
            "selected partner; desktop only).",
            "=FIND_OFFERS(\"Families\", \"\", \"Room\", TODAY(), tblAngebote[#All], tblPartner[#All]) lists the "
            "partners' valid offers by target group, field of action and kind (empty = all).",
            "Button Invitations: invitation, calendar entry and email draft for the selected meeting or event "
            "(else for whatever is planned soon); “Invited on” is filled in.",
            "In xlwings Lite (free add-in from the Office store, no Python to install) the buttons put "
            "the Word files into the add-in: menu › Files › Import/Export, one folder per kind (Minutes, "
            "Agreements, Contact lists, Annual reports, Invitations); download them there one by one or with "
            "“Download All”. The first click loads the packages for Word files (a few seconds).",
            "Import the logos into xlwings Lite once: drag the “logos” folder beside the workbook onto "
            "Files › Import/Export. Excel on Windows can mount a local folder instead (Files › Local "
            "Folders); then enter its path as the Lite environment variable XLQUARTIER_OUTPUT_DIR: "
            "logos and files are then there.",
            "Through the xlwings Server the functions are called =XQ.DUPLICATES(…) etc.",
        ],
    ),
    (
        "Mit Partnern teilen", "Sharing with partners",
        [
            "xlquartier share export MAPPE.xlsx --partner P004 schreibt eine Partneransicht: nur die "
            "eigene Zeile und Personen des Partners, seine Runden mit ihren Treffen, seine Aufgaben "
            "und Vereinbarungen. Andere Organisationen erscheinen nur mit Name und Art, andere "
            "Personen nur mit „Weitergabe an Partner: ja“. Interne Notizen, Rechtsgrundlagen und "
            "Prüfdaten sind nicht in der Datei.",
            "Der Partner kann nur seine Kontaktdaten und Status, Erledigt am und Erledigungsvermerk "
            "seiner Aufgaben ändern und neue Ansprechpersonen eintragen.",
            "xlquartier share import MAPPE.xlsx ANTWORT.xlsx liest die Antwort ein: Was nur der "
            "Partner geändert hat, wird übernommen; was hier geändert wurde, bleibt; wo beide "
            "dieselbe Zelle geändert haben, steht der Fall im Blatt „Konflikte“. Gelöscht wird nie.",
        ],
        [
            "xlquartier share export BOOK.xlsx --partner P004 writes a partner view: only the "
            "partner's own row and people, its groups with their meetings, its tasks and agreements. "
            "Other organisations appear by name and type only, other people only with “Share with "
            "partners: yes”. Internal notes, legal bases and review dates are not in the file.",
            "The partner can change only its contact data and the status, done date and completion "
            "note of its tasks, and add new contact persons.",
            "xlquartier share import BOOK.xlsx ANSWER.xlsx reads the answer back: what only the "
            "partner changed is applied; what was changed here stays; where both changed the same "
            "cell, the case is listed in the “Conflicts” sheet. Nothing is ever deleted.",
        ],
    ),
    (
        "Protokolle, Vereinbarungen und Kontaktliste in Word", "Minutes, agreements and contact list in Word",
        [
            "xlquartier minutes BOOK.xlsx schreibt für jedes stattgefundene Treffen ein Word-Protokoll "
            "(mit --meeting T012 nur dieses): Teilnehmende, freigegebene Logos, Ergebnisse je TOP, "
            "Aufgaben und die noch offenen Aufgaben aus früheren Treffen derselben Runde.",
            "xlquartier agreements BOOK.xlsx schreibt Kooperationsvereinbarungen und Letters of Intent "
            "für alle Vereinbarungen im Status Entwurf (mit --partner P004 für diesen Partner); "
            "xlquartier contacts BOOK.xlsx schreibt die Kontaktliste für Flyer. Mit --pdf zusätzlich als PDF.",
            "Eigene Vorlagen: die Word-Dateien aus dem Ordner templates in einen Ordner „Vorlagen“ neben "
            "der Arbeitsmappe kopieren und dort ändern. Die Platzhalter in {{ }} bleiben stehen; "
            "xlquartier templates check Vorlagen zeigt Tippfehler darin.",
            "Ein Logo erscheint nur mit Logo-Freigabe „ja“; Kontaktdaten von Personen nur mit "
            "„Weitergabe an Partner: ja“. Ein Dokument, das gerade in Word geöffnet ist, wird nicht überschrieben.",
        ],
        [
            "xlquartier minutes BOOK.xlsx writes Word minutes for every held meeting (with --meeting T012 "
            "only that one): attendance, released logos, outcomes per agenda item, tasks and the tasks "
            "still open from earlier meetings of the same group.",
            "xlquartier agreements BOOK.xlsx writes cooperation agreements and Letters of Intent for every "
            "agreement in status Draft (with --partner P004 for that partner); xlquartier contacts "
            "BOOK.xlsx writes the contact list for flyers. Add --pdf for PDF copies.",
            "Own templates: copy the Word files from the templates folder into a folder “Templates” next "
            "to the workbook and change them there. Keep the placeholders in {{ }}; "
            "xlquartier templates check Templates shows typing errors in them.",
            "A logo appears only with logo release “yes”; people's contact data only with “Share with "
            "partners: yes”. A document that is open in Word right now is not overwritten.",
        ],
    ),
    (
        "Jahresbericht, Netzwerkkarte und Kalender", "Annual report, network map and calendar",
        [
            "xlquartier report BOOK.xlsx --year 2026 schreibt den Jahresbericht in Word: jede Kennzahl mit "
            "den Zahlen dahinter und wie sie gezählt wird, Diagramme und die Netzwerkkarte. Mehrere "
            "Arbeitsmappen (z. B. aller Quartiere eines Bezirks) ergeben eine Summe und je einen Teil.",
            "xlquartier network BOOK.xlsx zeichnet die Netzwerkkarte (Runden als Kästen, Partner als Kreise, "
            "Farbe nach Handlungsfeld) und schreibt mit --kumu eine Datei für kumu.io.",
            "xlquartier calendar BOOK.xlsx schreibt die geplanten Treffen als Kalenderdatei (.ics) für "
            "Outlook und Thunderbird.",
        ],
        [
            "xlquartier report BOOK.xlsx --year 2026 writes the annual report in Word: every indicator with "
            "the numbers behind it and how it is counted, charts and the network map. Several workbooks "
            "(e.g. all neighbourhoods of a district) give a total and one part each.",
            "xlquartier network BOOK.xlsx draws the network map (groups as boxes, partners as circles, "
            "coloured by field of action) and with --kumu writes a file for kumu.io.",
            "xlquartier calendar BOOK.xlsx writes the planned meetings as a calendar file (.ics) for "
            "Outlook and Thunderbird.",
        ],
    ),
    (
        "Planen ohne Doppelstrukturen, Veranstaltungen, Angebote und Einladungen",
        "Planning without duplicate structures, events, offers and invitations",
        [
            "Eine neue Runde erst als „geplant“ eintragen: Die Prüfung vergleicht sie dann mit den aktiven Runden"
            " (Mitglieder, Handlungsfeld, Themen, Name, Turnus) und nennt die Runde, an die sie andocken kann, "
            "mit den gemeinsamen Mitgliedern und Terminen. Ab welchem Anteil gemeinsamer Mitglieder, steht in "
            "„Einstellungen“.",
            "Blatt „Veranstaltungen“: Titel, Datum, Ort, Federführung und die Mitveranstaltenden mit ihrer Rolle,"
            " z. B. „SV Blau-Weiß: Sportprogramm; NEWOGE: Strom“. Größere Veranstaltungen gehören auf mehrere "
            "Schultern; nach der Veranstaltung die erreichten Teilnehmenden (davon Bewohner*innen) eintragen. "
            "Aufgaben können in der Spalte „Veranstaltung“ zu einer Veranstaltung gehören.",
            "Blatt „Angebote“: was die Partner anbieten – Räume (mit Plätzen, stufenlos, barrierefreiem WC), "
            "Kurse, Beratung, Fachwissen, Ausstattung, Zugang zu einer Community. Als Ort eines Treffens oder "
            "einer Veranstaltung genügt die AngebotID oder der Titel eines Raums. Die Ansprechperson verlässt das"
            " Büro nur mit „Weitergabe an Partner: ja“; jeder Partner pflegt seine Angebote in seiner "
            "Partneransicht.",
            "xlquartier invitations MAPPE.xlsx schreibt für das geplante Treffen (--meeting T012), die "
            "Veranstaltung (--event E001) oder alles der nächsten Tage (--next 14) eine Einladung in Word, einen "
            "Kalendereintrag und einen E-Mail-Entwurf mit allen Empfängern in Bcc, und trägt „Eingeladen am“ ein."
            " Die Vorlage „Einladung.docx“ lässt sich wie die anderen anpassen.",
            "Ältere Arbeitsmappen (Schemaversion 1): xlquartier upgrade MAPPE.xlsx ergänzt die neuen Blätter, "
            "Spalten, Auswahllisten und Einstellungen und ändert sonst nichts; vorher wird eine Sicherung "
            "angelegt.",
        ],
        [
            "Enter a new group as “planned” first: the check then compares it with the active groups (members, "
            "field, topics, name, cadence) and names the group it can dock onto, with the shared members and "
            "dates. The share of shared members that counts is in “Settings”.",
            "Sheet “Events”: title, date, place, lead and the co-organisers with their role, e.g. “SV Blau-Weiß: "
            "sports; NEWOGE: power”. Larger events belong on several shoulders; after the event, enter the "
            "attendance (and residents among it). Tasks can belong to an event (column “Event”).",
            "Sheet “Offers”: what partners offer – rooms (with capacity, step-free access, accessible toilet), "
            "courses, consultation, expertise, equipment, access to a community. As the place of a meeting or "
            "event, a room's OfferID or title is enough. The contact person leaves the office only with “Share "
            "with partners: yes”; each partner maintains its offers in its partner view.",
            "xlquartier invitations BOOK.xlsx writes for the planned meeting (--meeting T012), the event (--event"
            " E001) or everything of the next days (--next 14) a Word invitation, a calendar entry and an email "
            "draft with every recipient in Bcc, and fills in “Invited on”. The template “Invitation.docx” can be "
            "edited like the others.",
            "Older workbooks (schema version 1): xlquartier upgrade BOOK.xlsx adds the new sheets, columns, lists"
            " and settings and changes nothing else; a backup is made first.",
        ],
    ),
    (
        "Kontakte, Nutzen und Bürgerinteresse", "Contacts, benefit and residents",
        [
            "Kontaktverlauf: eine Zeile pro Kontakt mit einem Partner, auch einem möglichen – wann, mit wem, "
            "wer aus dem Büro, auf welchem Weg, worum es ging, der vereinbarte nächste Schritt und die "
            "Wiedervorlage. Die Wiedervorlage gilt als erledigt, sobald ein späterer Kontakt mit dem Partner "
            "eingetragen ist. Das Blatt verlässt nie das Büro: In Partneransichten fehlt es ganz.",
            "Partnerstatus: potenziell → angesprochen → im Gespräch → aktiv, oder abgelehnt. Bei „abgelehnt“ "
            "den Grund und das Datum eintragen, an dem es sich lohnt, wieder anzufragen (beide intern).",
            "Die Prüfung meldet fällige Wiedervorlagen, mögliche Partner ohne Kontakt seit Monaten, aktive "
            "Partner ohne persönliches Gespräch außerhalb der Treffen und zwei Kolleg*innen, die dieselbe "
            "Organisation kurz nacheinander ansprechen. Die Fristen stehen in den Einstellungen.",
            "=LETZTER_KONTAKT(Partner; HEUTE(); tblKontaktverlauf[#Alle]; tblPartner[#Alle]) zeigt Datum, "
            "Weg, wer im Büro, nächsten Schritt und offene Wiedervorlage eines Partners.",
            "Nutzenberichte: xlquartier benefit BOOK.xlsx (oder der Knopf „Nutzenberichte“) schreibt jedem "
            "aktiven Partner auf ein bis zwei Seiten, was das Netzwerk im Jahr für ihn bewirkt hat. Nach dem "
            "Versenden das Datum unter „Nutzenbericht versendet am“ eintragen; die Prüfung erinnert nach "
            "einem Jahr.",
            "Anliegen: was Bewohner*innen einbringen (Treffen, Veranstaltung, Sprechstunde, Umfrage), wer es "
            "aufgreift, der Stand und die Antwort an die Bewohner*innen. Namen von Bewohner*innen sind nicht "
            "nötig; wenn doch, nur in „Kontakt Bewohner*in (intern)“. Mit einem Treffen verknüpft, stehen "
            "Anliegen im Protokoll; der Jahresbericht zählt sie nach Handlungsfeld.",
            "Flyer und Presse: xlquartier flyer BOOK.xlsx schreibt den gemeinsamen Flyer (Text aus der "
            "Einstellung „Flyer: Text über das Netzwerk“, jeder aktive Partner einmal, Logos nur mit "
            "Freigabe, Ansprechpersonen nur mit Zustimmung). xlquartier press contacts schreibt die interne "
            "Pressekontaktliste (Partner mit „Pressearbeit: ja“ und Partner der Art „Medien“), "
            "xlquartier press release --event ID den Entwurf einer Pressemitteilung.",
        ],
        [
            "Contact log: one row per contact with a partner, a potential one too – when, with whom, who in "
            "the office, which channel, what was discussed, the next step agreed and the follow-up date. A "
            "follow-up counts as done as soon as a later contact with the partner is entered. The sheet never "
            "leaves the office: partner views do not have it at all.",
            "Partner status: potential → approached → in talks → active, or declined. With “declined”, enter "
            "the reason and the date when it is worth asking again (both internal).",
            "The check reports follow-ups that are due, potential partners without contact for months, active "
            "partners without a personal conversation outside meetings, and two colleagues approaching the "
            "same organisation shortly after each other. The time limits are in the settings.",
            "=LAST_CONTACT(partner, TODAY(), tblKontaktverlauf[#All], tblPartner[#All]) shows the date, "
            "channel, office staff, next step and open follow-up of a partner.",
            "Benefit statements: xlquartier benefit BOOK.xlsx (or the “Benefit statements” button) writes to "
            "every active partner, on one or two pages, what the network did for it in the year. After "
            "sending, enter the date under “Benefit statement sent on”; the check reminds you after a year.",
            "Concerns: what residents bring in (meeting, event, consultation hours, survey), who takes it up, "
            "its status and the reply to the residents. Residents' names are not needed; if any, only in "
            "“Resident's contact (internal)”. Linked to a meeting, concerns appear in its minutes; the "
            "annual report counts them by field of action.",
            "Flyer and press: xlquartier flyer BOOK.xlsx writes the joint flyer (text from the setting "
            "“Flyer: text about the network”, every active partner once, logos only when released, contact "
            "persons only with consent). xlquartier press contacts writes the internal press-contact list "
            "(partners with “Press work: yes” and partners of type “Media”), xlquartier press release "
            "--event ID a press-release draft.",
        ],
    ),
]



def lines(lang: str) -> list[tuple[str, bool]]:
    """(text, is_title) pairs for the guide sheet."""
    out: list[tuple[str, bool]] = []
    for title_de, title_en, body_de, body_en in SECTIONS:
        out.append((title_de if lang == "de" else title_en, True))
        out += [(line, False) for line in (body_de if lang == "de" else body_en)]
        out.append(("", False))
    return out
