"""The texts of the file checks (`ingest.safety.*`), in Danish and English."""

from __future__ import annotations

from gevinst.messages import register

register(
    {
        "ingest.safety.empty": {
            "da": "filen er tom (0 bytes); upload filen igen",
            "en": "the file is empty (0 bytes); upload it again",
        },
        "ingest.safety.too_large": {
            "da": "filen er for stor ({size} bytes; højst {limit}); del den op eller fjern "
            "overflødige ark",
            "en": "the file is too large ({size} bytes; at most {limit}); split it or remove "
            "sheets that are not needed",
        },
        "ingest.safety.unreadable": {
            "da": "filen kan ikke læses ({detail})",
            "en": "the file cannot be read ({detail})",
        },
        "ingest.safety.encrypted": {
            "da": "filen er beskyttet med adgangskode (krypteret); fjern adgangskoden i Excel "
            "og upload igen",
            "en": "the workbook is password-protected (encrypted); remove the password in "
            "Excel and upload it again",
        },
        "ingest.safety.xls": {
            "da": "filen er en gammel Excel 97-2003-fil (.xls); åbn den i Excel og gem den som "
            "Excel-projektmappe (.xlsx)",
            "en": "this is an old Excel 97-2003 file (.xls); open it in Excel and save it as an "
            "Excel Workbook (.xlsx)",
        },
        "ingest.safety.ods": {
            "da": "filen er et OpenDocument-regneark (.ods), ikke en Excel-projektmappe; gem "
            "den som .xlsx",
            "en": "this is an OpenDocument spreadsheet (.ods), not an Excel workbook; save it "
            "as .xlsx",
        },
        "ingest.safety.opendocument": {
            "da": "filen er et OpenDocument-dokument ({mimetype}), ikke et regneark",
            "en": "this is an OpenDocument file ({mimetype}), not a spreadsheet",
        },
        "ingest.safety.docx": {
            "da": "filen er ikke en Excel-projektmappe (den ligner et Word-dokument)",
            "en": "not an Excel workbook (it looks like a Word document)",
        },
        "ingest.safety.pptx": {
            "da": "filen er ikke en Excel-projektmappe (den ligner en PowerPoint-præsentation)",
            "en": "not an Excel workbook (it looks like a PowerPoint presentation)",
        },
        "ingest.safety.unknown": {
            "da": "filen er hverken en Excel-projektmappe (.xlsx), en CSV- eller en "
            "Parquet-fil; gem den som .xlsx eller .csv",
            "en": "the file is neither an Excel workbook (.xlsx) nor a CSV or Parquet file; "
            "save it as .xlsx or .csv",
        },
        "ingest.safety.truncated": {
            "da": "filen er afkortet eller beskadiget ({detail}); hent eller gem den igen",
            "en": "the file is truncated or corrupt ({detail}); download or save it again",
        },
        "ingest.safety.parquet_truncated": {
            "da": "Parquet-filen er afkortet (mangler slutmærket); hent eller gem den igen",
            "en": "the Parquet file is truncated (its end marker is missing); download or "
            "save it again",
        },
        "ingest.safety.crc": {
            "da": "filen er beskadiget (kontrolsumfejl i {part}); gem den igen i Excel",
            "en": "corrupt file (checksum error in {part}); save it again in Excel",
        },
        "ingest.safety.duplicate_entry": {
            "da": "tvetydig pakke: delen {part} findes flere gange; filen kan ikke læses "
            "entydigt — gem den igen i Excel",
            "en": "ambiguous package: the part {part} occurs more than once; save the file "
            "again in Excel",
        },
        "ingest.safety.unsafe_path": {
            "da": "filen indeholder et ulovligt stinavn ({part}); den afvises af sikkerhedshensyn",
            "en": "the file contains an illegal path ({part}); it is rejected for safety",
        },
        "ingest.safety.nonstandard_package": {
            "da": "ikke-standard pakke: delnavnet {part} bruger '\\'; åbn filen i Excel og gem "
            "den igen",
            "en": "non-standard package: the part name {part} uses '\\'; open the file in "
            "Excel and save it again",
        },
        "ingest.safety.too_many_entries": {
            "da": "filen indeholder for mange dele ({count}; højst {limit})",
            "en": "the file holds too many parts ({count}; at most {limit})",
        },
        "ingest.safety.too_big_uncompressed": {
            "da": "filen fylder {size} bytes udpakket (højst {limit}); den afvises som en "
            "mulig zip-bombe",
            "en": "the file unpacks to {size} bytes (at most {limit}); it is rejected as a "
            "possible zip bomb",
        },
        "ingest.safety.ratio": {
            "da": "delen {part} pakker ud til {ratio:.0f} gange sin størrelse (højst "
            "{limit:.0f}); den afvises som en mulig zip-bombe",
            "en": "the part {part} unpacks to {ratio:.0f} times its size (at most "
            "{limit:.0f}); it is rejected as a possible zip bomb",
        },
        "ingest.safety.zip_encrypted": {
            "da": "delen {part} er krypteret; fjern adgangskoden og upload igen",
            "en": "the part {part} is encrypted; remove the password and upload again",
        },
        "ingest.safety.macro": {
            "da": "projektmappen indeholder makroer ({part}); makroaktiverede filer (.xlsm, "
            "Excel 4.0-makroer) modtages ikke — gem som Excel-projektmappe (.xlsx) uden makroer",
            "en": "the workbook contains macros ({part}); macro-enabled workbooks (.xlsm, "
            "Excel 4.0 macros) are not accepted — save it as an Excel Workbook (.xlsx) "
            "without macros",
        },
        "ingest.safety.external_link": {
            "da": "værdierne afhænger af en ekstern projektmappe ({target}); de gemte værdier "
            "bruges, linket følges ikke",
            "en": "values depend on the external workbook {target}; the cached values are "
            "used, the link is not followed",
        },
        "ingest.safety.xml_forbidden": {
            "da": "delen {part} indeholder forbudt XML (DTD eller entiteter); filen afvises af "
            "sikkerhedshensyn",
            "en": "the part {part} contains forbidden XML DTD/entities; the file is rejected "
            "for safety",
        },
        "ingest.safety.xml_corrupt": {
            "da": "delen {part} er beskadiget og kan ikke læses ({detail}); gem filen igen i Excel",
            "en": "the part {part} is corrupt and cannot be read ({detail}); save the file "
            "again in Excel",
        },
        "ingest.safety.utf16": {
            "da": "delen {part} er gemt med en tegnkodning (UTF-16), som ikke understøttes; "
            "åbn filen i Excel og gem den igen",
            "en": "the part {part} uses an unsupported encoding (UTF-16); open the file in "
            "Excel and save it again",
        },
        "ingest.safety.ref_outside": {
            "da": "cellereferencen {ref} ligger uden for Excels gitter (højst XFD1048576)",
            "en": "the cell reference {ref} is outside Excel's grid (at most XFD1048576)",
        },
        "ingest.safety.ref_invalid": {
            "da": "ugyldig cellereference {ref}",
            "en": "invalid cell reference {ref}",
        },
        "ingest.safety.text_too_long": {
            "da": "en celletekst er længere end Excels grænse på 32.767 tegn ({chars} tegn)",
            "en": "cell text longer than Excel's 32,767-character limit ({chars} characters)",
        },
        "ingest.safety.no_workbook": {
            "da": "ikke en Excel-projektmappe (pakken har ingen projektmappedel)",
            "en": "not an Excel workbook (the archive has no workbook part)",
        },
        "ingest.safety.unsupported_dialect": {
            "da": "projektmappen bruger et format, der ikke understøttes (navnerum {ns}, fx en "
            "prøveudgave af Excel 2007); åbn den i Excel og gem som Excel-projektmappe",
            "en": "unsupported (pre-release Excel 2007 or unknown) format (namespace {ns}); "
            "open it in Excel and save it as an Excel Workbook",
        },
        "ingest.safety.no_sheets": {
            "da": "projektmappen har ingen regneark",
            "en": "the workbook has no worksheets",
        },
        "ingest.safety.sheet_missing": {
            "da": "arket {sheet} mangler i pakken ({part}); gem filen igen i Excel",
            "en": "the sheet {sheet} is missing from the package ({part}); save the file "
            "again in Excel",
        },
        "ingest.safety.duplicate_sheet": {
            "da": "arknavnet {sheet} findes flere gange",
            "en": "the sheet name {sheet} occurs more than once",
        },
        "ingest.safety.no_data": {
            "da": "projektmappen indeholder ingen data",
            "en": "the workbook contains no data",
        },
        "ingest.safety.hidden_sheet": {
            "da": "arket {sheet} er skjult",
            "en": "the sheet {sheet} is hidden",
        },
        "ingest.safety.more_problems": {
            "da": "… og {count} flere af samme slags",
            "en": "… and {count} more of the same kind",
        },
        "ingest.safety.formula_error": {
            "da": "cellen indeholder fejlværdien {value}; ret formlen i Excel og upload igen",
            "en": "the cell contains the error value {value}; fix the formula in Excel and "
            "upload again",
        },
        "ingest.safety.uncached_formula": {
            "da": "formlen har ingen beregnet værdi (projektmappen er ikke genberegnet); åbn "
            "og gem den i Excel",
            "en": "the formula has no calculated value (the workbook was not recalculated); "
            "open and save it in Excel",
        },
    }
)
