-- key_figures: one row per year, area (municipality or the country) and function, from the
-- latest import of each year. Columns: year, municipality_code, area_name, area_kind,
-- function, function_name, price_unit, amount_per_inhabitant_dkk, import_id, source_file,
-- source_row.
CREATE OR REPLACE VIEW key_figures AS
WITH latest AS (
    SELECT year, max(import_id) AS import_id FROM raw_key_figures GROUP BY year
)
SELECT
    k.year, k.municipality_code, k.area_name, k.area_kind, k.function, k.function_name,
    k.price_unit, k.amount_per_inhabitant_dkk, k.import_id, r.file_name AS source_file,
    k.source_row
FROM raw_key_figures AS k
JOIN latest USING (year, import_id)
JOIN import_registry AS r USING (import_id);

COMMENT ON VIEW key_figures IS 'Danmarks Statistik REGK31 key figures: net spend in kr. per inhabitant, current prices, by year, area and function; one row per year, area and function (the latest import of each year).';
COMMENT ON COLUMN key_figures.year IS 'Accounts year (from the extract''s file name or --year).';
COMMENT ON COLUMN key_figures.municipality_code IS 'DST municipality code (3 digits); null for the country row (Hele landet).';
COMMENT ON COLUMN key_figures.area_name IS 'Area as DST names it: a municipality (København, Høje-Taastrup …) or Hele landet.';
COMMENT ON COLUMN key_figures.area_kind IS 'municipality, or country for Hele landet (DST''s population-weighted national figure).';
COMMENT ON COLUMN key_figures.function IS 'Function of the authorised chart of accounts, hovedkonto.hovedfunktion.funktion (5.28.21).';
COMMENT ON COLUMN key_figures.function_name IS 'The function''s name as DST labels it (Danish).';
COMMENT ON COLUMN key_figures.price_unit IS 'DST''s price unit (prisenhed), normally Pr. indbygger, løbende priser (kr.).';
COMMENT ON COLUMN key_figures.amount_per_inhabitant_dkk IS 'Net spend (I alt, netto) in whole kr. per inhabitant, current prices; negative where income exceeds spend.';
COMMENT ON COLUMN key_figures.import_id IS 'The import that wrote the row (see import_log).';
COMMENT ON COLUMN key_figures.source_file IS 'The extract the row was read from.';
COMMENT ON COLUMN key_figures.source_row IS 'The line in that file (1 = the first line).';
