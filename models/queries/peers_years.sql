-- Peers: the years with imported REGK31 key figures, newest first (one row per year).
SELECT year, count(*) AS rows, any_value(source_file) AS source_file
FROM key_figures
GROUP BY year
ORDER BY year DESC
