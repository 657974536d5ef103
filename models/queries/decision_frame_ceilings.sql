-- decision_frame_ceilings: the frame ceilings a controller entered for one municipality
-- (gevinst frame-ceiling set), one row per year and budget frame.
-- Columns: budget_frame, year, ceiling_dkk (kr., expenses positive), source, entered_by,
-- entered_at.
SELECT budget_frame, year, ceiling_dkk, source, entered_by, entered_at
FROM frame_ceilings
WHERE municipality_code = $municipality
ORDER BY budget_frame, year
