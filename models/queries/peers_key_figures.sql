-- Peers: one row per area (98 municipalities + Hele landet) and function of one year's REGK31
-- key figures, with the municipality's DST group (null for the country, and where the
-- database has no reference data: the page then takes the groups from the bundled reference).
SELECT
    k.year, k.municipality_code, k.area_name, k.area_kind, k.function, k.function_name,
    k.price_unit, k.amount_per_inhabitant_dkk, k.import_id, k.source_file,
    m.dst_group, m.dst_group_name
FROM key_figures AS k
LEFT JOIN municipalities AS m USING (municipality_code)
WHERE k.year = $year
ORDER BY k.function, k.municipality_code NULLS FIRST
